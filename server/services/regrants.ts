/**
 * Re-granting: a member who joined after some cases cannot read them until an admin's browser
 * seals those cases' keys to them. The server lists what the admin can re-grant and stores the
 * new grants, refusing any object the admin cannot read or the member was excluded from or
 * recused themselves from.
 */
import type { Static } from 'typebox';
import type { RegrantRequest, RegrantWork } from '#contract/cases';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { fromB64, toB64 } from '../db/wire.js';
import { badRequest, notFound } from '../errors.js';
import { recordAuditEvents } from '../repositories/audit-events.js';
import { findGrantableObjects, insertMissingGrants, listRegrantable } from '../repositories/grants.js';
import { findActiveMember, type MemberContext } from '../repositories/members.js';

async function activeTeammate(db: Db, memberId: string, teamId: string) {
  const target = await findActiveMember(db, memberId, teamId);
  if (!target) throw notFound('No active member of your team has that id');
  return target;
}

/** Objects the admin can read that the member cannot yet, with the admin's own grant of each. */
export async function regrantWork(
  db: Db,
  admin: MemberContext,
  memberId: string,
): Promise<Static<typeof RegrantWork>> {
  const target = await activeTeammate(db, memberId, admin.teamId);
  const rows = await listRegrantable(db, admin.id, target.team_id, target.id);
  return { objects: rows.map((r) => ({ object: r.object_id, case: r.case_id, grant: toB64(r.sealed) })) };
}

/** Stores the grants the admin's browser made for the member; returns how many were new. */
export async function storeRegrants(
  db: Database,
  admin: MemberContext,
  request: Static<typeof RegrantRequest>,
): Promise<number> {
  const target = await activeTeammate(db, request.member, admin.teamId);
  const objectIds = request.grants.map((g) => g.object);
  return db.transaction().execute(async (tx) => {
    // Each object must be a case or item of this team that the member is not excluded from and
    // did not recuse themselves from.
    const objects = await findGrantableObjects(tx, objectIds, admin.id, target.team_id, target.id);
    const caseOf = new Map(objects.map((o) => [o.object_id, o.case_id]));
    const grants = request.grants.map((g) => {
      const caseId = caseOf.get(g.object);
      if (caseId === undefined) {
        throw badRequest(
          'regrant_not_allowed',
          'Some of those objects are not yours to re-grant to this member',
        );
      }
      return { caseId, objectId: g.object, recipient: target.id, sealed: fromB64(g.k) };
    });
    const granted = await insertMissingGrants(tx, grants);
    // One event per case, naming it: the audit log's exclusion filter then hides the events
    // of cases an admin reading the log is excluded from (a team-wide count would tell them
    // that hidden cases exist).
    const perCase = new Map<string, number>();
    for (const caseId of caseOf.values()) perCase.set(caseId, (perCase.get(caseId) ?? 0) + 1);
    await recordAuditEvents(
      tx,
      [...perCase].map(([caseId, count]) => ({
        teamId: target.team_id,
        memberId: admin.id,
        caseId,
        action: 'case.regranted',
        details: { member: target.id, objects: count },
      })),
    );
    return granted;
  });
}
