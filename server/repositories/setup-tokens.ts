/** One-time set-up links (services/setup-link.ts), stored only as the hash of their token. */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';

export async function insertSetupToken(db: Db, tokenHash: Buffer, validHours: number): Promise<void> {
  await db
    .insertInto('setup_tokens')
    .values({ token_hash: tokenHash, expires_at: sql`now() + make_interval(hours => ${validHours})` })
    .execute();
}

/** The set-up token with this hash, used or not, while it is kept (replaced ones are deleted). */
export function findSetupToken(db: Db, tokenHash: Buffer) {
  return db
    .selectFrom('setup_tokens')
    .select(['used_at', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks the token used if it is unused and unexpired, atomically: of two racing uses, one wins. */
export async function claimSetupToken(db: Db, tokenHash: Buffer): Promise<boolean> {
  const claimed = await db
    .updateTable('setup_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('token_hash')
    .executeTakeFirst();
  return claimed !== undefined;
}

export async function deleteUnusedSetupTokens(db: Db): Promise<void> {
  await db.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();
}
