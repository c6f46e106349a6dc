import { useDeferredValue, useEffect, useMemo, useState } from 'react';

import { Button, EmptyState, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { formatCount } from '../../../../lib/format';
import { useCaseList } from '../../hooks/use-case-list';
import { useMemberNames } from '../../hooks/use-member-names';
import { filterCases, NO_FILTERS, triageCases, type CaseFilters } from '../../model/case-list';
import { useUnlockedSession } from '../../session/use-team-session';
import { CardList } from '../card';
import { CaseCard } from './case-card';
import { CaseFilterForm } from './case-filter-form';
import { CaseListProgress } from './case-list-progress';
import './case-list-page.css';

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

      {state.status !== 'ready' && <CaseListProgress state={state} onRetry={retry} />}
      {state.status === 'ready' && (
        <>
          <p className="muted" role="status">
            {state.refreshing && 'Checking for changes… '}
            {filtered.length === rows.length
              ? `${formatCount(rows.length)} ${rows.length === 1 ? 'case' : 'cases'}`
              : `${formatCount(filtered.length)} of ${formatCount(rows.length)} cases match`}
          </p>
          {rows.length === 0 ? (
            <EmptyState title="No reports yet">
              <p>When someone reports to {verifiedTeam.name}, the report appears here.</p>
            </EmptyState>
          ) : filtered.length === 0 ? (
            <EmptyState title="No case matches these filters" />
          ) : (
            <CardList as="ol" className="case-list">
              {filtered.slice(0, shown).map((row) => (
                <CaseCard
                  key={row.listed.row.id}
                  row={row}
                  names={names}
                  firstResponseHours={verifiedTeam.firstResponseHours}
                />
              ))}
            </CardList>
          )}
          {filtered.length > shown && (
            <Button variant="secondary" onClick={() => setShown((n) => n + SHOWN_PER_STEP)}>
              Show {Math.min(SHOWN_PER_STEP, filtered.length - shown)} more
            </Button>
          )}
        </>
      )}
    </>
  );
}
