/**
 * Every case granted to the member, decrypted for the list: pages of GET /api/cases are
 * fetched one after another while the previous page decrypts in the keyring workers.
 */
import type { Keyring, OpenedSummary } from '../../../lib/keyring/keyring';
import { summaryCache } from '../lib/case-store';
import { getCasePage, type CaseRow } from './cases';

export interface ListedCase {
  readonly row: CaseRow;
  readonly opened: OpenedSummary;
}

export async function loadAllCases(
  keyring: Keyring,
  team: string,
  options: { signal: AbortSignal; onProgress: (decrypted: number, fetched: number, more: boolean) => void },
): Promise<ListedCase[]> {
  const cache = summaryCache(keyring);
  const listed: ListedCase[] = [];
  const decrypting: Promise<void>[] = [];
  let fetched = 0;
  let decrypted = 0;
  let cursor: string | null = null;
  do {
    const page = await getCasePage(cursor, { signal: options.signal });
    cursor = page.next;
    fetched += page.cases.length;
    const fresh = page.cases.filter((c) => !cache.has(c.id));
    decrypted += page.cases.length - fresh.length;
    options.onProgress(decrypted, fetched, cursor !== null);
    const pageRows = page.cases;
    decrypting.push(
      (async () => {
        let before = 0;
        const opened = await keyring.openCaseSummaries(
          team,
          fresh.map((c) => ({ id: c.id, payload: c.payload, grant: c.grant })),
          ({ done }) => {
            decrypted += done - before;
            before = done;
            options.onProgress(decrypted, fetched, cursor !== null);
          },
        );
        for (const o of opened) cache.set(o.id, o);
        for (const row of pageRows) {
          const o = cache.get(row.id);
          if (o) listed.push({ row, opened: o });
        }
      })(),
    );
  } while (cursor !== null && !options.signal.aborted);
  await Promise.all(decrypting);
  return listed;
}
