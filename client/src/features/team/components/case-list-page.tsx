import { useDeferredValue, useEffect, useMemo, useState } from 'react';

import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { errorText, formatCount } from '../../../lib/format';
import { useCaseList, type CaseListState } from '../hooks/use-case-list';
import { useMemberNames } from '../hooks/use-member-names';
import { filterCases, NO_FILTERS, triageCases, type CaseFilters } from '../model/case-list';
import { useUnlockedSession } from '../session/use-team-session';
import { CaseCard } from './case-list/case-card';
import { CaseFilterForm } from './case-list/case-filter-form';

/** Cases rendered at first and added by each "Show more": the list itself may hold 10,000. */
const SHOWN_PER_STEP = 50;

/** /team/cases — every case granted to the member, decrypted in this browser, in triage order. */
export function CaseListPage() {
  useDocumentTitle('Cases');
  const { keyring, verifiedTeam, member } = useUnlockedSession();
  const { state, retry } = useCaseList(keyring, verifiedTeam.id);
  const [filters, setFilters] = useState<CaseFilters>(NO_FILTERS);
  const [shown, setShown] = useState(SHOWN_PER_STEP);
  // Typing stays quick over thousands of cases: the list follows the query a moment later.
  const query = useDeferredValue(filters.query);
  const names = useMemberNames(verifiedTeam);

  const rows = useMemo(
    () => (state.status === 'ready' ? triageCases(state.cases, verifiedTeam.firstResponseHours) : []),
    [state, verifiedTeam.firstResponseHours],
  );
  const { status, assignee, kind, lateOnly } = filters;
  const filtered = useMemo(
    () => filterCases(rows, { query, status, assignee, kind, lateOnly }, member.id),
    [rows, query, status, assignee, kind, lateOnly, member.id],
  );

  useEffect(() => setShown(SHOWN_PER_STEP), [query, status, assignee, kind, lateOnly]);

  const others = [...verifiedTeam.roster.active.values()].filter((m) => m.id !== member.id);

  return (
    <>
      <PageHeading>Cases</PageHeading>
      <p className="lead">
        Reports to {verifiedTeam.name}, decrypted in this browser. Urgent cases and exposed private
        information come first.
      </p>

      <CaseFilterForm
        filters={filters}
        onChange={(change) => setFilters((current) => ({ ...current, ...change }))}
        others={others}
      />

      {state.status !== 'ready' && <LoadingOrError state={state} onRetry={retry} />}
      {state.status === 'ready' && (
        <>
          <p className="muted" role="status">
            {state.refreshing && 'Checking for changes… '}
            {filtered.length === rows.length
              ? `${formatCount(rows.length)} ${rows.length === 1 ? 'case' : 'cases'}`
              : `${formatCount(filtered.length)} of ${formatCount(rows.length)} cases match`}
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
                <CaseCard
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

/** How far fetching and decrypting got, or why it stopped. */
function LoadingOrError({
  state,
  onRetry,
}: {
  state: Exclude<CaseListState, { status: 'ready' }>;
  onRetry: () => void;
}) {
  if (state.status === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p className="notice__title">The cases could not be loaded.</p>
        <p>{errorText(state.error, 'The cases could not be decrypted in this browser.')}</p>
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  return (
    <div className="progress-block" role="status">
      <p>
        {state.fetched === 0
          ? 'Fetching cases…'
          : `Decrypting ${formatCount(state.decrypted)} of ${formatCount(state.fetched)}${state.more ? '+' : ''} cases…`}
      </p>
      <progress
        className="progress"
        max={Math.max(state.fetched, 1)}
        value={state.decrypted}
        aria-label="Decrypting cases"
      />
    </div>
  );
}
