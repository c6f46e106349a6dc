/**
 * A signed-in member changes their passphrase. Their browser proves the current one with its
 * `auth` (a session alone is not enough: someone at an unlocked, unattended console must not
 * be able to lock the member out), then sends the same keys wrapped under the new passphrase,
 * and perhaps under a new recovery code too. A wrong current passphrase counts against the
 * name's sign-in failures, as a wrong passphrase at sign-in does. Every other session of the
 * member ends; this one stays.
 */
import type { PassphraseChangeRequest } from '#contract/account';
import type { Database } from '../db/database.js';
import { recordAudit } from '../repositories/audit-events.js';
import { replaceMemberCredentials, type MemberContext } from '../repositories/members.js';
import { deleteOtherMemberSessions } from '../repositories/sessions.js';
import { verifierFor } from './credentials.js';
import { proveCurrentPassphrase, type PassphraseAttempt } from './current-passphrase.js';
import type { SignInNameLimiter } from './sign-in-limits.js';

export async function changePassphrase(
  db: Database,
  limiter: SignInNameLimiter,
  member: MemberContext,
  request: PassphraseChangeRequest,
  session: PassphraseAttempt & {
    /** The hash of the session token of this request: the one session that stays. */
    tokenHash: Buffer;
  },
): Promise<void> {
  await proveCurrentPassphrase(db, limiter, member, request.current_auth, session);
  const verifier = verifierFor(request.auth);
  await db.transaction().execute(async (tx) => {
    await replaceMemberCredentials(tx, member.id, {
      kdf: request.kdf,
      verifier,
      keyBundle: request.keys,
      recovery: request.recovery,
    });
    await deleteOtherMemberSessions(tx, member.id, session.tokenHash);
    await recordAudit(tx, {
      teamId: member.teamId,
      memberId: member.id,
      action: 'member.passphrase_changed',
      details: { recovery_code_changed: request.recovery !== undefined },
    });
  });
}
