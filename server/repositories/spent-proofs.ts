/** Proof-of-work challenges already used (services/proof-of-work.ts), kept until they expire. */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';

/**
 * Records a challenge as used. False when it already was: the primary key decides, so two
 * requests racing with one proof, on one process or two, cannot both win.
 */
export async function spendChallenge(db: Db, challengeHash: Buffer, expiresAt: Date): Promise<boolean> {
  const result = await db
    .insertInto('spent_proofs')
    .values({ challenge_hash: challengeHash, expires_at: expiresAt })
    .onConflict((oc) => oc.column('challenge_hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * A spent challenge need not be remembered once it has expired: it is refused as expired.
 * Servers judge expiry by their own clocks, the database deletes by its own: the hour's margin
 * keeps a skewed clock from reopening a spent challenge it still thinks is valid.
 */
export async function deleteExpiredProofs(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('spent_proofs')
    .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
