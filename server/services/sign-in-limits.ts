/**
 * A limit on failed sign-ins per member name (team slug and name), whichever clients they come
 * from. The per-client limit on POST /api/session (10 a minute) stops one address; this stops a
 * guesser spread over many addresses, or behind Tor where every visitor shares one address.
 *
 * Counted in `rate_limit_buckets` like the per-client limits, so server processes that share
 * CONFIDE_RATE_LIMIT_SECRET share the count, under the prefix "sign-in-name|" and a keyed hash of
 * the name, never the name itself, with a key the database never holds (a member who types their
 * passphrase into the name field must not find it in the database, even hashed). Rows
 * outlive their window by at most one maintenance run (server/jobs.ts sweeps every expired
 * bucket, whatever its prefix).
 *
 * The limit is the same for a name that exists and one that does not: it is checked before the
 * member is looked up and counted the same way for both, so a 429 says nothing about membership.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { countInBucket, uncountInBucket } from '../repositories/rate-limit-buckets.js';
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
/** server_secrets row holding the known-device key when CONFIDE_RATE_LIMIT_SECRET is unset. */
const KNOWN_DEVICE_SECRET = 'known-device-key';

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
    /** The known-device cookie this browser sent, if any: a match skips the limit. */
    knownDevice?: string,
  ): Promise<SignInAttempt>;
  /** The known-device cookie's value for this name, given after a successful sign-in. */
  knownDeviceToken(teamSlug: string, name: string): Promise<string>;
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

  // Member names are public in the roster, so anyone can keep a name locked by failing on purpose
  // every window, and the person reported has a motive to lock out the team. A browser that has
  // signed in as that name before shows it with an HMAC of the slug and name under a key that
  // survives restarts and is shared by every process (CONFIDE_RATE_LIMIT_SECRET, else one kept in
  // the database: these values are stored only in browsers, so the database tests nothing with
  // it), and skips the count. It still has the per-client limit, and stays a passphrase away.
  let deviceKey: Promise<Buffer> | undefined;
  const knownDeviceKey = (): Promise<Buffer> => {
    deviceKey ??= options.secret
      ? Promise.resolve(createHmac('sha256', options.secret).update('confide known-device key').digest())
      : deploymentSecret(db, KNOWN_DEVICE_SECRET).catch((error: unknown) => {
          deviceKey = undefined; // try again on the next sign-in rather than failing forever
          throw error;
        });
    return deviceKey;
  };
  const knownDeviceToken = async (teamSlug: string, name: string): Promise<string> =>
    createHmac('sha256', await knownDeviceKey())
      .update(`known-device\n${JSON.stringify([teamSlug, name])}`)
      .digest('base64url');
  const isKnownDevice = async (teamSlug: string, name: string, presented: string): Promise<boolean> => {
    const expected = Buffer.from(await knownDeviceToken(teamSlug, name));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  if (!options.enabled) return { begin: () => Promise.resolve(NOTHING_TO_UNDO), knownDeviceToken };

  // The key is CONFIDE_RATE_LIMIT_SECRET, shared by every process and stored nowhere; without
  // it, a random key per process, as for the per-client limits (several processes then count
  // apart, which is why the README asks them to share the secret). Never a key kept in the
  // database: with both the key and the counters, a copy of the database would turn each
  // counter back into the name it counts, at a fast HMAC per guess, and that includes a
  // passphrase typed into the name field by mistake.
  const hashingKey = options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32);

  const bucketFor = (teamSlug: string, name: string): string => {
    const digest = createHmac('sha256', hashingKey)
      .update(`${BUCKET_PREFIX}\n${JSON.stringify([teamSlug, name])}`)
      .digest('base64url');
    return `${BUCKET_PREFIX}|${digest}`;
  };

  return {
    knownDeviceToken,
    async begin(teamSlug, name, reply, knownDevice) {
      if (knownDevice !== undefined && (await isKnownDevice(teamSlug, name, knownDevice))) {
        return NOTHING_TO_UNDO;
      }
      const bucket = bucketFor(teamSlug, name);
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
        succeeded: () => uncountInBucket(db, bucket),
      };
    },
  };
}
