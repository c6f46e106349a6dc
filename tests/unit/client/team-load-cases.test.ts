// Loading the case list batch by batch (client/src/features/team/api/load-cases.ts), driven by a
// stand-in for Keyring.openCaseList that hands out its cases in chunks as the real one does: each
// case comes once, with its summary or plainly as not opened; what was opened in this session is
// not decrypted again; a list that stops halfway keeps the batches already handed on.
import { afterEach, describe, expect, it } from 'vitest';

import { loadAllCases, type CaseListSource } from '../../../client/src/features/team/api/load-cases.js';
import { summaryCache, type ListedCase } from '../../../client/src/features/team/lib/case-store.js';
import type { CaseMeta, OpenedSummary } from '../../../client/src/lib/keyring/types.js';

function meta(n: number, extra: Partial<CaseMeta> = {}): CaseMeta {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 'received',
    urgent: false,
    createdAt: new Date(Date.UTC(2026, 10, 1) - n * 60_000).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 10, 1) - n * 60_000).toISOString(),
    checkInBy: null,
    assignee: null,
    number: n,
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
    ...extra,
  };
}

function summaryOf(row: CaseMeta, retained = false): OpenedSummary {
  return {
    id: row.id,
    ok: true,
    view: {
      summary: `Case ${row.number}`,
      kinds: [],
      danger: null,
      privateInfoExposed: false,
      involved: [],
      where: '',
      excluded: null,
      searchText: `case ${row.number}`,
      retained: retained ? ({ schema: 'confide/retained/v1' } as never) : null,
    },
  };
}

interface FakeOptions {
  /** Chunk size, as the keyring's SUMMARY_CHUNK. */
  chunk?: number;
  /** Throw after handing out this many chunks (a page that stops halfway). */
  failAfterChunks?: number;
  /** Cases the workers return nothing for. */
  lost?: ReadonlySet<string>;
  /** Opens as a purged case's retained record. */
  purged?: ReadonlySet<string>;
  /** Report no batches: only the result at the end, as a keyring older than onBatch. */
  noBatches?: boolean;
}

/** A keyring's openCaseList over `rows`; counts what it was asked to decrypt. */
function fakeKeyring(rows: readonly CaseMeta[], options: FakeOptions = {}) {
  const calls: { skipped: number; opened: number }[] = [];
  const source: CaseListSource = {
    openCaseList(_team, { skip, onProgress, onBatch }) {
      const size = options.chunk ?? 4;
      const all: OpenedSummary[] = [];
      let opened = 0;
      for (let from = 0, n = 0; from < rows.length; from += size, n++) {
        if (options.failAfterChunks !== undefined && n >= options.failAfterChunks) {
          calls.push({ skipped: skip.size, opened });
          return Promise.reject(
            Object.assign(new Error('The list page could not be read.'), { code: 'bad_reply' }),
          );
        }
        const chunk = rows.slice(from, from + size);
        const batch = chunk
          .filter((r) => !skip.has(r.id) && !(options.lost?.has(r.id) ?? false))
          .map((r) => summaryOf(r, options.purged?.has(r.id) ?? false));
        opened += batch.length;
        all.push(...batch);
        onProgress({
          fetched: Math.min(rows.length, from + size),
          decrypted: from + chunk.length,
          more: true,
        });
        if (options.noBatches !== true) onBatch({ rows: chunk, opened: batch });
      }
      calls.push({ skipped: skip.size, opened });
      return Promise.resolve({ rows: [...rows], opened: all });
    },
  };
  return { source, calls };
}

const signal = new AbortController().signal;
const noProgress = () => undefined;

function numbers(cases: readonly ListedCase[]): number[] {
  return cases.map((c) => c.row.number);
}

describe('loadAllCases', () => {
  afterEach(() => performance.clearMeasures());

  it('hands on every case once, batch by batch, paired with its summary', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => meta(i + 1));
    const { source } = fakeKeyring(rows, { chunk: 4 });
    const batches: number[][] = [];
    const listed = await loadAllCases(source, 'team', {
      signal,
      onProgress: noProgress,
      onCases: (cases) => batches.push(numbers(cases)),
    });
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(numbers(listed)).toEqual(numbers(rows.map((row) => ({ row, opened: summaryOf(row) }))));
    expect(listed.every((c) => c.opened.ok && c.opened.id === c.row.id)).toBe(true);
  });

  it('does not decrypt again what this session opened, and lists it from memory', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => meta(i + 1));
    // The session's cache belongs to the object passed as the keyring: the same one both times.
    const keyring = { ...fakeKeyring(rows).source };
    await loadAllCases(keyring, 't', { signal, onProgress: noProgress });
    const again = fakeKeyring(rows);
    keyring.openCaseList = again.source.openCaseList.bind(again.source);
    const listed = await loadAllCases(keyring, 't', { signal, onProgress: noProgress });
    expect(again.calls).toEqual([{ skipped: 6, opened: 0 }]);
    expect(listed.map((c) => c.opened.ok)).toEqual(Array(6).fill(true));
    expect(summaryCache(keyring).size).toBe(6);
  });

  it('lists a case the workers returned nothing for as not opened, never as a blank row', async () => {
    const rows = [meta(1), meta(2), meta(3)];
    const { source } = fakeKeyring(rows, { lost: new Set([rows[1]!.id]) });
    const listed = await loadAllCases(source, 't', { signal, onProgress: noProgress });
    expect(numbers(listed)).toEqual([1, 2, 3]);
    expect(listed[1]?.opened).toEqual({ id: rows[1]!.id, ok: false, code: 'NOT_OPENED' });
  });

  it('keeps the batches handed on before a page failed, and rejects with the failure', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => meta(i + 1));
    const { source } = fakeKeyring(rows, { chunk: 4, failAfterChunks: 2 });
    const seen: ListedCase[] = [];
    await expect(
      loadAllCases(source, 't', { signal, onProgress: noProgress, onCases: (cases) => seen.push(...cases) }),
    ).rejects.toMatchObject({ code: 'bad_reply' });
    expect(numbers(seen)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(performance.getEntriesByName('confide:cases:load')).toEqual([]);
  });

  it('reads again, once, a case purged since its report was opened in this session', async () => {
    const rows = [meta(1), meta(2), meta(3)];
    const keyring = { ...fakeKeyring(rows).source };
    await loadAllCases(keyring, 't', { signal, onProgress: noProgress });
    // Case 2 was purged meanwhile: what is left of it is its retained record.
    const now = [meta(1), meta(2, { purgedAt: '2026-11-20T00:00:00.000Z', status: 'closed' }), meta(3)];
    const after = fakeKeyring(now, { purged: new Set([now[1]!.id]) });
    keyring.openCaseList = after.source.openCaseList.bind(after.source);
    const batches: number[][] = [];
    const listed = await loadAllCases(keyring, 't', {
      signal,
      onProgress: noProgress,
      onCases: (cases) => batches.push(numbers(cases)),
    });
    expect(batches).toEqual([[1, 3], [2]]);
    expect(numbers(listed)).toEqual([1, 3, 2]);
    const second = listed[2]?.opened;
    expect(second?.ok === true && second.view.retained !== null).toBe(true);
    expect(after.calls).toEqual([
      { skipped: 3, opened: 0 },
      { skipped: 2, opened: 1 },
    ]);
  });

  it('rejects as aborted, and times nothing, when the list is left while it loads', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => meta(i + 1));
    const controller = new AbortController();
    // The keyring ends a left list without an error, returning what it had.
    const source: CaseListSource = {
      openCaseList: (_team, { onBatch }) => {
        onBatch({ rows: rows.slice(0, 4), opened: rows.slice(0, 4).map((r) => summaryOf(r)) });
        controller.abort();
        return Promise.resolve({ rows: rows.slice(0, 4), opened: [] });
      },
    };
    await expect(
      loadAllCases(source, 't', { signal: controller.signal, onProgress: noProgress }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.getEntriesByName('confide:cases:load')).toEqual([]);
  });

  it('lists the whole result of a keyring that reports no batches', async () => {
    const rows = [meta(1), meta(2)];
    const { source } = fakeKeyring(rows, { noBatches: true });
    const batches: number[][] = [];
    const listed = await loadAllCases(source, 't', {
      signal,
      onProgress: noProgress,
      onCases: (cases) => batches.push(numbers(cases)),
    });
    expect(batches).toEqual([[1, 2]]);
    expect(numbers(listed)).toEqual([1, 2]);
  });

  it('leaves confide:cases:load and confide:cases:decrypt with counts only', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => meta(i + 1));
    const { source } = fakeKeyring(rows);
    await loadAllCases(source, 't', { signal, onProgress: noProgress });
    const [load] = performance.getEntriesByName('confide:cases:load') as { detail?: unknown }[];
    expect(load?.detail).toEqual({ cases: 5, decrypted: 5, cached: 0 });
    expect(performance.getEntriesByName('confide:cases:decrypt')).toHaveLength(1);
  });

  it('passes on the total of cases when the keyring reports one, and none otherwise', async () => {
    const rows = [meta(1)];
    const totals: (number | null)[] = [];
    await loadAllCases(fakeKeyring(rows).source, 't', { signal, onProgress: (p) => totals.push(p.total) });
    const counted: CaseListSource = {
      openCaseList: (_team, { onProgress }) => {
        onProgress({ fetched: 1, decrypted: 1, more: false, total: 40 });
        return Promise.resolve({ rows, opened: [summaryOf(rows[0]!)] });
      },
    };
    await loadAllCases(counted, 't', { signal, onProgress: (p) => totals.push(p.total) });
    expect(totals).toEqual([null, 40]);
  });
});
