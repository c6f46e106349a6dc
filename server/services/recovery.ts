/**
 * Recovery with the recovery code (docs/protocol.md 5.8). The member's browser asks for the
 * recovery copy of their keys and a fresh nonce, opens the copy with the code, wraps the keys
 * under a new passphrase and a new code, and signs the new credentials with the recovered
 * signing key over the nonce. The server keeps them only when that signature verifies with the
 * member's `sign_pk`: then the old passphrase and recovery code stop working and every session
 * of the member ends. A member who holds a second factor gives it first; the new credentials
 * wait in the pending sign-in until then.
 *
 * Nobody learns who is on a team from these routes: a name that is not an active member with a
 * recovery copy gets plausible, stable fake values, and completing with them fails exactly as a
 * bad signature does. The signature is checked before the nonce for the same reason.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { RecoveryCompleteRequest, RecoveryStartReply, SecondFactorChallenge } from '#contract/account';
import type { KdfParams } from '#contract/common';
import { verifyRecoveryProof } from '../../crypto/index.js';
import { hashToken } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { fromB64, toB64 } from '../db/wire.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import { insertChallenge, takeChallenge } from '../repositories/auth-challenges.js';
import { findRecoveryMember, replaceMemberCredentials } from '../repositories/members.js';
import { deleteMemberSessions } from '../repositories/sessions.js';
import { findTeamBySlug } from '../repositories/teams.js';
import { deploymentSecret, verifierFor } from './credentials.js';
import { startPendingSignIn } from './second-factor/pending-sign-ins.js';
import type { WebAuthnConfig } from './second-factor/webauthn.js';

/** A recovery nonce is good for one completion within ten minutes. */
export const RECOVERY_NONCE_SECONDS = 10 * 60;
const NONCE_BYTES = 32;
/** A key bundle's plaintext (161 bytes) pads to 256, plus the 16-byte tag (protocol.md 5.3). */
const KEY_BUNDLE_CIPHERTEXT_BYTES = 256 + 16;
const XCHACHA_NONCE_BYTES = 24;

/** What a completed recovery stores, kept in the pending sign-in while a second factor is awaited. */
interface RecoveredCredentials {
  kdf: unknown;
  /** BLAKE2b-256 of the new `auth`, never `auth` itself: the pending row must not be a password. */
  verifier: string;
  keys: unknown;
  recovery: { kdf: unknown; keys: unknown };
}

// --- Start --------------------------------------------------------------------------------------

/** `length` bytes fixed by the deployment secret and `label`: fakes that stay the same on every ask. */
function stableBytes(secret: Buffer, label: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) {
    blocks.push(createHmac('sha256', secret).update(`recovery-fake\n${i}\n${label}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** A UUID v4 made from fixed bytes, so a fake member id looks like every real one. */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What the start step answers for a name that cannot be recovered: it looks like a real answer. */
async function fakeRecoveryStart(db: Db, teamSlug: string, name: string): Promise<RecoveryStartReply> {
  const secret = await deploymentSecret(db);
  const who = `${teamSlug}\n${name.normalize('NFKC')}`;
  // A team's id is public (GET /api/teams/{slug}); a made-up one only for a team that does not exist.
  const team =
    (await findTeamBySlug(db, teamSlug))?.id ?? uuidFrom(stableBytes(secret, `team\n${teamSlug}`, 16));
  const kdf: KdfParams = {
    alg: 'argon2id13',
    ops: 3,
    mem: 268435456,
    salt: toB64(stableBytes(secret, `salt\n${who}`, 16)),
  };
  return {
    member: uuidFrom(stableBytes(secret, `member\n${who}`, 16)),
    team,
    // A real nonce is new on every ask, and so is this one.
    nonce: toB64(randomBytes(NONCE_BYTES)),
    recovery: {
      kdf,
      keys: {
        v: 1,
        n: toB64(stableBytes(secret, `nonce\n${who}`, XCHACHA_NONCE_BYTES)),
        c: toB64(stableBytes(secret, `bundle\n${who}`, KEY_BUNDLE_CIPHERTEXT_BYTES)),
      },
    },
  };
}

/** The recovery copy of the member's keys and a fresh nonce (fakes for anyone else). */
export async function startRecovery(
  db: Database,
  teamSlug: string,
  name: string,
): Promise<RecoveryStartReply> {
  const member = await findRecoveryMember(db, teamSlug, name);
  if (!member?.recovery_bundle || !member.recovery_kdf) return fakeRecoveryStart(db, teamSlug, name);
  const nonce = toB64(randomBytes(NONCE_BYTES));
  await insertChallenge(db, {
    tokenHash: hashToken(nonce),
    purpose: 'recovery',
    memberId: member.id,
    validSeconds: RECOVERY_NONCE_SECONDS,
  });
  return {
    member: member.id,
    team: member.team_id,
    nonce,
    recovery: {
      kdf: member.recovery_kdf as RecoveryStartReply['recovery']['kdf'],
      keys: member.recovery_bundle as RecoveryStartReply['recovery']['keys'],
    },
  };
}

// --- Complete -----------------------------------------------------------------------------------

export type RecoveryOutcome =
  { kind: 'session'; memberId: string } | { kind: 'second_factor'; challenge: SecondFactorChallenge };

const signatureInvalid = (): AppError =>
  new AppError(
    401,
    'recovery_signature_invalid',
    'The recovery could not be confirmed. Check the team, your name and your recovery code, and start again.',
  );

/**
 * Checks the proof and applies the new credentials, or, for a member with a second factor,
 * keeps them in a pending sign-in until the factor is given.
 */
export async function completeRecovery(
  db: Database,
  config: WebAuthnConfig,
  request: RecoveryCompleteRequest,
): Promise<RecoveryOutcome> {
  const member = await findRecoveryMember(db, request.team, request.name);
  const proofInput = {
    team: member?.team_id ?? '',
    memberId: member?.id ?? '',
    nonce: request.nonce,
    credentials: request.credentials,
  };
  // First the signature: without the recovered key nobody gets further, whoever they name.
  if (!member || !verifyRecoveryProof(toB64(member.sign_pk), request.sig, proofInput)) {
    throw signatureInvalid();
  }
  const recovered: RecoveredCredentials = {
    kdf: request.credentials.kdf,
    verifier: toB64(verifierFor(request.credentials.auth)),
    keys: request.credentials.keys,
    recovery: request.credentials.recovery,
  };
  return db.transaction().execute(async (tx): Promise<RecoveryOutcome> => {
    const nonce = await takeChallenge(tx, hashToken(request.nonce), 'recovery', member.id);
    if (!nonce) {
      throw new AppError(
        409,
        'recovery_nonce_invalid',
        'This recovery has expired or was already used. Please start again.',
      );
    }
    if (member.has_second_factor) {
      const challenge = await startPendingSignIn(tx, config, member.id, recovered);
      return { kind: 'second_factor', challenge };
    }
    await applyRecoveredCredentials(tx, member.id, member.team_id, recovered);
    return { kind: 'session', memberId: member.id };
  });
}

function isRecoveredCredentials(value: unknown): value is RecoveredCredentials {
  const v = value as Partial<RecoveredCredentials> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.verifier === 'string' &&
    typeof v.kdf === 'object' &&
    typeof v.keys === 'object' &&
    typeof v.recovery === 'object'
  );
}

/**
 * Stores recovered credentials in place of the old ones and ends every session of the member,
 * in the caller's transaction; audited as member.recovered.
 */
export async function applyRecoveredCredentials(
  tx: Db,
  memberId: string,
  teamId: string,
  recovered: unknown,
): Promise<void> {
  if (!isRecoveredCredentials(recovered)) throw new Error('a pending recovery holds no credentials');
  await replaceMemberCredentials(tx, memberId, {
    kdf: recovered.kdf,
    verifier: fromB64(recovered.verifier),
    keyBundle: recovered.keys,
    recovery: recovered.recovery,
  });
  await deleteMemberSessions(tx, memberId);
  await recordAudit(tx, { teamId, memberId, action: 'member.recovered' });
}
