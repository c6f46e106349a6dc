/**
 * Retention (docs/protocol.md 10.8): when a finished case's details are due for deletion, and the
 * deletion itself. services/retention.ts runs it one case per transaction.
 */
import { sql, type RawBuilder } from 'kysely';
import { FINISHED_CASE_STATUSES } from '#contract/enumerations';
import type { Db } from '../db/executor.js';

/** A day as the purge counts it: 24 hours, in SQL as in services (no daylight-saving shifts). */
export const RETENTION_DAY_MS = 24 * 3600_000;

/** The team's retention in days after a case finished; null: retention is off. */
export async function teamRetentionDays(db: Db, teamId: string): Promise<number | null> {
  const row = await db
    .selectFrom('teams')
    .select('retention_days')
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  return row.retention_days;
}

/**
 * True for a case (`cases`, joined with its `teams`) that is due at `now`: finished, retention on
 * and passed, not purged, with a retained record of its own to keep, and no appeal of it still
 * being decided. A case without a record waits until a member's console writes it; one under
 * appeal waits for the appeal, whose deciders must still be told apart from the case's voters
 * (docs/protocol.md 10.9), and whose members may need the case.
 */
function isDue(now: Date): RawBuilder<boolean> {
  const finished = sql.join(FINISHED_CASE_STATUSES.map((status) => sql.lit(status)));
  return sql<boolean>`
    cases.purged_at is null
    and cases.status in (${finished})
    and cases.finished_at is not null
    and teams.retention_days is not null
    and cases.finished_at + teams.retention_days * interval '24 hours' <= ${now}
    and exists (select 1 from items where items.id = cases.retained_item_id and items.case_id = cases.id)
    and not exists (select 1 from cases appeals where appeals.appeal_of = cases.id and appeals.finished_at is null)`;
}

/** Up to `limit` cases due at `now`, those that finished first first. */
export async function findCasesDueForPurge(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('teams', 'teams.id', 'cases.team_id')
    .select('cases.id')
    .where(isDue(now))
    .orderBy('cases.finished_at')
    .orderBy('cases.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Locks the case for the rest of the transaction if it is still due, and returns what the purge
 * needs; undefined when it is not (reopened, purged by another process meanwhile) or another
 * transaction holds its row (a member writing to it, a re-grant, or another process purging it:
 * SKIP LOCKED, so it is left for the next run rather than waited for). FOR UPDATE, not FOR NO KEY
 * UPDATE, so that it conflicts with the key-share lock a re-grant takes (repositories/grants.ts).
 */
export async function lockCaseDueForPurge(
  tx: Db,
  caseId: string,
  now: Date,
): Promise<{ id: string; team_id: string; retained_item_id: string } | undefined> {
  const result = await sql<{ id: string; team_id: string; retained_item_id: string }>`
    select cases.id, cases.team_id, cases.retained_item_id
    from cases join teams on teams.id = cases.team_id
    where cases.id = ${caseId} and ${isDue(now)}
    for update of cases skip locked`.execute(tx);
  return result.rows[0];
}

/** How many rows of each kind the purge of one case deleted. */
export interface PurgedRows {
  items: number;
  attachments: number;
  grants: number;
}

/**
 * Deletes everything of the case but its row, its exclusions and recusals, the retained item and
 * that item's grants; then empties the report's ciphertext and its summary's, and marks the case
 * purged. Run it in
 * the transaction that locked the case: a failure (or a kill) half-way rolls all of it back.
 *
 * Exclusions and recusals stay so that no later re-grant of the retained record reaches a member
 * the reporter excluded or who recused themselves. Audit events stay: they hold ids, no content.
 */
export async function deleteCaseDetails(tx: Db, caseId: string, retainedItemId: string): Promise<PurgedRows> {
  const count = (result: { numDeletedRows: bigint }): number => Number(result.numDeletedRows);
  await tx.deleteFrom('votes').where('case_id', '=', caseId).execute();
  await tx.deleteFrom('vote_rounds').where('case_id', '=', caseId).execute();
  await tx.deleteFrom('case_events').where('case_id', '=', caseId).execute();
  await tx.deleteFrom('case_reads').where('case_id', '=', caseId).execute();
  const grants = await tx
    .deleteFrom('grants')
    .where('case_id', '=', caseId)
    .where('object_id', '<>', retainedItemId)
    .executeTakeFirst();
  // The report's files and those of every item but the retained one (which takes none): their
  // chunks by name first, rather than left to the cascade, since they are what holds the bytes.
  await tx
    .deleteFrom('attachment_chunks')
    .where('attachment_id', 'in', (eb) =>
      eb
        .selectFrom('attachments')
        .select('attachments.id')
        .where('attachments.case_id', '=', caseId)
        .where((w) =>
          w.or([w('attachments.item_id', 'is', null), w('attachments.item_id', '<>', retainedItemId)]),
        ),
    )
    .execute();
  const attachments = await tx
    .deleteFrom('attachments')
    .where('case_id', '=', caseId)
    .where((w) => w.or([w('item_id', 'is', null), w('item_id', '<>', retainedItemId)]))
    .executeTakeFirst();
  const items = await tx
    .deleteFrom('items')
    .where('case_id', '=', caseId)
    .where('id', '<>', retainedItemId)
    .executeTakeFirst();
  await tx
    .updateTable('cases')
    // The summary goes with the body: it holds what the list showed of the report.
    .set({
      payload_ct: null,
      payload_nonce: null,
      summary_ct: null,
      summary_nonce: null,
      purged_at: sql`now()`,
    })
    .where('id', '=', caseId)
    .execute();
  return { items: count(items), attachments: count(attachments), grants: count(grants) };
}
