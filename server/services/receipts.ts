/**
 * The reporter's way back in: the receipt never leaves their browser; it sends `lookup`, a
 * value derived from it, and gets a short-lived receipt session for that one case.
 */
import type { ReceiptCase } from '#contract/cases';
import type { CaseStatus } from '#contract/enumerations';
import { lookupHashFromToken } from '../../crypto/index.js';
import type { Db } from '../db/executor.js';
import { envelopeOrNull, summaryOrNull, toB64, toTime, toTimeOrNull } from '../db/wire.js';
import { AppError, conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { excludedMembers } from '../repositories/case-exclusions.js';
import { findCaseIdByLookupHash, withdrawCase } from '../repositories/cases.js';
import { findSealedKey, listActiveReaders } from '../repositories/grants.js';
import { listItemsFor } from '../repositories/items.js';
import { teamRetentionDays } from '../repositories/retention.js';
import { findReporterFacingTeam } from '../repositories/teams.js';
import { caseForReceipt, casePurged, caseWithdrawn } from './case-access.js';
import { purgeAfter } from './retention.js';

/** BLAKE2b-256 of the lookup value; undefined for one that is not canonical base64url. */
function lookupHashOf(lookupB64: string): Buffer | undefined {
  try {
    return Buffer.from(lookupHashFromToken(lookupB64));
  } catch {
    return undefined;
  }
}

/** The case a receipt's lookup value opens; 401 for one that opens none. */
export async function caseOfLookup(db: Db, lookupB64: string): Promise<string> {
  // A malformed lookup still costs one query: an impossible hash, never found.
  const caseId = await findCaseIdByLookupHash(db, lookupHashOf(lookupB64) ?? Buffer.alloc(0));
  if (caseId === undefined) {
    throw new AppError(
      401,
      'receipt_unknown',
      'We could not find a report for that receipt. Please check it and try again.',
    );
  }
  return caseId;
}

/**
 * The reporter's case: status, the report, the items addressed to them, and who can read it now.
 * Once the team's retention purged it, the reporter is still let in and told so: the report and
 * the messages are gone (payload, summary, grant and items empty), `purged_at` says when.
 */
export async function receiptCase(db: Db, caseId: string): Promise<ReceiptCase> {
  const row = await caseForReceipt(db, caseId);
  const team = await findReporterFacingTeam(db, row.team_id);
  const retentionDays = await teamRetentionDays(db, row.team_id);
  const purged = row.purged_at !== null;
  const sealed = purged ? null : await findSealedKey(db, row.id, 'reporter');
  return {
    id: row.id,
    team: row.team_id,
    team_slug: team.slug,
    team_name: team.name,
    status: row.status as CaseStatus,
    check_in_by: toTimeOrNull(row.check_in_by),
    created_at: toTime(row.created_at),
    first_response_by: toTime(new Date(row.created_at.getTime() + team.first_response_hours * 3600_000)),
    excluded: await excludedMembers(db, row.id),
    // Grants on the report itself: the purge deleted them all.
    readers: await listActiveReaders(db, row.id),
    finished_at: toTimeOrNull(row.finished_at),
    purge_after: purgeAfter(row, retentionDays),
    purged_at: toTimeOrNull(row.purged_at),
    payload: purged ? null : envelopeOrNull(row),
    // `sig` covers it with the payload: the reporter's browser needs it to verify the signature.
    summary: purged ? null : summaryOrNull(row),
    grant: sealed === null ? null : toB64(sealed),
    sig: toB64(row.sig),
    // Only items granted to the reporter: internal notes never are (nor the retained record).
    items: purged ? [] : await listItemsFor(db, row.id, 'reporter'),
  };
}

/** The reporter withdraws the report; the team keeps the record that it was withdrawn. */
export async function withdrawReport(db: Db, caseId: string): Promise<void> {
  const row = await caseForReceipt(db, caseId);
  if (!(await withdrawCase(db, row.id))) {
    const now = await caseForReceipt(db, row.id);
    if (now.purged_at !== null) throw casePurged();
    throw now.status === 'withdrawn'
      ? caseWithdrawn()
      : conflict('case_closed', 'This case is already closed');
  }
  await recordAudit(db, {
    teamId: row.team_id,
    memberId: null,
    caseId: row.id,
    action: 'case.withdrawn_by_reporter',
  });
}
