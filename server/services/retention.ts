/**
 * Retention (docs/protocol.md 10.8). A team may have its finished cases' details deleted some
 * days after they were closed or withdrawn. Before that, a member's browser writes the case's
 * retained record: the few facts the seed says must stay findable (the result, the parties, the
 * reporter's role), encrypted to the team like any other record item. The purge then deletes
 * everything else of the case, one case per transaction, and never a case without that record.
 *
 * The server never reads the record: it only knows which item it is.
 */
import type { ItemSubmission } from '#contract/cases';
import { isFinishedStatus, type CaseStatus } from '#contract/enumerations';
import type { Database } from '../db/database.js';
import { toTime } from '../db/wire.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { lockCase, setRetainedItem, type CaseRow } from '../repositories/cases.js';
import type { MemberContext } from '../repositories/members.js';
import {
  deleteCaseDetails,
  findCasesDueForPurge,
  lockCaseDueForPurge,
  RETENTION_DAY_MS,
} from '../repositories/retention.js';
import { caseForMember, casePurged, CASE_NOT_FOUND } from './case-access.js';
import { checkItem, inTransaction, memberAuthor, storeItem } from './items.js';
import { dropWaitingReferrals } from './referrals.js';

/** Cases one maintenance run purges at most; the rest wait for the next run. */
export const PURGE_BATCH = 100;

const notFinished = () =>
  conflict(
    'case_not_finished',
    'A retained record is written only for a closed or withdrawn case; close the case first',
  );

/**
 * When the team's retention deletes the case's details: `retentionDays` after it finished. Null
 * while it is open, when retention is off, and once it was purged (nothing is planned any more).
 * The date may be past while the case waits for its retained record.
 */
export function purgeAfter(
  row: Pick<CaseRow, 'finished_at' | 'purged_at'>,
  retentionDays: number | null,
): string | null {
  if (row.finished_at === null || row.purged_at !== null || retentionDays === null) return null;
  return toTime(new Date(row.finished_at.getTime() + retentionDays * RETENTION_DAY_MS));
}

/**
 * Stores a member's retained record for a closed or withdrawn case (a `record` item, checked and
 * granted like any other) and makes it the one the purge keeps, in one transaction; a later one
 * replaces it. Audited as case.retained.
 */
export async function keepRetainedRecord(
  db: Database,
  member: MemberContext,
  caseId: string,
  item: ItemSubmission,
): Promise<void> {
  const row = await caseForMember(db, caseId, member);
  if (row.purged_at !== null) throw casePurged();
  if (!isFinishedStatus(row.status as CaseStatus)) throw notFinished();
  if (item.kind !== 'record') {
    throw badRequest(
      'wrong_item_kind',
      'The retained record is a record item (confide/record/v1, type retained)',
    );
  }
  // Files would be kept past the purge with it, and the record exists to keep as little as can be.
  if ((item.attachments ?? []).length > 0) {
    throw badRequest('invalid_request', 'The retained record carries no files');
  }
  const checked = checkItem(row, item, await memberAuthor(db, member));
  await inTransaction(db, async (tx) => {
    // Not lockCaseForItem: a withdrawn case takes its retained record too. Checked again under
    // the lock: a reopening or a purge may have come first.
    const locked = await lockCase(tx, row.id);
    if (!locked) throw notFound(CASE_NOT_FOUND);
    if (locked.purged_at !== null) throw casePurged();
    if (!isFinishedStatus(locked.status as CaseStatus)) throw notFinished();
    await storeItem(tx, locked, checked, 0);
    await setRetainedItem(tx, locked.id, item.id);
    await recordAudit(tx, {
      teamId: locked.team_id,
      memberId: member.id,
      caseId: locked.id,
      action: 'case.retained',
      details: { item: item.id },
    });
  });
}

/**
 * Purges up to `limit` cases due at `now` (retention passed, a retained record written, not
 * purged yet); returns how many it purged.
 *
 * Each case is purged in a transaction of its own, with its row locked and its due state checked
 * again under the lock: a process killed half-way leaves that case as it was (the rollback), and
 * the next run purges it. Several processes may run this at once: a case another one is purging
 * (or a member is writing to) is skipped, not waited for. Running it again purges nothing twice.
 */
export async function purgeDueCases(
  db: Database,
  options: { now?: Date; limit?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const due = await findCasesDueForPurge(db, now, options.limit ?? PURGE_BATCH);
  let purged = 0;
  for (const caseId of due) {
    const done = await db.transaction().execute(async (tx) => {
      const row = await lockCaseDueForPurge(tx, caseId, now);
      if (!row) return false;
      const deleted = await deleteCaseDetails(tx, row.id, row.retained_item_id);
      await dropWaitingReferrals(tx, row, 'purged');
      // Counts and ids only: the audit log outlives the case's content and never held any.
      await recordAudit(tx, {
        teamId: row.team_id,
        memberId: null,
        caseId: row.id,
        action: 'case.purged',
        details: { retained: row.retained_item_id, ...deleted },
      });
      return true;
    });
    if (done) purged += 1;
  }
  return purged;
}
