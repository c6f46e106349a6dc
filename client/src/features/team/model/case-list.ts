/**
 * The case list's rows: each decrypted case with its triage flags and markers, in triage order
 * (lib/triage.ts); the filters and sort orders a member can narrow and order them with; and how
 * both are written in the page's address, so that reloading, sharing a link or going back keeps
 * them. Pure, so that 10,000 cases can be checked in a unit test without a browser.
 */
import { i18n } from '@lingui/core';
import { CASE_STATUSES, type CaseStatus } from '#contract/enumerations';
import type { CaseMeta, OpenedSummary } from '../../../lib/keyring/types.js';
import {
  compareTriageKeys,
  isCheckInOverdue,
  isFollowUpDue,
  isOpen,
  isPastFirstResponse,
  isReporterAnswered,
  isUnread,
  triagePriority,
} from '../lib/triage.js';
import { kindWords } from './words.js';

/**
 * A case of the member's list: the server's metadata and the summary decrypted from its report
 * (what api/load-cases.ts returns; declared here so that this module needs no API client).
 */
export interface CaseInList {
  readonly row: CaseMeta;
  readonly opened: OpenedSummary;
}

export interface TriagedCase {
  readonly listed: CaseInList;
  /** The case's id (the same string as `listed.row.id`): the list's key and last tie-break. */
  readonly id: string;
  /** Its place in the triage order (lib/triage.ts triagePriority): 0 most pressing. */
  readonly rank: number;
  /** Marked urgent by the server, or a danger named in the report. */
  readonly urgent: boolean;
  readonly privateInfo: boolean;
  /** Still `received` past the team's first-response target. */
  readonly pastTarget: boolean;
  /** Open with its promised check-in date passed. */
  readonly overdue: boolean;
  /** The reporter wrote after the team last wrote to them. */
  readonly reporterAnswered: boolean;
  /** Changed since the signed-in member last opened it. */
  readonly unread: boolean;
  /** Closed, and its follow-up date has come. */
  readonly followUpDue: boolean;
  /** Dates parsed once for sorting; a missing check-in date sorts last. */
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly checkInMs: number;
}

function parsedOr(iso: string | null, fallback: number): number {
  if (iso === null) return fallback;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
}

/**
 * One case with its flags and its triage rank. Dates are parsed here, once per case, never in a
 * comparator: 100,000 cases must sort and merge in milliseconds.
 */
export function triageCase(listed: CaseInList, firstResponseHours: number, now = Date.now()): TriagedCase {
  const { row } = listed;
  const view = listed.opened.ok ? listed.opened.view : null;
  const createdMs = parsedOr(row.createdAt, 0);
  const facts = {
    status: row.status,
    urgent: row.urgent,
    createdAt: row.createdAt,
    checkInBy: row.checkInBy,
    privateInfoExposed: view?.privateInfoExposed ?? false,
    dangerous: view !== null && view.danger !== null && view.danger !== 'none',
  };
  const pastTarget = isPastFirstResponse(facts, firstResponseHours, now);
  const overdue = isCheckInOverdue(facts, now);
  return {
    listed,
    id: row.id,
    rank: triagePriority({ ...facts, late: pastTarget || overdue }),
    urgent: facts.urgent || facts.dangerous,
    privateInfo: facts.privateInfoExposed,
    pastTarget,
    overdue,
    reporterAnswered: isReporterAnswered(row),
    unread: isUnread(row),
    followUpDue: isFollowUpDue(row, now),
    createdMs,
    updatedMs: parsedOr(row.updatedAt, createdMs),
    checkInMs: parsedOr(row.checkInBy, Number.POSITIVE_INFINITY),
  };
}

/** Every case with its flags, urgent and exposed ones first (see compareForTriage). */
export function triageCases(
  cases: readonly CaseInList[],
  firstResponseHours: number,
  now = Date.now(),
): TriagedCase[] {
  return cases.map((listed) => triageCase(listed, firstResponseHours, now)).sort(compareCases('triage'));
}

// ---------------------------------------------------------------------------
// Sorting
// ---------------------------------------------------------------------------

/**
 * `triage` is the list's own order (urgent, exposed, late first); the others are plain orders a
 * member picks to find a case: by arrival, by last activity, by the next promised date, by number.
 */
export const CASE_SORTS = ['triage', 'newest', 'oldest', 'activity', 'check_in', 'number'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export type CaseComparator = (a: TriagedCase, b: TriagedCase) => number;

const byNumber: CaseComparator = (a, b) => a.listed.row.number - b.listed.row.number;
/** The last word of every order: two cases never compare equal, whatever order they arrived in. */
const byId: CaseComparator = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const COMPARATORS: Readonly<Record<CaseSort, CaseComparator>> = {
  triage: (a, b) => compareTriageKeys(a.rank, a, b.rank, b),
  newest: (a, b) => b.createdMs - a.createdMs || byNumber(b, a) || byId(a, b),
  oldest: (a, b) => a.createdMs - b.createdMs || byNumber(a, b) || byId(a, b),
  activity: (a, b) => b.updatedMs - a.updatedMs || byNumber(b, a) || byId(a, b),
  // Soonest first, cases without a date last (Infinity - Infinity is NaN, hence the guard).
  check_in: (a, b) =>
    (a.checkInMs === b.checkInMs ? 0 : a.checkInMs < b.checkInMs ? -1 : 1) || byNumber(a, b) || byId(a, b),
  number: (a, b) => byNumber(a, b) || byId(a, b),
};

/** The comparator of an order: total (ids break every tie), so merging batches gives one result. */
export function compareCases(sort: CaseSort): CaseComparator {
  return COMPARATORS[sort];
}

/** The rows in the chosen order. A new array. */
export function sortCases(rows: readonly TriagedCase[], sort: CaseSort): TriagedCase[] {
  return [...rows].sort(COMPARATORS[sort]);
}

// ---------------------------------------------------------------------------
// Filtering
// ---------------------------------------------------------------------------

/** 'open': the open statuses, and closed cases whose follow-up is due (they need the team again). */
export type StatusFilter = 'open' | 'all' | CaseStatus;

export interface CaseFilters {
  /**
   * Words to find in the decrypted summary, place, names or kinds (any case). Never in the
   * address either: they are words from reports. The page keeps them in the history entry's state,
   * which the browser never sends.
   */
  readonly query: string;
  readonly status: StatusFilter;
  /** 'anyone', 'me', 'nobody', or a member id. */
  readonly assignee: string;
  /** 'any' or a kind code. */
  readonly kind: string;
  /** Only cases past the first-response target, their check-in date, or their follow-up date. */
  readonly lateOnly: boolean;
  /**
   * An account name: only the cases whose blind-index tags name it (docs/protocol.md 12), which the
   * server finds from the tag this browser makes of it; '' for no such filter. Never in the address:
   * a reload or a shared link would send the name to the server.
   */
  readonly account: string;
}

export const NO_FILTERS: CaseFilters = {
  query: '',
  status: 'open',
  assignee: 'anyone',
  kind: 'any',
  lateOnly: false,
  account: '',
};

/** The search as it is matched: trimmed and lowercased, as the summaries' search text is. */
export function searchNeedle(query: string): string {
  return query.trim().toLowerCase();
}

/**
 * A kind's words, lowercased, worked out once per kind rather than once per case and search, in
 * the language of `kindSearchLocale` (the search finds a kind by the words the member reads).
 */
const kindSearchWords = new Map<string, string>();
let kindSearchLocale = '';

/** Forgets the kinds' words of another language: once per matcher, never per case. */
function kindWordsIn(locale: string): void {
  if (locale === kindSearchLocale) return;
  kindSearchWords.clear();
  kindSearchLocale = locale;
}

function kindMatches(code: string, needle: string): boolean {
  let words = kindSearchWords.get(code);
  if (words === undefined) {
    words = kindWords(code).toLowerCase();
    kindSearchWords.set(code, words);
  }
  return words.includes(needle);
}

/**
 * The test `filters` make, for the member `me`: one function for the whole list, made once per
 * change of the filters. `bodyMatches` are cases whose whole report was searched and holds the
 * words (the explicit "Search inside whole reports"): they match the search too. `accountMatches`
 * are the cases the server found carrying the tag of `filters.account` (null while it is asked:
 * then no case matches an account filter).
 */
export function caseMatcher(
  filters: CaseFilters,
  me: string,
  bodyMatches: ReadonlySet<string> | null = null,
  accountMatches: ReadonlySet<string> | null = null,
): (c: TriagedCase) => boolean {
  const needle = searchNeedle(filters.query);
  // "#42" or "42" finds case 42 even when it could not be decrypted.
  const numberAsked = /^#?(\d{1,9})$/.exec(needle);
  const number = numberAsked ? Number(numberAsked[1]) : null;
  const { status, assignee, kind, lateOnly } = filters;
  const byAccount = filters.account.trim() !== '';
  kindWordsIn(i18n.locale);
  return (c) => {
    const { row, opened } = c.listed;
    if (byAccount && accountMatches?.has(row.id) !== true) return false;
    if (status !== 'all') {
      if (status === 'open' ? !(isOpen(row.status) || c.followUpDue) : row.status !== status) return false;
    }
    switch (assignee) {
      case 'anyone':
        break;
      case 'me':
        if (row.assignee !== me) return false;
        break;
      case 'nobody':
        if (row.assignee !== null) return false;
        break;
      default:
        if (row.assignee !== assignee) return false;
    }
    if (lateOnly && !c.overdue && !c.pastTarget && !c.followUpDue) return false;
    if (kind !== 'any' && !(opened.ok && opened.view.kinds.includes(kind))) return false;
    if (needle === '') return true;
    if (number !== null && number === row.number) return true;
    if (bodyMatches?.has(row.id) === true) return true;
    // A case that could not be decrypted has no words to match.
    if (!opened.ok) return false;
    return opened.view.searchText.includes(needle) || opened.view.kinds.some((k) => kindMatches(k, needle));
  };
}

/** The rows `filters` let through, for the member `me`, in the order given. */
export function filterCases(
  rows: readonly TriagedCase[],
  filters: CaseFilters,
  me: string,
  bodyMatches: ReadonlySet<string> | null = null,
  accountMatches: ReadonlySet<string> | null = null,
): TriagedCase[] {
  return rows.filter(caseMatcher(filters, me, bodyMatches, accountMatches));
}

// ---------------------------------------------------------------------------
// In the address
// ---------------------------------------------------------------------------

/**
 * What the list shows: its filters and its order, as kept in the page's address (all but the
 * search and the account, which name what reports say: see CaseFilters).
 */
export interface CaseListView {
  readonly filters: CaseFilters;
  readonly sort: CaseSort;
}

export const DEFAULT_VIEW: CaseListView = { filters: NO_FILTERS, sort: 'triage' };

/** The names in the query string (short, stable: they are in links people share). */
const PARAM = {
  status: 'status',
  assignee: 'assignee',
  kind: 'kind',
  lateOnly: 'overdue',
  sort: 'sort',
} as const;

/** Longest search the search box takes. */
export const MAX_QUERY_LENGTH = 200;
/** Longest account name the filter by account takes (MediaWiki's limit is 85 characters). */
export const MAX_ACCOUNT_LENGTH = 200;

const STATUS_FILTERS: readonly string[] = ['open', 'all', ...CASE_STATUSES];
const MEMBER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KIND_CODE = /^[a-z_]{1,40}$/;

function oneOf<T extends string>(value: string | null, allowed: readonly string[], fallback: T): T {
  return value !== null && allowed.includes(value) ? (value as T) : fallback;
}

/**
 * The view an address asks for. Anything unknown or malformed (an old link, a hand-edited one)
 * falls back to the default of that filter alone, never to an error.
 */
export function caseListViewFromParams(params: URLSearchParams): CaseListView {
  const assignee = params.get(PARAM.assignee);
  const kind = params.get(PARAM.kind);
  const lateOnly = params.get(PARAM.lateOnly);
  return {
    filters: {
      // An old link's `q=` is ignored: the search is never read from, or written to, the address.
      query: '',
      status: oneOf(params.get(PARAM.status), STATUS_FILTERS, NO_FILTERS.status),
      assignee:
        assignee !== null && (['anyone', 'me', 'nobody'].includes(assignee) || MEMBER_ID.test(assignee))
          ? assignee.toLowerCase()
          : NO_FILTERS.assignee,
      kind: kind !== null && KIND_CODE.test(kind) ? kind : NO_FILTERS.kind,
      lateOnly: lateOnly === '1' || lateOnly === 'true',
      account: '',
    },
    sort: oneOf(params.get(PARAM.sort), CASE_SORTS, DEFAULT_VIEW.sort),
  };
}

/** The address's query for a view; defaults are left out, so the plain list has a plain address. */
export function paramsFromCaseListView(view: CaseListView): URLSearchParams {
  const params = new URLSearchParams();
  const { filters, sort } = view;
  if (filters.status !== NO_FILTERS.status) params.set(PARAM.status, filters.status);
  if (filters.assignee !== NO_FILTERS.assignee) params.set(PARAM.assignee, filters.assignee);
  if (filters.kind !== NO_FILTERS.kind) params.set(PARAM.kind, filters.kind);
  if (filters.lateOnly) params.set(PARAM.lateOnly, '1');
  if (sort !== DEFAULT_VIEW.sort) params.set(PARAM.sort, sort);
  return params;
}

/** The list's address for a view: `/team/cases?assignee=…` (for links from elsewhere, the workload). */
export function caseListHref(view: CaseListView): string {
  const query = paramsFromCaseListView(view).toString();
  return query === '' ? '/team/cases' : `/team/cases?${query}`;
}
