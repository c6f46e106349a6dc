/**
 * Member sign-in. The browser first asks for the member's KDF parameters, derives `auth` from
 * the passphrase (Argon2id, in a Worker), then presents it. Unknown names and wrong
 * passphrases get the same reply (the routes add the same time).
 *
 * Two limits: 10 attempts a minute per client (the rate-limit plugin), and 20 failures per
 * 15 minutes per member name from all clients together (sign-in-limits.ts), checked the same
 * way whether the name exists or not.
 *
 * After the passphrase: a pending member (not yet added by an admin) is told so, which says
 * nothing to someone without their passphrase; a member with a second factor gets a pending
 * sign-in to prove it (second-factor/pending-sign-ins.ts) instead of a session.
 */
import type { SecondFactorChallenge, SecondFactorProof } from '#contract/account';
import type { KdfParams } from '#contract/common';
import type { SessionReply } from '#contract/members';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { toB64 } from '../db/wire.js';
import { AppError, unauthorized } from '../errors.js';
import { findSessionMember, findSignInMember, roleOf, type MemberWithTeam } from '../repositories/members.js';
import { authMatches, deploymentSecret, fakeKdfParams, UNMATCHABLE_VERIFIER } from './credentials.js';
import { applyRecoveredCredentials } from './recovery.js';
import { provePendingSignIn, startPendingSignIn } from './second-factor/pending-sign-ins.js';
import type { SignInNameLimiter } from './sign-in-limits.js';

const SIGN_IN_FAILED = 'That name and passphrase do not match a member of this team';

type Reply = { header(name: string, value: string): unknown };

/** A session to open now, or a second factor to give first. */
export type SignInOutcome =
  { kind: 'session'; member: MemberWithTeam } | { kind: 'second_factor'; challenge: SecondFactorChallenge };

export interface SignIn {
  /** The member's KDF parameters; plausible, stable fake ones for a name that is not a member. */
  kdfParams(teamSlug: string, name: string): Promise<KdfParams>;
  /**
   * Checks the passphrase's `auth`, after the per-name limit (which may answer 429 and set
   * Retry-After on `reply`); 401 for an unknown name or a wrong `auth` alike, 403 member_pending
   * for a pending member whose passphrase matched.
   */
  signIn(
    credentials: { team: string; name: string; auth: string },
    reply: Reply,
    knownDevice: string | undefined,
  ): Promise<SignInOutcome>;
  /**
   * The member of a pending sign-in once its second factor is proven; a recovery that was
   * waiting for it is applied first (and every earlier session ends).
   */
  proveSecondFactor(
    proof: SecondFactorProof,
    reply: Reply,
    knownDevice: string | undefined,
  ): Promise<{ member: MemberWithTeam; method: string; recovered: boolean }>;
}

export function createSignIn(
  db: Database,
  config: Pick<AppConfig, 'webauthnRpId' | 'publicUrl'>,
  nameLimit: SignInNameLimiter,
): SignIn {
  return {
    async kdfParams(teamSlug, name) {
      const member = await findSignInMember(db, teamSlug, name);
      if (member) return member.kdf as KdfParams;
      return fakeKdfParams(await deploymentSecret(db), teamSlug, name);
    },
    async signIn({ team, name, auth }, reply, knownDevice) {
      // Before the lookup, so that a name over its limit is refused alike whether it exists.
      const attempt = await nameLimit.begin(team, name, reply, knownDevice);
      const member = await findSignInMember(db, team, name);
      const ok = authMatches(auth, member?.verifier ?? UNMATCHABLE_VERIFIER);
      if (!member || !ok) throw unauthorized(SIGN_IN_FAILED);
      await attempt.succeeded();
      if (member.status === 'pending') {
        throw new AppError(
          403,
          'member_pending',
          'Your passphrase is right, but an admin of the team has not added you yet. Once they have compared your fingerprint with you and added you, you can sign in.',
        );
      }
      if (member.has_second_factor) {
        return { kind: 'second_factor', challenge: await startPendingSignIn(db, config, member.id) };
      }
      return { kind: 'session', member };
    },
    async proveSecondFactor(proof, reply, knownDevice) {
      const proven = await provePendingSignIn(db, config, nameLimit, proof, reply, knownDevice);
      let recovered = false;
      if (proven.payload !== null) {
        const { payload } = proven;
        await db.transaction().execute(async (tx) => {
          const { team_id: teamId } = await findSessionMember(tx, proven.memberId);
          await applyRecoveredCredentials(tx, proven.memberId, teamId, payload);
        });
        recovered = true;
      }
      return { member: await findSessionMember(db, proven.memberId), method: proven.method, recovered };
    },
  };
}

/** The member's signed grant of the team's current index key, as the wire carries it; null when they hold none. */
function indexKeyOf(member: MemberWithTeam): SessionReply['index_key'] {
  const { grant_epoch, grant_wrap, grant_signed_by, grant_signature } = member;
  if (grant_epoch === null || grant_wrap === null || grant_signed_by === null || grant_signature === null) {
    return null;
  }
  return { epoch: grant_epoch, wrap: toB64(grant_wrap), by: grant_signed_by, sig: toB64(grant_signature) };
}

/**
 * What a signed-in member's browser gets: who they are, their wrapped keys, their team, and their
 * grant of the team's index key, which their browser verifies against the roster before using it.
 */
export function sessionReply(member: MemberWithTeam, idleLockMinutes: number): SessionReply {
  return {
    member: { id: member.id, name: member.name, role: roleOf(member.role) },
    keys: member.key_bundle as SessionReply['keys'],
    kdf: member.kdf as KdfParams,
    team: { id: member.team_id, slug: member.team_slug, name: member.team_name },
    index_key: indexKeyOf(member),
    index_epoch: member.index_epoch,
    index_key_due: member.index_key_due,
    idle_lock_minutes: idleLockMinutes,
    must_add_second_factor: member.must_add_second_factor,
  };
}
