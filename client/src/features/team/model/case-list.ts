/**
 * The case list's rows: each decrypted case with its triage flags, in triage order
 * (lib/triage.ts), and the filters a member can narrow them with. Pure, so that 10,000 cases
 * can be checked in a unit test without a browser.
 */
import type { CaseStatus } from '#contract/enumerations';
import type { CaseMeta, OpenedSummary } from '../../../lib/keyring/types.js';
import { compareForTriage, isCheckInOverdue, isOpen, isPastFirstResponse } from '../lib/triage.js';
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
  /** Marked urgent by the server, or a danger named in the report. */
  readonly urgent: boolean;
  readonly privateInfo: boolean;
  readonly pastTarget: boolean;
  readonly overdue: boolean;
}

/** Every case with its flags, urgent and exposed ones first (see compareForTriage). */
export function triageCases(
  cases: readonly CaseInList[],
  firstResponseHours: number,
  now = Date.now(),
): TriagedCase[] {
  // Dates parsed once here, not in the comparator: 10,000 cases sort in a few milliseconds.
  return cases
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
      const pastTarget = isPastFirstResponse(facts, firstResponseHours, now);
      const overdue = isCheckInOverdue(facts, now);
      return {
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
}

export type StatusFilter = 'open' | 'all' | CaseStatus;

export interface CaseFilters {
  /** Words to find in the decrypted summary, place, names or kinds (any case). */
  readonly query: string;
  readonly status: StatusFilter;
  /** 'anyone', 'me', 'nobody', or a member id. */
  readonly assignee: string;
  /** 'any' or a kind code. */
  readonly kind: string;
  /** Only cases past the first-response target or their check-in date. */
  readonly lateOnly: boolean;
}

export const NO_FILTERS: CaseFilters = {
  query: '',
  status: 'open',
  assignee: 'anyone',
  kind: 'any',
  lateOnly: false,
};

/** The rows `filters` let through, for the member `me`, in the order given. */
export function filterCases(rows: readonly TriagedCase[], filters: CaseFilters, me: string): TriagedCase[] {
  const needle = filters.query.trim().toLowerCase();
  return rows.filter(({ listed, overdue, pastTarget }) => {
    const { row, opened } = listed;
    if (
      filters.status === 'open'
        ? !isOpen(row.status)
        : filters.status !== 'all' && row.status !== filters.status
    )
      return false;
    switch (filters.assignee) {
      case 'anyone':
        break;
      case 'me':
        if (row.assignee !== me) return false;
        break;
      case 'nobody':
        if (row.assignee !== null) return false;
        break;
      default:
        if (row.assignee !== filters.assignee) return false;
    }
    if (filters.lateOnly && !overdue && !pastTarget) return false;
    if (filters.kind !== 'any' && !(opened.ok && opened.view.kinds.includes(filters.kind))) return false;
    if (needle !== '') {
      // A case that could not be decrypted has no words to match.
      if (!opened.ok) return false;
      const kinds = opened.view.kinds.map((k) => kindWords(k).toLowerCase()).join(' ');
      if (!opened.view.searchText.includes(needle) && !kinds.includes(needle)) return false;
    }
    return true;
  });
}
