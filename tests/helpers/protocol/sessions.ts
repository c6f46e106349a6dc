/**
 * A member signed in: the browser's sign-in (KDF parameters, Argon2id, POST /api/session, the
 * key bundle opened and checked against the verified roster), or the fast one for tests that
 * are not about signing in.
 */
import {
  checkKdfParams,
  deriveMemberSecrets,
  keyToBase64,
  openIndexKeyGrant,
  ready,
  toBase64Url,
  unwrapMemberKeys,
  type IndexKey,
  type KdfParams,
  type MemberKeys,
  type MemberRole,
  type VerifiedRoster,
} from '../../../crypto/index.js';
import type { MemberIdentity } from './identities.js';
import { fetchTeam, type PublicTeam } from './public-team.js';
import { expectReply, type Agent } from './transport.js';
import type { SessionJson } from './wire-types.js';

export interface MemberSession {
  readonly agent: Agent;
  readonly team: { readonly id: string; readonly slug: string };
  readonly member: { readonly id: string; readonly name: string; readonly role: MemberRole };
  readonly keys: MemberKeys;
  /**
   * The team's index key from the member's signed grant (docs/protocol.md 7), once it verified
   * against an active admin of the verified roster; null when the team has none yet (epoch 0), or
   * the grant's signer is no longer an active admin (the grants must be signed again).
   */
  readonly indexKey: IndexKey | null;
  /** The team's index-key epoch when the member signed in (0: no signed key yet). */
  readonly indexEpoch: number;
}

/**
 * Signs in as a browser does: POST /api/session/params, Argon2id over the passphrase with
 * those parameters (refusing weak ones), POST /api/session with `auth`, then opens the key
 * bundle with `kek`, checks its keys against the verified roster, and opens the index key.
 */
export async function signIn(
  agent: Agent,
  slug: string,
  name: string,
  passphrase: string,
): Promise<MemberSession> {
  await ready();
  const params = expectReply<{ kdf: KdfParams }>(
    await agent.post('/api/session/params', { team: slug, name }),
    200,
    'POST /api/session/params',
  );
  checkKdfParams(params.kdf);
  const secrets = deriveMemberSecrets(passphrase, params.kdf);
  const reply = expectReply<SessionJson>(
    await agent.post('/api/session', { team: slug, name, auth: toBase64Url(secrets.auth) }),
    200,
    'POST /api/session',
  );
  const keys = unwrapMemberKeys(reply.keys, secrets.kek, { team: reply.team.id, memberId: reply.member.id });
  // The keys the bundle holds must be the member's keys in the verified roster.
  const team = await fetchTeam(agent, reply.team.slug);
  const listed = team.roster.active.get(reply.member.id);
  if (
    listed === undefined ||
    keyToBase64(listed.encPublicKey) !== keyToBase64(keys.enc.publicKey) ||
    keyToBase64(listed.signPublicKey) !== keyToBase64(keys.sign.publicKey)
  ) {
    throw new Error('the key bundle does not hold the keys the roster lists for this member');
  }
  return sessionFrom(agent, reply, keys, team);
}

/**
 * Signs in with the `auth` and keys the identity already holds: the same POST /api/session,
 * without running Argon2id again. For tests that are not about signing in.
 */
export async function signInFast(
  agent: Agent,
  slug: string,
  identity: MemberIdentity,
): Promise<MemberSession> {
  const reply = expectReply<SessionJson>(
    await agent.post('/api/session', { team: slug, name: identity.name, auth: identity.credentials.auth }),
    200,
    'POST /api/session',
  );
  if (reply.member.id !== identity.id) throw new Error('signed in as someone else');
  return sessionFrom(agent, reply, identity.keys);
}

/**
 * The index key of the session reply's grant, as a browser takes it: of the team's epoch, signed
 * by an active admin of the verified roster for this member of this team, and opened with the
 * member's key. Throws when the grant is forged or for someone else; null when there is none, or
 * its signer is no longer an active admin (a browser would not use it).
 */
export function openSessionIndexKey(
  reply: SessionJson,
  keys: MemberKeys,
  roster: VerifiedRoster,
): IndexKey | null {
  const grant = reply.index_key;
  if (grant === null) return null;
  if (grant.epoch !== reply.index_epoch) throw new Error("the index-key grant is not of the team's epoch");
  const signer = roster.active.get(grant.by);
  if (signer?.role !== 'admin') return null;
  return openIndexKeyGrant(
    grant,
    { team: reply.team.id, member: reply.member.id },
    keyToBase64(signer.signPublicKey),
    keys.enc,
  );
}

async function sessionFrom(
  agent: Agent,
  reply: SessionJson,
  keys: MemberKeys,
  team?: PublicTeam,
): Promise<MemberSession> {
  // The roster is read only when there is a grant to check with it.
  const roster =
    reply.index_key === null ? undefined : (team ?? (await fetchTeam(agent, reply.team.slug))).roster;
  return {
    agent,
    team: { id: reply.team.id, slug: reply.team.slug },
    member: reply.member,
    keys,
    indexKey: roster === undefined ? null : openSessionIndexKey(reply, keys, roster),
    indexEpoch: reply.index_epoch,
  };
}
