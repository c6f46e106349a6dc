/**
 * Proof of work instead of a refusal (docs/protocol.md §14, "Proof of work").
 *
 * Rate limits count per address, but an address is not a person: everyone behind one Tor exit,
 * one university NAT or one mobile carrier's gateway shares it. On the routes a reporter cannot
 * do without (sending a report or a file, opening a receipt session), an address over its limit
 * is not refused: it is given a challenge, and a request that carries a solution goes through
 * without counting against the address. A person's browser spends a few seconds; a flood pays
 * the same for every request, and each solution is good for one request on one route.
 *
 * A challenge is given when a request over the limit arrives, before its body is read; a
 * browser sends the body anyway. So before an upload the browser asks for its challenge first
 * (services/upload-challenge.ts, protocol.md 14.4) and sends the file once, with the proof.
 *
 * Challenge token, base64url (protocol.md 3.1) of 62 bytes:
 *
 *   offset  size  field
 *        0     1  version, 1
 *        1     1  bits: leading zero bits the solution's hash must have (1 to 32)
 *        2     4  expiry, seconds since 1970-01-01T00:00:00Z, big-endian unsigned
 *        6     8  route: the first 8 bytes of SHA-256(method " " route path), e.g. "POST /api/reports"
 *       14    16  nonce, random
 *       30    32  HMAC-SHA256(key, "confide/v1/proof-of-work\n" ‖ bytes 0-29)
 *
 * The client sends `X-Confide-Proof: token "." solution` (1 to 16 digits); it is accepted when
 * SHA-256 of that header value's ASCII bytes starts with `bits` zero bits. A challenge is spent
 * the first time a solution to it is accepted: SHA-256 of its 62 bytes goes into spent_proofs
 * until it expires. Spending is keyed by the challenge, not the solution, so one challenge
 * cannot buy two requests with two solutions.
 *
 * The key: HMAC-SHA256(CONFIDE_RATE_LIMIT_SECRET, "confide proof-of-work key") when the secret
 * is set, else a random key kept in server_secrets, so every process of a deployment verifies
 * the others' challenges either way. Unlike the key that hashes addresses, this one may live in
 * the database: whoever reads it can mint challenges and skip the work, nothing more, and
 * someone who reads the database has far better things to do.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '#contract/errors';
import type { Database } from '../db/database.js';
import { toTime } from '../db/wire.js';
import { AppError } from '../errors.js';
import { spendChallenge } from '../repositories/spent-proofs.js';
import { deploymentSecret } from './credentials.js';

/** The request header carrying `token "." solution`, as Node names it (lower case). */
export const PROOF_HEADER = 'x-confide-proof';

/** How long a challenge can be solved and used: a phone that sleeps mid-solve still makes it. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;

const TOKEN_VERSION = 1;
const TOKEN_BYTES = 62;
const SIGNED_BYTES = 30;
const ROUTE_TAG_BYTES = 8;
const NONCE_BYTES = 16;
const MAC_CONTEXT = 'confide/v1/proof-of-work\n';
const MAX_BITS = 32;
/** server_secrets row holding the key when CONFIDE_RATE_LIMIT_SECRET is unset. */
const SECRET_NAME = 'proof-of-work-key';
/** 83 base64url characters, a dot, 1 to 16 digits. */
const PROOF = /^([A-Za-z0-9_-]{83})\.[0-9]{1,16}$/;

export interface Challenge {
  /** The signed challenge, base64url. */
  token: string;
  /** Leading zero bits SHA-256(token "." solution) must have. */
  bits: number;
  /** After this the token is refused (protocol time, 3.6). */
  expires_at: string;
}

/** The key when CONFIDE_RATE_LIMIT_SECRET is set: derived, so the secret itself signs nothing. */
export function proofOfWorkKeyFromSecret(secret: string): Buffer {
  return createHmac('sha256', secret).update('confide proof-of-work key').digest();
}

/** What a route is called in a challenge: the method and Fastify's route path, e.g. "POST /api/reports". */
export function routeTag(route: string): Buffer {
  return createHash('sha256').update(route, 'utf8').digest().subarray(0, ROUTE_TAG_BYTES);
}

function mac(key: Buffer, signed: Buffer): Buffer {
  return createHmac('sha256', key).update(MAC_CONTEXT, 'utf8').update(signed).digest();
}

/** A new challenge for `route`, signed with `key`, valid for CHALLENGE_TTL_SECONDS from `nowMs`. */
export function makeChallenge(key: Buffer, route: string, bits: number, nowMs = Date.now()): Challenge {
  if (!Number.isInteger(bits) || bits < 1 || bits > MAX_BITS) {
    throw new RangeError(`proof-of-work bits must be from 1 to ${MAX_BITS}`);
  }
  const expires = Math.floor(nowMs / 1000) + CHALLENGE_TTL_SECONDS;
  const signed = Buffer.alloc(SIGNED_BYTES);
  signed.writeUInt8(TOKEN_VERSION, 0);
  signed.writeUInt8(bits, 1);
  signed.writeUInt32BE(expires, 2);
  routeTag(route).copy(signed, 6);
  randomBytes(NONCE_BYTES).copy(signed, 14);
  return {
    token: Buffer.concat([signed, mac(key, signed)]).toString('base64url'),
    bits,
    expires_at: toTime(new Date(expires * 1000)),
  };
}

export type ProofCheck =
  | { ok: true; challengeHash: Buffer; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'wrong_route' | 'expired' | 'unsolved' };

/**
 * Checks a proof header for `route` without spending it: its form, the signature, the route,
 * the expiry and the work, in that order (the cheap and the unforgeable first).
 */
export function checkProof(key: Buffer, header: string, route: string, nowMs = Date.now()): ProofCheck {
  const match = PROOF.exec(header);
  const tokenText = match?.[1];
  if (tokenText === undefined) return { ok: false, reason: 'malformed' };
  const token = Buffer.from(tokenText, 'base64url');
  // 83 characters carry 498 bits for 496: the last character has spare bits, and only the
  // canonical spelling is accepted, or one challenge could be spent once per spelling.
  if (token.length !== TOKEN_BYTES || token.toString('base64url') !== tokenText) {
    return { ok: false, reason: 'malformed' };
  }
  const signed = token.subarray(0, SIGNED_BYTES);
  if (!timingSafeEqual(mac(key, signed), token.subarray(SIGNED_BYTES)))
    return { ok: false, reason: 'forged' };
  const bits = signed.readUInt8(1);
  if (signed.readUInt8(0) !== TOKEN_VERSION || bits < 1 || bits > MAX_BITS) {
    return { ok: false, reason: 'malformed' };
  }
  if (!routeTag(route).equals(signed.subarray(6, 6 + ROUTE_TAG_BYTES))) {
    return { ok: false, reason: 'wrong_route' };
  }
  const expiresAt = new Date(signed.readUInt32BE(2) * 1000);
  if (nowMs >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  const hash = createHash('sha256').update(header, 'ascii').digest();
  if (!hasLeadingZeroBits(hash, bits)) return { ok: false, reason: 'unsolved' };
  return { ok: true, challengeHash: createHash('sha256').update(token).digest(), expiresAt };
}

function hasLeadingZeroBits(hash: Buffer, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (hash[i] !== 0) return false;
  const rest = bits & 7;
  return rest === 0 || (hash[whole] ?? 0) >> (8 - rest) === 0;
}

export interface ProofOfWork {
  /**
   * Loads the key if it is not loaded yet; false when it cannot be (the database is away).
   * `challenge` needs it loaded, and is called where nothing can be awaited.
   */
  prepare(): Promise<boolean>;
  /** A challenge for `route`, or undefined while the key is not loaded. */
  challenge(route: string): Challenge | undefined;
  /**
   * A challenge for `route`, of `bits` (the deployment's by default), loading the key first;
   * rejects with the database's error when it cannot be loaded.
   */
  issue(route: string, bits?: number): Promise<Challenge>;
  /**
   * Checks and spends the proof in `header` for `route`. Resolves when the request may pass
   * without counting; otherwise throws the AppError to answer with.
   */
  admit(header: string, route: string): Promise<void>;
}

export function createProofOfWork(options: {
  db: Database;
  /** CONFIDE_RATE_LIMIT_SECRET, when set. */
  secret: string | undefined;
  /** CONFIDE_PROOF_OF_WORK_BITS. */
  bits: number;
}): ProofOfWork {
  const { db, bits } = options;
  let key: Buffer | undefined = options.secret ? proofOfWorkKeyFromSecret(options.secret) : undefined;
  let loading: Promise<Buffer> | undefined;

  const loadKey = (): Promise<Buffer> => {
    if (key) return Promise.resolve(key);
    loading ??= deploymentSecret(db, SECRET_NAME).then(
      (loaded) => (key = loaded),
      (error: unknown) => {
        loading = undefined; // try again on the next request rather than failing forever
        throw error;
      },
    );
    return loading;
  };

  const challenge = (route: string): Challenge | undefined =>
    key ? makeChallenge(key, route, bits) : undefined;

  /** A refusal that comes with a new challenge: the client can do the work again and pass. */
  const again = (code: ErrorCode, message: string, route: string): AppError =>
    new AppError(429, code, message, { challenge: challenge(route) });

  return {
    prepare: () =>
      loadKey().then(
        () => true,
        () => false,
      ),
    challenge,
    issue: async (route, challengeBits = bits) => makeChallenge(await loadKey(), route, challengeBits),
    async admit(header, route) {
      // Without the key nothing can be checked; the database error says why (a 503).
      const checked = checkProof(await loadKey(), header, route);
      if (!checked.ok) {
        switch (checked.reason) {
          case 'expired':
            throw again(
              'proof_of_work_expired',
              'The check this page did has expired. It will do a new one and send again.',
              route,
            );
          case 'wrong_route':
            throw new AppError(
              400,
              'proof_of_work_wrong_route',
              'This proof of work was made for another kind of request and cannot be used here.',
            );
          default:
            throw new AppError(
              400,
              'proof_of_work_invalid',
              'The proof of work sent with this request is not valid. Please reload the page and try again.',
            );
        }
      }
      if (!(await spendChallenge(db, checked.challengeHash, checked.expiresAt))) {
        throw again(
          'proof_of_work_spent',
          'This proof of work was already used. The page will do a new one and send again.',
          route,
        );
      }
    },
  };
}
