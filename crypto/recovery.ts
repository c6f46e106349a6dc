/**
 * Recovery with the recovery code, and a passphrase change (docs/protocol.md 5.8).
 *
 * A member who has forgotten the passphrase opens the recovery bundle (5.4) with the recovery
 * code in their browser, wraps the same keys again under a new passphrase and a new recovery
 * code, and proves to the server that they hold the recovered keys by signing the new
 * credentials together with a fresh server nonce:
 *
 *   message = "confide/v1/recovery\n" || team || "\n" || member || "\n" || nonce || "\n"
 *             || b64(BLAKE2b-256(canon(credentials)))
 *   sig     = Ed25519(sign_sk, message)
 *
 * `team` and `member` are the UUIDs, `nonce` the base64url text exactly as the server sent it,
 * `credentials` the `{ kdf, auth, keys, recovery: { kdf, keys } }` object sent beside the
 * signature. Binding the credentials means a proof cannot be replayed with other credentials;
 * binding the nonce (single use, ten minutes) means it cannot be replayed at all.
 *
 * A passphrase change is the same re-wrapping without the proof: the member is signed in and
 * proves the current passphrase with its `auth`.
 */
import { HASH_BYTES, RECOVERY_SIGNATURE_CONTEXT, SIGNATURE_BYTES } from './constants.js';
import { assertUuid, canonicalJsonBytes, fromBase64UrlFixed, isUuid, toBase64Url, utf8 } from './encoding.js';
import { ConfideCryptoError, isConfideCryptoError } from './errors.js';
import { signPublicKeyFromBase64 } from './keys.js';
import {
  authToken,
  deriveMemberSecrets,
  deriveRecoveryKek,
  generateKdfParams,
  generateRecoveryCode,
  unwrapMemberKeys,
  wrapMemberKeys,
  type MemberKeysContext,
} from './member-keys.js';
import { lib } from './sodium.js';
import type { Envelope, KdfParams, MemberKeys, SignSecretKey } from './types.js';

/** The recovery copy of a member's keys as the server stores and serves it (5.4). */
export interface RecoveryCopy {
  readonly kdf: KdfParams;
  readonly keys: Envelope;
}

/** New credentials after a recovery: what `POST /api/recovery/complete` carries and the proof signs. */
export interface RecoveredCredentialsWire {
  readonly kdf: KdfParams;
  /** b64(auth) of the new passphrase. */
  readonly auth: string;
  readonly keys: Envelope;
  readonly recovery: RecoveryCopy;
}

/** What a recovery proof binds together. */
export interface RecoveryProofInput {
  /** The team's UUID (never its slug). */
  readonly team: string;
  readonly memberId: string;
  /** The server's nonce, base64url of 32 bytes, exactly as it was sent. */
  readonly nonce: string;
  readonly credentials: RecoveredCredentialsWire;
}

/**
 * A proof as a verifier receives it: from the network, so `credentials` may be anything until
 * the signature says otherwise.
 */
export interface RecoveryProofClaim {
  readonly team: string;
  readonly memberId: string;
  readonly nonce: string;
  readonly credentials: unknown;
}

const NONCE_BYTES_RECOVERY = 32;

/**
 * The bytes a recovery proof signs. INVALID_ARGUMENT for an id that is not a UUID, BAD_ENCODING
 * for a nonce that is not 32 bytes of base64url or credentials canonical JSON refuses: any of
 * them could otherwise smuggle a newline into the message and make it ambiguous.
 */
export function recoveryProofMessage(input: RecoveryProofInput | RecoveryProofClaim): Uint8Array {
  assertUuid(input.team, 'team id');
  assertUuid(input.memberId, 'member id');
  fromBase64UrlFixed(input.nonce, NONCE_BYTES_RECOVERY, 'recovery nonce');
  const digest = lib().crypto_generichash(HASH_BYTES, canonicalJsonBytes(input.credentials), null);
  return utf8(
    `${RECOVERY_SIGNATURE_CONTEXT}${input.team}\n${input.memberId}\n${input.nonce}\n${toBase64Url(digest)}`,
  );
}

/** Signs a recovery proof with the recovered signing key; returns b64(sig). */
export function signRecoveryProof(signSecretKey: SignSecretKey, input: RecoveryProofInput): string {
  return toBase64Url(lib().crypto_sign_detached(recoveryProofMessage(input), signSecretKey));
}

/**
 * Server side: whether `sigB64` is the signature of the member whose `sign_pk` is
 * `signPublicKeyB64` over these credentials and this nonce. False, never an exception, for
 * anything malformed (a bad key, signature, id, nonce or credentials object): the input is
 * hostile.
 */
export function verifyRecoveryProof(
  signPublicKeyB64: string,
  sigB64: string,
  input: RecoveryProofClaim,
): boolean {
  try {
    if (!isUuid(input.team) || !isUuid(input.memberId)) return false;
    const publicKey = signPublicKeyFromBase64(signPublicKeyB64);
    const sig = fromBase64UrlFixed(sigB64, SIGNATURE_BYTES, 'recovery proof signature');
    return lib().crypto_sign_verify_detached(sig, recoveryProofMessage(input), publicKey);
  } catch {
    return false;
  }
}

/**
 * Opens the recovery copy of a member's keys with the recovery code (5.4). Slow by design
 * (Argon2id with `copy.kdf`, checked against the floor first: KDF_TOO_WEAK, KDF_UNSUPPORTED);
 * run it in a Worker. RECEIPT_MALFORMED for a code that is not 20 characters of the alphabet
 * (it names the character), RECOVERY_CODE_WRONG when the copy does not open with this code.
 *
 * The caller must still compare the keys it gets with the member's keys in the verified roster
 * before using them: the server chose which copy to serve.
 */
export function openRecoveryBundle(
  recoveryCode: string,
  copy: RecoveryCopy,
  context: MemberKeysContext,
): MemberKeys {
  const kek = deriveRecoveryKek(recoveryCode, copy.kdf);
  try {
    return unwrapMemberKeys(copy.keys, kek, context);
  } catch (error) {
    // With a key derived from the code, a wrong code and an altered copy look the same.
    if (isConfideCryptoError(error, 'WRONG_PASSPHRASE')) {
      throw new ConfideCryptoError(
        'RECOVERY_CODE_WRONG',
        'the recovery copy of the keys does not open with this recovery code',
      );
    }
    throw error;
  } finally {
    kek.fill(0);
  }
}

export interface RewrapOptions {
  /** Also make a new recovery code and wrap the keys under it (always, for a recovery). */
  readonly newRecoveryCode: boolean;
  /** Defaults to generateKdfParams() (ops 3, 256 MiB, a fresh salt). Tests may pass cheaper ones. */
  readonly kdf?: KdfParams;
  readonly recoveryKdf?: KdfParams;
}

/** The same keys under a new passphrase (and perhaps a new recovery code). */
export interface RewrappedMemberKeys {
  readonly kdf: KdfParams;
  /** b64(auth) of the new passphrase: the server stores only its hash. */
  readonly auth: string;
  readonly keys: Envelope;
  /** With `newRecoveryCode`: the new recovery copy, which replaces the stored one. */
  readonly recovery?: RecoveryCopy;
  /** With `newRecoveryCode`: the new code. Secret; show it once. */
  readonly recoveryCode?: string;
}

/**
 * Wraps a member's keys under a new passphrase with fresh Argon2id salts, and, with
 * `newRecoveryCode`, under a new recovery code too: the same building blocks as enrolMember
 * (5.2–5.4). Slow (one or two Argon2id runs); run it in a Worker.
 */
export function rewrapMemberKeys(
  keys: MemberKeys,
  newPassphrase: string,
  context: MemberKeysContext,
  options: RewrapOptions,
): RewrappedMemberKeys {
  assertUuid(context.memberId, 'member id');
  if (typeof newPassphrase !== 'string' || newPassphrase.length === 0) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'the new passphrase must be a non-empty string');
  }
  const kdf = options.kdf ?? generateKdfParams();
  const secrets = deriveMemberSecrets(newPassphrase, kdf);
  try {
    const passphraseWrapped = {
      kdf,
      auth: authToken(secrets.auth),
      keys: wrapMemberKeys(keys, secrets.kek, context),
    };
    if (!options.newRecoveryCode) return passphraseWrapped;
    const recoveryCode = generateRecoveryCode();
    const recoveryKdf = options.recoveryKdf ?? generateKdfParams();
    const recoveryKek = deriveRecoveryKek(recoveryCode, recoveryKdf);
    try {
      return {
        ...passphraseWrapped,
        recovery: { kdf: recoveryKdf, keys: wrapMemberKeys(keys, recoveryKek, context) },
        recoveryCode,
      };
    } finally {
      recoveryKek.fill(0);
    }
  } finally {
    secrets.kek.fill(0);
  }
}

/**
 * The credentials of a recovery, in the shape the proof signs and `POST /api/recovery/complete`
 * carries; INVALID_ARGUMENT when the re-wrapping made no recovery copy.
 */
export function recoveredCredentials(rewrapped: RewrappedMemberKeys): RecoveredCredentialsWire {
  if (rewrapped.recovery === undefined) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'a recovery must make a new recovery code');
  }
  return { kdf: rewrapped.kdf, auth: rewrapped.auth, keys: rewrapped.keys, recovery: rewrapped.recovery };
}
