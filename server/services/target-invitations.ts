/**
 * The target invited in (docs/protocol.md 8.5): on a third-party report, a member makes a receipt
 * for the person targeted in their browser and sends only what the server needs to let that
 * receipt in (its lookup hash) and what the team encrypts to (its public keys), signed by the
 * member so the others' browsers can tell those keys are a colleague's and not the server's.
 *
 * The target then reads and writes their own thread with the team (items of audience `target`),
 * nothing else: not the report, not the reporter's thread. The reporter is told, through their
 * receipt page, that the target was invited (`target_invited_at`).
 */
import type { TargetInvitation, TargetInvited } from '#contract/cases';
import { verifyTargetInvitation } from '../../crypto/index.js';
import type { Database } from '../db/database.js';
import { fromB64, toB64, toTime } from '../db/wire.js';
import { badRequest, conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { insertCaseEvents } from '../repositories/case-events.js';
import { insertTargetReceipt, lockLookupHash, lookupHashInUse } from '../repositories/case-receipts.js';
import { updateCaseUnlessWithdrawn } from '../repositories/cases.js';
import { findSignPublicKey, type MemberContext } from '../repositories/members.js';
import { assertChangeable, caseForMember } from './case-access.js';
import { lockCaseForItem } from './items.js';

const alreadyInvited = () =>
  conflict(
    'target_already_invited',
    'The target of this case was invited in already; their receipt was shown once to the member who made it',
  );

/** A member invites the case's target in with the receipt their browser made; audited. */
export async function inviteTarget(
  db: Database,
  member: MemberContext,
  caseId: string,
  invitation: TargetInvitation,
): Promise<TargetInvited> {
  const row = await caseForMember(db, caseId, member);
  assertChangeable(row);
  const signPublicKey = await findSignPublicKey(db, member.id);
  const claim = { case: row.id, box_pk: invitation.box_pk, sign_pk: invitation.sign_pk };
  if (!verifyTargetInvitation(toB64(signPublicKey), invitation.sig, claim)) {
    throw badRequest(
      'bad_signature',
      'The invitation is not signed with your key over this case and these keys',
    );
  }
  const lookupHash = fromB64(invitation.lookup_hash);
  return db.transaction().execute(async (tx) => {
    await lockCaseForItem(tx, row.id);
    // Under the case's lock a second invitation for this case waits and then finds the first;
    // under the receipt's, one receipt invited into two cases at once is stored only once.
    await lockLookupHash(tx, lookupHash);
    if (await lookupHashInUse(tx, lookupHash)) {
      throw conflict('receipt_in_use', 'That receipt opens another case already: make a new one');
    }
    const invitedAt = await insertTargetReceipt(tx, {
      caseId: row.id,
      lookupHash,
      boxPk: fromB64(invitation.box_pk),
      signPk: fromB64(invitation.sign_pk),
      invitedBy: member.id,
      sig: fromB64(invitation.sig),
    });
    if (invitedAt === undefined) throw alreadyInvited();
    await updateCaseUnlessWithdrawn(tx, row.id, {});
    await insertCaseEvents(tx, [{ caseId: row.id, kind: 'target_invited', actor: member.id }]);
    await recordAudit(tx, {
      teamId: row.team_id,
      memberId: member.id,
      caseId: row.id,
      action: 'case.target_invited',
    });
    return { invited_at: toTime(invitedAt) };
  });
}
