/** The members a reporter excluded from their case: they must not learn that it exists. */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/executor.js';

/**
 * True unless the reporter excluded `memberId` from the case whose id is in `caseIdColumn`.
 * Every query that lists, counts or reveals cases for someone filters with it, so an excluded
 * member cannot learn of a case through any of them.
 */
export function notExcluded(caseIdColumn: string, memberId: string): Expression<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from case_exclusions where case_exclusions.case_id = ${sql.ref(caseIdColumn)} and case_exclusions.member_id = ${memberId})`;
}

export async function excludedMembers(db: Db, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_exclusions')
    .select('member_id')
    .where('case_id', '=', caseId)
    .execute();
  return rows.map((row) => row.member_id);
}

/**
 * The member ids a case excludes, as one array column of a case query (empty when none): what a
 * case reply carries as `excluded`.
 */
export function excludedIds(caseIdColumn: string): RawBuilder<string[]> {
  return sql<
    string[]
  >`coalesce((select array_agg(case_exclusions.member_id) from case_exclusions where case_exclusions.case_id = ${sql.ref(caseIdColumn)}), '{}')`;
}
