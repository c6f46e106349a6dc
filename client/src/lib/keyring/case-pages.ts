/**
 * The case list, fetched and read inside the keyring workers (both of them, a page each):
 * a page of GET /api/cases is megabytes of ciphertext, and parsing it, copying it to a worker
 * and decrypting it there would keep the page's own thread busy for seconds. Here the page
 * only ever receives each case's plaintext metadata and its decrypted summary.
 *
 * A fetched page waits in the worker until its chunks have been opened.
 */
import type { BoxKeyPair } from '#crypto';
import { CaseList } from '#contract/cases';
import { api } from '../api-client';
import { decodeListWith } from '../decode';
import { openSummaries } from './case-crypto';
import { caseMeta } from './case-meta';
import type { CaseMeta, OpenedSummary, SealedSummaryInput } from './types';

/**
 * A page of GET /api/cases, split into what the page may see and what stays in this worker.
 * Its 1,000 cases are checked by decodeListWith's compiled guard: Value at every case would
 * add some 17 ms of CPU a page to the fetch that the next page waits for.
 */
const decodePage = decodeListWith(CaseList, 'cases', (reply) => {
  const rows: CaseMeta[] = [];
  const sealed: SealedSummaryInput[] = [];
  for (const c of reply.cases) {
    rows.push(caseMeta(c));
    // As before: n and c, read as version 1, the only version there is. A wrong version here
    // must not cost the whole page, as a wrong shape does.
    if (c.payload !== null && c.grant !== null) {
      sealed.push({ id: c.id, payload: { v: 1, n: c.payload.n, c: c.payload.c }, grant: c.grant });
    } else {
      // Purged (docs/protocol.md 10.8): the report is gone; the retained record is what is left.
      const r = c.retained_item;
      sealed.push({
        id: c.id,
        purged: true,
        number: c.number,
        retained: r && { ...r, payload: { v: 1, n: r.payload.n, c: r.payload.c } },
      });
    }
  }
  return { rows, sealed, next: reply.next };
});

let nextPageId = 1;
const pages = new Map<number, SealedSummaryInput[]>();

/** GET /api/cases (one page) with this session's cookie; keeps the ciphertext here. */
export async function fetchCasePage(
  cursor: string | null,
  limit: number,
): Promise<{ pageId: number; next: string | null; rows: CaseMeta[] }> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  const page = await api.get(`/cases?${query.toString()}`, decodePage);
  const pageId = nextPageId++;
  pages.set(pageId, page.sealed);
  return { pageId, next: page.next, rows: page.rows };
}

/**
 * Decrypts cases `from`..`to` of a fetched page, except those in `skip` (already open in this
 * session). The page is forgotten once its last chunk has been asked for.
 */
export function openPageChunk(
  team: string,
  pageId: number,
  from: number,
  to: number,
  skip: readonly string[],
  recipient: BoxKeyPair,
): OpenedSummary[] {
  const sealed = pages.get(pageId);
  if (!sealed) throw Object.assign(new Error('That page of cases is gone'), { code: 'NO_PAGE' });
  if (to >= sealed.length) pages.delete(pageId);
  const skipped = new Set(skip);
  return openSummaries(
    team,
    sealed.slice(from, to).filter((c) => !skipped.has(c.id)),
    recipient,
  );
}

/** Drops fetched pages that will not be opened (the list was left before it finished). */
export function dropPages(): void {
  pages.clear();
}
