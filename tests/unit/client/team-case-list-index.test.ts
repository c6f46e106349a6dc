// The case list as it grows batch by batch (client/src/features/team/model/case-list-index.ts,
// sorted-merge.ts): whatever order the batches arrive in, the list is the one a full sort gives,
// the triage order is stable, and filters over a partial list give what filtering it whole gives.
import { describe, expect, it } from 'vitest';

import { CaseListIndex } from '../../../client/src/features/team/model/case-list-index.js';
import {
  CASE_SORTS,
  caseMatcher,
  compareCases,
  filterCases,
  NO_FILTERS,
  sortCases,
  triageCase,
  triageCases,
  type CaseFilters,
  type CaseInList,
  type TriagedCase,
} from '../../../client/src/features/team/model/case-list.js';
import { insertionPoint, mergeSorted } from '../../../client/src/features/team/model/sorted-merge.js';
import { estimateCardHeight } from '../../../client/src/features/team/components/case-list/card-height.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3600_000;
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();
const ME = 'a7d1c1e0-0000-4000-8000-000000000001';
const BEN = 'a7d1c1e0-0000-4000-8000-000000000002';

/** A small deterministic generator: the same "random" cases on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const STATUSES = ['received', 'acknowledged', 'investigating', 'closed', 'referred'] as const;

/** `count` cases, newest first as the server sends them, with every kind of flag among them. */
function manyCases(count: number, seed = 1): CaseInList[] {
  const random = generator(seed);
  const cases: CaseInList[] = [];
  for (let n = count; n >= 1; n--) {
    const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    // Some share a creation time to the millisecond: the id must break the tie.
    const createdAt = at(n % 7 === 0 ? 500 : n / 10);
    const roll = random();
    const opened: CaseInList['opened'] =
      roll < 0.05
        ? { id, ok: false, code: 'TAMPERED' }
        : {
            id,
            ok: true,
            view: {
              summary: `Report ${n}`,
              kinds: n % 3 === 0 ? ['doxing'] : ['threat'],
              danger: roll < 0.1 ? 'life' : 'none',
              privateInfoExposed: roll > 0.9,
              involved: [{ name: `Account${n % 13}`, role: 'alleged_harasser' }],
              where: 'a wiki',
              excluded: null,
              searchText: `report ${n} a wiki account${n % 13}`,
              retained: null,
            },
          };
    cases.push({
      row: {
        id,
        number: n,
        status: STATUSES[Math.floor(random() * STATUSES.length)] ?? 'received',
        urgent: random() < 0.03,
        createdAt,
        updatedAt: at(random() * 100),
        checkInBy: random() < 0.2 ? at(random() * 50 - 25) : null,
        assignee: random() < 0.3 ? ME : random() < 0.5 ? BEN : null,
        followUpBy: null,
        reporterRepliedAt: null,
        teamRepliedAt: null,
        readAt: null,
        excluded: [],
        finishedAt: null,
        retained: null,
        purgeAfter: null,
        purgedAt: null,
        appealOf: null,
      },
      opened,
    });
  }
  return cases;
}

/** The cases cut into batches of random sizes, the batches in a shuffled order. */
function shuffledBatches<T>(items: readonly T[], seed: number): T[][] {
  const random = generator(seed);
  const batches: T[][] = [];
  for (let from = 0; from < items.length;) {
    const size = 1 + Math.floor(random() * 60);
    batches.push(items.slice(from, from + size));
    from += size;
  }
  for (let i = batches.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [batches[i], batches[j]] = [batches[j]!, batches[i]!];
  }
  return batches;
}

const ids = (rows: readonly TriagedCase[]) => rows.map((r) => r.id);
const triaged = (cases: readonly CaseInList[]) => cases.map((c) => triageCase(c, 72, NOW));

describe('mergeSorted', () => {
  const byValue = (a: number, b: number) => a - b;

  it('merges a sorted batch into a sorted list, wherever it falls', () => {
    expect(mergeSorted([1, 3, 5, 7], [0, 4, 8], byValue)).toEqual([0, 1, 3, 4, 5, 7, 8]);
    expect(mergeSorted([1, 3], [5, 6], byValue)).toEqual([1, 3, 5, 6]);
    expect(mergeSorted([], [2, 4], byValue)).toEqual([2, 4]);
    expect(mergeSorted([2, 4], [], byValue)).toEqual([2, 4]);
  });

  it('leaves its inputs as they were', () => {
    const list = [1, 5];
    const batch = [3];
    const merged = mergeSorted(list, batch, byValue);
    expect(merged).not.toBe(list);
    expect(list).toEqual([1, 5]);
    expect(batch).toEqual([3]);
  });

  it('finds where an item goes: after the items that come before or equal it', () => {
    expect(insertionPoint([1, 3, 3, 5], 3, byValue)).toBe(3);
    expect(insertionPoint([1, 3, 5], 0, byValue)).toBe(0);
    expect(insertionPoint([1, 3, 5], 9, byValue)).toBe(3);
  });
});

describe('CaseListIndex', () => {
  const cases = manyCases(1200);
  const whole = triageCases(cases, 72, NOW);

  it('lists batches arriving in any order exactly as triaging the whole list at once', () => {
    for (const seed of [1, 2, 3]) {
      const index = new CaseListIndex();
      for (const batch of shuffledBatches(triaged(cases), seed)) index.add(batch);
      expect(index.size).toBe(cases.length);
      expect(ids(index.cases)).toEqual(ids(whole));
    }
  });

  it('keeps the triage order stable: ties on rank and time are broken by id, not by arrival', () => {
    const a = triaged(cases);
    const b = [...triaged(cases)].reverse();
    expect(ids([...a].sort(compareCases('triage')))).toEqual(ids([...b].sort(compareCases('triage'))));
    // Cases created at the same millisecond are among them.
    const times = new Set(whole.map((c) => c.createdMs));
    expect(times.size).toBeLessThan(whole.length);
  });

  it('puts urgent and exposed cases first, then late ones, newest first within each', () => {
    const ranks = whole.map((c) => c.rank);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    const firstOpen = whole.filter((c) => c.rank === 3);
    const times = firstOpen.map((c) => c.createdMs);
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('keeps every order picked up to date as batches arrive', () => {
    for (const sort of CASE_SORTS) {
      const index = new CaseListIndex();
      const batches = shuffledBatches(triaged(cases), 7);
      const half = Math.floor(batches.length / 2);
      for (const batch of batches.slice(0, half)) index.add(batch);
      index.ordered(sort);
      for (const batch of batches.slice(half)) index.add(batch);
      expect(ids(index.ordered(sort))).toEqual(ids(sortCases(whole, sort)));
    }
  });

  it('filters a partial list as filtering it whole would, and keeps up as the rest arrives', () => {
    const filters: CaseFilters[] = [
      NO_FILTERS,
      { ...NO_FILTERS, status: 'all' },
      { ...NO_FILTERS, query: 'account7' },
      { ...NO_FILTERS, status: 'all', assignee: 'me', kind: 'doxing' },
      { ...NO_FILTERS, status: 'all', lateOnly: true },
      { ...NO_FILTERS, status: 'closed', query: '#42' },
    ];
    for (const f of filters) {
      for (const sort of ['triage', 'newest', 'check_in'] as const) {
        const index = new CaseListIndex();
        const batches = shuffledBatches(triaged(cases), 11);
        const arrived: TriagedCase[] = [];
        for (const [n, batch] of batches.entries()) {
          index.add(batch);
          arrived.push(...batch);
          if (n % 5 === 0 || n === batches.length - 1) {
            const expected = filterCases(sortCases(arrived, sort), f, ME);
            expect(ids(index.view(sort, f, ME))).toEqual(ids(expected));
          }
        }
      }
    }
  });

  it('gives the same rows again until a batch arrives or the filters change', () => {
    const index = new CaseListIndex();
    const [first, second] = shuffledBatches(triaged(cases), 3);
    index.add(first!);
    const rows = index.view('triage', NO_FILTERS, ME);
    expect(index.view('triage', { ...NO_FILTERS }, ME)).toBe(rows);
    index.add(second!);
    expect(index.view('triage', NO_FILTERS, ME)).not.toBe(rows);
    expect(index.view('triage', NO_FILTERS, ME)).not.toBe(index.view('newest', NO_FILTERS, ME));
  });

  it('makes one row of a case the server sent twice', () => {
    const index = new CaseListIndex();
    const rows = triaged(cases.slice(0, 10));
    expect(index.add(rows)).toBe(10);
    expect(index.add([...rows.slice(0, 3), ...rows.slice(0, 3)])).toBe(0);
    expect(index.size).toBe(10);
    expect(new Set(ids(index.cases)).size).toBe(10);
  });

  it('counts cases found inside their whole report as matches, the other filters still applying', () => {
    const index = new CaseListIndex();
    index.add(triaged(cases));
    const query = { ...NO_FILTERS, status: 'all' as const, query: 'only in the body' };
    expect(index.view('triage', query, ME)).toEqual([]);
    const mine = whole.find((c) => c.listed.row.assignee === ME)!;
    const bens = whole.find((c) => c.listed.row.assignee === BEN)!;
    const found = new Set([mine.id, bens.id]);
    expect(ids(index.view('triage', query, ME, found)).sort()).toEqual([mine.id, bens.id].sort());
    expect(ids(index.view('triage', { ...query, assignee: 'me' }, ME, found))).toEqual([mine.id]);
  });

  it('answers a one-off question without changing the rows it keeps', () => {
    const index = new CaseListIndex();
    index.add(triaged(cases));
    const rows = index.view('newest', { ...NO_FILTERS, query: 'account3' }, ME);
    const open = index.matching(NO_FILTERS, ME);
    expect(ids(open)).toEqual(ids(filterCases(whole, NO_FILTERS, ME)));
    expect(index.view('newest', { ...NO_FILTERS, query: 'account3' }, ME)).toBe(rows);
  });

  it('forgets a case (a recusal) in every order and in the rows shown', () => {
    const index = new CaseListIndex();
    index.add(triaged(cases));
    index.ordered('number');
    const gone = whole[5]!.id;
    index.view('number', { ...NO_FILTERS, status: 'all' }, ME);
    index.forget(gone);
    expect(index.size).toBe(cases.length - 1);
    expect(index.has(gone)).toBe(false);
    expect(ids(index.cases)).not.toContain(gone);
    expect(ids(index.ordered('number'))).not.toContain(gone);
    expect(ids(index.view('number', { ...NO_FILTERS, status: 'all' }, ME))).not.toContain(gone);
  });

  it('grows to 100,000 cases, 2,000 at a time (what arrives between two showings), by merging', () => {
    const big = triaged(manyCases(100_000, 5));
    const index = new CaseListIndex();
    index.view('triage', NO_FILTERS, ME);
    let slowest = 0;
    const steps: number[] = [];
    for (let from = 0; from < big.length; from += 2000) {
      const started = performance.now();
      index.add(big.slice(from, from + 2000));
      index.view('triage', NO_FILTERS, ME);
      slowest = Math.max(slowest, performance.now() - started);
      steps.push(performance.now() - started);
    }
    expect(index.size).toBe(100_000);
    expect(ids(index.view('triage', NO_FILTERS, ME))).toEqual(
      ids(filterCases(triageCases(manyCases(100_000, 5), 72, NOW), NO_FILTERS, ME)),
    );
    // Reported, not asserted (a time): the bench measures the page's long tasks.
    steps.sort((a, b) => a - b);
    console.log(
      `merge and filter 2,000 cases into up to 100,000: median ${steps[steps.length >> 1]!.toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms`,
    );
  });
});

describe('caseMatcher', () => {
  const [plain, broken] = triaged([
    manyCases(40)[0]!,
    { ...manyCases(40)[1]!, opened: { id: 'x', ok: false, code: 'TAMPERED' } },
  ]);

  it('finds a case by its number even when its summary did not open', () => {
    const number = broken!.listed.row.number;
    const all = { ...NO_FILTERS, status: 'all' as const };
    expect(caseMatcher({ ...all, query: `#${number}` }, ME)(broken!)).toBe(true);
    expect(caseMatcher({ ...all, query: 'report' }, ME)(broken!)).toBe(false);
    expect(caseMatcher({ ...all, query: ' REPORT ' }, ME)(plain!)).toBe(true);
  });
});

describe('estimateCardHeight', () => {
  it('reserves more for a card with flags, kinds, a problem or exclusions than for a plain one', () => {
    const c = manyCases(1)[0]!;
    const view = c.opened.ok ? c.opened.view : null;
    const plain = triageCase(
      {
        ...c,
        opened: {
          id: c.row.id,
          ok: true,
          view: { ...view!, kinds: [], danger: 'none', privateInfoExposed: false },
        },
      },
      72,
      NOW,
    );
    const withKinds = triageCase(
      {
        ...c,
        opened: {
          id: c.row.id,
          ok: true,
          view: { ...view!, kinds: ['threat'], danger: 'none', privateInfoExposed: false },
        },
      },
      72,
      NOW,
    );
    const broken = triageCase({ ...c, opened: { id: c.row.id, ok: false, code: 'TAMPERED' } }, 72, NOW);
    const excluded = triageCase({ ...c, row: { ...c.row, excluded: [BEN] } }, 72, NOW);
    const base = estimateCardHeight(plain, false);
    expect(estimateCardHeight({ ...plain, urgent: true }, false)).toBeGreaterThan(base);
    // On a phone the title and facts wrap: more for the same card.
    expect(estimateCardHeight(plain, true)).toBeGreaterThan(base);
    expect(estimateCardHeight(withKinds, false)).toBeGreaterThan(base);
    expect(estimateCardHeight(broken, false)).toBeGreaterThan(base);
    expect(estimateCardHeight(excluded, false)).toBeGreaterThan(base);
  });
});
