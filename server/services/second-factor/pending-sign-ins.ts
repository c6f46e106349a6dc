/**
 * A sign-in (or a recovery) waiting for its second factor. The passphrase (or the recovery
 * proof) has been checked; the member gets a token, valid 5 minutes and for at most 5 tries,
 * and proves one of their factors with it: a TOTP code, a WebAuthn assertion over the challenge
 * kept with the token, or one of their one-time recovery codes. Only then does a session begin.
 *
 * Wrong proofs also count against the per-name limit of sign-ins (services/sign-in-limits.ts):
 * someone who has the passphrase gets a few tries per token and a few tokens per window, not an
 * endless supply of TOTP guesses.
 */
import type { SecondFactorMethod } from '#contract/enumerations';
import type { SecondFactorChallenge, SecondFactorProof } from '#contract/account';
import { hashToken, newToken } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import type { Db } from '../../db/executor.js';
import { AppError } from '../../errors.js';
import {
  countChallengeAttempt,
  deleteChallenge,
  insertChallenge,
  takeChallenge,
} from '../../repositories/auth-challenges.js';
import { claimTotpStep, findSecondFactorState } from '../../repositories/members.js';
import { countUnusedSecondFactorCodes, useSecondFactorCode } from '../../repositories/second-factor-codes.js';
import { findSecurityKey, listSecurityKeys, recordSecurityKeyUse } from '../../repositories/security-keys.js';
import type { SignInNameLimiter } from '../sign-in-limits.js';
import { normalizeSecondFactorCode, secondFactorCodeHash } from './recovery-codes.js';
import { acceptedTotpStep } from './totp.js';
import {
  assertionCredentialId,
  authenticationOptions,
  verifyAssertion,
  type WebAuthnConfig,
} from './webauthn.js';

export const PENDING_SIGN_IN_SECONDS = 5 * 60;
export const PENDING_SIGN_IN_MAX_ATTEMPTS = 5;

const tokenInvalid = (): AppError =>
  new AppError(
    401,
    'second_factor_token_invalid',
    'This sign-in has expired or had too many tries. Please sign in again with your passphrase.',
  );

/**
 * Starts the wait for the member's second factor; `payload` is what to apply once it is given
 * (a recovery's new credentials). Answers the methods the member can use and, when a security
 * key or passkey is among them, the options for navigator.credentials.get.
 */
export async function startPendingSignIn(
  db: Db,
  config: WebAuthnConfig,
  memberId: string,
  payload?: unknown,
): Promise<SecondFactorChallenge> {
  const state = await findSecondFactorState(db, memberId);
  const keys = await listSecurityKeys(db, memberId);
  const codesLeft = await countUnusedSecondFactorCodes(db, memberId);
  // Without a host name (PUBLIC_URL is an IP address) no assertion can verify: keys are not offered.
  const webauthn =
    keys.length > 0 && config.webauthnRpId !== undefined ? await authenticationOptions(config, keys) : null;
  const methods: SecondFactorMethod[] = [];
  if (webauthn) methods.push('webauthn');
  if (state.totp_secret !== null) methods.push('totp');
  if (codesLeft > 0) methods.push('recovery_code');
  const { token, hash } = newToken();
  await insertChallenge(db, {
    tokenHash: hash,
    purpose: 'second_factor',
    memberId,
    challenge: webauthn?.challenge ?? null,
    payload,
    validSeconds: PENDING_SIGN_IN_SECONDS,
  });
  return {
    second_factor: {
      token,
      methods,
      webauthn: webauthn as SecondFactorChallenge['second_factor']['webauthn'],
    },
  };
}

export interface ProvenSecondFactor {
  memberId: string;
  method: SecondFactorMethod;
  /** What the sign-in was waiting to apply (a recovery's credentials), or null. */
  payload: unknown;
}

/**
 * Checks the proof against the pending sign-in of `proof.token` and uses the token up.
 * 401 second_factor_token_invalid for an unknown, expired or exhausted token (after the fifth
 * wrong try it is deleted), 401 second_factor_invalid for a wrong proof, 429 when the member's
 * name has had too many failures.
 */
export async function provePendingSignIn(
  db: Database,
  config: WebAuthnConfig,
  limiter: SignInNameLimiter,
  proof: SecondFactorProof,
  reply: { header(name: string, value: string): unknown },
  knownDevice: string | undefined,
): Promise<ProvenSecondFactor> {
  const tokenHash = hashToken(proof.token);
  const pending = await countChallengeAttempt(db, tokenHash, 'second_factor', PENDING_SIGN_IN_MAX_ATTEMPTS);
  if (!pending) {
    await deleteChallenge(db, tokenHash);
    throw tokenInvalid();
  }
  const state = await findSecondFactorState(db, pending.member_id);
  // Removed while the sign-in waited: removal takes effect at once.
  if (state.status !== 'active') {
    await deleteChallenge(db, tokenHash);
    throw tokenInvalid();
  }
  const attempt = await limiter.begin(state.team_slug, state.name, reply, knownDevice);

  const method = methodOf(proof);
  const proven = await checkProof(db, config, pending, state, proof, method);
  if (!proven) {
    if (pending.attempts >= PENDING_SIGN_IN_MAX_ATTEMPTS) await deleteChallenge(db, tokenHash);
    throw new AppError(
      401,
      'second_factor_invalid',
      method === 'totp'
        ? 'That code is not right, or was already used. Wait for the next code in your app and try again.'
        : method === 'webauthn'
          ? 'The security key or passkey could not be confirmed. Please try again.'
          : 'That recovery code is not right, or was already used.',
    );
  }
  // Single use: of two proofs racing on one token, one takes it.
  const taken = await takeChallenge(db, tokenHash, 'second_factor', pending.member_id);
  if (!taken) throw tokenInvalid();
  await attempt.succeeded();
  return { memberId: pending.member_id, method, payload: taken.payload };
}

function methodOf(proof: SecondFactorProof): SecondFactorMethod {
  if (proof.totp !== undefined) return 'totp';
  if (proof.webauthn !== undefined) return 'webauthn';
  return 'recovery_code';
}

async function checkProof(
  db: Database,
  config: WebAuthnConfig,
  pending: { member_id: string; challenge: string | null },
  state: { totp_secret: Buffer | null },
  proof: SecondFactorProof,
  method: SecondFactorMethod,
): Promise<boolean> {
  const memberId = pending.member_id;
  switch (method) {
    case 'totp': {
      if (state.totp_secret === null || proof.totp === undefined) return false;
      const step = acceptedTotpStep(state.totp_secret, proof.totp);
      // A code is good once: its step (and every earlier one) is spent when it is accepted.
      return step !== undefined && (await claimTotpStep(db, memberId, step));
    }
    case 'webauthn': {
      if (pending.challenge === null || config.webauthnRpId === undefined) return false;
      const id = assertionCredentialId(proof.webauthn);
      const key = id === undefined ? undefined : await findSecurityKey(db, memberId, id);
      if (!key) return false;
      const counter = await verifyAssertion(config, proof.webauthn, pending.challenge, key);
      return counter !== undefined && (await recordSecurityKeyUse(db, key.id, key.counter, counter));
    }
    case 'recovery_code': {
      const normalized = normalizeSecondFactorCode(proof.recovery_code ?? '');
      return (
        normalized !== undefined &&
        (await useSecondFactorCode(db, memberId, secondFactorCodeHash(memberId, normalized)))
      );
    }
  }
}
