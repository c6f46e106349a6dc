/**
 * Encrypted files: stored in 1 MiB rows as they arrive and streamed back the same way, so a
 * large file never sits whole in the server's memory. The bytes are secretstream ciphertext;
 * the server knows only their size.
 *
 * An upload holds no database connection while it waits for the network: the file's row and
 * each 1 MiB chunk are separate short statements. Until the last chunk is in, `completed_at` is
 * null and the file cannot be bound to anything; an upload cut off half-way is deleted at once,
 * or (when the process died with it) by the maintenance job once it is a day old.
 *
 * The row is made before the first byte is read, with the size the upload announced
 * (Content-Length, which every upload must send): that row is its reservation against the
 * deployment's quota on files waiting to be sent, so the quota counts what is coming, not only
 * what has arrived.
 */
import type { ReceiptOpening } from '../repositories/case-receipts.js';
import { Readable } from 'node:stream';
import { ByteAccumulator } from '../byte-accumulator.js';
import { isTransientDatabaseError } from '../db/database-errors.js';
import type { Db } from '../db/executor.js';
import { AppError, badRequest, notFound } from '../errors.js';
import {
  appendChunk,
  bindCompleteAttachments,
  deleteAttachment,
  deleteUnboundAttachmentsCreatedBefore,
  findAttachmentWithAudience,
  insertAttachment,
  lockUploadQuota,
  markAttachmentComplete,
  readChunk,
  unboundBytes,
} from '../repositories/attachments.js';
import type { MemberContext } from '../repositories/members.js';
import { countInBucket } from '../repositories/rate-limit-buckets.js';
import { caseForMember } from './case-access.js';

export const STORED_CHUNK_BYTES = 1024 * 1024;
/** An empty file is a 24-byte header and one 17-byte FINAL chunk. */
export const MIN_ATTACHMENT_BYTES = 41;
/** Uploaded attachments must be bound to a report or item within this time, or they are deleted. */
export const UNBOUND_TTL_HOURS = 24;

const tooLarge = (maxBytes: number): AppError =>
  new AppError(413, 'attachment_too_large', `A file may be at most ${formatBytes(maxBytes)} once encrypted`);

/** The body and its Content-Length disagree (over HTTP Node's parser frames the body, so never). */
const lengthMismatch = (): AppError =>
  badRequest('bad_content_length', 'The Content-Length header does not match the body');

/**
 * Stores the body of the upload whose row `reserveUpload` made for `declaredBytes`, and returns
 * its size. On any failure the row goes, and its reservation with it. The body may never be
 * longer than declared: the reservation is what the quota counts.
 */
export async function storeAttachment(
  db: Db,
  id: string,
  body: AsyncIterable<Buffer>,
  declaredBytes: number,
): Promise<number> {
  try {
    let size = 0;
    let seq = 0;
    // Pieces are copied into one buffer of at most a stored chunk (byte-accumulator.ts says why),
    // and each full chunk is written before the next piece is read.
    const chunk = new ByteAccumulator();
    const writeChunk = async (): Promise<void> => {
      await appendChunk(db, id, seq, chunk.view());
      seq += 1;
      chunk.clear();
    };
    for await (const piece of body) {
      size += piece.length;
      if (size > declaredBytes) throw lengthMismatch();
      for (let at = 0; at < piece.length;) {
        const take = Math.min(piece.length - at, STORED_CHUNK_BYTES - chunk.length);
        chunk.append(piece.subarray(at, at + take));
        at += take;
        if (chunk.length === STORED_CHUNK_BYTES) await writeChunk();
      }
    }
    if (size !== declaredBytes) throw lengthMismatch();
    if (chunk.length > 0) await writeChunk();
    await markAttachmentComplete(db, id);
    return size;
  } catch (error) {
    // Not what it declared, or the client went away: nothing half-written may stay, and the
    // reservation goes with the row.
    const cleanUp = deleteAttachment(db, id).catch(() => undefined);
    // When the database itself is what failed (gone, frozen, too slow), the delete would wait
    // for it as long again: the client hears "try again" at once, the delete goes on without it,
    // and if it fails too the maintenance job sweeps the row (incomplete, so never usable).
    if (!isTransientDatabaseError(error)) await cleanUp;
    throw error;
  }
}

export interface UploadQuotas {
  /** Encrypted bytes uploaded and not yet bound, deployment-wide. */
  readonly maxPendingBytes: number;
  /** Uploads started per hour, deployment-wide. */
  readonly maxPerHour: number;
}

/** The deployment-wide counter of uploads started this hour (also read by upload-challenge.ts). */
export const DEPLOYMENT_UPLOADS_BUCKET = 'uploads|deployment';
const DEPLOYMENT_UPLOADS_WINDOW_MS = 3600_000;

/** A full quota: what the reporter is told (try later, or send without files). */
export const uploadsBusy = (): AppError =>
  new AppError(
    503,
    'uploads_busy',
    'Too many files are being sent to this portal right now. Please try again later, or send your report without files.',
  );

/**
 * The deployment-wide quotas, checked before an upload starts: one address's limit cannot stop
 * many addresses together from filling the disk with files never sent. A full quota is a 503 (try
 * later), not a 429: the person asking did nothing wrong.
 *
 * Checking and making the upload's row (its reservation of `declaredBytes`, the Content-Length)
 * are one step, under a lock every server process shares: uploads that start together are
 * counted one after the other, each seeing the ones before, so no more start than fit. The
 * transaction is a few short statements; no connection is held while the body arrives.
 * Refused, it rolls back, so a refusal takes nothing from the hourly count either. Returns the
 * new file's id.
 */
async function reserveUpload(db: Db, quotas: UploadQuotas, declaredBytes: number): Promise<string> {
  const id = crypto.randomUUID();
  await db.transaction().execute(async (tx) => {
    await lockUploadQuota(tx);
    if ((await unboundBytes(tx)) + declaredBytes > quotas.maxPendingBytes) throw uploadsBusy();
    const { count } = await countInBucket(tx, DEPLOYMENT_UPLOADS_BUCKET, DEPLOYMENT_UPLOADS_WINDOW_MS);
    if (count > quotas.maxPerHour) throw uploadsBusy();
    await insertAttachment(tx, id, declaredBytes);
  });
  return id;
}

/**
 * Uploads in progress in this process, at most `max` at once. Each holds up to 1 MiB of memory
 * while its next chunk fills, and a slow one holds it for as long as it keeps sending: without a
 * cap, enough slow uploads would exhaust the process's memory. The count lives in this process's
 * memory, so with several processes each has its own cap.
 */
export interface UploadGate {
  /** Counts one more upload, or throws 503 uploads_busy when `max` are in progress; returns its release. */
  enter(): () => void;
}

export function createUploadGate(max: number): UploadGate {
  let inProgress = 0;
  return {
    enter() {
      if (inProgress >= max) throw uploadsBusy();
      inProgress += 1;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inProgress -= 1;
      };
    },
  };
}

/**
 * Takes one encrypted file as a raw byte stream, after checking its Content-Type, its declared
 * length, the uploads in progress and the deployment-wide quotas; returns its new id.
 */
export async function receiveUpload(
  db: Db,
  limits: UploadQuotas & { readonly maxBytes: number },
  upload: { contentType: string | undefined; contentLength: string | undefined; body: AsyncIterable<Buffer> },
  gate?: UploadGate,
): Promise<string> {
  if (upload.contentType !== 'application/octet-stream') {
    throw new AppError(415, 'unsupported_media_type', 'Send the encrypted file as application/octet-stream');
  }
  // The quota reserves the declared size before the body is read, so a body of unknown length
  // (chunked) is refused: counted as nothing, it could take any amount of room.
  if (upload.contentLength === undefined) {
    throw new AppError(
      411,
      'length_required',
      'Send the encrypted file with a Content-Length header (its size in bytes), not in chunks',
    );
  }
  // Node's HTTP parser lets only digits through; this guards other ways in (app.inject).
  if (!/^\d+$/.test(upload.contentLength)) throw lengthMismatch();
  const declared = Number(upload.contentLength);
  if (declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  if (declared < MIN_ATTACHMENT_BYTES)
    throw badRequest('attachment_malformed', 'That is not an encrypted file');
  // Held until the upload is stored, refused or cut off (a client gone, or silent past the idle
  // limit, ends the body stream with an error).
  const leave = gate?.enter();
  try {
    const id = await reserveUpload(db, limits, declared);
    await storeAttachment(db, id, upload.body, declared);
    return id;
  } finally {
    leave?.();
  }
}

/** The sessions a download may come with; each is looked up only when it is needed. */
export interface AttachmentReader {
  /** The member of the request's member session, if it has one. */
  member(): Promise<MemberContext | undefined>;
  /** The case and role of the request's receipt session, if it has one. */
  receipt(): Promise<ReceiptOpening | undefined>;
}

/**
 * The file, when the reader may read the case it belongs to: a member who may see the case, or
 * the holder of a receipt of that case whose thread (or report) it belongs to. Anyone else is told
 * there is no such file.
 */
export async function attachmentForReader(
  db: Db,
  id: string,
  reader: AttachmentReader,
): Promise<{ id: string; size: number }> {
  const attachment = await findAttachmentWithAudience(db, id);
  const missing = notFound('There is no file with that id, or you cannot see it');
  if (!attachment?.case_id) throw missing;
  const caseId = attachment.case_id;
  // A session that cannot be read (or a case this member may not see) is no permission, not an error.
  const member = await reader.member().catch(() => undefined);
  let allowed =
    member !== undefined &&
    (await caseForMember(db, caseId, member).then(
      () => true,
      () => false,
    ));
  if (!allowed) {
    const receipt = await reader.receipt().catch(() => undefined);
    // A receipt's holder reads the files of their own thread, and the reporter those of the
    // report (no item: no audience); internal notes' files are nobody's but the team's.
    allowed = receipt?.caseId === caseId && (attachment.audience ?? 'reporter') === receipt.role;
  }
  if (!allowed) throw missing;
  return attachment;
}

export function streamAttachment(db: Db, id: string): Readable {
  let seq = 0;
  return Readable.from(
    (async function* () {
      for (;;) {
        const data = await readChunk(db, id, seq);
        if (data === undefined) return;
        seq += 1;
        yield data;
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
  assertFilesTaken(ids, await bindCompleteAttachments(tx, ids, target), maxTotalBytes);
}

/**
 * Refuses, after a conditional update took `sizes` of the files `ids` names, a file it could not
 * take (unknown, incomplete, taken already) and a total over `maxTotalBytes`. The caller's
 * transaction rolls the update back with the refusal.
 */
export function assertFilesTaken(
  ids: readonly string[],
  sizes: readonly number[],
  maxTotalBytes: number,
): void {
  if (sizes.length !== ids.length) {
    throw badRequest(
      'attachment_unknown',
      'A file was not uploaded, or belongs to something else already. Please attach it again.',
    );
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > maxTotalBytes) {
    throw new AppError(
      413,
      'attachments_too_large',
      `All files together may be at most ${formatBytes(maxTotalBytes)}`,
    );
  }
}

export function deleteUnboundAttachments(db: Db): Promise<number> {
  return deleteUnboundAttachmentsCreatedBefore(db, new Date(Date.now() - UNBOUND_TTL_HOURS * 3600_000));
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
