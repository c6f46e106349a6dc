/**
 * The case list, fetched and read inside the keyring workers (each fetches a page in turn): a
 * page of GET /api/cases is a thousand summary envelopes (a megabyte of JSON, more for cases
 * written before summaries, listed from their whole body), and parsing it, copying it to a worker
 * and decrypting it there would keep the page's own thread busy. Here the page only ever receives
 * each case's plaintext metadata and its decrypted summary.
 *
 * A fetched page waits in the worker until its chunks have been opened.
 */
import type { BoxKeyPair, SealedBoxOpener } from '#crypto';
import { CaseBoundaries, CaseList } from '#contract/cases';
import { api } from '../api-client';
import { decodeListWith, decodeWith } from '../decode';
import { caseMeta } from './case-meta';
import { openPageEntries, pageEntryOf, type PageEntry } from './page-entries';
import type { CaseMeta, OpenedSummary } from './types';

/**
 * A page of GET /api/cases, split into what the page may see and what stays in this worker.
 * Its 1,000 cases are checked by decodeListWith's compiled guard: Value at every case would
 * add some 17 ms of CPU a page to the fetch that the next page waits for.
 */
const decodePage = decodeListWith(CaseList, 'cases', (reply) => {
  const rows: CaseMeta[] = [];
  const sealed: PageEntry[] = [];
  for (const c of reply.cases) {
    rows.push(caseMeta(c));
    sealed.push(pageEntryOf(c));
  }
  return { rows, sealed, next: reply.next, total: reply.total ?? null };
});

let nextPageId = 1;
const pages = new Map<number, PageEntry[]>();

/**
 * GET /api/cases (one page) with this session's cookie; keeps the ciphertext here. `until`: the
 * last case of the range asked for (a boundary of fetchCaseBoundaries).
 */
export async function fetchCasePage(
  cursor: string | null,
  until: string | null,
  limit: number,
): Promise<{ pageId: number; next: string | null; rows: CaseMeta[]; total: number | null }> {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor !== null) query.set('cursor', cursor);
  if (until !== null) query.set('until', until);
  const page = await api.get(`/cases?${query.toString()}`, decodePage);
  const pageId = nextPageId++;
  pages.set(pageId, page.sealed);
  return { pageId, next: page.next, rows: page.rows, total: page.total };
}

const decodeBoundaries = decodeWith(CaseBoundaries);

/** GET /api/cases/boundaries: where the list can be cut into ranges of `every` cases. */
export function fetchCaseBoundaries(every: number): Promise<CaseBoundaries> {
  return api.get(`/cases/boundaries?every=${every}`, decodeBoundaries);
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
  opener: SealedBoxOpener,
): Promise<OpenedSummary[]> {
  const sealed = pages.get(pageId);
  if (!sealed)
    return Promise.reject(Object.assign(new Error('That page of cases is gone'), { code: 'NO_PAGE' }));
  if (to >= sealed.length) pages.delete(pageId);
  const skipped = new Set(skip);
  return openPageEntries(
    team,
    sealed.slice(from, to).filter((c) => !skipped.has(c.id)),
    recipient,
    opener,
  );
}

/** Drops fetched pages that will not be opened (the list was left before it finished). */
export function dropPages(): void {
  pages.clear();
}
