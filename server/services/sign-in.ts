/**
 * Member sign-in. The browser first asks for the member's KDF parameters, derives `auth` from
 * the passphrase (Argon2id, in a Worker), then presents it. Unknown names and wrong
 * passphrases get the same reply (the routes add the same time).
 *
 * Two limits: 10 attempts a minute per client (the rate-limit plugin), and 20 failures per
 * 15 minutes per member name from all clients together (sign-in-limits.ts), checked the same
 * way whether the name exists or not.
 */
import type { KdfParams } from '#contract/common';
import type { SessionReply } from '#contract/members';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { toB64 } from '../db/wire.js';
import { unauthorized } from '../errors.js';
import { findSignInMember, roleOf, type MemberWithTeam } from '../repositories/members.js';
import { authMatches, deploymentSecret, fakeKdfParams, UNMATCHABLE_VERIFIER } from './credentials.js';
import { signInNameLimiter } from './sign-in-limits.js';

const SIGN_IN_FAILED = 'That name and passphrase do not match a member of this team';

export interface SignIn {
  /** The member's KDF parameters; plausible, stable fake ones for a name that is not a member. */
  kdfParams(teamSlug: string, name: string): Promise<KdfParams>;
  /**
   * The member these credentials sign in, after the per-name limit (which may answer 429 and
   * set Retry-After on `reply`); 401 for an unknown name or a wrong `auth` alike.
   */
  check(
    credentials: { team: string; name: string; auth: string },
    reply: { header(name: string, value: string): unknown },
    knownDevice: string | undefined,
  ): Promise<MemberWithTeam>;
  /** The known-device cookie's value for this name, given after a successful sign-in. */
  knownDeviceToken(teamSlug: string, name: string): Promise<string>;
}

export function createSignIn(
  db: Database,
  config: Pick<AppConfig, 'rateLimitEnabled' | 'rateLimitSecret'>,
): SignIn {
  const nameLimit = signInNameLimiter({
    db,
    enabled: config.rateLimitEnabled,
    secret: config.rateLimitSecret,
  });
  return {
    async kdfParams(teamSlug, name) {
      const member = await findSignInMember(db, teamSlug, name);
      if (member) return member.kdf as KdfParams;
      return fakeKdfParams(await deploymentSecret(db), teamSlug, name);
    },
    async check({ team, name, auth }, reply, knownDevice) {
      // Before the lookup, so that a name over its limit is refused alike whether it exists.
      const attempt = await nameLimit.begin(team, name, reply, knownDevice);
      const member = await findSignInMember(db, team, name);
      const ok = authMatches(auth, member?.verifier ?? UNMATCHABLE_VERIFIER);
      if (!member || !ok) throw unauthorized(SIGN_IN_FAILED);
      await attempt.succeeded();
      return member;
    },
    knownDeviceToken: (teamSlug, name) => nameLimit.knownDeviceToken(teamSlug, name),
  };
}

/** What a signed-in member's browser gets: who they are, their wrapped keys and their team. */
export function sessionReply(member: MemberWithTeam, idleLockMinutes: number): SessionReply {
  return {
    member: { id: member.id, name: member.name, role: roleOf(member.role) },
    keys: member.key_bundle as SessionReply['keys'],
    kdf: member.kdf as KdfParams,
    team: { id: member.team_id, slug: member.team_slug, name: member.team_name },
    index_key_grant: member.index_key_grant ? toB64(member.index_key_grant) : null,
    idle_lock_minutes: idleLockMinutes,
  };
}
