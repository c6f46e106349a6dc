/**
 * Appeals (docs/protocol.md 10.9): the references members make for closed cases (stored only as
 * a hash), the link from an appeal to the case it appeals (`cases.appeal_of`), and the questions
 * the appeal rules ask: how many appeals a case has (whether a member voted on the original is
 * repositories/votes.ts hasVoted).
 */
import type { CaseLink } from '#contract/appeals';
import type { Db } from '../db/executor.js';
import { holdsGrantOnCase } from './cases.js';
import { notExcluded } from './case-exclusions.js';
import { notRecused } from './recusals.js';

export async function insertAppealReference(
  db: Db,
  reference: { hash: Buffer; caseId: string; createdBy: string },
): Promise<void> {
  await db
    .insertInto('appeal_references')
    .values({ reference_hash: reference.hash, case_id: reference.caseId, created_by: reference.createdBy })
    .execute();
}

/** The team's limit of appeals per case (0: it takes none through Confide). */
export async function teamAppealsPerCase(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('teams')
    .select('appeals_per_case')
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  return row.appeals_per_case;
}

/** The case a reference was made for, with what the appeal rules read of it and of its team. */
export interface AppealTarget {
  readonly caseId: string;
  readonly teamId: string;
  readonly teamSlug: string;
  readonly status: string;
  readonly finishedAt: Date | null;
  readonly appealsPerCase: number;
  readonly appealWaitDays: number;
}

/**
 * The case of the reference with this hash, or undefined for an unknown one. With `lock`, the
 * case row is locked for the rest of the transaction, so that appeals of one case are counted
 * against its limit one at a time (services/intake.ts).
 */
export async function findAppealTarget(
  db: Db,
  referenceHash: Buffer,
  { lock }: { lock: boolean },
): Promise<AppealTarget | undefined> {
  let query = db
    .selectFrom('appeal_references as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .innerJoin('teams as t', 't.id', 'c.team_id')
    .select([
      'c.id as case_id',
      'c.team_id',
      't.slug',
      'c.status',
      'c.finished_at',
      't.appeals_per_case',
      't.appeal_wait_days',
    ])
    .where('r.reference_hash', '=', referenceHash);
  if (lock) query = query.forUpdate(['c']);
  const row = await query.executeTakeFirst();
  return row
    ? {
        caseId: row.case_id,
        teamId: row.team_id,
        teamSlug: row.slug,
        status: row.status,
        finishedAt: row.finished_at,
        appealsPerCase: row.appeals_per_case,
        appealWaitDays: row.appeal_wait_days,
      }
    : undefined;
}

/** How many appeals of the case were received (cases_appeal_of_idx). */
export async function countAppeals(db: Db, caseId: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('appeal_of', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Links a case just inserted (in the same transaction) to the case it appeals. */
export async function setAppealOf(db: Db, appealId: string, originalId: string): Promise<void> {
  await db.updateTable('cases').set({ appeal_of: originalId }).where('id', '=', appealId).execute();
}

/** The case an appeal appeals, as a link; null when `caseId` is no appeal (or unknown). */
export async function appealOfLink(db: Db, caseId: string): Promise<CaseLink | null> {
  const row = await db
    .selectFrom('cases as a')
    .innerJoin('cases as o', 'o.id', 'a.appeal_of')
    .select(['o.id', 'o.number'])
    .where('a.id', '=', caseId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * The appeals of the case that the member may see by GET /api/cases/{id}'s rule (a grant, no
 * exclusion, no recusal), oldest first: an appellant who excluded a member from their appeal
 * keeps it from them here too.
 */
export async function listAppealLinks(
  db: Db,
  caseId: string,
  member: { id: string; teamId: string },
): Promise<CaseLink[]> {
  return db
    .selectFrom('cases')
    .select(['cases.id', 'cases.number'])
    .where('cases.appeal_of', '=', caseId)
    .where('cases.team_id', '=', member.teamId)
    .where(holdsGrantOnCase(member.id))
    .where(notExcluded('cases.id', member.id))
    .where(notRecused('cases.id', member.id))
    .orderBy('cases.created_at')
    .orderBy('cases.id')
    .execute();
}
