/**
 * Members who recused themselves from a case (a conflict of interest): they hold no grant on it,
 * receive nothing new about it, and cannot be assigned, vote or write there.
 */
import type { Db } from '../db/executor.js';

/** The members who recused themselves from the case, in the order they did. */
export async function recusedMembers(db: Db, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_recusals')
    .select('member_id')
    .where('case_id', '=', caseId)
    .orderBy('at')
    .execute();
  return rows.map((r) => r.member_id);
}
