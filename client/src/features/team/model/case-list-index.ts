/**
 * The case list as it grows: the cases that arrived so far, kept in triage order and in the order
 * the member picked, and the rows the current filters let through, each updated batch by batch by
 * merging (sorted-merge.ts) rather than by sorting and filtering 100,000 cases again. Pure, so
 * that batches arriving in any order can be checked against one full sort in a unit test.
 *
 * The arrays it hands out are never changed afterwards: each batch makes new ones, so that a
 * render that started before a batch sees one consistent list.
 */
import { i18n } from '@lingui/core';
import { caseMatcher, compareCases, type CaseFilters, type CaseSort, type TriagedCase } from './case-list.js';
import { mergeSorted } from './sorted-merge.js';

/** The rows of the last filters and order asked for, kept up to date as cases arrive. */
interface View {
  readonly sort: CaseSort;
  readonly key: string;
  readonly me: string;
  readonly bodyMatches: ReadonlySet<string> | null;
  readonly accountMatches: ReadonlySet<string> | null;
  readonly matches: (c: TriagedCase) => boolean;
  rows: readonly TriagedCase[];
}

/**
 * The filters, and the page's language: a search also finds a kind by its words as the member
 * reads them (case-list.ts), so a switch of language filters the list again.
 */
function filtersKey(filters: CaseFilters): string {
  return JSON.stringify([
    i18n.locale,
    filters.query,
    filters.status,
    filters.assignee,
    filters.kind,
    filters.lateOnly,
    filters.account,
  ]);
}

export class CaseListIndex {
  readonly #ids = new Set<string>();
  /** The triage order always, and the order the member picked (one at a time). */
  readonly #orders = new Map<CaseSort, readonly TriagedCase[]>([['triage', []]]);
  #view: View | null = null;

  /** Cases in the list. */
  get size(): number {
    return this.#ids.size;
  }

  /** Every case, in triage order. */
  get cases(): readonly TriagedCase[] {
    return this.#orders.get('triage') ?? [];
  }

  has(caseId: string): boolean {
    return this.#ids.has(caseId);
  }

  /**
   * Adds a batch of cases, in any order. A case already in the list is left as it is (a server
   * that repeats a case must not make two rows of it). Returns how many were new.
   */
  add(batch: readonly TriagedCase[]): number {
    const fresh: TriagedCase[] = [];
    for (const c of batch) {
      if (this.#ids.has(c.id)) continue;
      this.#ids.add(c.id);
      fresh.push(c);
    }
    if (fresh.length === 0) return 0;
    for (const [sort, rows] of this.#orders) {
      const compare = compareCases(sort);
      const sorted = fresh.sort(compare);
      this.#orders.set(sort, mergeSorted(rows, sorted, compare));
      const view = this.#view;
      if (view?.sort === sort) view.rows = mergeSorted(view.rows, sorted.filter(view.matches), compare);
    }
    return fresh.length;
  }

  /** Every case in order `sort`. A new order is sorted once, then kept up to date. */
  ordered(sort: CaseSort): readonly TriagedCase[] {
    const kept = this.#orders.get(sort);
    if (kept) return kept;
    // One picked order at a time beside the triage order: every order kept costs a merge a batch.
    for (const other of this.#orders.keys()) if (other !== 'triage') this.#orders.delete(other);
    // From the triage order, which is mostly newest first already: the sort finds long runs.
    const rows = [...this.cases].sort(compareCases(sort));
    this.#orders.set(sort, rows);
    return rows;
  }

  /**
   * The cases `filters` let through for member `me`, in order `sort`; `bodyMatches` and
   * `accountMatches` as in caseMatcher. The same array until a batch arrives or the arguments change.
   */
  view(
    sort: CaseSort,
    filters: CaseFilters,
    me: string,
    bodyMatches: ReadonlySet<string> | null = null,
    accountMatches: ReadonlySet<string> | null = null,
  ): readonly TriagedCase[] {
    const key = filtersKey(filters);
    const last = this.#view;
    if (
      last?.sort === sort &&
      last.key === key &&
      last.me === me &&
      last.bodyMatches === bodyMatches &&
      last.accountMatches === accountMatches
    ) {
      return last.rows;
    }
    const matches = caseMatcher(filters, me, bodyMatches, accountMatches);
    const rows = this.ordered(sort).filter(matches);
    this.#view = { sort, key, me, bodyMatches, accountMatches, matches, rows };
    return rows;
  }

  /** The cases `filters` let through, in triage order, without keeping them (a one-off question). */
  matching(filters: CaseFilters, me: string): TriagedCase[] {
    return this.cases.filter(caseMatcher(filters, me));
  }

  /** Takes a case out of the list (after a recusal the member may no longer see it). */
  forget(caseId: string): void {
    if (!this.#ids.delete(caseId)) return;
    for (const [sort, rows] of this.#orders) {
      this.#orders.set(
        sort,
        rows.filter((c) => c.id !== caseId),
      );
    }
    if (this.#view) this.#view.rows = this.#view.rows.filter((c) => c.id !== caseId);
  }
}
