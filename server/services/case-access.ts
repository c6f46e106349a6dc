/**
 * Who may see a case. A member sees a case of their own team that was granted to them and from
 * which the reporter did not exclude them; anything else is "not found", so a removed member,
 * an excluded member or a member of another team cannot even learn that a case exists.
 */
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { Cases } from '../db/schema.js';
import { AppError, conflict, notFound } from '../errors.js';
import type { MemberContext } from '../plugins/auth.js';
import type { Db } from '../repositories/audit.js';

export type CaseRow = Selectable<Cases>;

/**
 * True unless the reporter excluded `memberId` from the case whose id is in `caseIdColumn`.
 * Every query that lists, counts or reveals cases for someone filters with it, so an excluded
 * member cannot learn of a case through any of them.
 */
export function notExcluded(caseIdColumn: string, memberId: string): Expression<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from case_exclusions where case_exclusions.case_id = ${sql.ref(caseIdColumn)} and case_exclusions.member_id = ${memberId})`;
}

export const CASE_NOT_FOUND = 'There is no case with that id, or you cannot see it';

/** Withdrawal is final: nothing about a withdrawn case changes again, by anyone. */
export const caseWithdrawn = (): AppError =>
  conflict('case_withdrawn', 'This report was withdrawn by the reporter; it cannot be changed any more');

/**
 * Locks the case row for the rest of the transaction and refuses a case that is withdrawn
 * already: changes to one case, and a withdrawal racing them, are taken one at a time.
 */
export async function lockOpenCase(tx: Db, caseId: string): Promise<void> {
  const row = await tx
    .selectFrom('cases')
    .select('status')
    .where('id', '=', caseId)
    // Not FOR SHARE: the transaction updates the case row later (updated_at), and two
    // transactions each holding a share lock and then wanting to write it would deadlock.
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!row) throw notFound(CASE_NOT_FOUND);
  if (row.status === 'withdrawn') throw caseWithdrawn();
}

export async function caseForMember(
  db: Db,
  caseId: string,
  member: MemberContext | undefined,
): Promise<CaseRow> {
  if (!member) throw notFound(CASE_NOT_FOUND);
  const row = await db
    .selectFrom('cases')
    .selectAll('cases')
    .where('cases.id', '=', caseId)
    .where('cases.team_id', '=', member.teamId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('grants')
          .select('grants.object_id')
          .whereRef('grants.object_id', '=', 'cases.id')
          .where('grants.recipient', '=', member.id),
      ),
    )
    .where(notExcluded('cases.id', member.id))
    .executeTakeFirst();
  if (!row) throw notFound(CASE_NOT_FOUND);
  return row;
}

export async function caseForReceipt(db: Db, caseId: string | undefined): Promise<CaseRow> {
  if (!caseId) throw notFound(CASE_NOT_FOUND);
  const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row) throw notFound(CASE_NOT_FOUND);
  return row;
}
