/**
 * A limit on failed sign-ins per member name (team slug and name), whichever clients they come
 * from. The per-client limit on POST /api/session (10 a minute) stops one address; this stops a
 * guesser spread over many addresses, or behind Tor where every visitor shares one address.
 *
 * Counted in `rate_limit_buckets` like the per-client limits, so every server process shares the
 * count, under the prefix "sign-in-name|" and a keyed hash of the name, never the name itself (a
 * member who types their passphrase into the name field must not find it in the database). Rows
 * outlive their window by at most one maintenance run (server/jobs.ts sweeps every expired
 * bucket, whatever its prefix).
 *
 * The limit is the same for a name that exists and one that does not: it is checked before the
 * member is looked up and counted the same way for both, so a 429 says nothing about membership.
 */
import { createHmac } from 'node:crypto';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { countInBucket } from '../plugins/rate-limit-store.js';
import { deploymentSecret } from './credentials.js';

/**
 * 20 failures in 15 minutes. A member who has forgotten which passphrase they used tries a
 * handful, well under 20; a guesser gets at most 20 × 96 ≈ 1,900 guesses a day per name, each
 * costing them an Argon2id run (256 MiB) to turn a candidate passphrase into `auth`. The price
 * is that a stranger can lock a name out for up to 15 minutes by failing on purpose, which is why
 * the window is short rather than an hour or a day.
 */
export const SIGN_IN_NAME_MAX_FAILURES = 20;
export const SIGN_IN_NAME_WINDOW_MS = 15 * 60_000;

const BUCKET_PREFIX = 'sign-in-name';
/** server_secrets row holding the hashing key when CONFIDE_RATE_LIMIT_SECRET is unset. */
const SECRET_NAME = 'sign-in-name-limit-key';

export interface SignInAttempt {
  /** The attempt signed in: it does not count as a failure. */
  succeeded(): Promise<void>;
}

export interface SignInNameLimiter {
  /**
   * Counts an attempt for this name before it is checked, and throws a 429 when the name has
   * had too many failures in the current window, also for the right passphrase (otherwise a
   * guesser would keep guessing and learn from the one reply that differs).
   */
  begin(
    teamSlug: string,
    name: string,
    reply: { header(name: string, value: string): unknown },
  ): Promise<SignInAttempt>;
}

const NOTHING_TO_UNDO: SignInAttempt = { succeeded: () => Promise.resolve() };

export function signInNameLimiter(options: {
  db: Database;
  /** False with CONFIDE_RATE_LIMIT=off (benchmarks, tests that sign in again and again). */
  enabled: boolean;
  /** CONFIDE_RATE_LIMIT_SECRET, when set. */
  secret: string | undefined;
}): SignInNameLimiter {
  const { db } = options;
  if (!options.enabled) return { begin: () => Promise.resolve(NOTHING_TO_UNDO) };

  // The key must be the same in every process, or each would count on its own and the limit
  // would grow with the number of processes. CONFIDE_RATE_LIMIT_SECRET is shared and never
  // stored; without it, a key kept in the database (member names are there in plain anyway;
  // what the hashes add is only which names were tried in the last few minutes).
  let key: Promise<Buffer> | undefined;
  const hashingKey = (): Promise<Buffer> => {
    key ??= options.secret
      ? Promise.resolve(Buffer.from(options.secret, 'utf8'))
      : deploymentSecret(db, SECRET_NAME).catch((error: unknown) => {
          key = undefined; // try again on the next sign-in rather than failing forever
          throw error;
        });
    return key;
  };

  const bucketFor = async (teamSlug: string, name: string): Promise<string> => {
    const digest = createHmac('sha256', await hashingKey())
      .update(`${BUCKET_PREFIX}\n${JSON.stringify([teamSlug, name])}`)
      .digest('base64url');
    return `${BUCKET_PREFIX}|${digest}`;
  };

  return {
    async begin(teamSlug, name, reply) {
      const bucket = await bucketFor(teamSlug, name);
      // Count first and refund on success, rather than check now and count after the passphrase
      // is known to be wrong: with check-then-count, a thousand guesses sent at once would all
      // pass the check before any of them was counted. Attempts refused here also add one; that
      // changes nothing, as the window's end is fixed and they are refused anyway.
      const { count, ttlMs } = await countInBucket(db, bucket, SIGN_IN_NAME_WINDOW_MS);
      if (count > SIGN_IN_NAME_MAX_FAILURES) {
        const minutes = Math.max(1, Math.ceil(ttlMs / 60_000));
        reply.header('retry-after', String(Math.max(1, Math.ceil(ttlMs / 1000))));
        throw new AppError(
          429,
          'rate_limited',
          `Too many failed sign-ins for this name. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
        );
      }
      return {
        // A success takes back its own count but does not reset the others. Resetting would
        // hand a guesser a fresh allowance every time the real member signs in, so a member who
        // signs in often would make their own name easier to attack; the cost of not resetting
        // is only that the member's own recent typos still count until the window ends.
        async succeeded() {
          await db
            .updateTable('rate_limit_buckets')
            .set((eb) => ({ count: eb('count', '-', 1) }))
            .where('key', '=', bucket)
            .where('count', '>', 0)
            .execute();
        },
      };
    },
  };
}
