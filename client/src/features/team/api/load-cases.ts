/**
 * Every case granted to the member, decrypted for the list. The keyring's workers fetch the
 * pages of GET /api/cases and decrypt them on both cores (Keyring.openCaseList); this module
 * keeps what was already opened in this session and pairs metadata with summaries.
 *
 * Leaves two User Timing measures for benchmarks and the browser's performance panel (names
 * and counts only, never content): `confide:cases:decrypt` from the first page handed to the
 * workers to the last case back, and `confide:cases:load` for the whole list. Their `detail`
 * says how many cases there were and how many were decrypted rather than taken from the cache.
 */
import type { Keyring, OpenedSummary } from '../../../lib/keyring/keyring';
import { rememberCaseList, summaryCache, type ListedCase } from '../lib/case-store';

export async function loadAllCases(
  keyring: Keyring,
  team: string,
  options: { signal: AbortSignal; onProgress: (decrypted: number, fetched: number, more: boolean) => void },
): Promise<ListedCase[]> {
  const started = performance.now();
  const cache = summaryCache(keyring);
  let firstPage: number | undefined;
  const open = () =>
    keyring.openCaseList(team, {
      skip: new Set(cache.keys()),
      signal: options.signal,
      onProgress: ({ fetched, decrypted, more }) => {
        firstPage ??= performance.now();
        options.onProgress(decrypted, fetched, more);
      },
    });
  let { rows, opened } = await open();
  for (const o of opened) cache.set(o.id, o);
  // A case purged since its report was opened in this session (docs/protocol.md 10.8): what is
  // remembered is its report, and what is left is its retained record. Rare (the team's purge
  // ran while this session was open), so the list is read once more for those cases alone.
  const purgedSince = rows.filter((row) => row.purgedAt !== null && isReportSummary(cache.get(row.id)));
  if (purgedSince.length > 0 && !options.signal.aborted) {
    for (const row of purgedSince) cache.delete(row.id);
    ({ rows, opened } = await open());
    for (const o of opened) cache.set(o.id, o);
  }
  const listed: ListedCase[] = [];
  for (const row of rows) {
    const o = cache.get(row.id);
    if (o) listed.push({ row, opened: o });
  }
  rememberCaseList(keyring, listed);
  const end = performance.now();
  const detail = { cases: rows.length, decrypted: opened.length, cached: rows.length - opened.length };
  performance.measure('confide:cases:decrypt', { start: firstPage ?? started, end, detail });
  performance.measure('confide:cases:load', { start: started, end, detail });
  return listed;
}

/** A summary opened from a case's report (not from a purged case's retained record). */
function isReportSummary(summary: OpenedSummary | undefined): boolean {
  return summary !== undefined && summary.ok && summary.view.retained === null;
}
