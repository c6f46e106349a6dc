/** Membership (admins): members and invitees, invitations, roster entries, re-grants. */
import type { RosterRow } from '#crypto';
import { RegrantReply, RegrantWork } from '#contract/cases';
import type { MemberStatus, Role } from '#contract/enumerations';
import type { IndexKeyGrant } from '#contract/index-keys';
import { InvitationReply, MemberList, RosterAppendReply } from '#contract/members';
import { api, ignoreBody } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';
import type { RegrantInput, RegrantOutput } from '../../../lib/keyring/keyring';

export interface MemberRow {
  id: string;
  name: string;
  role: Role;
  status: MemberStatus;
  enc_pk: string;
  sign_pk: string;
  createdAt: string;
  openCases: number;
  /** Holds a security key, a passkey or an authenticator app (never which). */
  secondFactor: boolean;
}

const decodeMembers = decodeWith(MemberList, (reply) =>
  reply.members.map((m): MemberRow => ({
    id: m.id,
    name: m.name,
    role: m.role,
    status: m.status,
    enc_pk: m.enc_pk,
    sign_pk: m.sign_pk,
    createdAt: m.created_at,
    openCases: m.open_cases,
    secondFactor: m.second_factor,
  })),
);

export function getMembers(slug: string): Promise<MemberRow[]> {
  return api.get(`/teams/${encodeURIComponent(slug)}/members`, decodeMembers);
}

export interface Invitation {
  token: string;
  expiresAt: string;
}

const decodeInvitation = decodeWith(InvitationReply, (r): Invitation => ({
  token: r.token,
  expiresAt: r.expires_at,
}));

export function createInvitation(slug: string, memberRole: Role): Promise<Invitation> {
  return api.post(`/teams/${encodeURIComponent(slug)}/invitations`, { role: memberRole }, decodeInvitation);
}

const decodeRosterAppend = decodeWith(RosterAppendReply, (reply) => reply.seq);

export function appendRoster(slug: string, row: RosterRow, indexKeyGrant?: IndexKeyGrant): Promise<number> {
  return api.post(
    `/teams/${encodeURIComponent(slug)}/roster`,
    indexKeyGrant === undefined ? { row } : { row, index_key_grant: indexKeyGrant },
    decodeRosterAppend,
  );
}

export function discardInvitee(slug: string, memberId: string): Promise<undefined> {
  return api.delete(`/teams/${encodeURIComponent(slug)}/members/${encodeURIComponent(memberId)}`, ignoreBody);
}

/**
 * Resets a member's second factor (admins, in a confirmed session): their keys, app and one-time
 * codes are deleted and their sessions end; they then sign in with the passphrase alone.
 */
export function resetSecondFactor(memberId: string): Promise<undefined> {
  return api.delete(`/members/${encodeURIComponent(memberId)}/second-factor`, ignoreBody);
}

const decodeRegrantWork = decodeWith(RegrantWork, (reply): RegrantInput[] => reply.objects);

export function getRegrantWork(memberId: string): Promise<RegrantInput[]> {
  return api.get(`/regrants?${new URLSearchParams({ member: memberId }).toString()}`, decodeRegrantWork);
}

/** Largest batch POST /api/regrants takes. */
export const REGRANT_BATCH = 500;

const decodeRegrants = decodeWith(RegrantReply, (reply) => reply.granted);

export function postRegrants(memberId: string, grants: readonly RegrantOutput[]): Promise<number> {
  return api.post('/regrants', { member: memberId, grants }, decodeRegrants);
}
