/** One-time recovery codes for the second factor, stored only as hashes; each works once. */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';

/** Replaces the member's codes with a new set: the old ones stop working. */
export async function replaceSecondFactorCodes(
  db: Db,
  memberId: string,
  codeHashes: Buffer[],
): Promise<void> {
  await deleteSecondFactorCodes(db, memberId);
  if (codeHashes.length === 0) return;
  await db
    .insertInto('second_factor_codes')
    .values(codeHashes.map((hash) => ({ member_id: memberId, code_hash: hash })))
    .execute();
}

/** Marks the code used if it is the member's and unused; false otherwise (also for a second use). */
export async function useSecondFactorCode(db: Db, memberId: string, codeHash: Buffer): Promise<boolean> {
  const used = await db
    .updateTable('second_factor_codes')
    .set({ used_at: sql`now()` })
    .where('member_id', '=', memberId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows !== 0n;
}

export async function countUnusedSecondFactorCodes(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('second_factor_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function deleteSecondFactorCodes(db: Db, memberId: string): Promise<void> {
  await db.deleteFrom('second_factor_codes').where('member_id', '=', memberId).execute();
}
