/**
 * Who may see a case. A member sees a case of their own team that was granted to them, from
 * which the reporter did not exclude them and from which they did not recuse themselves;
 * anything else is "not found", so a removed member, an excluded member or a member of another
 * team cannot even learn that a case exists, and a recused member is treated like an excluded one.
 */
import type { Db } from '../db/executor.js';
import { conflict, notFound, type AppError } from '../errors.js';
import { findCase, findCaseForMember, lockCaseStatus, type CaseRow } from '../repositories/cases.js';
import type { MemberContext } from '../repositories/members.js';
import { isRecused } from '../repositories/recusals.js';

export const CASE_NOT_FOUND = 'There is no case with that id, or you cannot see it';

/** Withdrawal is final: nothing about a withdrawn case changes again, by anyone. */
export const caseWithdrawn = (): AppError =>
  conflict('case_withdrawn', 'This report was withdrawn by the reporter; it cannot be changed any more');

/**
 * A purged case keeps only its row and its retained record (services/retention.ts): reads still
 * work, every change is refused.
 */
export const casePurged = (): AppError =>
  conflict(
    'case_purged',
    "This case's details were deleted under the team's retention policy; only its retained record is left, and it cannot be changed any more",
  );

/** Refuses a change to a case that is purged (first: it says more) or withdrawn. */
export function assertChangeable(row: Pick<CaseRow, 'purged_at' | 'status'>): void {
  if (row.purged_at !== null) throw casePurged();
  if (row.status === 'withdrawn') throw caseWithdrawn();
}

/**
 * Locks the case row for the rest of the transaction and refuses a case that is withdrawn
 * already: changes to one case, and a withdrawal racing them, are taken one at a time.
 */
export async function lockOpenCase(tx: Db, caseId: string): Promise<void> {
  const status = await lockCaseStatus(tx, caseId);
  if (status === undefined) throw notFound(CASE_NOT_FOUND);
  if (status === 'withdrawn') throw caseWithdrawn();
}

export async function caseForMember(db: Db, caseId: string, member: MemberContext): Promise<CaseRow> {
  const row = await findCaseForMember(db, caseId, member);
  // A recusal deletes the member's grants, so the lookup above misses the case already; the
  // check stands on its own in case a grant reached them anyway (an old client's re-grant).
  if (!row || (await isRecused(db, row.id, member.id))) throw notFound(CASE_NOT_FOUND);
  return row;
}

/** The case of a receipt session. */
export async function caseForReceipt(db: Db, caseId: string): Promise<CaseRow> {
  const row = await findCase(db, caseId);
  if (!row) throw notFound(CASE_NOT_FOUND);
  return row;
}
