/** Member sign-in: parameters, session, the signed-in member again after a reload, sign-out. */
import type { Envelope, KdfParams } from '#crypto';
import { api, ignoreBody } from '../../../lib/api-client';
import { envelope, integer, kdfParams, nullable, record, role, string } from './decoders';

export interface SessionReply {
  member: { id: string; name: string; role: 'admin' | 'member' };
  keys: Envelope;
  kdf: KdfParams;
  team: { id: string; slug: string; name: string };
  indexKeyGrant: string | null;
  idleLockMinutes: number;
}

function decodeSession(data: unknown): SessionReply {
  const r = record(data, 'reply');
  const member = record(r.member, 'member');
  const team = record(r.team, 'team');
  return {
    member: {
      id: string(member.id, 'member.id'),
      name: string(member.name, 'member.name'),
      role: role(member.role, 'member.role'),
    },
    keys: envelope(r.keys, 'keys'),
    kdf: kdfParams(r.kdf, 'kdf'),
    team: {
      id: string(team.id, 'team.id'),
      slug: string(team.slug, 'team.slug'),
      name: string(team.name, 'team.name'),
    },
    indexKeyGrant: nullable(r.index_key_grant, string, 'index_key_grant'),
    idleLockMinutes: integer(r.idle_lock_minutes, 'idle_lock_minutes'),
  };
}

export function getSessionParams(team: string, name: string): Promise<KdfParams> {
  return api.post('/session/params', { team, name }, (data) => kdfParams(record(data, 'reply').kdf, 'kdf'));
}

export function createSession(team: string, name: string, auth: string): Promise<SessionReply> {
  return api.post('/session', { team, name, auth }, decodeSession);
}

export function getSession(): Promise<SessionReply> {
  return api.get('/session', decodeSession);
}

export function deleteSession(): Promise<undefined> {
  return api.delete('/session', ignoreBody);
}
