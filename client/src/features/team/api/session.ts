/**
 * Member sign-in: parameters, session (or the second factor it asks for first), the signed-in
 * member again after a reload, sign-out.
 */
import type { Envelope, KdfParams } from '#crypto';
import { SignInReply, type SecondFactorChallenge as ChallengeWire } from '#contract/account';
import type { Role, SecondFactorMethod } from '#contract/enumerations';
import type { IndexKeyGrant } from '#contract/index-keys';
import {
  SessionParamsReply,
  SessionReply as SessionReplySchema,
  type SessionReply as SessionReplyWire,
} from '#contract/members';
import { api, ignoreBody } from '../../../lib/api-client';
import { decodeWith, envelopeV1 } from '../../../lib/decode';

export interface SessionReply {
  member: { id: string; name: string; role: Role };
  keys: Envelope;
  /** Weak parameters pass here: the keyring refuses them as an attack (KDF_TOO_WEAK). */
  kdf: KdfParams;
  team: { id: string; slug: string; name: string };
  /** The member's signed grant of the team's index key, checked by the keyring against the roster. */
  indexKey: IndexKeyGrant | null;
  /** The team's current index-key epoch; 0 until an admin gives the team its first signed key. */
  indexEpoch: number;
  /** A member was removed since the current key was made: an admin's console makes a new one. */
  indexKeyDue: boolean;
  idleLockMinutes: number;
  /** The team requires a second factor and the member has none yet: the console asks for one first. */
  mustAddSecondFactor: boolean;
}

/** The server knows the passphrase (or recovery) was right and asks for the second factor. */
export interface SecondFactorChallenge {
  /** Single use, valid for a few minutes: sent back with the proof. */
  token: string;
  methods: SecondFactorMethod[];
  /** Options for navigator.credentials.get when the member has a security key or passkey. */
  webauthn: Record<string, unknown> | null;
}

/** What POST /api/session and POST /api/recovery/complete answer. */
export type SignInOutcome =
  { kind: 'session'; session: SessionReply } | { kind: 'second-factor'; challenge: SecondFactorChallenge };

/** Exactly one proof of the second factor. */
export type SecondFactorProof =
  { totp: string } | { webauthn: Record<string, unknown> } | { recovery_code: string };

function sessionFrom(r: SessionReplyWire): SessionReply {
  return {
    member: { id: r.member.id, name: r.member.name, role: r.member.role },
    keys: envelopeV1(r.keys, 'keys'),
    kdf: r.kdf,
    team: { id: r.team.id, slug: r.team.slug, name: r.team.name },
    indexKey: r.index_key,
    indexEpoch: r.index_epoch,
    indexKeyDue: r.index_key_due,
    idleLockMinutes: r.idle_lock_minutes,
    mustAddSecondFactor: r.must_add_second_factor,
  };
}

function isChallenge(reply: SessionReplyWire | ChallengeWire): reply is ChallengeWire {
  return 'second_factor' in reply;
}

const decodeSession = decodeWith(SessionReplySchema, sessionFrom);

/** Decodes a SignInReply: a session, or a second factor to give first. */
export const decodeSignIn = decodeWith(SignInReply, (reply): SignInOutcome => {
  if (!isChallenge(reply)) return { kind: 'session', session: sessionFrom(reply) };
  const { token, methods, webauthn } = reply.second_factor;
  return { kind: 'second-factor', challenge: { token, methods: [...methods], webauthn } };
});

const decodeSessionParams = decodeWith(SessionParamsReply, (reply): KdfParams => reply.kdf);

export function getSessionParams(team: string, name: string): Promise<KdfParams> {
  return api.post('/session/params', { team, name }, decodeSessionParams);
}

export function createSession(team: string, name: string, auth: string): Promise<SignInOutcome> {
  return api.post('/session', { team, name, auth }, decodeSignIn);
}

/** The second step of a sign-in (or a recovery): the token of the challenge and one proof. */
export function answerSecondFactor(token: string, proof: SecondFactorProof): Promise<SessionReply> {
  return api.post('/session/second-factor', { token, ...proof }, decodeSession);
}

export function getSession(): Promise<SessionReply> {
  return api.get('/session', decodeSession);
}

export function deleteSession(): Promise<undefined> {
  return api.delete('/session', ignoreBody);
}
