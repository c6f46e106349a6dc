import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';

import { Button, EmptyState, Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { formatCount } from '../../../../lib/format';
import { useCaseList } from '../../hooks/use-case-list';
import { useMemberNames } from '../../hooks/use-member-names';
import { useRetentionSweep } from '../../hooks/use-retention-sweep';
import {
  caseListViewFromParams,
  filterCases,
  paramsFromCaseListView,
  sortCases,
  triageCases,
  type CaseFilters,
  type CaseSort,
} from '../../model/case-list';
import { workloadOf } from '../../model/workload';
import { useUnlockedSession } from '../../session/use-team-session';
import { CardList } from '../card';
import { WorkloadSection } from '../workload/workload-section';
import { CaseCard } from './case-card';
import { CaseFilterForm } from './case-filter-form';
import { CaseListProgress } from './case-list-progress';
import './case-list-page.css';

/** Cases rendered at first and added by each "Show more": the list itself may hold 10,000. */
const SHOWN_PER_STEP = 50;

/**
 * /team/cases — every case granted to the member, decrypted in this browser, in triage order or
 * the order picked. The filters and the order live in the address (?status=…&sort=…), so a
 * reload, a shared link and the back button keep them.
 */
export function CaseListPage() {
  useDocumentTitle('Cases');
  const { keyring, verifiedTeam, member } = useUnlockedSession();
  const { state, retry } = useCaseList(keyring, verifiedTeam.id);
  // Once the list is current (not shown from memory): the finished cases' retained records.
  useRetentionSweep(
    keyring,
    verifiedTeam.slug,
    state.status === 'ready' && !state.refreshing ? state.cases : null,
  );
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => {
    const asked = caseListViewFromParams(params);
    // A link naming the member themselves (shared by a colleague) is their "Me".
    return asked.filters.assignee === member.id
      ? { ...asked, filters: { ...asked.filters, assignee: 'me' } }
      : asked;
  }, [params, member.id]);
  const { sort } = view;
  const [typed, setTyped] = useTypedQuery(view.filters.query);
  const filters = useMemo(() => ({ ...view.filters, query: typed }), [view.filters, typed]);
  const [shown, setShown] = useState(SHOWN_PER_STEP);
  // Typing stays quick over thousands of cases: the list follows the query a moment later.
  const query = useDeferredValue(typed);
  const names = useMemberNames(verifiedTeam);

  const onChange = useCallback(
    (change: Partial<CaseFilters>) => {
      if (change.query !== undefined) setTyped(change.query);
      // Each typed letter replaces the address's entry, so "back" leaves the search rather than
      // stepping back through it letter by letter; a picked filter is an entry of its own.
      const typing = Object.keys(change).every((key) => key === 'query');
      setParams(paramsFromCaseListView({ sort, filters: { ...filters, ...change } }), { replace: typing });
    },
    [filters, sort, setParams, setTyped],
  );
  const onSortChange = useCallback(
    (next: CaseSort) => setParams(paramsFromCaseListView({ filters, sort: next })),
    [filters, setParams],
  );

  const rows = useMemo(
    () => (state.status === 'ready' ? triageCases(state.cases, verifiedTeam.firstResponseHours) : []),
    [state, verifiedTeam.firstResponseHours],
  );
  const { status, assignee, kind, lateOnly } = filters;
  const filtered = useMemo(
    () => sortCases(filterCases(rows, { query, status, assignee, kind, lateOnly }, member.id), sort),
    [rows, query, status, assignee, kind, lateOnly, sort, member.id],
  );

  useEffect(() => setShown(SHOWN_PER_STEP), [query, status, assignee, kind, lateOnly, sort]);

  const active = useMemo(() => [...verifiedTeam.roster.active.values()], [verifiedTeam]);
  const others = active.filter((m) => m.id !== member.id);
  const workload = useMemo(
    () =>
      state.status === 'ready'
        ? workloadOf(
            state.cases.map((c) => c.row),
            active,
          )
        : null,
    [state, active],
  );

  const notice = noticeFrom(useLocation().state);

  return (
    <>
      <PageHeading>Cases</PageHeading>
      {notice !== null && (
        <Notice tone="info" title="Done" role="status">
          <p>{notice}</p>
        </Notice>
      )}
      <p className="lead">
        Reports to {verifiedTeam.name}, decrypted in this browser. Urgent cases and exposed private
        information come first.
      </p>

      {workload !== null && <WorkloadSection workload={workload} me={member.id} />}

      <CaseFilterForm
        filters={filters}
        sort={sort}
        onChange={onChange}
        onSortChange={onSortChange}
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

/**
 * The search box's text. The router applies address changes in a transition, a moment after each
 * key, so a box bound to the address itself would drop letters typed fast: it is bound to this
 * state, which follows the address only when the address changed by itself (back, a link).
 */
function useTypedQuery(fromAddress: string): [string, (typed: string) => void] {
  const [typed, setTypedState] = useState(fromAddress);
  // What this page wrote to the address and has not seen come back yet.
  const written = useRef(new Set<string>());
  const setTyped = useCallback((value: string) => {
    written.current.add(value);
    setTypedState(value);
  }, []);
  useEffect(() => {
    if (written.current.has(fromAddress)) {
      written.current.delete(fromAddress);
      return;
    }
    written.current.clear();
    setTypedState(fromAddress);
  }, [fromAddress]);
  return [typed, setTyped];
}

/** A message a page handed over when it sent the member here (a recusal, for one). */
function noticeFrom(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return null;
  return typeof state.notice === 'string' ? state.notice : null;
}
