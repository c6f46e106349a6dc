/**
 * Encrypted files: stored in 1 MiB rows as they arrive and streamed back the same way, so a
 * large file never sits whole in the server's memory. The bytes are secretstream ciphertext;
 * the server knows only their size.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError, badRequest } from '../errors.js';
import type { Db } from '../repositories/audit.js';

export const STORED_CHUNK_BYTES = 1024 * 1024;
/** An empty file is a 24-byte header and one 17-byte FINAL chunk. */
export const MIN_ATTACHMENT_BYTES = 41;
/** Uploaded attachments must be bound to a report or item within this time, or they are deleted. */
export const UNBOUND_TTL_HOURS = 24;

export async function storeAttachment(
  db: Kysely<DB>,
  id: string,
  body: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await tx.insertInto('attachments').values({ id, size: 0 }).execute();
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean): Promise<void> => {
      while (pendingBytes >= STORED_CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending, pendingBytes);
        const take = Math.min(STORED_CHUNK_BYTES, joined.length);
        await tx
          .insertInto('attachment_chunks')
          .values({ attachment_id: id, seq, data: joined.subarray(0, take) })
          .execute();
        seq += 1;
        const rest = joined.subarray(take);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    for await (const piece of body) {
      size += piece.length;
      if (size > maxBytes) {
        throw new AppError(
          413,
          'attachment_too_large',
          `A file may be at most ${formatBytes(maxBytes)} once encrypted`,
        );
      }
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= STORED_CHUNK_BYTES) await flush(false);
    }
    await flush(true);
    if (size < MIN_ATTACHMENT_BYTES)
      throw badRequest('attachment_malformed', 'That is not an encrypted file');
    await tx.updateTable('attachments').set({ size }).where('id', '=', id).execute();
    return size;
  });
}

export function streamAttachment(db: Kysely<DB>, id: string): Readable {
  let seq = 0;
  return Readable.from(
    (async function* () {
      for (;;) {
        const row = await db
          .selectFrom('attachment_chunks')
          .select('data')
          .where('attachment_id', '=', id)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!row) return;
        seq += 1;
        yield row.data;
      }
    })(),
  );
}

/**
 * Binds freshly uploaded attachments to a case (and an item), refusing ids that are unknown,
 * already bound or too old, and a total over the per-report limit.
 */
export async function bindAttachments(
  db: Db,
  ids: readonly string[],
  target: { caseId: string; itemId: string | null },
  maxTotalBytes: number,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('attachments')
    .select(['id', 'size'])
    .where('id', 'in', ids)
    .where('case_id', 'is', null)
    .where('item_id', 'is', null)
    .execute();
  if (rows.length !== ids.length) {
    throw badRequest(
      'attachment_unknown',
      'A file was not uploaded, or belongs to something else already. Please attach it again.',
    );
  }
  const total = rows.reduce((sum, row) => sum + row.size, 0);
  if (total > maxTotalBytes) {
    throw new AppError(
      413,
      'attachments_too_large',
      `All files together may be at most ${formatBytes(maxTotalBytes)}`,
    );
  }
  await db
    .updateTable('attachments')
    .set({ case_id: target.caseId, item_id: target.itemId, bound_at: new Date() })
    .where('id', 'in', ids)
    .execute();
}

export async function deleteUnboundAttachments(db: Kysely<DB>): Promise<number> {
  const result = await db
    .deleteFrom('attachments')
    .where('case_id', 'is', null)
    .where('created_at', '<', new Date(Date.now() - UNBOUND_TTL_HOURS * 3600_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
