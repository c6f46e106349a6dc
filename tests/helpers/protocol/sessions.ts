/**
 * A member signed in: the browser's sign-in (KDF parameters, Argon2id, POST /api/session, the
 * key bundle opened and checked against the verified roster), or the fast one for tests that
 * are not about signing in.
 */
import {
  checkKdfParams,
  deriveMemberSecrets,
  keyToBase64,
  ready,
  toBase64Url,
  unwrapIndexKey,
  unwrapMemberKeys,
  type IndexKey,
  type KdfParams,
  type MemberKeys,
  type MemberRole,
} from '../../../crypto/index.js';
import type { MemberIdentity } from './identities.js';
import { fetchTeam } from './public-team.js';
import { expectReply, type Agent } from './transport.js';
import type { SessionJson } from './wire-types.js';

export interface MemberSession {
  readonly agent: Agent;
  readonly team: { readonly id: string; readonly slug: string };
  readonly member: { readonly id: string; readonly name: string; readonly role: MemberRole };
  readonly keys: MemberKeys;
  readonly indexKey: IndexKey | null;
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
  const listed = (await fetchTeam(agent, reply.team.slug)).roster.active.get(reply.member.id);
  if (
    listed === undefined ||
    keyToBase64(listed.encPublicKey) !== keyToBase64(keys.enc.publicKey) ||
    keyToBase64(listed.signPublicKey) !== keyToBase64(keys.sign.publicKey)
  ) {
    throw new Error('the key bundle does not hold the keys the roster lists for this member');
  }
  return sessionFrom(agent, reply, keys);
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

function sessionFrom(agent: Agent, reply: SessionJson, keys: MemberKeys): MemberSession {
  return {
    agent,
    team: { id: reply.team.id, slug: reply.team.slug },
    member: reply.member,
    keys,
    indexKey: reply.index_key_grant === null ? null : unwrapIndexKey(reply.index_key_grant, keys.enc),
  };
}
