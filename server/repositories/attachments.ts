/**
 * Encrypted files, in 1 MiB chunk rows. A file's row exists from the start of its upload;
 * `completed_at` is set once its last chunk is in, and `case_id` (with `item_id` for an item's
 * file) once a report or item names it.
 */
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/executor.js';
import type { DB } from '../db/schema.js';

/**
 * The key of the advisory lock that makes "count the pending bytes, then add a file" one step
 * for every server process on the database. Any number would do; it must only differ from any
 * other single-key advisory lock Confide takes (none today; repositories/case-receipts.ts takes
 * two-key ones, which PostgreSQL keeps apart from these).
 */
const UPLOAD_QUOTA_LOCK = 0x436f_6e66; // "Conf"

/**
 * Waits for the upload quota's lock, held until `tx` commits or rolls back. Only a transaction
 * can hold it: on the pool, each statement is its own transaction and the lock would be gone
 * before the next one.
 */
export async function lockUploadQuota(tx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${UPLOAD_QUOTA_LOCK}::bigint)`.execute(tx);
}

/** A new, empty, incomplete file that has announced `declaredSize` bytes. */
export async function insertAttachment(db: Db, id: string, declaredSize: number): Promise<void> {
  await db.insertInto('attachments').values({ id, size: 0, declared_size: declaredSize }).execute();
}

/**
 * One statement per chunk: it adds the chunk and grows the file's size, which the quota on
 * pending uploads counts while the upload is still running.
 */
export async function appendChunk(db: Db, id: string, seq: number, data: Buffer): Promise<void> {
  await sql`
    with chunk as (
      insert into attachment_chunks (attachment_id, seq, data) values (${id}, ${seq}, ${data})
    )
    update attachments set size = size + ${data.length} where id = ${id}`.execute(db);
}

export async function markAttachmentComplete(db: Db, id: string): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ completed_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Deletes the file and (by cascade) its chunks. */
export async function deleteAttachment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('attachments').where('id', '=', id).execute();
}

/**
 * Bytes of every file uploaded (or being uploaded) and not bound to anything yet. A file still
 * arriving counts as what it announced (its bytes so far, should they ever be more): its room is
 * taken from the start, so uploads that begin together cannot all fit in the same room.
 */
export async function unboundBytes(db: Db): Promise<number> {
  const pending = await db
    .selectFrom('attachments')
    .select(
      sql<number>`coalesce(sum(case when completed_at is null then greatest(size, declared_size) else size end), 0)::float8`.as(
        'bytes',
      ),
    )
    .where('case_id', 'is', null)
    // A referral's files wait for the reporter's consent: held, not pending.
    .where('referral_id', 'is', null)
    .executeTakeFirstOrThrow();
  return pending.bytes;
}

export async function readChunk(db: Db, id: string, seq: number): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('attachment_chunks')
    .select('data')
    .where('attachment_id', '=', id)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data;
}

/**
 * Binds those of these files that are complete and bound to nothing yet (one conditional
 * update); returns the size of each file it bound.
 */
export async function bindCompleteAttachments(
  db: Db,
  ids: readonly string[],
  target: { caseId: string; itemId: string | null },
): Promise<number[]> {
  const bound = await db
    .updateTable('attachments')
    .set({ case_id: target.caseId, item_id: target.itemId, bound_at: new Date() })
    .where('id', 'in', ids)
    .where('case_id', 'is', null)
    .where('referral_id', 'is', null)
    .where('completed_at', 'is not', null)
    .returning('size')
    .execute();
  return bound.map((row) => row.size);
}

export async function deleteUnboundAttachmentsCreatedBefore(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('attachments')
    .where('case_id', 'is', null)
    .where('referral_id', 'is', null)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The file with the case it is bound to and, for an item's file, that item's audience. */
export function findAttachmentWithAudience(db: Db, id: string) {
  return db
    .selectFrom('attachments')
    .leftJoin('items', 'items.id', 'attachments.item_id')
    .select(['attachments.id', 'attachments.case_id', 'attachments.size', 'items.audience'])
    .where('attachments.id', '=', id)
    .executeTakeFirst();
}

/** The files of the report itself (not of its items). */
export async function listReportAttachmentIds(db: Db, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('attachments')
    .select('id')
    .where('case_id', '=', caseId)
    .where('item_id', 'is', null)
    .execute();
  return rows.map((a) => a.id);
}
