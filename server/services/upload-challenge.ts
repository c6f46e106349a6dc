/**
 * Asking before sending a file (docs/http-api.md 10.2, docs/protocol.md 14.4).
 *
 * Over its limit, `POST /api/attachments` answers 429 with a challenge as soon as the request's
 * headers arrive, before the body is read. But a browser sends the body all the same, and then
 * sends it again with the solved proof: a reporter over Tor would send a 25 MB file twice, and
 * pay for the first one in minutes. So the browser first asks `POST /api/attachments/challenge`
 * with the file's encrypted size, and sends the file once, already carrying what it needs:
 *
 *   - 413 `attachment_too_large`, 503 `uploads_busy`: what the upload itself would answer, from
 *     the same limits, found before any byte of the file is sent;
 *   - `challenge: null`: rate limits are off; send the file without a proof;
 *   - a challenge of the deployment's bits: the address is over its limit on the upload route
 *     (the same counter the upload uses, counted as an upload would be);
 *   - a challenge of PASS_BITS (1 bit, two hashes on average): the address is under its limit,
 *     and this upload has just been counted against it; the proof lets the upload through
 *     without counting it a second time. So an upload that asked first is never refused for
 *     the address's limit after the fact, even when others behind the same Tor exit use up the
 *     limit between the question and the upload.
 *
 * Either way the proof is an ordinary one (services/proof-of-work.ts): single use, bound to
 * `POST /api/attachments`, valid for five minutes. A flood gains nothing by asking: a pass
 * costs one count of the address's limit, exactly as the upload would have.
 */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';
import { AppError } from '../errors.js';
import { unboundBytes } from '../repositories/attachments.js';
import { countInBucket } from '../repositories/rate-limit-buckets.js';
import { DEPLOYMENT_UPLOADS_BUCKET, formatBytes, uploadsBusy } from './attachments.js';
import type { Challenge, ProofOfWork } from './proof-of-work.js';

/** The upload route, as the rate limits and challenges name it (method and Fastify route path). */
export const UPLOAD_ROUTE = 'POST /api/attachments';

/** The upload route's limit per client; routes/reports.ts gives it to the rate limiter. */
export const UPLOAD_RATE_LIMIT = { max: 60, timeWindow: 3_600_000 } as const;

/** How hard the work is when the address is under its limit: it was counted, this is a pass. */
export const PASS_BITS = 1;

/**
 * The rate limiter's counter of the upload route for one client. The store
 * (plugins/rate-limit-store.ts) prefixes each client's key with the route's method and path;
 * tests/integration/api-proof-of-work.test.ts reads the same row, so a drift shows there.
 */
export function uploadBucket(clientKey: string): string {
  return `${UPLOAD_ROUTE}|${clientKey}`;
}

export interface UploadChallengeLimits {
  /** Largest single file, encrypted (MAX_ATTACHMENT_MB). */
  readonly maxBytes: number;
  /** Encrypted bytes uploaded and not yet bound, deployment-wide. */
  readonly maxPendingBytes: number;
  /** Uploads started per hour, deployment-wide. */
  readonly maxPerHour: number;
}

/** The count of a live counter, without adding to it; 0 when it has none or its window ended. */
async function liveCount(db: Db, bucket: string): Promise<number> {
  const row = await db
    .selectFrom('rate_limit_buckets')
    .select('count')
    .where('key', '=', bucket)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.count ?? 0;
}

/**
 * What an upload of `size` encrypted bytes needs before it is sent: throws the refusal the
 * upload would get for its size or the deployment's quotas; otherwise returns the challenge to
 * solve and send with it, or null when limits are off (`clientKey` undefined).
 */
export async function uploadChallenge(
  db: Db,
  proofs: ProofOfWork,
  limits: UploadChallengeLimits,
  request: { size: number; clientKey: string | undefined },
): Promise<Challenge | null> {
  const { size, clientKey } = request;
  if (size > limits.maxBytes) {
    throw new AppError(
      413,
      'attachment_too_large',
      `A file may be at most ${formatBytes(limits.maxBytes)} once encrypted`,
    );
  }
  // The quotas first, uncounted: a full portal is no one's fault, and costs the address nothing.
  if ((await unboundBytes(db)) + size > limits.maxPendingBytes) throw uploadsBusy();
  if ((await liveCount(db, DEPLOYMENT_UPLOADS_BUCKET)) >= limits.maxPerHour) throw uploadsBusy();
  if (clientKey === undefined) return null;
  const { count } = await countInBucket(db, uploadBucket(clientKey), UPLOAD_RATE_LIMIT.timeWindow);
  return proofs.issue(UPLOAD_ROUTE, count > UPLOAD_RATE_LIMIT.max ? undefined : PASS_BITS);
}
