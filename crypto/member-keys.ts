/**
 * A member's passphrase, key bundle and recovery code (PROTOCOL.md, "Members
 * and their keys").
 *
 *   master = crypto_pwhash(32, NFKC(passphrase), salt16, ops, mem, ARGON2ID13)
 *   kek    = crypto_kdf_derive_from_key(32, 1, "cnfdmbr1", master)
 *   auth   = crypto_kdf_derive_from_key(32, 2, "cnfdmbr1", master)
 *   verifier = crypto_generichash(32, auth)                 (what the server stores)
 *   bundle = envelope(canon({"enc_sk", "sign_sk", "v": 1}), kek, ad("member-keys", team, member_id))
 *   kek_r  = crypto_kdf_derive_from_key(32, 1, "cnfdrcv1", pwhash(recovery code))
 *
 * Argon2id at the default parameters takes about a second and grows the
 * WebAssembly memory to 256 MiB for good: run it in a Worker that is
 * terminated afterwards.
 */
import {
  AD_KIND_MEMBER_KEYS,
  BOX_SECRET_KEY_BYTES,
  DEFAULT_KDF_MEM_BYTES,
  DEFAULT_KDF_OPS,
  HASH_BYTES,
  KDF_ALGORITHM,
  KEY_BYTES,
  MEMBER_AUTH_SUBKEY_ID,
  MEMBER_KDF_CONTEXT,
  MEMBER_KEK_SUBKEY_ID,
  MIN_KDF_MEM_BYTES,
  MIN_KDF_OPS,
  PROTOCOL_VERSION,
  RECOVERY_KDF_CONTEXT,
  RECOVERY_KEK_SUBKEY_ID,
  SALT_BYTES,
  SIGN_SECRET_KEY_BYTES,
} from './constants.js';
import {
  assertUuid,
  canonicalJson,
  canonicalJsonBytes,
  constantTimeEqual,
  fromBase64UrlFixed,
  fromUtf8,
  parseJson,
  toBase64Url,
  utf8,
} from './encoding.js';
import { openEnvelopeWith, sealEnvelope } from './envelope.js';
import { ConfideCryptoError } from './errors.js';
import { boxKeyPairFromSecretKey, signKeyPairFromSecretKey } from './keys.js';
import { randomBytes } from './random.js';
import { generateReceipt, normalizeReceipt } from './receipts.js';
import { lib } from './sodium.js';
import type {
  AuthKey,
  BoxSecretKey,
  Envelope,
  KdfParams,
  KeyEncryptionKey,
  MasterKey,
  MemberKeys,
  SignSecretKey,
  Verifier,
} from './types.js';

// ---------------------------------------------------------------------------
// Argon2id parameters
// ---------------------------------------------------------------------------

/** New parameters for a member: the defaults (ops 3, 256 MiB) and a random salt. */
export function generateKdfParams(): KdfParams {
  return {
    alg: KDF_ALGORITHM,
    ops: DEFAULT_KDF_OPS,
    mem: DEFAULT_KDF_MEM_BYTES,
    salt: toBase64Url(randomBytes(SALT_BYTES)),
  };
}

/**
 * Checks parameters that came from the server before spending a second on them:
 * KDF_UNSUPPORTED for an unknown algorithm or non-integer values, KDF_TOO_WEAK
 * below ops 2 or 64 MiB (a server that lowers them is attacking), BAD_ENCODING
 * for a salt that is not 16 bytes. Returns the decoded salt.
 */
export function checkKdfParams(kdf: KdfParams): Uint8Array {
  if (typeof kdf !== 'object' || (kdf as unknown) === null) {
    throw new ConfideCryptoError('KDF_UNSUPPORTED', 'kdf parameters must be an object');
  }
  if ((kdf.alg as string) !== KDF_ALGORITHM) {
    throw new ConfideCryptoError('KDF_UNSUPPORTED', `kdf algorithm must be "${KDF_ALGORITHM}"`);
  }
  if (!Number.isSafeInteger(kdf.ops) || !Number.isSafeInteger(kdf.mem)) {
    throw new ConfideCryptoError('KDF_UNSUPPORTED', 'kdf ops and mem must be integers');
  }
  if (kdf.ops < MIN_KDF_OPS || kdf.mem < MIN_KDF_MEM_BYTES) {
    throw new ConfideCryptoError(
      'KDF_TOO_WEAK',
      `kdf parameters ops ${kdf.ops} / mem ${kdf.mem} are below the minimum ops ${MIN_KDF_OPS} / ${MIN_KDF_MEM_BYTES} bytes (64 MiB)`,
    );
  }
  return fromBase64UrlFixed(kdf.salt, SALT_BYTES, 'kdf salt');
}

function argon2id(secret: Uint8Array, kdf: KdfParams): Uint8Array {
  const salt = checkKdfParams(kdf);
  const sodium = lib();
  try {
    return sodium.crypto_pwhash(
      KEY_BYTES,
      secret,
      salt,
      kdf.ops,
      kdf.mem,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
  } catch {
    throw new ConfideCryptoError(
      'KDF_UNSUPPORTED',
      `Argon2id could not run with ops ${kdf.ops} / mem ${kdf.mem} (out of memory or beyond libsodium's limits)`,
    );
  }
}

// ---------------------------------------------------------------------------
// Passphrase -> kek, auth
// ---------------------------------------------------------------------------

/** @internal `master` from the passphrase (NFKC, UTF-8, Argon2id). Exposed for the vector generator. */
export function deriveMasterKey(passphrase: string, kdf: KdfParams): MasterKey {
  if (typeof passphrase !== 'string') {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'passphrase must be a string');
  }
  const bytes = utf8(passphrase.normalize('NFKC'));
  try {
    return argon2id(bytes, kdf) as MasterKey;
  } finally {
    bytes.fill(0);
  }
}

export interface MemberSecrets {
  /** Opens the member's key bundle. Never leaves the browser. */
  readonly kek: KeyEncryptionKey;
  /** Proves the passphrase to the server (send `authToken(auth)`). */
  readonly auth: AuthKey;
}

/** @internal */
export function memberSecretsFromMaster(master: MasterKey): MemberSecrets {
  const sodium = lib();
  return {
    kek: sodium.crypto_kdf_derive_from_key(
      KEY_BYTES,
      MEMBER_KEK_SUBKEY_ID,
      MEMBER_KDF_CONTEXT,
      master,
    ) as KeyEncryptionKey,
    auth: sodium.crypto_kdf_derive_from_key(
      KEY_BYTES,
      MEMBER_AUTH_SUBKEY_ID,
      MEMBER_KDF_CONTEXT,
      master,
    ) as AuthKey,
  };
}

/**
 * kek and auth from a passphrase and the member's stored parameters. Checks the
 * parameters first (KDF_TOO_WEAK, KDF_UNSUPPORTED). Slow by design.
 */
export function deriveMemberSecrets(passphrase: string, kdf: KdfParams): MemberSecrets {
  const master = deriveMasterKey(passphrase, kdf);
  try {
    return memberSecretsFromMaster(master);
  } finally {
    master.fill(0);
  }
}

/** What the client sends at login: b64(auth). */
export function authToken(auth: AuthKey): string {
  return toBase64Url(auth);
}

/** verifier = crypto_generichash(32, auth): what the server stores instead of auth. */
export function deriveVerifier(auth: AuthKey): Verifier {
  return lib().crypto_generichash(HASH_BYTES, auth, null) as Verifier;
}

/** Server side: the verifier for a login's `auth` field; BAD_ENCODING unless 32 bytes of base64url. */
export function verifierFromAuthToken(token: string): Verifier {
  return deriveVerifier(fromBase64UrlFixed(token, KEY_BYTES, 'auth') as AuthKey);
}

/**
 * Server side: whether a login's `auth` matches the stored verifier, in
 * constant time. False (not an exception) for a malformed token.
 */
export function authTokenMatches(token: string, storedVerifier: Uint8Array): boolean {
  let candidate: Verifier;
  try {
    candidate = verifierFromAuthToken(token);
  } catch {
    candidate = new Uint8Array(HASH_BYTES) as Verifier;
    constantTimeEqual(candidate, storedVerifier);
    return false;
  }
  return constantTimeEqual(candidate, storedVerifier);
}

// ---------------------------------------------------------------------------
// Key bundle
// ---------------------------------------------------------------------------

/** Where a key bundle belongs: ad("member-keys", team, member_id). */
export interface MemberKeysContext {
  readonly team: string;
  readonly memberId: string;
}

/**
 * Wraps the member's private keys with a kek (from the passphrase or the
 * recovery code): plaintext canon({"enc_sk", "sign_sk", "v": 1}).
 */
export function wrapMemberKeys(
  keys: MemberKeys,
  kek: KeyEncryptionKey,
  context: MemberKeysContext,
): Envelope {
  assertUuid(context.memberId, 'member id');
  if (
    keys.enc.secretKey.length !== BOX_SECRET_KEY_BYTES ||
    keys.sign.secretKey.length !== SIGN_SECRET_KEY_BYTES
  ) {
    throw new ConfideCryptoError('BAD_KEY', 'member secret keys have the wrong length');
  }
  const plaintext = encodeMemberKeyBundle(keys);
  try {
    return sealEnvelope(plaintext, kek, {
      kind: AD_KIND_MEMBER_KEYS,
      team: context.team,
      id: context.memberId,
    });
  } finally {
    plaintext.fill(0);
  }
}

/** @internal The bundle plaintext: canon({"enc_sk": b64, "sign_sk": b64, "v": 1}). */
export function encodeMemberKeyBundle(keys: MemberKeys): Uint8Array {
  return canonicalJsonBytes({
    enc_sk: toBase64Url(keys.enc.secretKey),
    sign_sk: toBase64Url(keys.sign.secretKey),
    v: PROTOCOL_VERSION,
  });
}

/**
 * Opens a key bundle. A failed tag is WRONG_PASSPHRASE: with a key derived from
 * a passphrase, a wrong passphrase and an altered bundle cannot be told apart,
 * and the wrong passphrase is by far the likelier. A bundle that opens but is
 * malformed is BAD_ENCODING; an unknown bundle version is UNKNOWN_VERSION.
 */
export function unwrapMemberKeys(
  envelope: Envelope,
  kek: KeyEncryptionKey,
  context: MemberKeysContext,
): MemberKeys {
  assertUuid(context.memberId, 'member id');
  const plaintext = openEnvelopeWith(
    envelope,
    kek,
    { kind: AD_KIND_MEMBER_KEYS, team: context.team, id: context.memberId },
    'WRONG_PASSPHRASE',
  );
  try {
    const text = fromUtf8(plaintext, 'key bundle');
    const parsed = parseJson(text, 'key bundle');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfideCryptoError('BAD_ENCODING', 'key bundle is not a JSON object');
    }
    const bundle = parsed as { enc_sk?: unknown; sign_sk?: unknown; v?: unknown };
    if (bundle.v !== PROTOCOL_VERSION) {
      throw new ConfideCryptoError('UNKNOWN_VERSION', 'key bundle version is not 1');
    }
    if (typeof bundle.enc_sk !== 'string' || typeof bundle.sign_sk !== 'string') {
      throw new ConfideCryptoError('BAD_ENCODING', 'key bundle lacks enc_sk or sign_sk');
    }
    if (canonicalJson(parsed) !== text) {
      throw new ConfideCryptoError('BAD_ENCODING', 'key bundle is not canonical JSON');
    }
    const encSecret = fromBase64UrlFixed(bundle.enc_sk, BOX_SECRET_KEY_BYTES, 'enc_sk') as BoxSecretKey;
    const signSecret = fromBase64UrlFixed(bundle.sign_sk, SIGN_SECRET_KEY_BYTES, 'sign_sk') as SignSecretKey;
    return { enc: boxKeyPairFromSecretKey(encSecret), sign: signKeyPairFromSecretKey(signSecret) };
  } finally {
    plaintext.fill(0);
  }
}

// ---------------------------------------------------------------------------
// Recovery code
// ---------------------------------------------------------------------------

/**
 * A new recovery code: same alphabet, length and display as a receipt
 * (XXXX-XXXX-XXXX-XXXX-XXXX, 100 bits). Shown once.
 */
export function generateRecoveryCode(): string {
  return generateReceipt();
}

/** Normalizes like a receipt (RECEIPT_MALFORMED names the bad character). */
export function normalizeRecoveryCode(input: string): string {
  return normalizeReceipt(input, 'recovery code');
}

/**
 * kek_r = kdf(32, 1, "cnfdrcv1", pwhash(normalized recovery code)). PROTOCOL.md
 * does not fix the Argon2id salt and parameters of this pwhash; they are taken
 * from `kdf`, which the caller stores beside the recovery bundle (like a
 * member's passphrase parameters, with its own random salt).
 */
export function deriveRecoveryKek(recoveryCode: string, kdf: KdfParams): KeyEncryptionKey {
  const normalized = utf8(normalizeRecoveryCode(recoveryCode));
  const seed = argon2id(normalized, kdf);
  try {
    return lib().crypto_kdf_derive_from_key(
      KEY_BYTES,
      RECOVERY_KEK_SUBKEY_ID,
      RECOVERY_KDF_CONTEXT,
      seed,
    ) as KeyEncryptionKey;
  } finally {
    seed.fill(0);
    normalized.fill(0);
  }
}
