/**
 * Joining and leaving a team: invitations, the admin's signed roster entries (add, remove) with
 * the new member's signed grant of the team's index key, an admin's issue of the index key to the
 * whole team, re-grants of existing cases to a new member, and `joinTeam`, the whole way on.
 */
import {
  boxPublicKeyFromBase64,
  grantKey,
  keyToBase64,
  ready,
  rosterMember,
  signedRosterChange,
  signIndexKeyGrant,
  unwrapReportKey,
  type ActiveMember,
  type IndexKey,
  type KdfParams,
  type MemberRole,
  type RosterMember,
  type RosterRow,
} from '../../../crypto/index.js';
import { enrolIdentity, type MemberIdentity } from './identities.js';
import { fetchTeam } from './public-team.js';
import { signInFast, type MemberSession } from './sessions.js';
import { expectReply, type Agent, type ApiResponse } from './transport.js';
import type { IndexKeyGrantJson } from './wire-types.js';

export async function invite(
  admin: MemberSession,
  role: MemberRole = 'member',
): Promise<{ id: string; token: string; expires_at: string }> {
  return expectReply(
    await admin.agent.post(`/api/teams/${admin.team.slug}/invitations`, { role }),
    201,
    'POST /api/teams/{slug}/invitations',
  );
}

/** The invitee's browser: looks the invitation up, makes keys, sends the credentials. */
export async function acceptInvitation(
  agent: Agent,
  token: string,
  options: { name: string; passphrase?: string; kdf?: KdfParams },
): Promise<MemberIdentity> {
  await ready();
  const lookup = expectReply<{ team: { id: string; slug: string } }>(
    await agent.post('/api/invitations/lookup', { token }),
    200,
    'POST /api/invitations/lookup',
  );
  const identity = enrolIdentity({ team: lookup.team.id, ...options });
  expectReply(
    await agent.post('/api/invitations/accept', { token, member: identity.credentials }),
    201,
    'POST /api/invitations/accept',
  );
  return identity;
}

export function rosterMemberOf(
  identity: Pick<MemberIdentity, 'id' | 'name' | 'credentials'>,
  role: MemberRole,
): RosterMember {
  return {
    id: identity.id,
    name: identity.name,
    role,
    enc_pk: identity.credentials.enc_pk,
    sign_pk: identity.credentials.sign_pk,
  };
}

/** The admin's browser signs the next roster entry on top of the verified roster. */
export async function signRosterEntryFor(
  admin: MemberSession,
  op: 'add' | 'remove' | 'role',
  member: RosterMember,
): Promise<RosterRow> {
  const { detail } = await fetchTeam(admin.agent, admin.team.slug);
  const previous = detail.roster[detail.roster.length - 1];
  if (previous === undefined) throw new Error('empty roster');
  return signedRosterChange({ previous, op, member, admin: { id: admin.member.id, keys: admin.keys } });
}

export async function postRosterEntry(
  admin: MemberSession,
  row: RosterRow,
  indexKeyGrant?: IndexKeyGrantJson,
): Promise<ApiResponse> {
  return admin.agent.post(`/api/teams/${admin.team.slug}/roster`, {
    row,
    ...(indexKeyGrant === undefined ? {} : { index_key_grant: indexKeyGrant }),
  });
}

/** Signs `op` for `member` on top of the verified roster and posts it, expecting 201: the new seq. */
async function changeRoster(
  admin: MemberSession,
  op: 'add' | 'remove',
  member: RosterMember,
  indexKeyGrant?: IndexKeyGrantJson,
): Promise<number> {
  const row = await signRosterEntryFor(admin, op, member);
  return expectReply<{ seq: number }>(
    await postRosterEntry(admin, row, indexKeyGrant),
    201,
    `POST /api/teams/{slug}/roster (${op})`,
  ).seq;
}

/** The member `memberId` as the verified roster lists them, if active. */
async function activeMember(admin: MemberSession, memberId: string): Promise<ActiveMember> {
  const { roster } = await fetchTeam(admin.agent, admin.team.slug);
  const member = roster.active.get(memberId);
  if (member === undefined) throw new Error('not an active member');
  return member;
}

/**
 * The admin's grant of the index key of `epoch` to a member (docs/protocol.md 7): the key sealed
 * to the member's roster key and signed by the admin for that member of the admin's team. By
 * default the key and epoch of the admin's session.
 */
export function indexKeyGrantFor(
  admin: MemberSession,
  member: { id: string; enc_pk: string },
  indexKey: IndexKey | null = admin.indexKey,
  epoch: number = admin.indexEpoch,
): IndexKeyGrantJson {
  if (indexKey === null) throw new Error('the admin has no index key to grant');
  return signIndexKeyGrant(
    indexKey,
    { team: admin.team.id, member: member.id, encPublicKey: boxPublicKeyFromBase64(member.enc_pk) },
    { id: admin.member.id, signSecretKey: admin.keys.sign.secretKey },
    epoch,
  );
}

/**
 * The admin adds a pending member: a signed `add` entry with the member's signed grant of the
 * index key at the epoch of the admin's session; none while the team has no signed key (epoch 0).
 */
export async function addMember(
  admin: MemberSession,
  identity: MemberIdentity,
  role: MemberRole = 'member',
): Promise<number> {
  if (admin.indexEpoch === 0) return changeRoster(admin, 'add', rosterMemberOf(identity, role));
  return changeRoster(
    admin,
    'add',
    rosterMemberOf(identity, role),
    indexKeyGrantFor(admin, identity.credentials),
  );
}

/** The active members of the admin's team as the verified roster lists them: whom an issue must cover. */
export async function activeRosterMembers(session: MemberSession): Promise<{ id: string; enc_pk: string }[]> {
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  return [...roster.active.values()].map((m) => ({ id: m.id, enc_pk: keyToBase64(m.encPublicKey) }));
}

/** The body of PUT /api/teams/{slug}/index-key: a grant of `indexKey` at `epoch` to each of `members`. */
export function indexKeyIssueBody(
  admin: MemberSession,
  members: readonly { id: string; enc_pk: string }[],
  indexKey: IndexKey,
  epoch: number,
): { epoch: number; grants: { member: string; wrap: string; sig: string }[] } {
  return {
    epoch,
    grants: members.map((member) => {
      const { wrap, sig } = indexKeyGrantFor(admin, member, indexKey, epoch);
      return { member: member.id, wrap, sig };
    }),
  };
}

/**
 * The admin gives every active member of the verified roster (or `members`) a signed grant of
 * `indexKey` at `epoch`: PUT /api/teams/{slug}/index-key. Sessions opened before keep the old key:
 * sign in again to use the new one.
 */
export async function issueIndexKey(
  admin: MemberSession,
  indexKey: IndexKey,
  epoch: number,
  members?: readonly { id: string; enc_pk: string }[],
): Promise<ApiResponse> {
  const body = indexKeyIssueBody(admin, members ?? (await activeRosterMembers(admin)), indexKey, epoch);
  return admin.agent.request('PUT', `/api/teams/${admin.team.slug}/index-key`, { json: body });
}

/** The admin removes an active member with a signed `remove` entry. */
export async function removeMember(admin: MemberSession, memberId: string): Promise<number> {
  return changeRoster(admin, 'remove', rosterMember(await activeMember(admin, memberId)));
}

/**
 * Re-grants everything the admin can read that `memberId` cannot: GET /api/regrants, open each
 * key with the admin's key, seal it to the member's roster key, POST /api/regrants.
 */
export async function regrant(admin: MemberSession, memberId: string): Promise<number> {
  const target = await activeMember(admin, memberId);
  const work = expectReply<{ objects: { object: string; case: string; grant: string }[] }>(
    await admin.agent.get(`/api/regrants?member=${memberId}`),
    200,
    'GET /api/regrants',
  );
  if (work.objects.length === 0) return 0;
  const grants = work.objects.map((o) => {
    const key = unwrapReportKey(o.grant, admin.keys.enc);
    const [grant] = grantKey(key, [{ id: memberId, boxPublicKey: target.encPublicKey }]);
    if (grant === undefined) throw new Error('no grant made');
    return { object: o.object, k: grant.k };
  });
  return expectReply<{ granted: number }>(
    await admin.agent.post('/api/regrants', { member: memberId, grants }),
    200,
    'POST /api/regrants',
  ).granted;
}

export interface JoinedMember {
  readonly identity: MemberIdentity;
  readonly session: MemberSession;
}

/**
 * The whole way onto a team: invitation, acceptance in a fresh browser, the admin's signed
 * `add` with the index key, re-grants of existing cases, and a (fast) sign-in.
 */
export async function joinTeam(
  admin: MemberSession,
  options: { name: string; role?: MemberRole; passphrase?: string; agent?: Agent; regrant?: boolean },
): Promise<JoinedMember> {
  const role = options.role ?? 'member';
  const invitation = await invite(admin, role);
  const agent = options.agent ?? admin.agent.fresh();
  const identity = await acceptInvitation(agent, invitation.token, {
    name: options.name,
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
  });
  await addMember(admin, identity, role);
  if (options.regrant ?? true) await regrant(admin, identity.id);
  const session = await signInFast(agent, admin.team.slug, identity);
  return { identity, session };
}
