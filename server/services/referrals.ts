/**
 * Referrals to another team of the deployment (docs/protocol.md 10.10). A member's browser seals a
 * packet to the receiving team's verified roster (and to the reporter, who may read what would be
 * shared) and signs it; the server checks it as it checks a report and holds it. When both teams
 * serve the same community the packet is released at once, with the exclusions the member chose;
 * otherwise the reporter is asked through their receipt, chooses whom on the receiving team to leave
 * out, and consents (the packet becomes a case of the receiving team) or refuses (the packet and
 * its files are deleted). Either way both teams' audit logs record it, and a release moves the
 * referring case to `referred`.
 */
import type {
  ConsentDecision,
  IncomingReferral,
  OutgoingReferral,
  ReceiptReferral,
  ReferralCreated,
  ReferralSubmission,
} from '#contract/referrals';
import { isOpenStatus, type CaseStatus, type ReferralState } from '#contract/enumerations';
import { nextStatus } from '#contract/status-machine';
import { verifyReferral } from '../../crypto/index.js';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { readTeamStates, type TeamIntakeState } from '../repositories/intake.js';
import { fromB64, toB64, toTime, toTimeOrNull } from '../db/wire.js';
import { AppError, badRequest, conflict, notFound } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { insertCaseEvents } from '../repositories/case-events.js';
import type { ReceiptOpening } from '../repositories/case-receipts.js';
import { updateCaseUnlessWithdrawn, type CaseRow } from '../repositories/cases.js';
import { findSignPublicKey, type MemberContext } from '../repositories/members.js';
import {
  findReferralGrant,
  findReferralInto,
  holdAttachmentsForReferral,
  idInUse,
  insertReferral,
  listReferralsFrom,
  lockReferral,
  lockWaitingReferralsOf,
  referralWaiting,
  refuseReferral,
  releaseReferral,
} from '../repositories/referrals.js';
import { wakeNotificationWorkers } from '../notifications/outbox.js';
import { assertFilesTaken } from './attachments.js';
import { assertChangeable, caseForMember, caseForReceipt } from './case-access.js';
import { lockCaseForItem } from './items.js';
import { grantsDoNotMatchRoster } from './recipients.js';
import { assertPinnedFingerprint, type PinnedFingerprints } from './team-pins.js';

export interface ReferralOptions {
  readonly pinnedFingerprints: PinnedFingerprints;
  readonly maxAttachmentBytes: number;
}

/**
 * Whether the reporter must be asked: the two teams serve different communities. A team that
 * names none is taken as serving its own, so a referral to or from it always asks.
 */
export function needsConsent(from: string | null, to: string | null): boolean {
  return from === null || to === null || from !== to;
}

/** A member refers a case they may see to another team; audited in both teams once released. */
export async function createReferral(
  db: Database,
  member: MemberContext,
  caseId: string,
  submission: ReferralSubmission,
  options: ReferralOptions,
): Promise<ReferralCreated> {
  const row = await caseForMember(db, caseId, member);
  assertReferable(row);
  if (submission.payload.v !== 1 || submission.summary.v !== 1) {
    throw badRequest('unknown_version', 'This server accepts envelope version 1');
  }
  if (submission.team === row.team_id) {
    throw badRequest('referral_same_team', 'A case is referred to another team, not to its own');
  }
  const teams = await readTeamStates(db, [submission.team, row.team_id]);
  const receiving = teams.get(submission.team);
  const sending = teams.get(row.team_id);
  if (!receiving || !sending) throw notFound('There is no such team');
  assertPinnedFingerprint(options.pinnedFingerprints, receiving.slug, receiving.genesis);
  const communities = await teamCommunities(db, [row.team_id, submission.team]);
  const askReporter = needsConsent(
    communities.get(row.team_id) ?? null,
    communities.get(submission.team) ?? null,
  );
  checkPacketRecipients(submission, receiving, askReporter);

  const payloadCiphertext = fromB64(submission.payload.c);
  const summaryCiphertext = fromB64(submission.summary.c);
  const signPublicKey = await findSignPublicKey(db, member.id);
  const packet = {
    id: submission.id,
    fromCase: row.id,
    payload: submission.payload,
    summary: submission.summary,
  };
  if (!verifyReferral(packet, submission.sig, toB64(signPublicKey))) {
    throw badRequest(
      'bad_signature',
      'The referral is not signed with your key over this packet and this case',
    );
  }

  const state = await db.transaction().execute(async (tx) => {
    const locked = await lockCaseForItem(tx, row.id);
    assertReferable(locked);
    if (await idInUse(tx, submission.id)) {
      throw conflict('duplicate_report', 'A case, item or referral with this id already exists');
    }
    if (await referralWaiting(tx, row.id, submission.team)) {
      throw conflict(
        'referral_waiting',
        'A referral of this case to that team is already waiting for the reporter’s answer',
      );
    }
    const stored = await insertReferral(tx, {
      id: submission.id,
      fromCase: row.id,
      fromTeam: row.team_id,
      toTeam: submission.team,
      needsConsent: askReporter,
      excluded: submission.excluded,
      createdBy: member.id,
      rosterSeq: submission.roster_seq,
      payloadV: submission.payload.v,
      payloadNonce: fromB64(submission.payload.n),
      payloadCiphertext,
      summaryNonce: fromB64(submission.summary.n),
      summaryCiphertext,
      sig: fromB64(submission.sig),
      grants: submission.grants.map((g) => ({ to: g.to, sealed: fromB64(g.k) })),
    });
    // Another case's referral took the id between the check and the insert.
    if (!stored) throw conflict('duplicate_report', 'A case, item or referral with this id already exists');
    await holdFiles(tx, submission.attachments ?? [], submission.id, options.maxAttachmentBytes);
    await recordAudit(tx, {
      teamId: row.team_id,
      memberId: member.id,
      caseId: row.id,
      action: 'case.referred',
      details: { referral: submission.id, to_team: submission.team, needs_consent: askReporter },
    });
    if (askReporter) return 'awaiting_consent' as const;
    await release(tx, locked, submission.id, submission.excluded, member.id);
    return 'released' as const;
  });
  if (state === 'released') wakeNotificationWorkers();
  return { id: submission.id, state };
}

/** A case is referred while the team works on it, or again after a first referral. */
function assertReferable(row: Pick<CaseRow, 'purged_at' | 'status'>): void {
  assertChangeable(row);
  const status = row.status as CaseStatus;
  if (!isOpenStatus(status) && status !== 'referred') {
    throw conflict(
      'case_finished',
      'A closed case is not referred: reopen it first if it must go to another team',
    );
  }
}

async function teamCommunities(db: Db, ids: readonly string[]): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('teams').select(['id', 'community']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.community]));
}

/**
 * The packet is sealed to every active member of the receiving team and to the reporter, each
 * once; exclusions drop grants at release (so a reporter's choice needs no new encryption). The
 * member names exclusions only when the reporter is not asked.
 */
function checkPacketRecipients(
  submission: ReferralSubmission,
  team: TeamIntakeState,
  askReporter: boolean,
): void {
  if (submission.roster_seq > team.head) {
    throw conflict('roster_changed', 'The referral names a roster this server does not have', {
      roster_seq: team.head,
    });
  }
  if (askReporter && submission.excluded.length > 0) {
    throw badRequest(
      'reporter_chooses_exclusions',
      'The two teams serve different communities: the reporter is asked, and chooses whom to leave out',
    );
  }
  assertExcludable(submission.excluded, team);
  const expected = new Set([...team.active, 'reporter']);
  const recipients = new Set(submission.grants.map((g) => g.to));
  if (
    recipients.size !== submission.grants.length ||
    recipients.size !== expected.size ||
    [...recipients].some((to) => !expected.has(to))
  ) {
    throw grantsDoNotMatchRoster(team.head);
  }
}

/** Everyone left out is an active member now, and someone remains to read the case. */
function assertExcludable(excluded: readonly string[], team: TeamIntakeState): void {
  if (excluded.some((id) => !team.active.has(id))) {
    throw conflict(
      'excluded_not_member',
      'Someone chosen to be left out is not on the receiving team any more. Reload and choose again.',
      { roster_seq: team.head },
    );
  }
  if ([...team.active].every((id) => excluded.includes(id))) {
    throw badRequest(
      'no_recipient_left',
      'At least one member of the receiving team must be able to read it',
    );
  }
}

async function holdFiles(
  tx: Db,
  ids: readonly string[],
  referralId: string,
  maxBytes: number,
): Promise<void> {
  if (ids.length === 0) return;
  assertFilesTaken(ids, await holdAttachmentsForReferral(tx, ids, referralId), maxBytes);
}

/**
 * Makes the receiving case, moves the referring case to `referred` (when it is open) and writes
 * both teams' audit events, in the caller's transaction, which holds the referring case's lock.
 */
async function release(
  tx: Db,
  fromCase: CaseRow,
  referralId: string,
  excluded: readonly string[],
  actor: string | null,
): Promise<void> {
  const referral = await lockReferral(tx, referralId);
  if (!referral) throw notFound('There is no such referral');
  if ((await releaseReferral(tx, referralId, excluded)) === undefined) {
    throw conflict(
      'duplicate_report',
      'A case with this referral’s id exists already: the team must refer it again',
    );
  }
  const from = fromCase.status as CaseStatus;
  const to = nextStatus(from, { type: 'refer' });
  if (to !== null && to !== from) {
    await updateCaseUnlessWithdrawn(tx, fromCase.id, { status: to });
    await insertCaseEvents(tx, [{ caseId: fromCase.id, kind: 'status', actor, from, to }]);
  }
  await recordAudit(tx, {
    teamId: fromCase.team_id,
    memberId: actor,
    caseId: fromCase.id,
    action: 'case.referral_released',
    details: { referral: referralId, to_team: referral.to_team },
  });
  await recordAudit(tx, {
    teamId: referral.to_team,
    memberId: null,
    caseId: referralId,
    action: 'case.referred_in',
    details: { from_team: fromCase.team_id },
  });
}

/**
 * The case is withdrawn or purged: every referral of it still waiting for the reporter is dropped
 * (its packet, grants and files deleted, as on a refusal), in the caller's transaction. Without
 * this an encrypted copy of the report would outlive the case it came from, never to be answered.
 */
export async function dropWaitingReferrals(
  tx: Db,
  fromCase: { id: string; team_id: string },
  why: 'withdrawn' | 'purged',
): Promise<void> {
  for (const referralId of await lockWaitingReferralsOf(tx, fromCase.id)) {
    await refuseReferral(tx, referralId);
    await recordAudit(tx, {
      teamId: fromCase.team_id,
      memberId: null,
      caseId: fromCase.id,
      action: 'case.referral_dropped',
      details: { referral: referralId, why },
    });
  }
}

/** The reporter answers a referral of their case that waits for them. */
export async function decideConsent(
  db: Database,
  { caseId, role }: ReceiptOpening,
  referralId: string,
  decision: ConsentDecision,
): Promise<ReferralState> {
  if (role !== 'reporter') {
    throw new AppError(403, 'reporter_only', 'Only the person who sent the report can answer a referral');
  }
  if (!decision.consent && decision.excluded.length > 0) {
    throw badRequest('invalid_request', 'Leave nobody out when you do not agree: nothing is shared');
  }
  const row = await caseForReceipt(db, caseId);
  assertChangeable(row);
  const state = await db.transaction().execute(async (tx) => {
    const locked = await lockCaseForItem(tx, row.id);
    const referral = await lockReferral(tx, referralId);
    // Another case's referral is no more the reporter's to see than a referral that does not exist.
    if (!referral || referral.from_case !== row.id) throw notFound('There is no such referral on your case');
    if (referral.state !== 'awaiting_consent') {
      throw conflict('referral_decided', 'This referral was answered already');
    }
    if (!decision.consent) {
      await refuseReferral(tx, referral.id);
      await recordAudit(tx, {
        teamId: row.team_id,
        memberId: null,
        caseId: row.id,
        action: 'case.referral_refused',
        details: { referral: referral.id, to_team: referral.to_team },
      });
      return 'refused' as const;
    }
    const [receiving] = (await readTeamStates(tx, [referral.to_team])).values();
    if (!receiving) throw notFound('The receiving team no longer exists');
    assertExcludable(decision.excluded, receiving);
    await release(tx, locked, referral.id, decision.excluded, null);
    return 'released' as const;
  });
  if (state === 'released') wakeNotificationWorkers();
  return state;
}

/** The referrals made from a case, for its team's members. */
export async function outgoingReferrals(db: Db, caseId: string): Promise<OutgoingReferral[]> {
  const rows = await listReferralsFrom(db, caseId);
  return rows.map((r) => ({
    id: r.id,
    to_team: { id: r.team_id, slug: r.team_slug, name: r.team_name, community: r.team_community },
    state: r.state as ReferralState,
    needs_consent: r.needs_consent,
    excluded: r.excluded,
    created_by: r.created_by,
    created_at: toTime(r.created_at),
    decided_at: toTimeOrNull(r.decided_at),
  }));
}

/** Where a case a referral made came from, for the receiving team's members; null otherwise. */
export async function incomingReferral(db: Db, caseId: string): Promise<IncomingReferral | null> {
  const r = await findReferralInto(db, caseId);
  if (!r || r.decided_at === null) return null;
  return {
    from_team: { id: r.team_id, slug: r.team_slug, name: r.team_name, community: r.team_community },
    from_case: r.from_case,
    from_case_number: r.from_case_number,
    referred_by: r.created_by,
    needs_consent: r.needs_consent,
    created_at: toTime(r.created_at),
    released_at: toTime(r.decided_at),
  };
}

/**
 * The referrals of the reporter's case, as the reporter sees them: a waiting one with its packet
 * and the reporter's key to it. A target's receipt sees none.
 */
export async function receiptReferrals(db: Db, { caseId, role }: ReceiptOpening): Promise<ReceiptReferral[]> {
  if (role !== 'reporter') return [];
  const rows = await listReferralsFrom(db, caseId);
  const views: ReceiptReferral[] = [];
  for (const r of rows) {
    const waiting = r.state === 'awaiting_consent';
    const grant = waiting ? await findReferralGrant(db, r.id, 'reporter') : undefined;
    const packet =
      waiting &&
      grant !== undefined &&
      r.payload_v !== null &&
      r.payload_nonce !== null &&
      r.payload_ct !== null &&
      r.summary_nonce !== null &&
      r.summary_ct !== null &&
      r.sig !== null
        ? {
            payload: { v: r.payload_v, n: toB64(r.payload_nonce), c: toB64(r.payload_ct) },
            summary: { v: 1, n: toB64(r.summary_nonce), c: toB64(r.summary_ct) },
            grant: toB64(grant),
            sig: toB64(r.sig),
          }
        : null;
    views.push({
      id: r.id,
      to_team: { id: r.team_id, slug: r.team_slug, name: r.team_name, community: r.team_community },
      state: r.state as ReferralState,
      needs_consent: r.needs_consent,
      excluded: r.excluded,
      created_at: toTime(r.created_at),
      decided_at: toTimeOrNull(r.decided_at),
      packet,
    });
  }
  return views;
}
