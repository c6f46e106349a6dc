/**
 * The case list, fetched and read inside the keyring workers (both of them, a page each):
 * a page of GET /api/cases is megabytes of ciphertext, and parsing it, copying it to a worker
 * and decrypting it there would keep the page's own thread busy for seconds. Here the page
 * only ever receives each case's plaintext metadata and its decrypted summary.
 *
 * A fetched page waits in the worker until its chunks have been opened.
 */
import type { BoxKeyPair } from '#crypto';
import { api } from '../api-client';
import { array, boolean, record, string } from '../decode';
import { openSummaries } from './case-crypto';
import type { CaseMeta, OpenedSummary, SealedSummaryInput } from './types';

const STATUSES = new Set([
  'received',
  'acknowledged',
  'investigating',
  'awaiting_reporter',
  'referred',
  'closed',
  'withdrawn',
]);

function nullableString(value: unknown, where: string): string | null {
  return value === null ? null : string(value, where);
}

function decodePage(data: unknown): { rows: CaseMeta[]; sealed: SealedSummaryInput[]; next: string | null } {
  const reply = record(data, 'reply');
  const rows: CaseMeta[] = [];
  const sealed: SealedSummaryInput[] = [];
  for (const [i, item] of array(reply.cases, 'cases').entries()) {
    const c = record(item, `cases[${i}]`);
    const status = string(c.status, 'status');
    if (!STATUSES.has(status)) throw new Error(`cases[${i}].status: unknown`);
    const payload = record(c.payload, 'payload');
    const id = string(c.id, 'id');
    rows.push({
      id,
      status: status as CaseMeta['status'],
      urgent: boolean(c.urgent, 'urgent'),
      createdAt: string(c.created_at, 'created_at'),
      updatedAt: string(c.updated_at, 'updated_at'),
      checkInBy: nullableString(c.check_in_by, 'check_in_by'),
      assignee: nullableString(c.assignee, 'assignee'),
      excluded: array(c.excluded, 'excluded').map((x) => string(x, 'excluded[]')),
    });
    sealed.push({
      id,
      payload: { v: 1, n: string(payload.n, 'payload.n'), c: string(payload.c, 'payload.c') },
      grant: string(c.grant, 'grant'),
    });
  }
  return { rows, sealed, next: reply.next === null ? null : string(reply.next, 'next') };
}

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
