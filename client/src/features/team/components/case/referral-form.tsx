import { useId, useRef, useState, type SubmitEvent } from 'react';

import {
  Button,
  Choice,
  ChoiceGroup,
  ChoiceList,
  ErrorAlert,
  FormStatus,
  Notice,
  Select,
  TextArea,
  TextField,
} from '../../../../components/ui';
import { formatFileSize } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import type { AttachmentView, ReportView } from '../../../../lib/keyring/keyring';
import type { VerifiedTeam } from '../../api/roster';
import { getTeams, type TeamChoice } from '../../api/teams';
import type { LoadedCase } from '../../hooks/use-case';
import { useTeamLoad } from '../../hooks/use-team-load';
import { loadVerifiedTeam } from '../../api/roster';
import { sendReferral, type CopiedFiles, type ReferralStep } from '../../lib/send-referral';
import {
  communityWords,
  DEFAULT_CONTACT_REPORTER,
  referralFormProblems,
  referralNeedsConsent,
  referralSentWords,
  referralTargets,
  teamChoiceLabel,
  type ReferralForm as Form,
  type ReferralFormField,
} from '../../model/referral';
import { useUnlockedSession } from '../../session/use-team-session';
import { ReferralExclusions } from './referral-exclusions';

const EMPTY_FORM: Form = {
  summary: '',
  contactReferrer: '',
  contactReporter: DEFAULT_CONTACT_REPORTER,
  preliminaryWork: '',
  links: '',
  diffs: '',
};

function stepWords(step: ReferralStep): string {
  switch (step.step) {
    case 'checking-team':
      return 'Checking the other team’s members…';
    case 'copying':
      return `Copying file ${step.index + 1} of ${step.count} (${step.name}) under a new key…`;
    case 'sealing':
      return 'Encrypting and signing the referral in this browser…';
    case 'sending':
      return 'Sending the referral…';
  }
}

/**
 * The referral itself: the team, what it needs to know, the files to pass on and, within one
 * community, whom of that team to leave out. The other team's roster is verified in this browser
 * (pins and what this browser remembers included) before it is shown or sealed to.
 */
export function ReferralForm({ loaded, onSent }: { loaded: LoadedCase; onSent: (words: string) => void }) {
  const { detail, opened, team } = loaded;
  const { keyring, member } = useUnlockedSession();
  const report = opened.report;
  const teams = useTeamLoad((signal) => getTeams({ signal }), []);
  const [toId, setToId] = useState('');
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [files, setFiles] = useState<readonly string[]>([]);
  const [excluded, setExcluded] = useState<readonly string[]>([]);
  const [step, setStep] = useState<ReferralStep | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Partial<Record<ReferralFormField, string>>>({});
  /** The receiving roster as checked again when sending, once it moved on: shown in its place. */
  const [fresh, setFresh] = useState<VerifiedTeam | null>(null);
  const copied = useRef<CopiedFiles>(new Map());
  const id = useId();

  const all = teams.state.status === 'ready' ? teams.state.value : [];
  const choices = referralTargets(all, team.id);
  const to = choices.find((t) => t.id === toId) ?? null;
  const ownCommunity = all.find((t) => t.id === team.id)?.community ?? null;
  const roster = useTeamLoad(async () => (to === null ? null : loadVerifiedTeam(to.slug)), [to?.slug]);
  const checked = fresh ?? (roster.state.status === 'ready' ? roster.state.value : null);
  // The verified roster must be the team chosen, not whatever the server serves at its address.
  const receiving = checked !== null && checked.id === toId ? checked : null;
  const needsConsent = to === null ? true : referralNeedsConsent(ownCommunity, to.community);
  const busy = step !== null;

  if (report === null) return null;

  const edit = (field: ReferralFormField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setProblems((p) => ({ ...p, [field]: undefined }));
  };

  async function send() {
    if (busy || to === null || receiving === null || report === null) return;
    const found = referralFormProblems(form);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setError('Some fields need your attention: see the messages under them.');
      return;
    }
    const exclusions = needsConsent ? [] : excluded.filter((m) => receiving.roster.active.has(m));
    if (exclusions.length >= receiving.roster.active.size) {
      setError(`Leave at least one member of ${receiving.name} able to read the referral.`);
      return;
    }
    setError(null);
    const chosen = report.attachments.filter((f) => files.includes(f.id));
    const outcome = await sendReferral({
      keyring,
      report,
      origin: {
        team: { id: team.id, slug: team.slug, name: team.name },
        caseId: detail.id,
        caseNumber: detail.number,
        member: { id: member.id, name: team.roster.active.get(member.id)?.name ?? member.name },
      },
      to: receiving,
      form,
      files: chosen,
      excluded: exclusions,
      copied: copied.current,
      onStep: setStep,
    }).finally(() => setStep(null));
    if (outcome.kind === 'sent') {
      onSent(referralSentWords(outcome.state, to));
      return;
    }
    if (outcome.kind === 'team-changed') {
      setFresh(outcome.team);
      setExcluded((list) => list.filter((m) => outcome.team.roster.active.has(m)));
    }
    setError(outcome.message);
  }

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    void send();
  }

  return (
    <form className="referral-form" onSubmit={handleSubmit} noValidate aria-busy={busy}>
      {teams.state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(teams.state.error, 'The teams could not be loaded.')}
        >
          <Button variant="secondary" size="small" onClick={teams.reload}>
            Try again
          </Button>
        </Notice>
      )}
      <Select
        id={`${id}-team`}
        label="Team to refer to"
        hint="The teams of this deployment, with the community each serves."
        value={toId}
        disabled={busy || teams.state.status !== 'ready'}
        onChange={(e) => {
          setToId(e.target.value);
          setExcluded([]);
          setFresh(null);
          setError(null);
        }}
      >
        <option value="">{teams.state.status === 'loading' ? 'Loading the teams…' : 'Choose a team'}</option>
        {choices.map((t) => (
          <option key={t.id} value={t.id}>
            {teamChoiceLabel(t)}
          </option>
        ))}
      </Select>
      {teams.state.status === 'ready' && choices.length === 0 && (
        <p className="muted">There is no other team on this deployment to refer it to.</p>
      )}
      {to !== null && (
        <ConsentExplanation
          from={{ name: team.name, community: ownCommunity }}
          to={to}
          needsConsent={needsConsent}
        />
      )}
      {to !== null && roster.state.status === 'loading' && fresh === null && (
        <p className="muted" role="status">
          Checking {to.name}’s members in this browser…
        </p>
      )}
      {to !== null && roster.state.status === 'error' && fresh === null && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(roster.state.error, `${to.name}’s members could not be checked.`)}
        >
          <p>Nothing can be sent to {to.name} from here until its member list checks out.</p>
          <Button variant="secondary" size="small" onClick={roster.reload}>
            Check again
          </Button>
        </Notice>
      )}
      {to !== null && checked !== null && receiving === null && (
        <Notice
          tone="error"
          role="alert"
          title={`The team at ${to.slug} is not the one listed as ${to.name}.`}
        >
          <p>
            Nothing can be sent to it from here. Tell your team’s admins: the server may have been tampered
            with.
          </p>
        </Notice>
      )}

      <TextArea
        id={`${id}-summary`}
        label="What the other team needs to know"
        hint="Your summary of the case: it is what the other team reads first, in place of the reporter’s own account, which is not passed on. The accounts involved, the kinds of harassment, the danger and the reporter’s links are copied from the report."
        rows={6}
        value={form.summary}
        error={problems.summary}
        disabled={busy}
        onChange={(e) => edit('summary', e.target.value)}
      />
      <TextField
        id={`${id}-contact-referrer`}
        label="How they can reach you"
        hint="Your user name, an address of your team, or another way the other team can ask you about the case."
        width="wide"
        value={form.contactReferrer}
        error={problems.contactReferrer}
        disabled={busy}
        onChange={(e) => edit('contactReferrer', e.target.value)}
      />
      <TextField
        id={`${id}-contact-reporter`}
        label="How they can reach the reporter"
        width="wide"
        value={form.contactReporter}
        error={problems.contactReporter}
        disabled={busy}
        onChange={(e) => edit('contactReporter', e.target.value)}
      />
      <TextArea
        id={`${id}-work`}
        label="Work done so far"
        optional
        hint="What your team found, decided or asked already."
        rows={4}
        value={form.preliminaryWork}
        disabled={busy}
        onChange={(e) => edit('preliminaryWork', e.target.value)}
      />
      <TextArea
        id={`${id}-links`}
        label="Links"
        optional
        hint="One a line: the address, then what it shows."
        rows={3}
        value={form.links}
        error={problems.links}
        disabled={busy}
        onChange={(e) => edit('links', e.target.value)}
      />
      <TextArea
        id={`${id}-diffs`}
        label="Diffs"
        optional
        hint="One a line: the address of the diff, then what it shows."
        rows={3}
        value={form.diffs}
        error={problems.diffs}
        disabled={busy}
        onChange={(e) => edit('diffs', e.target.value)}
      />
      <FileChoice
        report={report}
        chosen={files}
        disabled={busy}
        onChange={setFiles}
        idPrefix={`${id}-files`}
      />
      {receiving !== null && !needsConsent && (
        <ReferralExclusions
          roster={receiving.roster}
          teamName={receiving.name}
          excluded={excluded}
          disabled={busy}
          onChange={setExcluded}
        />
      )}

      <Button type="submit" disabled={busy || to === null || receiving === null}>
        {busy ? 'Sending the referral…' : 'Send the referral'}
      </Button>
      <FormStatus>{step !== null && <p>{stepWords(step)}</p>}</FormStatus>
      <ErrorAlert message={error} />
    </form>
  );
}

/** Whether the reporter is asked, and why, before the member writes anything. */
function ConsentExplanation({
  from,
  to,
  needsConsent,
}: {
  from: { name: string; community: string | null };
  to: TeamChoice;
  needsConsent: boolean;
}) {
  if (!needsConsent) {
    return (
      <Notice tone="info" title="The reporter is told, not asked.">
        <p>
          Both teams serve {to.community}: the referral goes to {to.name} as soon as you send it, and the
          reporter is told through their receipt. You may leave out members of {to.name} below.
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone="caution" title="The reporter will be asked first.">
      <p>
        {from.name} {communityWords(from.community)} and {to.name} {communityWords(to.community)}: the
        reporter is asked through their receipt whether to pass this on. They read the referral first and
        choose whom of {to.name} to leave out; {to.name} reads nothing until they agree. If they refuse, the
        referral and the files copied for it are deleted.
      </p>
    </Notice>
  );
}

/** The report's files to pass on: each copied under a new key when the referral is sent. */
function FileChoice({
  report,
  chosen,
  disabled,
  onChange,
  idPrefix,
}: {
  report: ReportView;
  chosen: readonly string[];
  disabled: boolean;
  onChange: (ids: readonly string[]) => void;
  idPrefix: string;
}) {
  if (report.attachments.length === 0) return null;
  const toggle = (file: AttachmentView, on: boolean) =>
    onChange(on ? [...chosen, file.id] : chosen.filter((other) => other !== file.id));
  return (
    <ChoiceGroup
      legend="Files to pass on"
      idPrefix={idPrefix}
      hint="The reporter’s files you tick are decrypted here, encrypted again under a new key and uploaded for the other team. The others stay with your team."
    >
      <ChoiceList as="ul">
        {report.attachments.map((file) => (
          <Choice
            key={file.id}
            as="li"
            type="checkbox"
            compact
            id={`${idPrefix}-${file.id}`}
            label={<span translate="no">{file.name}</span>}
            detail={formatFileSize(file.size)}
            checked={chosen.includes(file.id)}
            disabled={disabled}
            onChange={(on) => toggle(file, on)}
          />
        ))}
      </ChoiceList>
    </ChoiceGroup>
  );
}
