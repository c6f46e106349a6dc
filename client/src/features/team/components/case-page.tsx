import { useCallback, useEffect, useId, useMemo, useState, type SubmitEvent } from 'react';
import { Link, useParams } from 'react-router';

import { ErrorAlert } from '../../../components/notice';
import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError, isAbortError } from '../../../lib/api-client';
import {
  isKeyringError,
  type OpenedCase,
  type OpenedItem,
  type ReportView,
} from '../../../lib/keyring/keyring';
import type { CaseStatus } from '#contract/common';
import { getCase, patchCase, postItem, type CaseDetail } from '../api/cases';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../api/roster';
import {
  dangerWords,
  formatDate,
  formatDateTime,
  INVOLVED_WORDS,
  kindWords,
  SETTABLE_STATUSES,
  STATUS_WORDS,
  timeAgo,
} from '../lib/format';
import { authorKeys, caseRecipients } from '../lib/roster-keys';
import { isCheckInOverdue, isPastFirstResponse } from '../lib/triage';
import { teamSession } from '../session/session-store';
import { useUnlockedSession } from '../session/use-team-session';
import { AttachmentList } from './attachment-list';
import { encodedBytes, TEXT_BUDGET_BYTES, textTooLongMessage } from '../../../lib/text-budget';

type LoadState =
  | { status: 'loading' }
  | { status: 'ready'; detail: CaseDetail; opened: OpenedCase; team: VerifiedTeam }
  | { status: 'missing' }
  | { status: 'error'; message: string };

export function CasePage() {
  const { id = '' } = useParams();
  const session = useUnlockedSession();
  const { keyring } = session;
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((n) => n + 1), []);
  const slug = session.team.slug;

  useDocumentTitle(state.status === 'ready' ? 'Case' : 'Opening case');

  // The layout focused the "Opening the case…" heading on arrival; when the case replaces it,
  // hand focus on to the case's own heading instead of leaving it nowhere.
  useEffect(() => {
    if (state.status === 'loading') return;
    const active = document.activeElement;
    if (active === null || active === document.body) {
      document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
    }
  }, [state.status]);

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      // The roster is verified again on every case: the authors' keys and the recipients of
      // anything written here come from it.
      const [detail, team] = await Promise.all([
        getCase(id, { signal: controller.signal }),
        loadVerifiedTeam(slug),
      ]);
      teamSession.updateVerifiedTeam(team);
      const opened = await keyring.openCase(
        team.id,
        {
          id: detail.id,
          urgent: detail.urgent,
          excluded: detail.excluded,
          payload: detail.payload,
          grant: detail.grant,
          reporter: detail.reporter,
          sig: detail.sig,
          items: detail.items,
        },
        authorKeys(team.rows, team.roster),
      );
      if (!controller.signal.aborted) setState({ status: 'ready', detail, opened, team });
    })().catch((error: unknown) => {
      if (controller.signal.aborted || isAbortError(error)) return;
      if (error instanceof ApiError && error.status === 404) return setState({ status: 'missing' });
      if (error instanceof ApiError && error.status === 401) return teamSession.sessionEnded();
      setState({
        status: 'error',
        message:
          error instanceof ApiError || error instanceof RosterTrustError
            ? error.message
            : 'This case could not be checked and decrypted in this browser. The team roster or the case may have been altered.',
      });
    });
    return () => controller.abort();
  }, [id, keyring, slug, version]);

  if (state.status === 'loading') {
    return (
      <>
        <PageHeading>Opening the case…</PageHeading>
        <p className="muted" role="status">
          Checking signatures and decrypting in this browser.
        </p>
      </>
    );
  }
  if (state.status === 'missing') {
    return (
      <>
        <PageHeading>Case not found</PageHeading>
        <p>There is no case with this address, or it is not visible to you.</p>
        <p>
          <Link to="/team/cases">Back to the cases</Link>
        </p>
      </>
    );
  }
  if (state.status === 'error') {
    return (
      <>
        <PageHeading>The case could not be opened</PageHeading>
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{state.message}</p>
        </div>
        <button type="button" className="button button--secondary" onClick={reload}>
          Try again
        </button>
      </>
    );
  }
  return <CaseView detail={state.detail} opened={state.opened} team={state.team} onChanged={reload} />;
}

function CaseView({
  detail,
  opened,
  team,
  onChanged,
}: {
  detail: CaseDetail;
  opened: OpenedCase;
  team: VerifiedTeam;
  onChanged: () => void;
}) {
  const report = opened.report;
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of team.roster.known.values()) map.set(m.id, m.name);
    return map;
  }, [team]);
  const excludedNames = opened.excluded.effective.map((mid) => names.get(mid) ?? 'an unknown member');
  const danger = dangerWords(report?.danger ?? null);
  const pastTarget = isPastFirstResponse(detail, team.firstResponseHours);
  const overdue = isCheckInOverdue(detail);

  return (
    <article className="case">
      <p className="breadcrumb">
        <Link to="/team/cases">← All cases</Link>
      </p>
      <PageHeading>{report ? report.summary || 'Report without a summary' : 'Unreadable case'}</PageHeading>
      <p className="muted case__meta">
        Received <time dateTime={detail.createdAt}>{formatDateTime(detail.createdAt)}</time> (
        {timeAgo(detail.createdAt)}) · {STATUS_WORDS[detail.status]}
      </p>

      <IntegrityNotices opened={opened} />
      <RosterNotice report={report} team={team} />

      {(danger !== null || detail.urgent || report?.privateInfoExposed || pastTarget || overdue) && (
        <div className="case__flags">
          {(danger !== null || detail.urgent) && (
            <span className="flag flag--urgent">{danger ?? 'Marked urgent'}</span>
          )}
          {report?.privateInfoExposed && (
            <span className="flag flag--private">Private information exposed and may still be visible</span>
          )}
          {pastTarget && (
            <span className="flag flag--late">
              No reply yet: past the {team.firstResponseHours}-hour target
            </span>
          )}
          {overdue && <span className="flag flag--late">Check-in date passed</span>}
        </div>
      )}

      {excludedNames.length > 0 && (
        <div className="notice notice--caution">
          <p className="notice__title">Not visible to: {excludedNames.join(', ')}</p>
          <p>
            The reporter asked that {excludedNames.length === 1 ? 'this member' : 'these members'} not see
            this report. Do not discuss it with them. Nothing you write here is encrypted for them.
          </p>
        </div>
      )}

      <div className="case__columns">
        <div className="case__main">
          {report ? <ReportSection report={report} /> : null}
          {report && report.attachments.length > 0 && (
            <section aria-labelledby="attachments-heading">
              <h2 id="attachments-heading">Evidence files</h2>
              <AttachmentList attachments={report.attachments} />
            </section>
          )}
          <Thread items={opened.items} names={names} />
          <Composer detail={detail} opened={opened} team={team} onSent={onChanged} />
        </div>
        <aside className="case__side" aria-label="Case handling">
          <CaseControls detail={detail} opened={opened} team={team} onChanged={onChanged} />
        </aside>
      </div>
    </article>
  );
}

/**
 * R-2, R-4: the report names the team and the roster it was encrypted to. A different team,
 * or a roster that does not hold that entry, means the server showed the reporter (or this
 * browser) another member list.
 */
function RosterNotice({ report, team }: { report: ReportView | null; team: VerifiedTeam }) {
  if (!report) return null;
  const otherTeam =
    report.teamFingerprint !== null && report.teamFingerprint.toLowerCase() !== team.roster.fingerprint;
  const head = report.rosterHead;
  const forked = !otherTeam && head !== null && team.rows[head.seq]?.hash !== head.hash;
  if (!otherTeam && !forked) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">
        {otherTeam
          ? 'Warning: this report was encrypted to a team with another fingerprint.'
          : 'Warning: this report was encrypted to a member list this browser does not recognise.'}
      </p>
      <p>
        The server may have shown the reporter a different list of members than it shows you. Tell your team’s
        admins and compare the team fingerprint with each other.
      </p>
    </div>
  );
}

function IntegrityNotices({ opened }: { opened: OpenedCase }) {
  return (
    <>
      {opened.reportProblem !== null && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">This report could not be decrypted: {opened.reportProblem}.</p>
          <p>
            This is not an empty report. Tell your team’s admins; the server’s copy may have been altered.
          </p>
        </div>
      )}
      {opened.report !== null && !opened.signatureValid && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">Warning: the reporter’s signature does not match this report.</p>
          <p>
            The server’s copy of this case was altered, or the report was not written by the person who holds
            its receipt. Treat its content with suspicion; messages to the reporter are disabled.
          </p>
        </div>
      )}
      {opened.reporterKeys === 'altered' && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">Warning: the server’s copy of this case was altered.</p>
          <p>
            The reporter’s keys the server sent are not the ones written inside the encrypted report. Someone
            with access to the server may be trying to read or fake messages with the reporter. No message to
            the reporter will be sent from this case. Tell your team’s admins.
          </p>
        </div>
      )}
      {opened.excluded.altered && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">Warning: the server changed who may see this case.</p>
          <p>
            The list of excluded members the server sent differs from the one inside the encrypted report.
            This browser follows the report’s list and never encrypts anything of this case to an excluded
            member.
          </p>
        </div>
      )}
      {opened.report !== null && opened.reporterKeys === 'unbound' && (
        <div className="notice notice--caution">
          <p className="notice__title">This report does not carry the reporter’s keys inside it.</p>
          <p>
            It was made by an older version of Confide: replies rely on the server’s copy of the reporter’s
            key.
          </p>
        </div>
      )}
      {opened.urgentMismatch && (
        <div className="notice notice--caution" role="alert">
          <p className="notice__title">The server’s “urgent” mark does not match the report.</p>
          <p>This page goes by what the reporter wrote.</p>
        </div>
      )}
    </>
  );
}

/** A link from a report: shown as text, never loaded; opening it is a deliberate click. */
function ReportLink({ url, note }: { url: string; note: string }) {
  let safe: URL | null = null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') safe = parsed;
  } catch {
    safe = null;
  }
  return (
    <li className="report-link">
      <code className="report-link__url">{url}</code>
      {note !== '' && <p className="report-link__note">{note}</p>}
      {safe ? (
        <a href={safe.href} target="_blank" rel="noreferrer noopener" className="report-link__open">
          Open {safe.hostname}
          <span className="visually-hidden"> (opens an external site in a new tab)</span>
        </a>
      ) : (
        <p className="muted">Not a web address: not linked.</p>
      )}
    </li>
  );
}

function ReportSection({ report }: { report: ReportView }) {
  return (
    <section aria-labelledby="report-heading" className="report">
      <h2 id="report-heading">The report</h2>
      <dl className="report__facts">
        <div>
          <dt>Reported by</dt>
          <dd>
            {report.reporterRole === 'target'
              ? 'The person targeted'
              : report.reporterRole === 'third_party'
                ? 'Someone on another person’s behalf'
                : 'Not said'}
          </dd>
        </div>
        <div>
          <dt>What kind</dt>
          <dd>{report.kinds.length > 0 ? report.kinds.map(kindWords).join(', ') : 'Not said'}</dd>
        </div>
        <div>
          <dt>Danger</dt>
          <dd>
            {dangerWords(report.danger) ?? (report.danger === 'none' ? 'No immediate danger' : 'Not said')}
          </dd>
        </div>
        <div>
          <dt>Private information</dt>
          <dd>
            {report.privateInfoExposed ? 'Exposed and may still be visible' : 'Not reported as exposed'}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>{report.where !== '' ? report.where : 'Not said'}</dd>
        </div>
        {report.language !== null && (
          <div>
            <dt>Language</dt>
            <dd>{report.language}</dd>
          </div>
        )}
        {report.submittedAt !== null && (
          <div>
            <dt>Written</dt>
            <dd>{formatDateTime(report.submittedAt)}</dd>
          </div>
        )}
        <div>
          <dt>Contact</dt>
          <dd>
            {report.contact?.by === 'email' ? (
              <>
                By email: <span className="contact-email">{report.contact.email}</span>
              </>
            ) : (
              'Through the receipt only (messages here)'
            )}
          </dd>
        </div>
      </dl>

      <h3>What happened</h3>
      <div className="report__text">{report.whatHappened}</div>

      {report.links.length > 0 && (
        <>
          <h3>Links and diffs</h3>
          <p className="muted">Each opens an external site in a new tab, only if you choose to.</p>
          <ul className="report-links">
            {report.links.map((link, i) => (
              <ReportLink key={`${i}-${link.url}`} url={link.url} note={link.note} />
            ))}
          </ul>
        </>
      )}

      {report.involved.length > 0 && (
        <>
          <h3>Accounts involved</h3>
          <ul className="involved">
            {report.involved.map((p, i) => (
              <li key={`${i}-${p.name}`}>
                <span className="involved__name">{p.name}</span>{' '}
                <span className="muted">({INVOLVED_WORDS[p.role] ?? p.role})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Thread({ items, names }: { items: readonly OpenedItem[]; names: ReadonlyMap<string, string> }) {
  return (
    <section aria-labelledby="thread-heading">
      <h2 id="thread-heading">Messages and notes</h2>
      {items.length === 0 ? (
        <p className="muted">Nothing yet. Replies to the reporter and internal notes appear here.</p>
      ) : (
        <ol className="thread">
          {items.map((item) => {
            if (!item.verified) {
              return (
                <li key={item.id} className="thread-item thread-item--unverified">
                  <p className="thread-item__head">
                    <strong>Could not be verified</strong> ·{' '}
                    <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                  </p>
                  <p>Its content is withheld because {item.problem}.</p>
                </li>
              );
            }
            const internal = item.audience === 'team';
            const who =
              item.author === 'reporter' ? 'The reporter' : (names.get(item.author) ?? 'A former member');
            return (
              <li
                key={item.id}
                className={`thread-item ${internal ? 'thread-item--note' : item.author === 'reporter' ? 'thread-item--reporter' : 'thread-item--team'}`}
              >
                <p className="thread-item__head">
                  <strong>{who}</strong>
                  {internal ? (
                    <span className="thread-item__label">Internal note — never shown to the reporter</span>
                  ) : item.author === 'reporter' ? (
                    <span className="thread-item__label">From the reporter</span>
                  ) : (
                    <span className="thread-item__label">To the reporter</span>
                  )}
                  <time dateTime={item.createdAt} className="muted">
                    {formatDateTime(item.createdAt)}
                  </time>
                </p>
                <div className="thread-item__text">{item.text}</div>
                {item.attachments.length > 0 && <AttachmentList attachments={item.attachments} />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function Composer({
  detail,
  opened,
  team,
  onSent,
}: {
  detail: CaseDetail;
  opened: OpenedCase;
  team: VerifiedTeam;
  onSent: () => void;
}) {
  const { keyring } = useUnlockedSession();
  const canMessage = opened.canMessageReporter;
  const [kind, setKind] = useState<'message' | 'note'>(canMessage ? 'message' : 'note');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const textId = useId();
  const hintId = useId();

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (text.trim() === '') {
      setError(kind === 'message' ? 'Write your reply first.' : 'Write your note first.');
      return;
    }
    const textBytes = encodedBytes(text.trim());
    if (textBytes > TEXT_BUDGET_BYTES) {
      setError(textTooLongMessage(textBytes, kind === 'message' ? 'message' : 'note'));
      return;
    }
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const item = await keyring.sealItem({
        team: team.id,
        caseId: detail.id,
        kind,
        text,
        recipients: caseRecipients(team.rows, team.roster, opened.excluded.effective),
      });
      await postItem(detail.id, item);
      setText('');
      setSent(
        kind === 'message' ? 'Your reply was encrypted and sent.' : 'Your note was encrypted and saved.',
      );
      onSent();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        setError(
          'The team changed since this page loaded, or the server’s list of who may see this case differs from the report’s. Reload the page and try again.',
        );
      } else if (isKeyringError(caught)) {
        setError(caught.message);
      } else if (caught instanceof ApiError) {
        setError(caught.message);
      } else {
        setError('Sending failed. Please try again.');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="composer-heading" className="composer">
      <h2 id="composer-heading">Write</h2>
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy}>
        <fieldset className="kind-choice">
          <legend className="field__label">This is</legend>
          <label className="kind-choice__option">
            <input
              type="radio"
              name="kind"
              value="message"
              checked={kind === 'message'}
              disabled={!canMessage}
              onChange={() => setKind('message')}
            />{' '}
            A reply to the reporter
          </label>
          <label className="kind-choice__option">
            <input
              type="radio"
              name="kind"
              value="note"
              checked={kind === 'note'}
              onChange={() => setKind('note')}
            />{' '}
            An internal note — never shown to the reporter
          </label>
          {!canMessage && (
            <p className="field__hint">
              Replies to the reporter are disabled for this case: its checks did not pass (see the warnings
              above).
            </p>
          )}
        </fieldset>
        <div className="field">
          <label className="field__label" htmlFor={textId}>
            {kind === 'message' ? 'Your reply' : 'Your note'}
          </label>
          <p className="field__hint" id={hintId}>
            {kind === 'message'
              ? 'The reporter reads this with their receipt. Be kind and specific; do not promise outcomes.'
              : 'Only the members who can see this case read it. It is signed with your key.'}
          </p>
          <textarea
            id={textId}
            className={`input textarea${kind === 'note' ? ' textarea--note' : ''}`}
            rows={6}
            value={text}
            aria-describedby={hintId}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Encrypting…' : kind === 'message' ? 'Send reply to the reporter' : 'Save internal note'}
        </button>
        <div role="status" className="form__status">
          {sent !== null && <p>{sent}</p>}
        </div>
        <ErrorAlert message={error} />
      </form>
    </section>
  );
}

function toDateInput(iso: string | null): string {
  return iso === null ? '' : iso.slice(0, 10);
}

function CaseControls({
  detail,
  opened,
  team,
  onChanged,
}: {
  detail: CaseDetail;
  opened: OpenedCase;
  team: VerifiedTeam;
  onChanged: () => void;
}) {
  const [status, setStatus] = useState<CaseStatus>(detail.status);
  const [checkIn, setCheckIn] = useState(toDateInput(detail.checkInBy));
  const [assignee, setAssignee] = useState(detail.assignee ?? '');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const statusId = useId();
  const checkInId = useId();
  const checkInHint = useId();
  const assigneeId = useId();
  const excluded = new Set(opened.excluded.effective);
  const assignable = [...team.roster.active.values()].filter((m) => !excluded.has(m.id));

  async function save(changes: Parameters<typeof patchCase>[1], done: string) {
    setBusy(true);
    setMessage(null);
    try {
      await patchCase(detail.id, changes);
      setMessage({ tone: 'ok', text: done });
      onChanged();
    } catch (caught) {
      setMessage({
        tone: 'error',
        text: caught instanceof ApiError ? caught.message : 'The change could not be saved.',
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="controls-heading" className="controls">
      <h2 id="controls-heading">Handling</h2>
      <div className="field">
        <label className="field__label" htmlFor={statusId}>
          Status
        </label>
        <div className="inline-form">
          <select
            id={statusId}
            className="input"
            value={status}
            onChange={(e) => setStatus(e.target.value as CaseStatus)}
            disabled={detail.status === 'withdrawn'}
          >
            {detail.status === 'withdrawn' && <option value="withdrawn">{STATUS_WORDS.withdrawn}</option>}
            {SETTABLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_WORDS[s]}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy || status === detail.status}
            onClick={() => void save({ status }, `Status changed to “${STATUS_WORDS[status]}”.`)}
          >
            Save status
          </button>
        </div>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={checkInId}>
          Check-in date
        </label>
        <p className="field__hint" id={checkInHint}>
          The date the reporter was told to expect the next update.
        </p>
        <div className="inline-form">
          <input
            id={checkInId}
            className="input"
            type="date"
            value={checkIn}
            aria-describedby={checkInHint}
            onChange={(e) => setCheckIn(e.target.value)}
          />
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy || checkIn === toDateInput(detail.checkInBy)}
            onClick={() =>
              void save(
                { check_in_by: checkIn === '' ? null : `${checkIn}T12:00:00Z` },
                checkIn === ''
                  ? 'Check-in date cleared.'
                  : `Check-in date set to ${formatDate(`${checkIn}T12:00:00Z`)}.`,
              )
            }
          >
            Save date
          </button>
        </div>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={assigneeId}>
          Assigned to
        </label>
        <div className="inline-form">
          <select
            id={assigneeId}
            className="input"
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
          >
            <option value="">Nobody yet</option>
            {assignable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={busy || assignee === (detail.assignee ?? '')}
            onClick={() =>
              void save(
                { assignee: assignee === '' ? null : assignee },
                assignee === '' ? 'Nobody is assigned now.' : 'Assignment saved.',
              )
            }
          >
            Save
          </button>
        </div>
        <p className="field__hint">Only members who may see this case are listed.</p>
      </div>
      <div role="status" className="form__status">
        {message?.tone === 'ok' && <p>{message.text}</p>}
      </div>
      {message?.tone === 'error' && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{message.text}</p>
        </div>
      )}
    </section>
  );
}
