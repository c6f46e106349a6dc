/**
 * Proof of the current passphrase inside an open session: its `auth`, checked against the stored
 * verifier and counted by the name's sign-in failure limit, as a wrong passphrase at sign-in is.
 * A session alone is not enough for what needs it (changing the passphrase, confirming the
 * session before second factors change): someone at an unlocked, unattended console must not be
 * able to lock the member out.
 */
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { findMemberVerifier, findSessionMember, type MemberContext } from '../repositories/members.js';
import { authMatches } from './credentials.js';
import type { SignInNameLimiter } from './sign-in-limits.js';

/** What the limiter needs of the request: where to set Retry-After, and the known-device cookie. */
export interface PassphraseAttempt {
  reply: { header(name: string, value: string): unknown };
  knownDevice: string | undefined;
}

/** Resolves when `auth` is the member's current passphrase; 403 current_passphrase_wrong, or 429. */
export async function proveCurrentPassphrase(
  db: Database,
  limiter: SignInNameLimiter,
  member: MemberContext,
  auth: string,
  request: PassphraseAttempt,
): Promise<void> {
  const { team_slug: teamSlug } = await findSessionMember(db, member.id);
  const attempt = await limiter.begin(teamSlug, member.name, request.reply, request.knownDevice);
  if (!authMatches(auth, await findMemberVerifier(db, member.id))) {
    throw new AppError(403, 'current_passphrase_wrong', 'Your current passphrase is not right.');
  }
  await attempt.succeeded();
}
