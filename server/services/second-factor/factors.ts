/**
 * A member manages their own second factors: an authenticator app (TOTP), security keys and
 * passkeys (WebAuthn), and the one-time recovery codes that stand in for a lost one.
 *
 * Rules: adding the first factor shows a new set of recovery codes (adding another leaves them);
 * removing the last one deletes the codes, and is refused while the team requires a second
 * factor. Changes to one member's factors are serialised by locking their row, so two tabs
 * cannot both add a "first" factor or both remove the "last" one. Every change is audited, with
 * the method only: never a secret, code or key.
 */
import type { Static } from 'typebox';
import type {
  MySecondFactors,
  RecoveryCodesReply,
  SecondFactorAdded,
  TotpStartReply,
} from '#contract/account';
import { newToken } from '../../auth/tokens.js';
import type { Database } from '../../db/database.js';
import type { Db } from '../../db/executor.js';
import { toTime, toTimeOrNull } from '../../db/wire.js';
import { AppError, badRequest, conflict, notFound } from '../../errors.js';
import { recordAudit } from '../../repositories/audit-events.js';
import {
  deleteMemberChallenges,
  findLiveMemberChallenge,
  insertChallenge,
} from '../../repositories/auth-challenges.js';
import {
  claimTotpStep,
  findSecondFactorState,
  lockMemberRow,
  setMemberTotp,
  type MemberContext,
} from '../../repositories/members.js';
import {
  countUnusedSecondFactorCodes,
  deleteSecondFactorCodes,
  replaceSecondFactorCodes,
} from '../../repositories/second-factor-codes.js';
import {
  deleteSecurityKey,
  insertSecurityKey,
  listSecurityKeys,
  securityKeyExists,
} from '../../repositories/security-keys.js';
import { newSecondFactorCodes, normalizeSecondFactorCode, secondFactorCodeHash } from './recovery-codes.js';
import { acceptedTotpStep, newTotpSecret, totpSecretBase32, totpSecretFromBase32, totpUri } from './totp.js';
import { registrationOptions, relyingParty, verifyRegistration, type WebAuthnConfig } from './webauthn.js';

/** How long a TOTP secret or a WebAuthn registration waits for its confirmation. */
const SETUP_SECONDS = 10 * 60;

type Added = Static<typeof SecondFactorAdded>;

/** GET /api/me/second-factor */
export async function mySecondFactors(db: Db, memberId: string): Promise<MySecondFactors> {
  const state = await findSecondFactorState(db, memberId);
  const keys = await listSecurityKeys(db, memberId);
  return {
    totp: state.totp_secret !== null,
    webauthn: keys.map((key) => ({
      id: key.id,
      name: key.name,
      created_at: toTime(key.created_at),
      last_used_at: toTimeOrNull(key.last_used_at),
    })),
    recovery_codes_left: await countUnusedSecondFactorCodes(db, memberId),
    required_by_team: state.require_second_factor,
  };
}

async function factorCount(db: Db, memberId: string): Promise<number> {
  const state = await findSecondFactorState(db, memberId);
  return (state.totp_secret === null ? 0 : 1) + (await listSecurityKeys(db, memberId)).length;
}

/** New recovery codes stored as hashes; the codes themselves are returned to show once. */
async function storeNewCodes(db: Db, memberId: string): Promise<string[]> {
  const codes = newSecondFactorCodes();
  await replaceSecondFactorCodes(
    db,
    memberId,
    codes.map((code) => secondFactorCodeHash(memberId, normalizeSecondFactorCode(code) ?? code)),
  );
  return codes;
}

/**
 * Adds a factor in one transaction with the member's row locked: `add` stores it; when it is
 * the first, a new set of recovery codes comes back.
 */
async function addFactor(
  db: Database,
  member: MemberContext,
  method: 'totp' | 'webauthn',
  add: (tx: Db) => Promise<void>,
): Promise<Added> {
  return db.transaction().execute(async (tx) => {
    await lockMemberRow(tx, member.id);
    const first = (await factorCount(tx, member.id)) === 0;
    await add(tx);
    const codes = first ? await storeNewCodes(tx, member.id) : null;
    await recordAudit(tx, {
      teamId: member.teamId,
      memberId: member.id,
      action: 'member.second_factor_added',
      details: { method, recovery_codes_made: first },
    });
    return { recovery_codes: codes };
  });
}

/** Removes a factor; refuses the last one while the team requires a second factor. */
async function removeFactor(
  db: Database,
  member: MemberContext,
  method: 'totp' | 'webauthn',
  remove: (tx: Db) => Promise<boolean>,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockMemberRow(tx, member.id);
    if (!(await remove(tx))) {
      throw notFound(method === 'totp' ? 'No authenticator app is set up' : 'There is no such security key');
    }
    if ((await factorCount(tx, member.id)) === 0) {
      const state = await findSecondFactorState(tx, member.id);
      if (state.require_second_factor) {
        throw conflict(
          'second_factor_last',
          'Your team requires a second factor, so the last one cannot be removed. Add another first.',
        );
      }
      // Recovery codes stand in for a factor; with none left they stand in for nothing.
      await deleteSecondFactorCodes(tx, member.id);
    }
    await recordAudit(tx, {
      teamId: member.teamId,
      memberId: member.id,
      action: 'member.second_factor_removed',
      details: { method },
    });
  });
}

// --- TOTP ---------------------------------------------------------------------------------------

/** A new secret, kept aside until a code from it confirms that the member's app has it. */
export async function startTotp(db: Database, member: MemberContext): Promise<Static<typeof TotpStartReply>> {
  const state = await findSecondFactorState(db, member.id);
  if (state.totp_secret !== null) {
    throw conflict(
      'totp_already_set',
      'An authenticator app is already set up. Remove it first to set up another.',
    );
  }
  const secret = newTotpSecret();
  await deleteMemberChallenges(db, member.id, 'totp_setup');
  await insertChallenge(db, {
    tokenHash: newToken().hash,
    purpose: 'totp_setup',
    memberId: member.id,
    challenge: totpSecretBase32(secret),
    validSeconds: SETUP_SECONDS,
  });
  return { secret: totpSecretBase32(secret), uri: totpUri(secret, state.team_name, state.name) };
}

/** Puts the secret being set up in force, once `code` shows the app makes the right codes. */
export async function confirmTotp(db: Database, member: MemberContext, code: string): Promise<Added> {
  const setup = await findLiveMemberChallenge(db, member.id, 'totp_setup');
  if (!setup?.challenge) {
    throw conflict(
      'totp_not_started',
      'Start setting up the authenticator app again: the last start has expired.',
    );
  }
  const secret = totpSecretFromBase32(setup.challenge);
  const step = acceptedTotpStep(secret, code);
  if (step === undefined) {
    throw badRequest(
      'second_factor_invalid',
      'That code does not match. Check that the time on your phone is right, and type the code your app shows now.',
    );
  }
  return addFactor(db, member, 'totp', async (tx) => {
    const state = await findSecondFactorState(tx, member.id);
    if (state.totp_secret !== null) {
      throw conflict('totp_already_set', 'An authenticator app is already set up.');
    }
    await setMemberTotp(tx, member.id, secret);
    // The code just typed may not sign in too.
    await claimTotpStep(tx, member.id, step);
    await deleteMemberChallenges(tx, member.id, 'totp_setup');
  });
}

export function removeTotp(db: Database, member: MemberContext): Promise<void> {
  return removeFactor(db, member, 'totp', async (tx) => {
    const state = await findSecondFactorState(tx, member.id);
    if (state.totp_secret === null) return false;
    await setMemberTotp(tx, member.id, null);
    return true;
  });
}

// --- WebAuthn -----------------------------------------------------------------------------------

/** Options for navigator.credentials.create; the challenge waits for the answer. */
export async function startSecurityKey(
  db: Database,
  config: WebAuthnConfig,
  member: MemberContext,
): Promise<Record<string, unknown>> {
  relyingParty(config);
  const state = await findSecondFactorState(db, member.id);
  const options = await registrationOptions(
    config,
    { id: member.id, name: member.name, teamName: state.team_name },
    await listSecurityKeys(db, member.id),
  );
  await deleteMemberChallenges(db, member.id, 'webauthn_register');
  await insertChallenge(db, {
    tokenHash: newToken().hash,
    purpose: 'webauthn_register',
    memberId: member.id,
    challenge: options.challenge,
    validSeconds: SETUP_SECONDS,
  });
  return options as unknown as Record<string, unknown>;
}

const registrationFailed = (): AppError =>
  badRequest(
    'second_factor_invalid',
    'The security key or passkey could not be added. Please start again and follow what your browser asks.',
  );

/** Stores the security key or passkey the browser made for the waiting challenge. */
export async function addSecurityKey(
  db: Database,
  config: WebAuthnConfig,
  member: MemberContext,
  request: { name: string; response: unknown },
): Promise<Added> {
  relyingParty(config);
  const pending = await findLiveMemberChallenge(db, member.id, 'webauthn_register');
  if (!pending?.challenge) throw registrationFailed();
  const key = await verifyRegistration(config, request.response, pending.challenge);
  if (!key) throw registrationFailed();
  return addFactor(db, member, 'webauthn', async (tx) => {
    // The challenge is single use: a second answer to it finds nothing.
    const taken = await findLiveMemberChallenge(tx, member.id, 'webauthn_register');
    if (taken?.challenge !== pending.challenge) throw registrationFailed();
    await deleteMemberChallenges(tx, member.id, 'webauthn_register');
    if (await securityKeyExists(tx, key.id)) {
      throw new AppError(400, 'second_factor_invalid', 'This security key or passkey is already added.');
    }
    await insertSecurityKey(tx, { ...key, memberId: member.id, name: request.name });
  });
}

export function removeSecurityKey(db: Database, member: MemberContext, id: string): Promise<void> {
  return removeFactor(db, member, 'webauthn', (tx) => deleteSecurityKey(tx, member.id, id));
}

// --- Recovery codes ----------------------------------------------------------------------------

/** A new set of recovery codes; the old ones stop working. Only with a factor to stand in for. */
export async function renewRecoveryCodes(
  db: Database,
  member: MemberContext,
): Promise<Static<typeof RecoveryCodesReply>> {
  return db.transaction().execute(async (tx) => {
    await lockMemberRow(tx, member.id);
    if ((await factorCount(tx, member.id)) === 0) {
      throw badRequest(
        'bad_request',
        'Recovery codes stand in for a security key or an authenticator app: add one of those first.',
      );
    }
    const codes = await storeNewCodes(tx, member.id);
    await recordAudit(tx, {
      teamId: member.teamId,
      memberId: member.id,
      action: 'member.recovery_codes_renewed',
    });
    return { recovery_codes: codes };
  });
}
