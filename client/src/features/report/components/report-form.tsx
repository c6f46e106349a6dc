import { useEffect, useRef, useState, type RefObject, type SubmitEvent } from 'react';

import type { ReportKind } from '#crypto';
import { isAbortError } from '../../../lib/api-client';
import { getAttachmentLimits, type AttachmentLimits } from '../../../lib/attachments';
import {
  ProofOfWorkNotice,
  solvingState,
  type SolvingState,
} from '../../../lib/proof-of-work/proof-of-work-notice';
import { checkTeamRoster, describeRosterChange, type RosterTrust } from '../../../lib/roster-trust';
import type { Team } from '../api/get-teams';
import { checkDraft, fieldIds, SUMMARY_MAX, type Draft, type FieldError } from '../model/draft';
import { pendingEvidence, prepareEvidence, type Evidence } from '../model/evidence';
import { intake } from '../model/intake-memory';
import { OFF_WIKI_KINDS, ON_WIKI_KINDS } from '../model/kinds';
import { submitReport, type SubmitOutcome, type SubmitStep } from '../model/submit';
import { ErrorSummary } from './error-summary';
import { evidenceError, EvidenceField } from './evidence-field';
import { ExclusionField } from './exclusion-field';
import { describedBy, FieldError as FieldErrorText, Hint } from './field-parts';
import { InvolvedField, LinksField } from './row-fields';
import { TeamSecurity } from './team-security';
import { UrgentGuidance } from './urgent-guidance';

type TrustState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; trust: RosterTrust };

type Notice =
  | { kind: 'failed'; message: string }
  | { kind: 'team-changed'; changes: string[]; droppedNames: string[] }
  | { kind: 'untrusted' };

export interface SentInfo {
  receipt: string;
  receivedAt: string;
  earlierAttempt: boolean;
}

interface ReportFormProps {
  team: Team;
  teams: readonly Team[];
  draft: Draft;
  onDraftChange: (update: (draft: Draft) => Draft) => void;
  evidence: readonly Evidence[];
  onEvidenceChange: (update: (evidence: readonly Evidence[]) => readonly Evidence[]) => void;
  onChooseTeam: (team: Team) => void;
  onSent: (sent: SentInfo) => void;
}

const STEP_TEXT: Record<SubmitStep['step'], string> = {
  'checking-team': 'Checking the team’s keys…',
  'making-receipt': 'Creating your receipt…',
  uploading: 'Encrypting and uploading files…',
  encrypting: 'Encrypting your report…',
  sending: 'Sending…',
};

function stepText(step: SubmitStep): string {
  return step.step === 'uploading'
    ? `Encrypting and uploading file ${step.index + 1} of ${step.count}…`
    : STEP_TEXT[step.step];
}

export function ReportForm(props: ReportFormProps) {
  const { team, teams, draft, onDraftChange, evidence, onEvidenceChange } = props;
  const [trustState, setTrustState] = useState<TrustState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [limits, setLimits] = useState<AttachmentLimits>();
  const [showErrors, setShowErrors] = useState(false);
  const [step, setStep] = useState<SubmitStep>();
  const [solving, setSolving] = useState<SolvingState>();
  const [notice, setNotice] = useState<Notice>();
  const [confirmed, setConfirmed] = useState(intake.fingerprintConfirmed);
  const summaryRef = useRef<HTMLDivElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const submitting = step !== undefined;

  useEffect(() => {
    const controller = new AbortController();
    checkTeamRoster(team.slug, { signal: controller.signal }).then(
      (trust) => setTrustState({ status: 'ready', trust }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        setTrustState({
          status: 'error',
          message: error instanceof Error ? error.message : 'The team’s keys could not be loaded.',
        });
      },
    );
    getAttachmentLimits({ signal: controller.signal }).then(setLimits, () => undefined);
    return () => controller.abort();
  }, [team.slug, attempt]);

  useEffect(() => {
    intake.fingerprintConfirmed = confirmed;
  }, [confirmed]);

  const trust = trustState.status === 'ready' ? trustState.trust : undefined;
  const roster = trust && trust.status !== 'invalid' ? trust.roster : undefined;
  const activeIds = roster ? [...roster.active.keys()] : [];
  const filesError = evidenceError(evidence, limits);
  const errors: FieldError[] = showErrors
    ? [
        ...checkDraft(draft, activeIds),
        ...(filesError ? [{ field: fieldIds.files, message: filesError }] : []),
      ]
    : [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const canSend =
    trust !== undefined &&
    trust.status !== 'invalid' &&
    (trust.status === 'trusted' || (confirmed && trust.problems.every((p) => p === 'fingerprint-changed')));

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    onDraftChange((d) => ({ ...d, [key]: value }));

  function addFiles(files: File[]) {
    for (const file of files) {
      const pending = pendingEvidence(file);
      onEvidenceChange((list) => [...list, pending]);
      void prepareEvidence(pending, file, limits).then((ready) =>
        onEvidenceChange((list) => list.map((e) => (e.key === pending.key ? ready : e))),
      );
    }
  }

  function focusLater(ref: RefObject<HTMLElement | null>) {
    requestAnimationFrame(() => ref.current?.focus());
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting || !roster || !trust) return;
    setNotice(undefined);
    const problems = [
      ...checkDraft(draft, activeIds),
      ...(filesError ? [{ field: fieldIds.files, message: filesError }] : []),
    ];
    setShowErrors(true);
    if (problems.length > 0) {
      focusLater(summaryRef);
      return;
    }
    if (!canSend) {
      setNotice({ kind: 'untrusted' });
      focusLater(noticeRef);
      return;
    }
    setStep({ step: 'checking-team' });
    let outcome: SubmitOutcome;
    try {
      outcome = await submitReport({
        slug: team.slug,
        draft,
        evidence,
        roster,
        memory: intake.submission,
        fingerprintConfirmed: confirmed,
        onStep: setStep,
        onProofOfWork: (event) => setSolving(solvingState(event)),
        onFileProgress: (key, progress) =>
          onEvidenceChange((list) => list.map((e) => (e.key === key ? { ...e, progress } : e))),
        onFileUploaded: (key, ref) =>
          onEvidenceChange((list) =>
            list.map((e) => {
              if (e.key !== key) return e;
              const { uploaded: _previous, ...rest } = e;
              return ref ? { ...rest, uploaded: ref } : rest;
            }),
          ),
      });
    } finally {
      setStep(undefined);
      setSolving(undefined);
    }
    switch (outcome.kind) {
      case 'sent':
        props.onSent({
          receipt: outcome.receipt,
          receivedAt: outcome.receivedAt,
          earlierAttempt: outcome.earlierAttempt,
        });
        return;
      case 'team-changed': {
        const active = outcome.trust.roster.active;
        const dropped = draft.excluded.filter((id) => !active.has(id));
        const droppedNames = dropped.map((id) => roster.known.get(id)?.name ?? 'a former member');
        if (dropped.length > 0)
          set(
            'excluded',
            draft.excluded.filter((id) => active.has(id)),
          );
        setTrustState({ status: 'ready', trust: outcome.trust });
        setNotice({ kind: 'team-changed', changes: outcome.changes.map(describeRosterChange), droppedNames });
        focusLater(noticeRef);
        return;
      }
      case 'untrusted':
        setTrustState({ status: 'ready', trust: outcome.trust });
        setNotice({ kind: 'untrusted' });
        focusLater(noticeRef);
        return;
      case 'failed':
        setNotice({ kind: 'failed', message: outcome.message });
        focusLater(noticeRef);
        return;
    }
  }

  return (
    <form className="form report-form" onSubmit={(event) => void handleSubmit(event)} noValidate>
      {trustState.status === 'loading' && (
        <p className="muted" role="status">
          Checking {team.name}’s keys…
        </p>
      )}
      {trustState.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">We could not load {team.name}’s keys</p>
          <p>{trustState.message} You can keep writing; your report can be sent once they have loaded.</p>
          <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {trust && <TeamSecurity trust={trust} confirmed={confirmed} onConfirm={setConfirmed} />}

      <ErrorSummary ref={summaryRef} errors={errors} />

      <fieldset
        className="fieldset"
        aria-describedby={describedBy(errorFor(fieldIds.reporterRole) && 'report-role-error')}
      >
        <legend className="fieldset__legend">Who is this about?</legend>
        <FieldErrorText id="report-role-error" message={errorFor(fieldIds.reporterRole)} />
        <div className="choice-list">
          <div className="choice">
            <input
              id={fieldIds.reporterRole}
              className="choice__input"
              type="radio"
              name="reporter_role"
              checked={draft.reporterRole === 'target'}
              aria-invalid={errorFor(fieldIds.reporterRole) ? true : undefined}
              onChange={() => set('reporterRole', 'target')}
            />
            <label className="choice__label" htmlFor={fieldIds.reporterRole}>
              It is happening to me
            </label>
          </div>
          <div className="choice">
            <input
              id="report-role-third-party"
              className="choice__input"
              type="radio"
              name="reporter_role"
              checked={draft.reporterRole === 'third_party'}
              aria-invalid={errorFor(fieldIds.reporterRole) ? true : undefined}
              aria-describedby="report-role-third-party-hint"
              onChange={() => set('reporterRole', 'third_party')}
            />
            <label className="choice__label" htmlFor="report-role-third-party">
              I am reporting on someone else’s behalf
              <span className="choice__detail" id="report-role-third-party-hint">
                The team may contact the person it is happening to, privately.
              </span>
            </label>
          </div>
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend className="fieldset__legend">Is anyone in danger?</legend>
        <div className="choice-list">
          {(
            [
              ['none', fieldIds.danger, 'No one is in immediate danger'],
              ['life', 'report-danger-life', 'Someone’s life or physical safety is in danger'],
              ['minor', 'report-danger-minor', 'A child or young person under 18 is involved'],
            ] as const
          ).map(([value, id, label]) => (
            <div className="choice" key={value}>
              <input
                id={id}
                className="choice__input"
                type="radio"
                name="danger"
                checked={draft.danger === value}
                onChange={() => set('danger', value)}
              />
              <label className="choice__label" htmlFor={id}>
                {label}
              </label>
            </div>
          ))}
        </div>
        <UrgentGuidance danger={draft.danger} team={team} teams={teams} onChooseTeam={props.onChooseTeam} />
      </fieldset>

      <fieldset className="fieldset">
        <legend className="fieldset__legend">What happened</legend>
        <fieldset className="fieldset fieldset--nested">
          <legend className="fieldset__sublegend">
            What kind of harassment? <span className="field__optional">(tick any that fit)</span>
          </legend>
          <KindChoices
            title="On the wiki"
            kinds={ON_WIKI_KINDS}
            selected={draft.kinds}
            onChange={(k) => set('kinds', k)}
          />
          <KindChoices
            title="Elsewhere"
            kinds={OFF_WIKI_KINDS}
            selected={draft.kinds}
            onChange={(k) => set('kinds', k)}
          />
        </fieldset>

        <div className="field">
          <label className="field__label" htmlFor={fieldIds.summary}>
            In one line, what is this about?
          </label>
          <Hint id="report-summary-hint">The team sees this first, in their list of reports.</Hint>
          <input
            id={fieldIds.summary}
            className={errorFor(fieldIds.summary) ? 'input input--full input--error' : 'input input--full'}
            type="text"
            autoComplete="off"
            maxLength={SUMMARY_MAX + 50}
            value={draft.summary}
            aria-invalid={errorFor(fieldIds.summary) ? true : undefined}
            aria-describedby={describedBy(
              'report-summary-hint',
              errorFor(fieldIds.summary) && 'report-summary-error',
            )}
            onChange={(event) => set('summary', event.target.value)}
          />
          <FieldErrorText id="report-summary-error" message={errorFor(fieldIds.summary)} />
        </div>

        <div className="field">
          <label className="field__label" htmlFor={fieldIds.whatHappened}>
            What happened?
          </label>
          <Hint id="report-what-hint">
            In your own words, as much or as little as you want to share. When it started, what was said or
            done, and anything that has happened since.
          </Hint>
          <textarea
            id={fieldIds.whatHappened}
            className={errorFor(fieldIds.whatHappened) ? 'input-area input-area--error' : 'input-area'}
            rows={8}
            value={draft.whatHappened}
            aria-invalid={errorFor(fieldIds.whatHappened) ? true : undefined}
            aria-describedby={describedBy(
              'report-what-hint',
              errorFor(fieldIds.whatHappened) && 'report-what-error',
            )}
            onChange={(event) => set('whatHappened', event.target.value)}
          />
          <FieldErrorText id="report-what-error" message={errorFor(fieldIds.whatHappened)} />
        </div>

        <div className="field">
          <label className="field__label" htmlFor="report-where">
            Where did it happen? <span className="field__optional">(optional)</span>
          </label>
          <Hint id="report-where-hint">
            The wiki or project, and the page if you know it. Or another website.
          </Hint>
          <input
            id="report-where"
            className="input input--full"
            type="text"
            autoComplete="off"
            value={draft.where}
            aria-describedby="report-where-hint"
            onChange={(event) => set('where', event.target.value)}
          />
        </div>
      </fieldset>

      <LinksField links={draft.links} onChange={(links) => set('links', links)} errorFor={errorFor} />

      <InvolvedField involved={draft.involved} onChange={(involved) => set('involved', involved)} />

      <fieldset className="fieldset">
        <legend className="fieldset__legend">Private information</legend>
        <div className="choice">
          <input
            id="report-private-info"
            className="choice__input"
            type="checkbox"
            checked={draft.privateInfoExposed}
            aria-describedby="report-private-info-hint"
            onChange={(event) => set('privateInfoExposed', event.target.checked)}
          />
          <label className="choice__label" htmlFor="report-private-info">
            Someone’s private information was published and can still be seen
            <span className="choice__detail" id="report-private-info-hint">
              For example a home address, phone number, workplace, real name or private photos. The team will
              see this first, so it can be hidden quickly.
            </span>
          </label>
        </div>
      </fieldset>

      <EvidenceField
        evidence={evidence}
        limits={limits}
        disabled={submitting}
        error={errorFor(fieldIds.files)}
        onAdd={addFiles}
        onRemove={(key) => onEvidenceChange((list) => list.filter((e) => e.key !== key))}
      />

      {roster && (
        <ExclusionField
          roster={roster}
          teamName={team.name}
          excluded={draft.excluded}
          error={errorFor(fieldIds.excluded)}
          onChange={(excluded) => set('excluded', excluded)}
        />
      )}

      <fieldset className="fieldset">
        <legend className="fieldset__legend">How can the team reach you?</legend>
        <div className="choice-list">
          <div className="choice">
            <input
              id="report-contact-receipt"
              className="choice__input"
              type="radio"
              name="contact"
              checked={draft.contact === 'receipt'}
              onChange={() => set('contact', 'receipt')}
            />
            <label className="choice__label" htmlFor="report-contact-receipt">
              Only here, with my receipt
              <span className="choice__detail">
                You will get a receipt when you send this. Come back with it to read the team’s replies.
                Nobody learns who you are.
              </span>
            </label>
          </div>
          <div className="choice">
            <input
              id="report-contact-email"
              className="choice__input"
              type="radio"
              name="contact"
              checked={draft.contact === 'email'}
              onChange={() => set('contact', 'email')}
            />
            <label className="choice__label" htmlFor="report-contact-email">
              Also by email
              <span className="choice__detail">
                Your address is encrypted with the report: only the team can read it, not the people who run
                this website.
              </span>
            </label>
          </div>
        </div>
        {draft.contact === 'email' && (
          <div className="field field--indented">
            <label className="field__label" htmlFor={fieldIds.email}>
              Your email address
            </label>
            <input
              id={fieldIds.email}
              className={errorFor(fieldIds.email) ? 'input input--error' : 'input'}
              type="email"
              autoComplete="email"
              spellCheck={false}
              value={draft.email}
              aria-invalid={errorFor(fieldIds.email) ? true : undefined}
              aria-describedby={describedBy(errorFor(fieldIds.email) && 'report-email-error')}
              onChange={(event) => set('email', event.target.value)}
            />
            <FieldErrorText id="report-email-error" message={errorFor(fieldIds.email)} />
          </div>
        )}
      </fieldset>

      <div className="field">
        <label className="field__label" htmlFor={fieldIds.language}>
          Language you wrote in
        </label>
        <Hint id="report-language-hint">
          A language code, such as en for English, de for German or pt-BR.
        </Hint>
        <input
          id={fieldIds.language}
          className={errorFor(fieldIds.language) ? 'input input--narrow input--error' : 'input input--narrow'}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft.language}
          aria-invalid={errorFor(fieldIds.language) ? true : undefined}
          aria-describedby={describedBy(
            'report-language-hint',
            errorFor(fieldIds.language) && 'report-language-error',
          )}
          onChange={(event) => set('language', event.target.value)}
        />
        <FieldErrorText id="report-language-error" message={errorFor(fieldIds.language)} />
      </div>

      <div ref={noticeRef} tabIndex={-1} className="form__notice">
        {notice?.kind === 'failed' && (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">Your report was not sent</p>
            <p>{notice.message}</p>
          </div>
        )}
        {notice?.kind === 'team-changed' && (
          <div className="notice notice--caution" role="alert">
            <p className="notice__title">{team.name} changed while you were writing</p>
            {notice.changes.length > 0 && (
              <ul>
                {notice.changes.map((change) => (
                  <li key={change}>{change}.</li>
                ))}
              </ul>
            )}
            {notice.droppedNames.length > 0 && (
              <p>
                You had left out {notice.droppedNames.join(', ')}, who is no longer on the team, so nothing
                will be encrypted for them.
              </p>
            )}
            <p>
              Nothing was sent. Please check who will be able to read your report above, then send it again.
              Everything you wrote is still here.
            </p>
          </div>
        )}
        {notice?.kind === 'untrusted' && (
          <div className="notice notice--error" role="alert">
            <p className="notice__title">Not sent: this team’s keys cannot be trusted right now</p>
            <p>See the warning at the top of the form. Nothing has been sent.</p>
          </div>
        )}
      </div>

      <div className="form__actions">
        <button type="submit" className="button" aria-disabled={submitting || !roster ? true : undefined}>
          {submitting ? 'Sending…' : 'Encrypt and send report'}
        </button>
        <p className="field__hint">
          Your report is encrypted on this device before it is sent. You will get a receipt to come back with.
        </p>
      </div>
      <div className="form__status" role="status">
        {step && <p className="submit-step">{stepText(step)}</p>}
      </div>
      <ProofOfWorkNotice solving={solving} />
    </form>
  );
}

interface KindChoicesProps {
  title: string;
  kinds: readonly { code: ReportKind; label: string }[];
  selected: readonly ReportKind[];
  onChange: (kinds: readonly ReportKind[]) => void;
}

function KindChoices({ title, kinds, selected, onChange }: KindChoicesProps) {
  return (
    <div className="kind-group">
      <p className="kind-group__title">{title}</p>
      <ul className="choice-list choice-list--columns">
        {kinds.map((kind) => (
          <li key={kind.code} className="choice">
            <input
              id={`report-kind-${kind.code}`}
              className="choice__input"
              type="checkbox"
              checked={selected.includes(kind.code)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...selected, kind.code]
                    : selected.filter((code) => code !== kind.code),
                )
              }
            />
            <label className="choice__label" htmlFor={`report-kind-${kind.code}`}>
              {kind.label}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
