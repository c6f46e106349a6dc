/**
 * Recusal (docs/protocol.md 10.7): a member with a conflict of interest steps away from a case.
 * The server deletes every grant they hold on it (the case's key and every item's), unassigns
 * them, and from then on leaves them out: the case is "not found" for them, new items' grants
 * must not include them, and re-grants to them are refused. A recusal is final.
 */
import type { Database } from '../db/database.js';
import { conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { insertCaseEvents } from '../repositories/case-events.js';
import { updateCaseUnlessWithdrawn } from '../repositories/cases.js';
import { deleteGrantsOnCase } from '../repositories/grants.js';
import type { MemberContext } from '../repositories/members.js';
import { insertRecusal, isRecused } from '../repositories/recusals.js';
import { caseForMember } from './case-access.js';
import { lockCaseForItem } from './items.js';

const alreadyRecused = () => conflict('already_recused', 'You have already recused yourself from this case');

/** The signed-in member recuses themselves from a case they may see. */
export async function recuse(db: Database, member: MemberContext, caseId: string): Promise<void> {
  // Asked before the access check, which a recused member no longer passes: they know of the
  // case already, and a second recusal is a conflict, not a missing case.
  if (await isRecused(db, caseId, member.id)) throw alreadyRecused();
  const row = await caseForMember(db, caseId, member);
  await db.transaction().execute(async (tx) => {
    // Locked and refused when withdrawn: withdrawal is final, even for a recusal.
    const locked = await lockCaseForItem(tx, row.id);
    if (!(await insertRecusal(tx, row.id, member.id))) throw alreadyRecused();
    const grantsRemoved = await deleteGrantsOnCase(tx, row.id, member.id);
    const unassigned = locked.assignee === member.id;
    if (unassigned) await updateCaseUnlessWithdrawn(tx, row.id, { assignee: null });
    await insertCaseEvents(tx, [
      { caseId: row.id, kind: 'recused', actor: member.id },
      ...(unassigned
        ? [{ caseId: row.id, kind: 'assignee' as const, actor: member.id, from: member.id, to: null }]
        : []),
    ]);
    await recordAudit(tx, {
      teamId: row.team_id,
      memberId: member.id,
      caseId: row.id,
      action: 'case.recused',
      details: { grants_removed: grantsRemoved, unassigned },
    });
  });
}
