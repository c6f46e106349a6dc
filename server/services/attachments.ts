/**
 * Encrypted files: stored in 1 MiB rows as they arrive and streamed back the same way, so a
 * large file never sits whole in the server's memory. The bytes are secretstream ciphertext;
 * the server knows only their size.
 *
 * An upload holds no database connection while it waits for the network: the file's row and
 * each 1 MiB chunk are separate short statements. Until the last chunk is in, `completed_at` is
 * null and the file cannot be bound to anything; an upload cut off half-way is deleted at once,
 * or (when the process died with it) by the maintenance job once it is a day old.
 */
import { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError, badRequest } from '../errors.js';
import { countInBucket } from '../plugins/rate-limit-store.js';
import type { Db } from '../repositories/audit.js';

export const STORED_CHUNK_BYTES = 1024 * 1024;
/** An empty file is a 24-byte header and one 17-byte FINAL chunk. */
export const MIN_ATTACHMENT_BYTES = 41;
/** Uploaded attachments must be bound to a report or item within this time, or they are deleted. */
export const UNBOUND_TTL_HOURS = 24;

const tooLarge = (maxBytes: number): AppError =>
  new AppError(413, 'attachment_too_large', `A file may be at most ${formatBytes(maxBytes)} once encrypted`);

export async function storeAttachment(
  db: Kysely<DB>,
  id: string,
  body: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<number> {
  await db.insertInto('attachments').values({ id, size: 0 }).execute();
  try {
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // One statement per chunk: it adds the chunk and grows the file's size, which the quota on
    // pending uploads counts while the upload is still running.
    const writeChunk = async (data: Buffer): Promise<void> => {
      await sql`
        with chunk as (
          insert into attachment_chunks (attachment_id, seq, data) values (${id}, ${seq}, ${data})
        )
        update attachments set size = size + ${data.length} where id = ${id}`.execute(db);
      seq += 1;
    };
    const flush = async (all: boolean): Promise<void> => {
      while (pendingBytes >= STORED_CHUNK_BYTES || (all && pendingBytes > 0)) {
        const joined = Buffer.concat(pending, pendingBytes);
        const take = Math.min(STORED_CHUNK_BYTES, joined.length);
        await writeChunk(joined.subarray(0, take));
        const rest = joined.subarray(take);
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    for await (const piece of body) {
      size += piece.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= STORED_CHUNK_BYTES) await flush(false);
    }
    if (size < MIN_ATTACHMENT_BYTES)
      throw badRequest('attachment_malformed', 'That is not an encrypted file');
    await flush(true);
    await db
      .updateTable('attachments')
      .set({ completed_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    return size;
  } catch (error) {
    // Too large, not a file, or the client went away: nothing half-written may stay. If the
    // database itself is what failed, this fails too and the maintenance job sweeps the row.
    await db
      .deleteFrom('attachments')
      .where('id', '=', id)
      .execute()
      .catch(() => undefined);
    throw error;
  }
}

export interface UploadQuotas {
  /** Encrypted bytes uploaded and not yet bound, deployment-wide. */
  readonly maxPendingBytes: number;
  /** Uploads started per hour, deployment-wide. */
  readonly maxPerHour: number;
}

const uploadsBusy = (): AppError =>
  new AppError(
    503,
    'uploads_busy',
    'Too many files are being sent to this portal right now. Please try again later, or send your report without files.',
  );

/**
 * The deployment-wide quotas, checked before an upload starts: one address's limit cannot stop
 * many addresses together from filling the disk with files never sent. A full quota is a 503 (try
 * later), not a 429: the person asking did nothing wrong. `declaredBytes` is the Content-Length.
 */
export async function assertUploadCapacity(
  db: Kysely<DB>,
  quotas: UploadQuotas,
  declaredBytes: number,
): Promise<void> {
  const pending = await db
    .selectFrom('attachments')
    .select(sql<number>`coalesce(sum(size), 0)::float8`.as('bytes'))
    .where('case_id', 'is', null)
    .executeTakeFirstOrThrow();
  if (pending.bytes + declaredBytes > quotas.maxPendingBytes) throw uploadsBusy();
  const { count } = await countInBucket(db, 'uploads|deployment', 3600_000);
  if (count > quotas.maxPerHour) throw uploadsBusy();
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
 * incomplete, already bound or too old, and a total over the per-report limit. Call it inside
 * the transaction that writes the case or item: the update is conditional and its rows are
 * counted, and a refusal thrown after it rolls the binding back with everything else. So two
 * reports racing for one file cannot both have it: the loser binds nothing and fails.
 */
export async function bindAttachments(
  tx: Db,
  ids: readonly string[],
  target: { caseId: string; itemId: string | null },
  maxTotalBytes: number,
): Promise<void> {
  if (ids.length === 0) return;
  const bound = await tx
    .updateTable('attachments')
    .set({ case_id: target.caseId, item_id: target.itemId, bound_at: new Date() })
    .where('id', 'in', ids)
    .where('case_id', 'is', null)
    .where('completed_at', 'is not', null)
    .returning('size')
    .execute();
  if (bound.length !== ids.length) {
    throw badRequest(
      'attachment_unknown',
      'A file was not uploaded, or belongs to something else already. Please attach it again.',
    );
  }
  const total = bound.reduce((sum, row) => sum + row.size, 0);
  if (total > maxTotalBytes) {
    throw new AppError(
      413,
      'attachments_too_large',
      `All files together may be at most ${formatBytes(maxTotalBytes)}`,
    );
  }
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
