import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';

import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError, isAbortError } from '../../../lib/api-client';
import { isKeyringError } from '../../../lib/keyring/keyring';
import type { CaseStatus } from '#contract/common';
import { loadAllCases, type ListedCase } from '../api/load-cases';
import { lastCaseList } from '../lib/case-store';
import { dangerWords, formatDate, KIND_WORDS, kindWords, STATUS_WORDS, timeAgo } from '../lib/format';
import { compareForTriage, isCheckInOverdue, isOpen, isPastFirstResponse } from '../lib/triage';
import { teamSession } from '../session/session-store';
import { useUnlockedSession } from '../session/use-team-session';

const SHOWN_PER_STEP = 50;

type StatusFilter = 'open' | 'all' | CaseStatus;
/** 'anyone', 'me', 'nobody', or a member id. */
type AssigneeFilter = string;

interface Row {
  readonly listed: ListedCase;
  readonly urgent: boolean;
  readonly privateInfo: boolean;
  readonly pastTarget: boolean;
  readonly overdue: boolean;
}

type LoadState =
  | { status: 'loading'; decrypted: number; fetched: number; more: boolean }
  /** `refreshing`: shown from this session's memory while the current list loads. */
  | { status: 'ready'; cases: ListedCase[]; refreshing: boolean }
  | { status: 'error'; message: string };

export function CaseListPage() {
  useDocumentTitle('Cases');
  const session = useUnlockedSession();
  const { keyring, verifiedTeam, member } = session;
  const [state, setState] = useState<LoadState>(() => {
    const last = lastCaseList(keyring);
    return last
      ? { status: 'ready', cases: last, refreshing: true }
      : { status: 'loading', decrypted: 0, fetched: 0, more: true };
  });
  const [attempt, setAttempt] = useState(0);
  const [query, setQuery] = useState('');
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('open');
  const [assigneeFilter, setAssigneeFilter] = useState<AssigneeFilter>('anyone');
  const [kindFilter, setKindFilter] = useState('any');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [shown, setShown] = useState(SHOWN_PER_STEP);
  const deferredQuery = useDeferredValue(query);
  const searchId = useId();
  const statusId = useId();
  const assigneeId = useId();
  const kindId = useId();
  const overdueId = useId();

  useEffect(() => {
    const controller = new AbortController();
    setState((current) =>
      current.status === 'ready'
        ? { ...current, refreshing: true }
        : { status: 'loading', decrypted: 0, fetched: 0, more: true },
    );
    loadAllCases(keyring, verifiedTeam.id, {
      signal: controller.signal,
      onProgress: (decrypted, fetched, more) => {
        if (controller.signal.aborted) return;
        setState((current) =>
          current.status === 'ready' ? current : { status: 'loading', decrypted, fetched, more },
        );
      },
    }).then(
      (cases) => {
        if (!controller.signal.aborted) setState({ status: 'ready', cases, refreshing: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        if ((error instanceof ApiError && error.status === 401) || isKeyringError(error, 'unauthorized')) {
          teamSession.sessionEnded();
          return;
        }
        setState({
          status: 'error',
          message:
            error instanceof ApiError || isKeyringError(error)
              ? error.message
              : 'The cases could not be decrypted in this browser.',
        });
      },
    );
    return () => controller.abort();
  }, [keyring, verifiedTeam.id, attempt]);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of verifiedTeam.roster.known.values()) map.set(m.id, m.name);
    return map;
  }, [verifiedTeam]);

  const rows = useMemo<Row[]>(() => {
    if (state.status !== 'ready') return [];
    const now = Date.now();
    // Dates parsed once here, not in the comparator: 10,000 cases sort in a few milliseconds.
    return state.cases
      .map((listed) => {
        const view = listed.opened.ok ? listed.opened.view : null;
        const facts = {
          id: listed.row.id,
          status: listed.row.status,
          urgent: listed.row.urgent,
          createdAt: listed.row.createdAt,
          createdMs: Date.parse(listed.row.createdAt),
          checkInBy: listed.row.checkInBy,
          privateInfoExposed: view?.privateInfoExposed ?? false,
          dangerous: view !== null && view.danger !== null && view.danger !== 'none',
        };
        const pastTarget = isPastFirstResponse(facts, verifiedTeam.firstResponseHours, now);
        const overdue = isCheckInOverdue(facts, now);
        return {
          listed,
          facts: { ...facts, late: pastTarget || overdue },
          row: {
            listed,
            urgent: facts.urgent || facts.dangerous,
            privateInfo: facts.privateInfoExposed,
            pastTarget,
            overdue,
          },
        };
      })
      .sort((a, b) => compareForTriage(a.facts, b.facts))
      .map((x) => x.row);
  }, [state, verifiedTeam.firstResponseHours]);

  const filtered = useMemo(() => {
    const needle = deferredQuery.trim().toLowerCase();
    return rows.filter(({ listed, overdue, pastTarget }) => {
      const { row, opened } = listed;
      if (
        statusFilter === 'open' ? !isOpen(row.status) : statusFilter !== 'all' && row.status !== statusFilter
      )
        return false;
      if (assigneeFilter === 'me' && row.assignee !== member.id) return false;
      if (assigneeFilter === 'nobody' && row.assignee !== null) return false;
      if (!['anyone', 'me', 'nobody'].includes(assigneeFilter) && row.assignee !== assigneeFilter)
        return false;
      if (overdueOnly && !overdue && !pastTarget) return false;
      if (kindFilter !== 'any' && !(opened.ok && opened.view.kinds.includes(kindFilter))) return false;
      if (needle !== '') {
        if (!opened.ok) return false;
        const kinds = opened.view.kinds.map((k) => kindWords(k).toLowerCase()).join(' ');
        if (!opened.view.searchText.includes(needle) && !kinds.includes(needle)) return false;
      }
      return true;
    });
  }, [rows, deferredQuery, statusFilter, assigneeFilter, kindFilter, overdueOnly, member.id]);

  useEffect(
    () => setShown(SHOWN_PER_STEP),
    [deferredQuery, statusFilter, assigneeFilter, kindFilter, overdueOnly],
  );

  const activeMembers = [...verifiedTeam.roster.active.values()];

  return (
    <>
      <PageHeading>Cases</PageHeading>
      <p className="lead">
        Reports to {verifiedTeam.name}, decrypted in this browser. Urgent cases and exposed private
        information come first.
      </p>

      <div className="filters" role="search" aria-label="Filter cases">
        <div className="field filters__search">
          <label className="field__label" htmlFor={searchId}>
            Search
          </label>
          <input
            id={searchId}
            className="input"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={statusId}>
            Status
          </label>
          <select
            id={statusId}
            className="input"
            value={statusFilter}
            onChange={(e) => setStatusFilter(e.target.value as StatusFilter)}
          >
            <option value="open">All open cases</option>
            <option value="all">All cases</option>
            {Object.entries(STATUS_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={assigneeId}>
            Assigned to
          </label>
          <select
            id={assigneeId}
            className="input"
            value={assigneeFilter}
            onChange={(e) => setAssigneeFilter(e.target.value)}
          >
            <option value="anyone">Anyone</option>
            <option value="me">Me</option>
            <option value="nobody">Nobody yet</option>
            {activeMembers
              .filter((m) => m.id !== member.id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={kindId}>
            Kind
          </label>
          <select
            id={kindId}
            className="input"
            value={kindFilter}
            onChange={(e) => setKindFilter(e.target.value)}
          >
            <option value="any">Any kind</option>
            {Object.entries(KIND_WORDS).map(([code, words]) => (
              <option key={code} value={code}>
                {words}
              </option>
            ))}
          </select>
        </div>
        <div className="field filters__check">
          <input
            id={overdueId}
            type="checkbox"
            className="checkbox"
            checked={overdueOnly}
            onChange={(e) => setOverdueOnly(e.target.checked)}
          />
          <label htmlFor={overdueId}>Only late ones (no reply in time, or check-in date passed)</label>
        </div>
      </div>

      {state.status === 'loading' && (
        <div className="progress-block" role="status">
          <p>
            {state.fetched === 0
              ? 'Fetching cases…'
              : `Decrypting ${state.decrypted.toLocaleString('en')} of ${state.fetched.toLocaleString('en')}${state.more ? '+' : ''} cases…`}
          </p>
          <progress
            className="progress"
            max={Math.max(state.fetched, 1)}
            value={state.decrypted}
            aria-label="Decrypting cases"
          />
        </div>
      )}
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">The cases could not be loaded.</p>
          <p>{state.message}</p>
          <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      )}
      {state.status === 'ready' && (
        <>
          <p className="muted" role="status">
            {state.refreshing && 'Checking for changes… '}
            {filtered.length === rows.length
              ? `${rows.length.toLocaleString('en')} ${rows.length === 1 ? 'case' : 'cases'}`
              : `${filtered.length.toLocaleString('en')} of ${rows.length.toLocaleString('en')} cases match`}
          </p>
          {rows.length === 0 ? (
            <div className="empty-state">
              <p className="empty-state__title">No reports yet</p>
              <p>When someone reports to {verifiedTeam.name}, the report appears here.</p>
            </div>
          ) : filtered.length === 0 ? (
            <div className="empty-state">
              <p className="empty-state__title">No case matches these filters</p>
            </div>
          ) : (
            <ol className="case-list">
              {filtered.slice(0, shown).map((row) => (
                <CaseListItem
                  key={row.listed.row.id}
                  row={row}
                  names={names}
                  firstResponseHours={verifiedTeam.firstResponseHours}
                />
              ))}
            </ol>
          )}
          {filtered.length > shown && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setShown((n) => n + SHOWN_PER_STEP)}
            >
              Show {Math.min(SHOWN_PER_STEP, filtered.length - shown)} more
            </button>
          )}
        </>
      )}
    </>
  );
}

function CaseListItem({
  row,
  names,
  firstResponseHours,
}: {
  row: Row;
  names: ReadonlyMap<string, string>;
  firstResponseHours: number;
}) {
  const { row: c, opened } = row.listed;
  const view = opened.ok ? opened.view : null;
  const excluded = [...new Set([...c.excluded, ...(view?.excluded ?? [])])];
  const danger = dangerWords(view?.danger ?? null);
  const classes = ['case-card'];
  if (row.urgent) classes.push('case-card--urgent');
  else if (row.privateInfo) classes.push('case-card--private');
  else if (row.pastTarget || row.overdue) classes.push('case-card--late');

  return (
    <li className={classes.join(' ')}>
      <div className="case-card__flags">
        {row.urgent && <span className="flag flag--urgent">{danger ?? 'Urgent'}</span>}
        {row.privateInfo && <span className="flag flag--private">Private information exposed</span>}
        {row.pastTarget && (
          <span className="flag flag--late">No reply yet: past the {firstResponseHours}-hour target</span>
        )}
        {row.overdue && <span className="flag flag--late">Check-in date passed</span>}
      </div>
      <h2 className="case-card__title">
        <Link to={`/team/cases/${c.id}`}>
          {view ? view.summary || 'Report without a summary' : 'This case could not be decrypted'}
        </Link>
      </h2>
      {!opened.ok && (
        <p className="case-card__problem">
          It may have been altered, or was not encrypted for you. Open it to see what the checks found.
        </p>
      )}
      {view && view.kinds.length > 0 && (
        <p className="case-card__kinds">{view.kinds.map(kindWords).join(' · ')}</p>
      )}
      <dl className="case-card__facts">
        <div>
          <dt>Status</dt>
          <dd>{STATUS_WORDS[c.status]}</dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>
            <time dateTime={c.createdAt} title={formatDate(c.createdAt)}>
              {timeAgo(c.createdAt)}
            </time>
          </dd>
        </div>
        <div>
          <dt>Check-in</dt>
          <dd className={row.overdue ? 'overdue' : undefined}>
            {c.checkInBy ? <time dateTime={c.checkInBy}>{formatDate(c.checkInBy)}</time> : 'Not set'}
          </dd>
        </div>
        <div>
          <dt>Assigned to</dt>
          <dd>{c.assignee ? (names.get(c.assignee) ?? 'a former member') : 'Nobody yet'}</dd>
        </div>
      </dl>
      {excluded.length > 0 && (
        <p className="case-card__excluded">
          <strong>Not visible to:</strong>{' '}
          {excluded.map((id) => names.get(id) ?? 'an unknown member').join(', ')}{' '}
          <span className="muted">(do not discuss this case with them)</span>
        </p>
      )}
    </li>
  );
}
