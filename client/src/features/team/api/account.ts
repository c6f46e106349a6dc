/**
 * A member's own account (docs/http-api.md, account routes): recovery with the recovery code,
 * changing the passphrase, and managing second factors. Transport only: the keys and every
 * Argon2id run stay in the keyring workers (lib/keyring), and pages decide what to show.
 */
import type { Envelope, KdfParams } from '#crypto';
import {
  MySecondFactors,
  RecoveryCodesReply,
  RecoveryStartReply,
  SecondFactorAdded,
  TotpStartReply,
  WebAuthnJson,
  type RecoveredCredentials,
} from '#contract/account';
import { api, ignoreBody } from '../../../lib/api-client';
import { decodeWith, envelopeV1 } from '../../../lib/decode';
import { decodeSignIn, type SignInOutcome } from './session';

// --- Recovery with the recovery code -----------------------------------------------------------

export interface RecoveryStart {
  memberId: string;
  teamId: string;
  /** Single use: the recovered signing key signs it with the new credentials. */
  nonce: string;
  /** The recovery copy of the key bundle, opened in the browser with the recovery code. */
  recovery: { kdf: KdfParams; keys: Envelope };
}

const decodeRecoveryStart = decodeWith(RecoveryStartReply, (r): RecoveryStart => ({
  memberId: r.member,
  teamId: r.team,
  nonce: r.nonce,
  recovery: { kdf: r.recovery.kdf, keys: envelopeV1(r.recovery.keys, 'recovery.keys') },
}));

/**
 * The recovery copy of a member's keys and a nonce. A name that is not a member gets plausible
 * fake values (the reply tells nobody who is a member): the code then simply does not open them.
 */
export function startRecovery(team: string, name: string): Promise<RecoveryStart> {
  return api.post('/recovery/start', { team, name }, decodeRecoveryStart);
}

export function completeRecovery(request: {
  team: string;
  name: string;
  nonce: string;
  credentials: RecoveredCredentials;
  sig: string;
}): Promise<SignInOutcome> {
  return api.post('/recovery/complete', request, decodeSignIn);
}

// --- Passphrase change -------------------------------------------------------------------------

export interface PassphraseChange {
  /** `auth` of the current passphrase: proves it is the member at the keyboard. */
  current_auth: string;
  kdf: KdfParams;
  auth: string;
  keys: Envelope;
  /** Present when the recovery code is replaced too. */
  recovery?: { kdf: KdfParams; keys: Envelope };
}

export function changePassphrase(change: PassphraseChange): Promise<undefined> {
  return api.put('/me/passphrase', change, ignoreBody);
}

// --- Confirm it's you --------------------------------------------------------------------------

/**
 * Confirms this session with the current passphrase's `auth`: for 10 minutes it may add and
 * remove second factors (which otherwise answer 403 `confirmation_required`).
 */
export function confirmItsYou(auth: string): Promise<undefined> {
  return api.post('/me/confirm', { auth }, ignoreBody);
}

// --- Second factors ----------------------------------------------------------------------------

export interface SecurityKeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface SecondFactors {
  totp: boolean;
  securityKeys: SecurityKeyRow[];
  recoveryCodesLeft: number;
  requiredByTeam: boolean;
}

const decodeSecondFactors = decodeWith(MySecondFactors, (r): SecondFactors => ({
  totp: r.totp,
  securityKeys: r.webauthn.map((k) => ({
    id: k.id,
    name: k.name,
    createdAt: k.created_at,
    lastUsedAt: k.last_used_at,
  })),
  recoveryCodesLeft: r.recovery_codes_left,
  requiredByTeam: r.required_by_team,
}));

export function getSecondFactors(options: { signal?: AbortSignal } = {}): Promise<SecondFactors> {
  return api.get('/me/second-factor', decodeSecondFactors, options);
}

const decodeTotpStart = decodeWith(TotpStartReply);

/** A new TOTP secret, not in force until a code from it is confirmed. */
export function startTotp(): Promise<{ secret: string; uri: string }> {
  return api.post('/me/second-factor/totp/start', undefined, decodeTotpStart);
}

/**
 * The one-time recovery codes for the second factor when this was the first factor (shown
 * once), or null when the member already had codes.
 */
const decodeAdded = decodeWith(SecondFactorAdded, (reply) => reply.recovery_codes);

export function confirmTotp(code: string): Promise<string[] | null> {
  return api.post('/me/second-factor/totp', { code }, decodeAdded);
}

export function removeTotp(): Promise<undefined> {
  return api.delete('/me/second-factor/totp', ignoreBody);
}

const decodeWebAuthnJson = decodeWith(WebAuthnJson);

/** Options for navigator.credentials.create (checked by webauthn-options.ts before use). */
export function securityKeyOptions(): Promise<Record<string, unknown>> {
  return api.post('/me/second-factor/webauthn/options', undefined, decodeWebAuthnJson);
}

export function addSecurityKey(name: string, response: Record<string, unknown>): Promise<string[] | null> {
  return api.post('/me/second-factor/webauthn', { name, response }, decodeAdded);
}

export function removeSecurityKey(id: string): Promise<undefined> {
  return api.delete(`/me/second-factor/webauthn/${encodeURIComponent(id)}`, ignoreBody);
}

const decodeRecoveryCodes = decodeWith(RecoveryCodesReply, (reply) => reply.recovery_codes);

/** New one-time recovery codes for the second factor; the old ones stop working. */
export function newRecoveryCodes(): Promise<string[]> {
  return api.post('/me/second-factor/recovery-codes', undefined, decodeRecoveryCodes);
}
