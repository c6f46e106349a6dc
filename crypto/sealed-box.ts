/**
 * Sealed boxes: a key wrapped to one person's X25519 public key, in exactly
 * libsodium's crypto_box_seal format, so crypto_box_seal_open (in any binding)
 * opens it:
 *
 *   sealed = epk(32) || crypto_box_easy(m, nonce, recipient_pk, esk)      (MAC 16 || ciphertext)
 *   epk    = crypto_scalarmult_base(esk)
 *   nonce  = crypto_generichash(24, epk || recipient_pk)
 *
 * Composed here rather than calling crypto_box_seal because libsodium.js draws
 * the ephemeral key with randombytes_buf, which costs more than the whole
 * X25519 computation when called from JavaScript. The ephemeral secret keys of
 * a batch come from one getRandomValues call instead (see random.ts).
 */
import {
  BOX_NONCE_BYTES,
  BOX_PUBLIC_KEY_BYTES,
  BOX_SECRET_KEY_BYTES,
  SEAL_OVERHEAD_BYTES,
} from './constants.js';
import { ConfideCryptoError } from './errors.js';
import { randomBytes } from './random.js';
import { lib } from './sodium.js';
import type { BoxKeyPair, BoxPublicKey } from './types.js';

/** Reused buffer for epk || recipient_pk (public values only). */
const nonceInput = new Uint8Array(2 * BOX_PUBLIC_KEY_BYTES);

/** crypto_box_seal(message, recipientPublicKey) with a fresh ephemeral key. */
export function sealToRecipient(message: Uint8Array, recipientPublicKey: BoxPublicKey): Uint8Array {
  const esk = randomBytes(BOX_SECRET_KEY_BYTES);
  try {
    return sealWithEphemeralKey(message, recipientPublicKey, esk);
  } finally {
    esk.fill(0);
  }
}

/**
 * crypto_box_seal with a caller-supplied ephemeral secret key. The key must be
 * fresh, uniformly random and used once; callers zero it afterwards.
 * @internal
 */
export function sealWithEphemeralKey(
  message: Uint8Array,
  recipientPublicKey: BoxPublicKey,
  ephemeralSecretKey: Uint8Array,
): Uint8Array {
  if (!(recipientPublicKey instanceof Uint8Array) || recipientPublicKey.length !== BOX_PUBLIC_KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `recipient public key must be ${BOX_PUBLIC_KEY_BYTES} bytes`);
  }
  const sodium = lib();
  const epk = sodium.crypto_scalarmult_base(ephemeralSecretKey);
  nonceInput.set(epk, 0);
  nonceInput.set(recipientPublicKey, BOX_PUBLIC_KEY_BYTES);
  const nonce = sodium.crypto_generichash(BOX_NONCE_BYTES, nonceInput, null);
  let boxed: Uint8Array;
  try {
    boxed = sodium.crypto_box_easy(message, nonce, recipientPublicKey, ephemeralSecretKey);
  } catch {
    // crypto_box_beforenm refuses a low-order point (all-zero shared secret).
    throw new ConfideCryptoError('BAD_KEY', 'recipient public key is not a usable X25519 key');
  }
  const out = new Uint8Array(SEAL_OVERHEAD_BYTES + message.length);
  out.set(epk, 0);
  out.set(boxed, BOX_PUBLIC_KEY_BYTES);
  return out;
}

/**
 * crypto_box_seal_open. TAMPERED when the box does not open: it was altered or
 * was sealed to another key (the two cannot be told apart).
 */
export function openSealed(sealed: Uint8Array, recipient: BoxKeyPair, what: string): Uint8Array {
  if (sealed.length < SEAL_OVERHEAD_BYTES) {
    throw new ConfideCryptoError('TAMPERED', `${what} is shorter than a sealed box`);
  }
  try {
    return lib().crypto_box_seal_open(sealed, recipient.publicKey, recipient.secretKey);
  } catch {
    throw new ConfideCryptoError(
      'TAMPERED',
      `${what} does not open with this key: altered, or sealed to someone else`,
    );
  }
}
