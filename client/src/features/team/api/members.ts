/** Membership (admins): members and invitees, invitations, roster entries, re-grants. */
import type { RosterRow } from '#crypto';
import { api, ignoreBody } from '../../../lib/api-client';
import type { RegrantInput, RegrantOutput } from '../../../lib/keyring/keyring';
import { array, integer, record, role, string } from './decoders';
import { DecodeError } from '../../../lib/decode';

export interface MemberRow {
  id: string;
  name: string;
  role: 'admin' | 'member';
  status: 'pending' | 'active' | 'removed';
  enc_pk: string;
  sign_pk: string;
  createdAt: string;
  openCases: number;
}

function memberStatus(value: unknown, where: string): MemberRow['status'] {
  if (value === 'pending' || value === 'active' || value === 'removed') return value;
  throw new DecodeError(`${where}: unknown member status`);
}

export function getMembers(slug: string): Promise<MemberRow[]> {
  return api.get(`/teams/${encodeURIComponent(slug)}/members`, (data) =>
    array(record(data, 'reply').members, 'members').map((item, i) => {
      const m = record(item, `members[${i}]`);
      return {
        id: string(m.id, 'id'),
        name: string(m.name, 'name'),
        role: role(m.role, 'role'),
        status: memberStatus(m.status, 'status'),
        enc_pk: string(m.enc_pk, 'enc_pk'),
        sign_pk: string(m.sign_pk, 'sign_pk'),
        createdAt: string(m.created_at, 'created_at'),
        openCases: integer(m.open_cases, 'open_cases'),
      };
    }),
  );
}

export interface Invitation {
  token: string;
  expiresAt: string;
}

export function createInvitation(slug: string, memberRole: 'admin' | 'member'): Promise<Invitation> {
  return api.post(`/teams/${encodeURIComponent(slug)}/invitations`, { role: memberRole }, (data) => {
    const r = record(data, 'reply');
    return { token: string(r.token, 'token'), expiresAt: string(r.expires_at, 'expires_at') };
  });
}

export function appendRoster(slug: string, row: RosterRow, indexKeyGrant?: string): Promise<number> {
  return api.post(
    `/teams/${encodeURIComponent(slug)}/roster`,
    indexKeyGrant === undefined ? { row } : { row, index_key_grant: indexKeyGrant },
    (data) => integer(record(data, 'reply').seq, 'seq'),
  );
}

export function discardInvitee(slug: string, memberId: string): Promise<undefined> {
  return api.delete(`/teams/${encodeURIComponent(slug)}/members/${encodeURIComponent(memberId)}`, ignoreBody);
}

export function getRegrantWork(memberId: string): Promise<RegrantInput[]> {
  return api.get(`/regrants?${new URLSearchParams({ member: memberId }).toString()}`, (data) =>
    array(record(data, 'reply').objects, 'objects').map((item, i) => {
      const o = record(item, `objects[${i}]`);
      return {
        object: string(o.object, 'object'),
        case: string(o.case, 'case'),
        grant: string(o.grant, 'grant'),
      };
    }),
  );
}

/** Largest batch POST /api/regrants takes. */
export const REGRANT_BATCH = 500;

export function postRegrants(memberId: string, grants: readonly RegrantOutput[]): Promise<number> {
  return api.post('/regrants', { member: memberId, grants }, (data) =>
    integer(record(data, 'reply').granted, 'granted'),
  );
}
