/**
 * Short-lived challenges of one member, each found by the SHA-256 hash of a token only its holder
 * has: a recovery nonce, a pending sign-in waiting for its second factor, a WebAuthn registration
 * or a TOTP secret being set up. They expire (server/jobs.ts deletes them) and are single use:
 * taking one deletes it in the same statement, so of two racing uses one wins.
 */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';

export type ChallengePurpose = 'recovery' | 'second_factor' | 'webauthn_register' | 'totp_setup';

export interface NewChallenge {
  tokenHash: Buffer;
  purpose: ChallengePurpose;
  memberId: string;
  /** The WebAuthn challenge, or the TOTP secret being set up (base32). */
  challenge?: string | null;
  /** For a recovery waiting on its second factor: what to apply once the factor is given. */
  payload?: unknown;
  validSeconds: number;
}

export async function insertChallenge(db: Db, challenge: NewChallenge): Promise<void> {
  await db
    .insertInto('auth_challenges')
    .values({
      token_hash: challenge.tokenHash,
      purpose: challenge.purpose,
      member_id: challenge.memberId,
      challenge: challenge.challenge ?? null,
      payload: challenge.payload === undefined ? null : JSON.stringify(challenge.payload),
      expires_at: sql`now() + make_interval(secs => ${challenge.validSeconds})`,
    })
    .execute();
}

/** The live challenge with this hash and purpose, without using it up. */
export function findLiveChallenge(db: Db, tokenHash: Buffer, purpose: ChallengePurpose) {
  return db
    .selectFrom('auth_challenges')
    .select(['member_id', 'challenge', 'payload', 'attempts'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** The member's live challenge of this purpose (one at a time: a new start replaces the last). */
export function findLiveMemberChallenge(db: Db, memberId: string, purpose: ChallengePurpose) {
  return db
    .selectFrom('auth_challenges')
    .select(['challenge', 'payload'])
    .where('member_id', '=', memberId)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Deletes and returns the live challenge with this hash and purpose (of this member, if given). */
export function takeChallenge(db: Db, tokenHash: Buffer, purpose: ChallengePurpose, memberId?: string) {
  let query = db
    .deleteFrom('auth_challenges')
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`);
  if (memberId !== undefined) query = query.where('member_id', '=', memberId);
  return query.returning(['member_id', 'challenge', 'payload']).executeTakeFirst();
}

/**
 * Counts one attempt at a live challenge that has had fewer than `maxAttempts`; returns the
 * challenge, or undefined when it is unknown, expired or out of attempts (then it is dead).
 */
export function countChallengeAttempt(
  db: Db,
  tokenHash: Buffer,
  purpose: ChallengePurpose,
  maxAttempts: number,
) {
  return db
    .updateTable('auth_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('attempts', '<', maxAttempts)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['member_id', 'challenge', 'payload', 'attempts'])
    .executeTakeFirst();
}

export async function deleteChallenge(db: Db, tokenHash: Buffer): Promise<void> {
  await db.deleteFrom('auth_challenges').where('token_hash', '=', tokenHash).execute();
}

/** Drops the member's open challenges of one purpose (a new TOTP set-up replaces the last one). */
export async function deleteMemberChallenges(
  db: Db,
  memberId: string,
  purpose: ChallengePurpose,
): Promise<void> {
  await db
    .deleteFrom('auth_challenges')
    .where('member_id', '=', memberId)
    .where('purpose', '=', purpose)
    .execute();
}

export async function deleteExpiredChallenges(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('auth_challenges')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
