/**
 * Envelopes: symmetric ciphertext bound to what it is and where it belongs.
 *
 *   { "v": 1, "n": b64(nonce24), "c": b64(ciphertext || tag16) }
 *   c = crypto_aead_xchacha20poly1305_ietf_encrypt(pad(plaintext), ad(kind, team, id), nonce, key)
 *
 * The nonce is random (24 bytes: safe to draw at random for any number of
 * messages under one key).
 */
import { KEY_BYTES, NONCE_BYTES, PROTOCOL_VERSION, TAG_BYTES } from './constants.js';
import { associatedData, fromBase64Url, toBase64Url } from './encoding.js';
import { ConfideCryptoError, type ConfideCryptoErrorCode } from './errors.js';
import { pad, unpad } from './padding.js';
import { randomBytes } from './random.js';
import { lib } from './sodium.js';
import type { Envelope, SymmetricKey } from './types.js';

/** What an envelope is bound to: `ad(kind, team, id)`. */
export interface EnvelopeContext {
  /** `report`, `member-keys`, or an item kind (`message`, `note`, `record`). */
  readonly kind: string;
  /** Team id (UUID). */
  readonly team: string;
  /** Id of the encrypted object (UUID), chosen before encryption. */
  readonly id: string;
}

/** Encrypts `plaintext` with a fresh random nonce. */
export function sealEnvelope(plaintext: Uint8Array, key: SymmetricKey, context: EnvelopeContext): Envelope {
  return sealEnvelopeWithNonce(plaintext, key, context, randomBytes(NONCE_BYTES));
}

/**
 * Encrypts with a caller-chosen nonce. Reusing a nonce under one key destroys
 * confidentiality and authenticity: only the vector generator and the
 * functions of this module that draw the nonce at random may call it.
 * @internal
 */
export function sealEnvelopeWithNonce(
  plaintext: Uint8Array,
  key: SymmetricKey,
  context: EnvelopeContext,
  nonce: Uint8Array,
): Envelope {
  return encryptEnvelope(plaintext, key, context, nonce).envelope;
}

/** @internal As sealEnvelopeWithNonce, also returning the ciphertext bytes (which reports sign). */
export function encryptEnvelope(
  plaintext: Uint8Array,
  key: SymmetricKey,
  context: EnvelopeContext,
  nonce: Uint8Array,
): { envelope: Envelope; ciphertext: Uint8Array } {
  assertKey(key);
  if (nonce.length !== NONCE_BYTES) {
    throw new ConfideCryptoError('BAD_NONCE', `nonce must be ${NONCE_BYTES} bytes`);
  }
  const ad = associatedData(context.kind, context.team, context.id);
  const padded = pad(plaintext);
  const ciphertext = lib().crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, key);
  padded.fill(0);
  return { envelope: { v: PROTOCOL_VERSION, n: toBase64Url(nonce), c: toBase64Url(ciphertext) }, ciphertext };
}

/**
 * Decrypts an envelope and removes the padding. Each failure has its own code:
 * UNKNOWN_VERSION, BAD_ENCODING (not base64url), BAD_NONCE (not 24 bytes),
 * TAMPERED (tag check failed: altered, wrong key or wrong context), BAD_PADDING.
 */
export function openEnvelope(envelope: Envelope, key: SymmetricKey, context: EnvelopeContext): Uint8Array {
  return openEnvelopeWith(envelope, key, context, 'TAMPERED');
}

/** Decoded and checked parts of an envelope. */
export interface EnvelopeParts {
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** Validates an envelope's shape and decodes it, without decrypting. */
export function decodeEnvelope(envelope: unknown): EnvelopeParts {
  if (typeof envelope !== 'object' || envelope === null) {
    throw new ConfideCryptoError('BAD_ENCODING', 'envelope must be an object { v, n, c }');
  }
  const { v, n, c } = envelope as { v?: unknown; n?: unknown; c?: unknown };
  if (v !== PROTOCOL_VERSION) {
    throw new ConfideCryptoError(
      'UNKNOWN_VERSION',
      `envelope version ${typeof v === 'number' ? String(v) : typeof v} is not supported (expected ${PROTOCOL_VERSION})`,
    );
  }
  if (typeof n !== 'string' || typeof c !== 'string') {
    throw new ConfideCryptoError('BAD_ENCODING', 'envelope fields n and c must be base64url strings');
  }
  const nonce = fromBase64Url(n, 'envelope nonce');
  if (nonce.length !== NONCE_BYTES) {
    throw new ConfideCryptoError(
      'BAD_NONCE',
      `envelope nonce is ${nonce.length} bytes, expected ${NONCE_BYTES}`,
    );
  }
  const ciphertext = fromBase64Url(c, 'envelope ciphertext');
  return { nonce, ciphertext };
}

/** @internal `tagFailure` lets key-bundle unwrapping report WRONG_PASSPHRASE instead of TAMPERED. */
export function openEnvelopeWith(
  envelope: Envelope,
  key: SymmetricKey,
  context: EnvelopeContext,
  tagFailure: ConfideCryptoErrorCode,
): Uint8Array {
  assertKey(key);
  const { nonce, ciphertext } = decodeEnvelope(envelope);
  return openEnvelopeParts(nonce, ciphertext, key, context, tagFailure);
}

/** @internal */
export function openEnvelopeParts(
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  key: SymmetricKey,
  context: EnvelopeContext,
  tagFailure: ConfideCryptoErrorCode,
): Uint8Array {
  const ad = associatedData(context.kind, context.team, context.id);
  if (ciphertext.length < TAG_BYTES) {
    throw new ConfideCryptoError(
      tagFailure,
      tagFailureMessage(tagFailure, 'ciphertext is shorter than its tag'),
    );
  }
  let padded: Uint8Array;
  try {
    padded = lib().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key);
  } catch {
    throw new ConfideCryptoError(
      tagFailure,
      tagFailureMessage(tagFailure, `authentication tag does not match for ${context.kind} ${context.id}`),
    );
  }
  return unpad(padded);
}

function tagFailureMessage(code: ConfideCryptoErrorCode, detail: string): string {
  return code === 'WRONG_PASSPHRASE'
    ? 'the key bundle does not open with this passphrase or recovery code'
    : `envelope was altered, or the key or context is wrong: ${detail}`;
}

function assertKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `envelope key must be ${KEY_BYTES} bytes`);
  }
}
