/**
 * The way back in for a receipt's holder (the reporter, or a target a member invited in): the
 * receipt never leaves their browser; it sends `lookup`, a value derived from it, and gets a
 * short-lived receipt session for the case it opens, in its role (docs/protocol.md 8.5).
 */
import type { ReceiptCase } from '#contract/cases';
import type { CaseStatus } from '#contract/enumerations';
import { lookupHashFromToken } from '../../crypto/index.js';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { envelopeOrNull, summaryOrNull, toB64, toTime, toTimeOrNull } from '../db/wire.js';
import { AppError, conflict, notFound } from '../errors.js';
import {
  findOpeningByLookupHash,
  findRoleOnCase,
  findTargetReceipt,
  type ReceiptOpening,
} from '../repositories/case-receipts.js';
import { recordAudit } from '../repositories/audit-events.js';
import { findReferralInto, listOtherCasesOfReceipt } from '../repositories/referrals.js';
import { excludedMembers } from '../repositories/case-exclusions.js';
import { withdrawCase } from '../repositories/cases.js';
import { findSealedKey, listActiveReaders } from '../repositories/grants.js';
import { listItemsFor } from '../repositories/items.js';
import { teamRetentionDays } from '../repositories/retention.js';
import { findReporterFacingTeam } from '../repositories/teams.js';
import { caseForReceipt, casePurged, caseWithdrawn } from './case-access.js';
import { dropWaitingReferrals, receiptReferrals } from './referrals.js';
import { purgeAfter } from './retention.js';

/** BLAKE2b-256 of the lookup value; undefined for one that is not canonical base64url. */
function lookupHashOf(lookupB64: string): Buffer | undefined {
  try {
    return Buffer.from(lookupHashFromToken(lookupB64));
  } catch {
    return undefined;
  }
}

/** The case a receipt's lookup value opens, and as what; 401 for one that opens none. */
export async function openingOfLookup(db: Db, lookupB64: string): Promise<ReceiptOpening> {
  // A malformed lookup still costs one query: an impossible hash, never found.
  const lookupHash = lookupHashOf(lookupB64) ?? Buffer.alloc(0);
  const opening = await findOpeningByLookupHash(db, lookupHash);
  if (opening === undefined) {
    throw new AppError(
      401,
      'receipt_unknown',
      'We could not find a report for that receipt. Please check it and try again.',
    );
  }
  return opening;
}

/**
 * The case as a receipt's holder sees it: status, the items addressed to them, who can read it
 * now, and for the reporter the report itself. A target reads only their own thread with the
 * team: never the report, its signature or the reporter's messages.
 * Once the team's retention purged it, the holder is still let in and told so: the report and
 * the messages are gone (payload, summary, grant and items empty), `purged_at` says when.
 */
export async function receiptCase(db: Db, opening: ReceiptOpening): Promise<ReceiptCase> {
  const { caseId, role } = opening;
  const row = await caseForReceipt(db, caseId);
  const referredFrom = await findReferralInto(db, row.id);
  const team = await findReporterFacingTeam(db, row.team_id);
  const retentionDays = await teamRetentionDays(db, row.team_id);
  const purged = row.purged_at !== null;
  // A referred case's report is the referring member's packet, read at consent: not served again.
  const isReporter = role === 'reporter' && referredFrom === undefined;
  const sealed = purged || !isReporter ? null : await findSealedKey(db, row.id, 'reporter');
  const target = await findTargetReceipt(db, row.id);
  return {
    id: row.id,
    role,
    target_invited_at: toTimeOrNull(target?.created_at ?? null),
    referred_from:
      referredFrom === undefined
        ? null
        : {
            team_name: referredFrom.team_name,
            team_slug: referredFrom.team_slug,
            case: referredFrom.from_case,
          },
    referrals: await receiptReferrals(db, opening),
    other_cases: (await listOtherCasesOfReceipt(db, opening.lookupHash, row.id)).map((other) => ({
      id: other.id,
      team_name: other.team_name,
      team_slug: other.team_slug,
      referred_from: other.from_case,
    })),
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
    payload: purged || !isReporter ? null : envelopeOrNull(row),
    // `sig` covers it with the payload: the reporter's browser needs it to verify the signature.
    summary: purged || !isReporter ? null : summaryOrNull(row),
    grant: sealed === null ? null : toB64(sealed),
    sig: isReporter ? toB64(row.sig) : null,
    // Only items granted to this role: internal notes never are (nor the retained record), and
    // the reporter's thread and the target's are granted each to its own holder.
    items: purged ? [] : await listItemsFor(db, row.id, role),
  };
}

/** Another case the session's receipt opens, to move the session to; 404 for any other case. */
export async function switchableCase(
  db: Db,
  session: ReceiptOpening,
  caseId: string,
): Promise<ReceiptOpening> {
  const role = await findRoleOnCase(db, session.lookupHash, caseId);
  if (role === undefined) throw notFound('Your receipt opens no case with that id');
  return { caseId, role, lookupHash: session.lookupHash };
}

/** The reporter withdraws the report; the team keeps the record that it was withdrawn. */
export async function withdrawReport(db: Database, { caseId, role }: ReceiptOpening): Promise<void> {
  if (role !== 'reporter') {
    throw new AppError(403, 'reporter_only', 'Only the person who sent the report can withdraw it');
  }
  const row = await caseForReceipt(db, caseId);
  const withdrawn = await db.transaction().execute(async (tx) => {
    if (!(await withdrawCase(tx, row.id))) return false;
    // Nothing of a withdrawn report is shared later: waiting referrals go with it.
    await dropWaitingReferrals(tx, row, 'withdrawn');
    await recordAudit(tx, {
      teamId: row.team_id,
      memberId: null,
      caseId: row.id,
      action: 'case.withdrawn_by_reporter',
    });
    return true;
  });
  if (!withdrawn) {
    const now = await caseForReceipt(db, row.id);
    if (now.purged_at !== null) throw casePurged();
    throw now.status === 'withdrawn'
      ? caseWithdrawn()
      : conflict('case_closed', 'This case is already closed');
  }
}
