import { Trans, useLingui } from '@lingui/react/macro';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';

import { EmptyState, Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { useBackgroundTagging } from '../../hooks/use-background-tagging';
import { useCaseList } from '../../hooks/use-case-list';
import { useMemberNames } from '../../hooks/use-member-names';
import { useAccountMatches } from '../../hooks/use-account-matches';
import { useRetentionSweep } from '../../hooks/use-retention-sweep';
import {
  caseListViewFromParams,
  paramsFromCaseListView,
  searchNeedle,
  type CaseFilters,
  type CaseSort,
} from '../../model/case-list';
import { workloadOf } from '../../model/workload';
import { useUnlockedSession } from '../../session/use-team-session';
import { WorkloadSection } from '../workload/workload-section';
import { BodySearch } from './body-search';
import { AccountFilter } from './account-filter';
import { CaseFilterForm } from './case-filter-form';
import { CaseListStatus } from './case-list-status';
import { CaseVirtualList } from './case-virtual-list';
import { useBodySearch } from './use-body-search';
import { useFirstRowsMark } from './use-first-rows-mark';

/**
 * /team/cases — every case granted to the member, decrypted in this browser, in triage order or
 * the order picked, shown as the cases arrive. The filters and the order live in the address
 * (?status=…&sort=…), so a reload, a shared link and the back button keep them. The search does
 * not: its words come from reports, and a reload would send the address to the server. It lives
 * in the history entry's state, which the back button keeps and the browser never sends.
 */
export function CaseListPage() {
  const { t, i18n } = useLingui();
  useDocumentTitle(t`Cases`);
  const { keyring, verifiedTeam, member, indexEpoch } = useUnlockedSession();
  const { state, retry } = useCaseList(keyring, verifiedTeam.id, verifiedTeam.firstResponseHours);
  const { index, version } = state;
  // Once the whole list is current (not shown from memory, not stopped halfway): the finished
  // cases' retained records.
  const current = !state.loading && state.complete && state.error === null;
  const sweepCases = useMemo(() => (current ? index.cases.map((c) => c.listed) : null), [current, index]);
  useRetentionSweep(keyring, verifiedTeam.slug, sweepCases);
  // Then the blind index: the cases still without tags of the team's index key.
  const tagging = useBackgroundTagging(keyring, verifiedTeam, indexEpoch, current);
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => {
    const asked = caseListViewFromParams(params);
    // A link naming the member themselves (shared by a colleague) is their "Me".
    return asked.filters.assignee === member.id
      ? { ...asked, filters: { ...asked.filters, assignee: 'me' } }
      : asked;
  }, [params, member.id]);
  const { sort } = view;
  const location = useLocation();
  const [typed, setTyped] = useTypedQuery(searchFrom(location.state));
  // The account filter lives in this page only, never in the address (model/case-list.ts).
  const [accountAsked, setAccountAsked] = useState('');
  const filters = useMemo(
    () => ({ ...view.filters, query: typed, account: accountAsked }),
    [view.filters, typed, accountAsked],
  );
  // Typing stays quick over 100,000 cases: the list follows the query a moment later.
  const query = useDeferredValue(typed);
  const names = useMemberNames(verifiedTeam);

  const onChange = useCallback(
    (change: Partial<CaseFilters>) => {
      if (change.query !== undefined) setTyped(change.query);
      if (change.account !== undefined) {
        setAccountAsked(change.account);
        if (Object.keys(change).length === 1) return;
      }
      // Each typed letter replaces the address's entry, so "back" leaves the search rather than
      // stepping back through it letter by letter; a picked filter is an entry of its own.
      const typing = Object.keys(change).every((key) => key === 'query');
      const next = { ...filters, ...change };
      setParams(paramsFromCaseListView({ sort, filters: next }), {
        replace: typing,
        state: searchState(next.query),
      });
    },
    [filters, sort, setParams, setTyped],
  );
  const onSortChange = useCallback(
    (next: CaseSort) =>
      setParams(paramsFromCaseListView({ filters, sort: next }), { state: searchState(filters.query) }),
    [filters, setParams],
  );

  const { status, assignee, kind, lateOnly, account } = filters;
  const needle = searchNeedle(query);
  // The whole-report search belongs to one search over one set of filters; leaving it drops it.
  const bodySearch = useBodySearch(
    keyring,
    verifiedTeam.id,
    JSON.stringify([needle, status, assignee, kind, lateOnly, account, member.id]),
  );
  const { matches: bodyMatches, start: startSearch } = bodySearch;
  const accountFound = useAccountMatches(keyring, verifiedTeam.slug, account);
  const accountMatches = accountFound.status === 'found' ? accountFound.ids : null;
  // `version` changes when the index grew: the view is merged, not filtered again (case-list-index.ts).
  // The language too: the search finds a kind by its words in the page's language.
  const locale = i18n.locale;
  const rows = useMemo(
    () =>
      index.view(
        sort,
        { query, status, assignee, kind, lateOnly, account },
        member.id,
        bodyMatches,
        accountMatches,
      ),
    [
      index,
      version,
      sort,
      query,
      status,
      assignee,
      kind,
      lateOnly,
      account,
      member.id,
      bodyMatches,
      accountMatches,
      locale,
    ],
  );
  // The reports a whole-report search reads: of the cases the filters other than the search let
  // through, most pressing first.
  const otherFilters = useMemo(
    () => ({ query: '', status, assignee, kind, lateOnly, account }),
    [status, assignee, kind, lateOnly, account],
  );
  const startBodySearch = useCallback(
    () =>
      startSearch(
        index.matching(otherFilters, member.id).map((c) => c.id),
        needle,
      ),
    [startSearch, index, otherFilters, member.id, needle],
  );
  // Counted once the list is complete (and when the filters change), not at every batch.
  const searching = needle !== '';
  const settled = !state.loading;
  const inScope = useMemo(
    () => (searching && settled ? index.matching(otherFilters, member.id).length : null),
    [searching, settled, index, otherFilters, member.id],
  );

  const active = useMemo(() => [...verifiedTeam.roster.active.values()], [verifiedTeam]);
  const others = active.filter((m) => m.id !== member.id);
  const workload = useMemo(
    () =>
      workloadOf(
        index.cases.map((c) => c.listed.row),
        active,
      ),
    [index, version, active],
  );

  const firstScreen = index.size >= FIRST_ROWS || !state.loading || state.refreshing;
  const onDrawn = useFirstRowsMark(state.startedAt, firstScreen);
  const notice = noticeFrom(location.state);
  const teamName = verifiedTeam.name;

  return (
    <>
      <PageHeading>
        <Trans>Cases</Trans>
      </PageHeading>
      {notice !== null && (
        <Notice tone="info" title={t`Done`} role="status">
          <p>{notice}</p>
        </Notice>
      )}
      <p className="lead">
        <Trans>
          Reports to <span translate="no">{teamName}</span>, decrypted in this browser. Urgent cases and
          exposed private information come first.
        </Trans>
      </p>

      <WorkloadSection workload={workload} me={member.id} />

      <CaseFilterForm
        filters={filters}
        sort={sort}
        onChange={onChange}
        onSortChange={onSortChange}
        others={others}
      />
      <AccountFilter account={account} found={accountFound} onApply={(name) => onChange({ account: name })} />

      <CaseListStatus state={state} matching={rows.length} onRetry={retry} tagging={tagging} />
      {needle !== '' && (
        <BodySearch
          state={bodySearch.state}
          inScope={inScope}
          onStart={startBodySearch}
          onStop={bodySearch.stop}
        />
      )}
      {index.size === 0 && !state.loading && state.error === null ? (
        <EmptyState title={t`No reports yet`}>
          <p>
            <Trans>
              When someone reports to <span translate="no">{teamName}</span>, the report appears here.
            </Trans>
          </p>
        </EmptyState>
      ) : rows.length === 0 && index.size > 0 && !state.loading ? (
        <EmptyState title={t`No case matches these filters`} />
      ) : (
        <CaseVirtualList
          rows={rows}
          names={names}
          firstResponseHours={verifiedTeam.firstResponseHours}
          onDrawn={onDrawn}
        />
      )}
    </>
  );
}

/** Cases on the first screen that `confide:cases:first-rows` waits for (or all, when fewer). */
const FIRST_ROWS = 50;

/**
 * The search box's text. The router applies history changes in a transition, a moment after each
 * key, so a box bound to the history entry itself would drop letters typed fast: it is bound to
 * this state, which follows the entry only when the entry changed by itself (back, a link).
 */
function useTypedQuery(fromHistory: string): [string, (typed: string) => void] {
  const [typed, setTypedState] = useState(fromHistory);
  // What this page wrote to the address and has not seen come back yet.
  const written = useRef(new Set<string>());
  const setTyped = useCallback((value: string) => {
    written.current.add(value);
    setTypedState(value);
  }, []);
  useEffect(() => {
    if (written.current.has(fromHistory)) {
      written.current.delete(fromHistory);
      return;
    }
    written.current.clear();
    setTypedState(fromHistory);
  }, [fromHistory]);
  return [typed, setTyped];
}

/** The search kept in a history entry's state (never in its address). */
function searchFrom(state: unknown): string {
  if (typeof state !== 'object' || state === null || !('search' in state)) return '';
  return typeof state.search === 'string' ? state.search : '';
}

function searchState(search: string): { search: string } | null {
  return search === '' ? null : { search };
}

/** A message a page handed over when it sent the member here (a recusal, for one). */
function noticeFrom(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return null;
  return typeof state.notice === 'string' ? state.notice : null;
}
