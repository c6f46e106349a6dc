/**
 * Making keys and reading them from the wire. The brands of types.ts are
 * attached here and nowhere else outside crypto/.
 */
import {
  BOX_PUBLIC_KEY_BYTES,
  BOX_SECRET_KEY_BYTES,
  KEY_BYTES,
  SIGN_PUBLIC_KEY_BYTES,
  SIGN_SECRET_KEY_BYTES,
} from './constants.js';
import { fromBase64UrlFixed, toBase64Url } from './encoding.js';
import { ConfideCryptoError } from './errors.js';
import { randomBytes } from './random.js';
import { lib } from './sodium.js';
import type {
  BoxKeyPair,
  BoxPublicKey,
  BoxSecretKey,
  FileKey,
  IndexKey,
  ItemKey,
  MemberKeys,
  ReportKey,
  SignKeyPair,
  SignPublicKey,
  SignSecretKey,
} from './types.js';

/** A member's two keypairs, made with crypto_box_keypair and crypto_sign_keypair. */
export function generateMemberKeys(): MemberKeys {
  const sodium = lib();
  const enc = sodium.crypto_box_keypair();
  const sign = sodium.crypto_sign_keypair();
  return {
    enc: { publicKey: enc.publicKey as BoxPublicKey, secretKey: enc.privateKey as BoxSecretKey },
    sign: { publicKey: sign.publicKey as SignPublicKey, secretKey: sign.privateKey as SignSecretKey },
  };
}

/** @internal Deterministic keypairs from seeds, for receipts and the vector generator. */
export function boxKeyPairFromSeed(seed: Uint8Array): BoxKeyPair {
  const kp = lib().crypto_box_seed_keypair(seed);
  return { publicKey: kp.publicKey as BoxPublicKey, secretKey: kp.privateKey as BoxSecretKey };
}

/** @internal */
export function signKeyPairFromSeed(seed: Uint8Array): SignKeyPair {
  const kp = lib().crypto_sign_seed_keypair(seed);
  return { publicKey: kp.publicKey as SignPublicKey, secretKey: kp.privateKey as SignSecretKey };
}

/** Rebuilds a box keypair from its secret key (crypto_scalarmult_base). */
export function boxKeyPairFromSecretKey(secretKey: BoxSecretKey): BoxKeyPair {
  if (secretKey.length !== BOX_SECRET_KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `X25519 secret key must be ${BOX_SECRET_KEY_BYTES} bytes`);
  }
  return { publicKey: lib().crypto_scalarmult_base(secretKey) as BoxPublicKey, secretKey };
}

/** Rebuilds a signing keypair from libsodium's 64-byte secret key. */
export function signKeyPairFromSecretKey(secretKey: SignSecretKey): SignKeyPair {
  if (secretKey.length !== SIGN_SECRET_KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `Ed25519 secret key must be ${SIGN_SECRET_KEY_BYTES} bytes`);
  }
  return { publicKey: lib().crypto_sign_ed25519_sk_to_pk(secretKey) as SignPublicKey, secretKey };
}

/** A fresh random report key K. */
export function generateReportKey(): ReportKey {
  return randomBytes(KEY_BYTES) as ReportKey;
}

/** A fresh random item key. */
export function generateItemKey(): ItemKey {
  return randomBytes(KEY_BYTES) as ItemKey;
}

/** A fresh random attachment key F. */
export function generateFileKey(): FileKey {
  return randomBytes(KEY_BYTES) as FileKey;
}

/** A fresh random team blind-index key. */
export function generateIndexKey(): IndexKey {
  return randomBytes(KEY_BYTES) as IndexKey;
}

/** Reads an X25519 public key (`enc_pk`, `box_pk`) from base64url; BAD_ENCODING unless 32 bytes. */
export function boxPublicKeyFromBase64(text: string, what = 'box public key'): BoxPublicKey {
  return fromBase64UrlFixed(text, BOX_PUBLIC_KEY_BYTES, what) as BoxPublicKey;
}

/** Reads an Ed25519 public key (`sign_pk`) from base64url; BAD_ENCODING unless 32 bytes. */
export function signPublicKeyFromBase64(text: string, what = 'signing public key'): SignPublicKey {
  return fromBase64UrlFixed(text, SIGN_PUBLIC_KEY_BYTES, what) as SignPublicKey;
}

/** Reads an attachment key F (the `key` of an attachment in a body). */
export function fileKeyFromBase64(text: string): FileKey {
  return fromBase64UrlFixed(text, KEY_BYTES, 'attachment key') as FileKey;
}

/** base64url of a public key (or of any key that must be written into an encrypted body). */
export function keyToBase64(key: Uint8Array): string {
  return toBase64Url(key);
}
