/**
 * Purging a case in a test, as the console and the purge job do over the team's retention period:
 * closed with a closing summary, its retained record kept, its finish moved past the retention
 * (the team's `retention_days` must be 1), then the purge run once.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.js';
import { purgeDueCases } from '../../server/services/retention.js';
import { closeWithSummary, expectReply, prepareRecord, type MemberSession } from './protocol/index.js';

const DAY_MS = 24 * 3600_000;

export async function purgeCase(db: Kysely<DB>, session: MemberSession, caseId: string): Promise<void> {
  await closeWithSummary(session, caseId);
  await makeDueForPurge(db, session, caseId);
  const purged = await purgeDueCases(db);
  if (purged !== 1) throw new Error(`the purge took ${String(purged)} cases, expected this one`);
}

/**
 * A closed case made due for the purge: its retained record written, as a console does, and its
 * finish moved two days back (past a `retention_days` of 1).
 */
export async function makeDueForPurge(db: Kysely<DB>, session: MemberSession, caseId: string): Promise<void> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const retained = await prepareRecord(session, caseId, {
    type: 'retained',
    case_number: row.number,
    result: 'actionable',
    finished_at: (row.finished_at ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    parties: [{ name: 'Vandal Example', role: 'alleged_harasser' }],
    reporter_role: 'target',
    outcome: 'Blocked for a month',
  });
  expectReply(
    await session.agent.post(`/api/cases/${caseId}/retained`, { item: retained }),
    201,
    'POST /api/cases/{id}/retained',
  );
  await db
    .updateTable('cases')
    .set({ finished_at: new Date(Date.now() - 2 * DAY_MS) })
    .where('id', '=', caseId)
    .execute();
}
