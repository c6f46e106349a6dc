/**
 * Appeals (docs/protocol.md 10.9). A member makes an appeal reference for a closed case they may
 * see; it goes into the notice to the sanctioned user. The reference is random (it names neither
 * the case nor the reporter) and the server keeps only its hash. The public appeal page checks it
 * (POST /api/appeals/check), then sends the appeal as a report carrying it; the intake links the
 * new case to the original (services/intake.ts, through acceptAppeal below) in the transaction
 * that stores it, after counting the case's appeals under a lock on the original's row. The team
 * limits appeals per case (0: none through Confide) and may ask for a wait after closing.
 */
import type { AppealCheckReply, AppealReferenceCreated } from '#contract/appeals';
import { generateAppealReference, hashAppealReference } from '../../crypto/index.js';
import type { Db } from '../db/executor.js';
import { toTime } from '../db/wire.js';
import { AppError, conflict } from '../errors.js';
import {
  countAppeals,
  findAppealTarget,
  insertAppealReference,
  teamAppealsPerCase,
  type AppealTarget,
} from '../repositories/appeals.js';
import { recordAudit } from '../repositories/audit-events.js';
import type { MemberContext } from '../repositories/members.js';
import { caseForMember } from './case-access.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One reply for a reference never made and one that is not even well formed: nothing to tell apart. */
export const appealReferenceUnknown = (): AppError =>
  new AppError(
    404,
    'appeal_reference_unknown',
    'There is no appeal with this reference. Check that it was typed as written in the notice.',
  );

const appealsOff = (): AppError =>
  conflict('appeals_off', 'This team takes no appeals through Confide; the notice says how to reach them');

/** The hash the server keeps of a reference (crypto/appeal-references.ts); null for one that does not normalize. */
export function appealReferenceHash(reference: string): Buffer | null {
  try {
    return Buffer.from(hashAppealReference(reference));
  } catch {
    return null;
  }
}

/** A new reference for a closed case the member may see; shown once, stored as its hash. */
export async function createAppealReference(
  db: Db,
  member: MemberContext,
  caseId: string,
): Promise<AppealReferenceCreated> {
  const row = await caseForMember(db, caseId, member);
  if (row.status !== 'closed') {
    throw conflict(
      'case_not_finished',
      'Only a closed case can be appealed: close this one first (a referred or withdrawn case has no decision of the team to appeal)',
    );
  }
  if ((await teamAppealsPerCase(db, row.team_id)) === 0) throw appealsOff();
  const reference = generateAppealReference();
  const hash = appealReferenceHash(reference);
  if (hash === null) throw new Error('a generated appeal reference does not normalize');
  await db.transaction().execute(async (tx) => {
    await insertAppealReference(tx, { hash, caseId: row.id, createdBy: member.id });
    await recordAudit(tx, {
      teamId: row.team_id,
      memberId: member.id,
      caseId: row.id,
      action: 'appeal.reference_created',
    });
  });
  return { reference };
}

/** When the team's waiting period after the case was closed ends; null while it is not closed. */
function appealAfter(target: AppealTarget): Date | null {
  if (target.finishedAt === null) return null;
  return new Date(target.finishedAt.getTime() + target.appealWaitDays * DAY_MS);
}

/**
 * Refuses an appeal the team's rules do not take now: none at all, one more than the limit, one
 * before the wait is over or while the case is open again. `appealsSoFar` is the case's count.
 */
function assertAppealTaken(target: AppealTarget, appealsSoFar: number, now: Date): void {
  if (target.appealsPerCase === 0) throw appealsOff();
  if (appealsSoFar >= target.appealsPerCase) {
    throw conflict(
      'appeal_limit_reached',
      target.appealsPerCase === 1
        ? 'This decision was appealed already; the team takes one appeal per case'
        : `This decision was appealed ${appealsSoFar} times already, the most the team takes`,
    );
  }
  const after = target.status === 'closed' ? appealAfter(target) : null;
  if (after === null) {
    throw conflict('appeal_too_early', 'The team is working on this case again; appeal once it is closed', {
      appeal_after: null,
    });
  }
  if (now < after) {
    throw conflict('appeal_too_early', `The team takes an appeal of this decision from ${toTime(after)}`, {
      appeal_after: toTime(after),
    });
  }
}

/** POST /api/appeals/check: where to send an appeal, when one can be sent now. */
export async function checkAppeal(db: Db, reference: string): Promise<AppealCheckReply> {
  const hash = appealReferenceHash(reference);
  const target = hash ? await findAppealTarget(db, hash, { lock: false }) : undefined;
  if (!target) throw appealReferenceUnknown();
  assertAppealTaken(target, await countAppeals(db, target.caseId), new Date());
  const after = appealAfter(target);
  return { team: target.teamSlug, appeal_after: target.appealWaitDays > 0 && after ? toTime(after) : null };
}

/**
 * Inside the intake's transaction, before the appeal is stored: the original case of the
 * reference, locked, once the rules take the appeal. The lock makes two appeals racing for the
 * last place wait for each other, so the second counts the first. 404 for an unknown reference,
 * 400 for an appeal sent to another team than the case's.
 */
export async function acceptAppeal(tx: Db, reference: string, teamId: string): Promise<AppealTarget> {
  const hash = appealReferenceHash(reference);
  const target = hash ? await findAppealTarget(tx, hash, { lock: true }) : undefined;
  if (!target) throw appealReferenceUnknown();
  if (target.teamId !== teamId) {
    throw new AppError(
      400,
      'appeal_wrong_team',
      'An appeal goes to the team that decided the case: send it to the team the check named',
    );
  }
  assertAppealTaken(target, await countAppeals(tx, target.caseId), new Date());
  return target;
}
