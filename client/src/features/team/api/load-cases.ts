/**
 * Every case granted to the member, decrypted for the list. The keyring's workers fetch the
 * pages of GET /api/cases and open each case's summary envelope (Keyring.openCaseList); this
 * module keeps what was already opened in this session, pairs metadata with summaries, and hands
 * the cases on batch by batch as the workers finish them, so that the list can show the first
 * screen long before the last page arrives.
 *
 * Leaves two User Timing measures for benchmarks and the browser's performance panel (names
 * and counts only, never content): `confide:cases:decrypt` from the first page handed to the
 * workers to the last case back, and `confide:cases:load` for the whole list. Their `detail`
 * says how many cases there were, how many were decrypted rather than taken from the cache, and
 * which code computed X25519 (`x25519`: 'webcrypto' or 'libsodium').
 */
// With extensions, and the keyring by the one method used (no import of it: its Workers do not
// exist under Node), so that a unit test can drive this module with a stand-in keyring.
import type { CaseMeta, OpenedSummary } from '../../../lib/keyring/types.js';
import { summaryCache, type ListedCase } from '../lib/case-store.js';

export interface LoadProgress {
  /** Cases whose summary is open (or was already open in this session). */
  readonly decrypted: number;
  /** Cases whose metadata arrived. */
  readonly fetched: number;
  /** Another page of GET /api/cases is to come. */
  readonly more: boolean;
  /** How many cases the list will have, when the keyring says so (null: not known). */
  readonly total: number | null;
}

export interface LoadOptions {
  readonly signal: AbortSignal;
  readonly onProgress: (progress: LoadProgress) => void;
  /**
   * Each batch of cases as soon as its summaries are open, in the order the workers finish
   * them (roughly newest first). Every case of the list comes exactly once, the ones that did
   * not open as `{ ok: false }`.
   */
  readonly onCases?: (cases: ListedCase[]) => void;
}

/** What the keyring says of a batch: the cases of one decrypted chunk, cached ones included. */
interface Batch {
  readonly rows: readonly CaseMeta[];
  readonly opened: readonly OpenedSummary[];
}

/** Keyring.openCaseList, as this module uses it (the Keyring object itself is passed). */
export interface CaseListSource {
  openCaseList(
    team: string,
    options: {
      skip: ReadonlySet<string>;
      signal: AbortSignal;
      /** `total`: the list's size as the server counted it on the first page. */
      onProgress: (progress: { fetched: number; decrypted: number; more: boolean; total?: number }) => void;
      onBatch: (batch: Batch) => void;
    },
  ): Promise<Batch>;
  /** Which code computed X25519 in the workers ('webcrypto' or 'libsodium'), for the measures. */
  x25519Engine?(): Promise<string>;
}

/**
 * Loads the whole list; rejects as soon as a page cannot be fetched or read (the batches handed
 * to `onCases` before then stay valid: the caller shows them as an incomplete list), and with an
 * AbortError when `signal` aborts.
 */
export async function loadAllCases(
  keyring: CaseListSource,
  team: string,
  options: LoadOptions,
): Promise<ListedCase[]> {
  const started = performance.now();
  const cache = summaryCache(keyring);
  const listed: ListedCase[] = [];
  let firstPage: number | undefined;
  let decryptedHere = 0;

  /**
   * Pairs a batch's rows with their summaries and passes them on. `only`: the cases of a second
   * pass (see below); any other case of that pass was handed on already.
   */
  function take(batch: Batch, held: Set<string> | null, only: ReadonlySet<string> | null): void {
    const opened = new Map<string, OpenedSummary>();
    for (const o of batch.opened) {
      opened.set(o.id, o);
      cache.set(o.id, o);
    }
    decryptedHere += batch.opened.length;
    const out: ListedCase[] = [];
    for (const row of batch.rows) {
      if (only !== null && !only.has(row.id)) continue;
      const summary = opened.get(row.id) ?? cache.get(row.id);
      // A case purged since its report was opened in this session (docs/protocol.md 10.8): what
      // is remembered is its report, and what is left is its retained record. Rare (the team's
      // purge ran while this session was open): it waits for a second pass, below.
      if (held !== null && row.purgedAt !== null && !opened.has(row.id) && isReportSummary(summary)) {
        held.add(row.id);
        continue;
      }
      // Never a blank row: a case the workers returned nothing for is listed as not opened.
      out.push({ row, opened: summary ?? { id: row.id, ok: false, code: 'NOT_OPENED' } });
    }
    if (out.length === 0) return;
    for (const c of out) listed.push(c);
    options.onCases?.(out);
  }

  async function pass(held: Set<string> | null, only: ReadonlySet<string> | null): Promise<void> {
    let batches = 0;
    const result = await keyring.openCaseList(team, {
      skip: new Set(cache.keys()),
      signal: options.signal,
      onProgress: ({ fetched, decrypted, more, total }) => {
        firstPage ??= performance.now();
        options.onProgress({ fetched, decrypted, more, total: total ?? null });
      },
      onBatch: (batch) => {
        batches += 1;
        take(batch, held, only);
      },
    });
    // A keyring that did not report batches: the whole list at once.
    if (batches === 0) take(result, held, only);
  }

  // The keyring ends a list left halfway without an error: here it is one, so that nothing takes
  // what arrived for the whole list (nor times it as one).
  const stopIfLeft = () => {
    if (options.signal.aborted)
      throw new DOMException('The case list was left before it loaded', 'AbortError');
  };
  const held = new Set<string>();
  await pass(held, null);
  stopIfLeft();
  if (held.size > 0) {
    for (const id of held) cache.delete(id);
    await pass(null, held);
    stopIfLeft();
  }
  const end = performance.now();
  // Asked after the clock stopped; a keyring that cannot say leaves it out.
  const x25519 = keyring.x25519Engine ? await keyring.x25519Engine().catch(() => null) : null;
  const detail = {
    cases: listed.length,
    decrypted: decryptedHere,
    cached: listed.length - decryptedHere,
    ...(x25519 === null ? {} : { x25519 }),
  };
  performance.measure('confide:cases:decrypt', { start: firstPage ?? started, end, detail });
  performance.measure('confide:cases:load', { start: started, end, detail });
  return listed;
}

/** A summary opened from a case's report (not from a purged case's retained record). */
function isReportSummary(summary: OpenedSummary | undefined): boolean {
  return summary !== undefined && summary.ok && summary.view.retained === null;
}
