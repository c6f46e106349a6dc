/**
 * An admin resets another member's second factor: for a member who lost their security keys or
 * phone and their one-time codes, and so cannot sign in. Without it that member would be locked
 * out for good. The admin must have checked, out of band, that it is really the member asking;
 * their own session must be recently confirmed (routes: `confirmedAdminsOnly`).
 *
 * The member's TOTP secret, security keys, one-time codes and pending second-factor challenges
 * go, and so does every session of theirs (whoever holds one must sign in again, with the
 * passphrase). They then sign in with the passphrase alone and, if the team requires a second
 * factor, are asked to add one. Never for oneself: an admin changes their own factors on their
 * account page, with the same rules as everyone (a team that requires a factor keeps its last).
 */
import type { Database } from '../../db/database.js';
import { badRequest, notFound } from '../../errors.js';
import { recordAudit } from '../../repositories/audit-events.js';
import { deleteMemberChallenges } from '../../repositories/auth-challenges.js';
import {
  findActiveMember,
  findSecondFactorState,
  lockMemberRow,
  setMemberTotp,
  type MemberContext,
} from '../../repositories/members.js';
import { deleteSecondFactorCodes } from '../../repositories/second-factor-codes.js';
import { deleteMemberSecurityKeys } from '../../repositories/security-keys.js';
import { deleteMemberSessions } from '../../repositories/sessions.js';

/** DELETE /api/members/{id}/second-factor */
export async function resetSecondFactor(db: Database, admin: MemberContext, memberId: string): Promise<void> {
  if (memberId === admin.id) {
    throw badRequest(
      'bad_request',
      'You cannot reset your own second factor here. Change it on your account page, or ask another admin if you lost it.',
    );
  }
  await db.transaction().execute(async (tx) => {
    if (!(await findActiveMember(tx, memberId, admin.teamId))) {
      throw notFound('There is no such member in your team');
    }
    // Serialised with the member's own changes to their factors (services/second-factor/factors.ts).
    await lockMemberRow(tx, memberId);
    const hadTotp = (await findSecondFactorState(tx, memberId)).totp_secret !== null;
    if (hadTotp) await setMemberTotp(tx, memberId, null);
    const securityKeys = await deleteMemberSecurityKeys(tx, memberId);
    if (!hadTotp && securityKeys === 0) {
      throw notFound('This member has no second factor to reset');
    }
    await deleteSecondFactorCodes(tx, memberId);
    // Pending sign-ins waiting for the factor, and set-ups begun in a session that now ends.
    for (const purpose of ['second_factor', 'webauthn_register', 'totp_setup'] as const) {
      await deleteMemberChallenges(tx, memberId, purpose);
    }
    await deleteMemberSessions(tx, memberId);
    await recordAudit(tx, {
      teamId: admin.teamId,
      memberId: admin.id,
      action: 'member.second_factor_reset',
      details: { member: memberId, totp: hadTotp, security_keys: securityKeys },
    });
  });
}
