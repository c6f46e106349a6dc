/**
 * "Confirm it's you" (like GitHub's sudo mode). A second factor guards new sign-ins, not a
 * session that is already open: whoever finds a member's console unlocked could otherwise remove
 * the member's second factors and add their own, and so lock the member out of every new sign-in
 * (a recovery asks for the factor too). So the routes that add or remove a second factor, make
 * new one-time codes, or reset another member's factor (an admin) need the session to have been
 * confirmed recently: the member gives their passphrase again (its `auth`, checked like
 * PUT /api/me/passphrase's `current_auth` and counted by the same per-name limiter).
 *
 * A session opened a few minutes ago counts as confirmed: it was opened with the passphrase (and
 * the second factor, or a recovery code), so asking again at once proves nothing more, and a
 * member whose team requires a second factor can add one right after signing in.
 */
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { AppError } from '../errors.js';
import type { MemberContext } from '../repositories/members.js';
import { findSessionConfirmation, markSessionConfirmed } from '../repositories/sessions.js';
import { proveCurrentPassphrase, type PassphraseAttempt } from './current-passphrase.js';
import type { SignInNameLimiter } from './sign-in-limits.js';

/**
 * How long a confirmation (or a fresh sign-in) lasts: long enough to add a key and print the
 * codes, short enough that a console left open is not a standing licence to change factors.
 */
export const CONFIRMATION_MINUTES = 10;

/** A member session's times, all from the database's clock. */
export interface SessionTimes {
  created_at: Date;
  confirmed_at: Date | null;
  now: Date;
}

/** The rule: the session began, or its member gave their passphrase in it, in the last 10 minutes. */
export function isRecentlyConfirmed(session: SessionTimes): boolean {
  const since = session.now.getTime() - CONFIRMATION_MINUTES * 60_000;
  return (
    session.created_at.getTime() > since ||
    (session.confirmed_at !== null && session.confirmed_at.getTime() > since)
  );
}

/** Throws 403 `confirmation_required` unless the session with this token hash is recently confirmed. */
export async function requireRecentConfirmation(db: Db, tokenHash: Buffer): Promise<void> {
  const session = await findSessionConfirmation(db, tokenHash);
  if (session === undefined || !isRecentlyConfirmed(session)) {
    throw new AppError(
      403,
      'confirmation_required',
      'Please confirm it’s you: enter your passphrase again, then try once more.',
    );
  }
}

/** POST /api/me/confirm: checks the passphrase's `auth`, then marks this session confirmed. */
export async function confirmSession(
  db: Database,
  limiter: SignInNameLimiter,
  member: MemberContext,
  auth: string,
  session: PassphraseAttempt & {
    /** The hash of the session token of this request: the session that is confirmed. */
    tokenHash: Buffer;
  },
): Promise<void> {
  await proveCurrentPassphrase(db, limiter, member, auth, session);
  await markSessionConfirmed(db, session.tokenHash);
}
