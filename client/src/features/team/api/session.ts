/** Member sign-in: parameters, session, the signed-in member again after a reload, sign-out. */
import type { Envelope, KdfParams } from '#crypto';
import { SessionParamsReply, SessionReply as SessionReplySchema } from '#contract/members';
import type { Role } from '#contract/enumerations';
import { api, ignoreBody } from '../../../lib/api-client';
import { decodeWith, envelopeV1 } from '../../../lib/decode';

export interface SessionReply {
  member: { id: string; name: string; role: Role };
  keys: Envelope;
  /** Weak parameters pass here: the keyring refuses them as an attack (KDF_TOO_WEAK). */
  kdf: KdfParams;
  team: { id: string; slug: string; name: string };
  indexKeyGrant: string | null;
  idleLockMinutes: number;
}

const decodeSession = decodeWith(SessionReplySchema, (r): SessionReply => ({
  member: { id: r.member.id, name: r.member.name, role: r.member.role },
  keys: envelopeV1(r.keys, 'keys'),
  kdf: r.kdf,
  team: { id: r.team.id, slug: r.team.slug, name: r.team.name },
  indexKeyGrant: r.index_key_grant,
  idleLockMinutes: r.idle_lock_minutes,
}));

const decodeSessionParams = decodeWith(SessionParamsReply, (reply): KdfParams => reply.kdf);

export function getSessionParams(team: string, name: string): Promise<KdfParams> {
  return api.post('/session/params', { team, name }, decodeSessionParams);
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
