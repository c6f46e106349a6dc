/**
 * Members who recused themselves from a case (a conflict of interest): they hold no grant on it,
 * receive nothing new about it, and cannot be assigned, vote or write there.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
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

export async function isRecused(db: Db, caseId: string, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_recusals')
    .select('member_id')
    .where('case_id', '=', caseId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records the recusal; false when the member had recused themselves from the case already. */
export async function insertRecusal(db: Db, caseId: string, memberId: string): Promise<boolean> {
  const result = await db
    .insertInto('case_recusals')
    .values({ case_id: caseId, member_id: memberId })
    .onConflict((oc) => oc.columns(['case_id', 'member_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * True unless `memberId` recused themselves from the case whose id is in `caseIdColumn`: the
 * queries that offer a case's keys to someone (re-grants) filter with it.
 */
export function notRecused(caseIdColumn: string, memberId: string): Expression<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from case_recusals where case_recusals.case_id = ${sql.ref(caseIdColumn)} and case_recusals.member_id = ${memberId})`;
}
