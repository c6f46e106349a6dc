import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
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
import { formatCount, formatFileSize } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import type { AttachmentView, ReportView } from '../../../../lib/keyring/keyring';
import type { VerifiedTeam } from '../../api/roster';
import { getTeams, type TeamChoice } from '../../api/teams';
import type { LoadedCase } from '../../hooks/use-case';
import { useTeamLoad } from '../../hooks/use-team-load';
import { loadVerifiedTeam } from '../../api/roster';
import { sendReferral, type CopiedFiles, type ReferralStep } from '../../lib/send-referral';
import {
  consentReasonWords,
  defaultContactReporter,
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

/** A new form, its default in the page's language. */
function emptyForm(): Form {
  return {
    summary: '',
    contactReferrer: '',
    contactReporter: defaultContactReporter(),
    preliminaryWork: '',
    links: '',
    diffs: '',
  };
}

/** Where sending has got to, in the page's language. */
function stepWords(step: ReferralStep): string {
  switch (step.step) {
    case 'checking-team':
      return i18n._(msg`Checking the other team’s members…`);
    case 'copying': {
      const position = formatCount(step.index + 1);
      const count = formatCount(step.count);
      const fileName = step.name;
      return i18n._(msg`Copying file ${position} of ${count} (${fileName}) under a new key…`);
    }
    case 'sealing':
      return i18n._(msg`Encrypting and signing the referral in this browser…`);
    case 'sending':
      return i18n._(msg`Sending the referral…`);
  }
}

/**
 * The referral itself: the team, what it needs to know, the files to pass on and, within one
 * community, whom of that team to leave out. The other team's roster is verified in this browser
 * (pins and what this browser remembers included) before it is shown or sealed to.
 */
export function ReferralForm({ loaded, onSent }: { loaded: LoadedCase; onSent: (words: string) => void }) {
  const { t } = useLingui();
  const { detail, opened, team } = loaded;
  const { keyring, member } = useUnlockedSession();
  const report = opened.report;
  const teams = useTeamLoad((signal) => getTeams({ signal }), []);
  const [toId, setToId] = useState('');
  const [form, setForm] = useState<Form>(emptyForm);
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
  const toName = to?.name ?? '';
  const toAddress = to?.slug ?? '';

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
      setError(t`Some fields need your attention: see the messages under them.`);
      return;
    }
    const exclusions = needsConsent ? [] : excluded.filter((m) => receiving.roster.active.has(m));
    if (exclusions.length >= receiving.roster.active.size) {
      const teamName = receiving.name;
      setError(t`Leave at least one member of ${teamName} able to read the referral.`);
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
          title={errorText(teams.state.error, t`The teams could not be loaded.`)}
        >
          <Button variant="secondary" size="small" onClick={teams.reload}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      )}
      <Select
        id={`${id}-team`}
        label={t`Team to refer to`}
        hint={t`The teams of this deployment, with the community each serves.`}
        value={toId}
        disabled={busy || teams.state.status !== 'ready'}
        onChange={(e) => {
          setToId(e.target.value);
          setExcluded([]);
          setFresh(null);
          setError(null);
        }}
      >
        <option value="">
          {teams.state.status === 'loading' ? t`Loading the teams…` : t`Choose a team`}
        </option>
        {choices.map((t) => (
          <option key={t.id} value={t.id}>
            {teamChoiceLabel(t)}
          </option>
        ))}
      </Select>
      {teams.state.status === 'ready' && choices.length === 0 && (
        <p className="muted">
          <Trans>There is no other team on this deployment to refer it to.</Trans>
        </p>
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
          <Trans>Checking {toName}’s members in this browser…</Trans>
        </p>
      )}
      {to !== null && roster.state.status === 'error' && fresh === null && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(roster.state.error, t`${toName}’s members could not be checked.`)}
        >
          <p>
            <Trans>Nothing can be sent to {toName} from here until its member list checks out.</Trans>
          </p>
          <Button variant="secondary" size="small" onClick={roster.reload}>
            <Trans>Check again</Trans>
          </Button>
        </Notice>
      )}
      {to !== null && checked !== null && receiving === null && (
        <Notice
          tone="error"
          role="alert"
          title={t`The team at ${toAddress} is not the one listed as ${toName}.`}
        >
          <p>
            <Trans>
              Nothing can be sent to it from here. Tell your team’s admins: the server may have been tampered
              with.
            </Trans>
          </p>
        </Notice>
      )}

      <TextArea
        id={`${id}-summary`}
        label={t`What the other team needs to know`}
        hint={t`Your summary of the case: it is what the other team reads first, in place of the reporter’s own account, which is not passed on. The accounts involved, the kinds of harassment, the danger and the reporter’s links are copied from the report.`}
        rows={6}
        value={form.summary}
        error={problems.summary}
        disabled={busy}
        onChange={(e) => edit('summary', e.target.value)}
      />
      <TextField
        id={`${id}-contact-referrer`}
        label={t`How they can reach you`}
        hint={t`Your user name, an address of your team, or another way the other team can ask you about the case.`}
        width="wide"
        value={form.contactReferrer}
        error={problems.contactReferrer}
        disabled={busy}
        onChange={(e) => edit('contactReferrer', e.target.value)}
      />
      <TextField
        id={`${id}-contact-reporter`}
        label={t`How they can reach the reporter`}
        width="wide"
        value={form.contactReporter}
        error={problems.contactReporter}
        disabled={busy}
        onChange={(e) => edit('contactReporter', e.target.value)}
      />
      <TextArea
        id={`${id}-work`}
        label={t`Work done so far`}
        optional
        hint={t`What your team found, decided or asked already.`}
        rows={4}
        value={form.preliminaryWork}
        disabled={busy}
        onChange={(e) => edit('preliminaryWork', e.target.value)}
      />
      <TextArea
        id={`${id}-links`}
        label={t`Links`}
        optional
        hint={t`One a line: the address, then what it shows.`}
        rows={3}
        value={form.links}
        error={problems.links}
        disabled={busy}
        onChange={(e) => edit('links', e.target.value)}
      />
      <TextArea
        id={`${id}-diffs`}
        label={t`Diffs`}
        optional
        hint={t`One a line: the address of the diff, then what it shows.`}
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
        {busy ? <Trans>Sending the referral…</Trans> : <Trans>Send the referral</Trans>}
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
  const { t } = useLingui();
  const toName = to.name;
  const community = to.community;
  if (!needsConsent) {
    return (
      <Notice tone="info" title={t`The reporter is told, not asked.`}>
        <p>
          <Trans>
            Both teams serve {community}: the referral goes to {toName} as soon as you send it, and the
            reporter is told through their receipt. You may leave out members of {toName} below.
          </Trans>
        </p>
      </Notice>
    );
  }
  return (
    <Notice tone="caution" title={t`The reporter will be asked first.`}>
      <p>
        {consentReasonWords(from, to)}{' '}
        <Trans>
          They read the referral first and choose whom of {toName} to leave out; {toName} reads nothing until
          they agree. If they refuse, the referral and the files copied for it are deleted.
        </Trans>
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
  const { t } = useLingui();
  if (report.attachments.length === 0) return null;
  const toggle = (file: AttachmentView, on: boolean) =>
    onChange(on ? [...chosen, file.id] : chosen.filter((other) => other !== file.id));
  return (
    <ChoiceGroup
      legend={t`Files to pass on`}
      idPrefix={idPrefix}
      hint={t`The reporter’s files you tick are decrypted here, encrypted again under a new key and uploaded for the other team. The others stay with your team.`}
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
