// sodium-native (native libsodium through N-API), typed for the calls the
// references make. The package ships no type declarations; declaring a local
// interface here instead of an ambient `declare module` keeps the rest of the
// project free to add @types/sodium-native later without a clash.
//
// sodium-native mirrors the C API: the caller allocates every output buffer.

import { createRequire } from 'node:module';

type Bytes = Uint8Array;

export interface SodiumNative {
  readonly crypto_aead_xchacha20poly1305_ietf_KEYBYTES: number;
  readonly crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number;
  readonly crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
    c: Bytes,
    m: Bytes,
    ad: Bytes | null,
    nsec: null,
    npub: Bytes,
    k: Bytes,
  ): number;
  crypto_aead_xchacha20poly1305_ietf_decrypt(
    m: Bytes,
    nsec: null,
    c: Bytes,
    ad: Bytes | null,
    npub: Bytes,
    k: Bytes,
  ): number;

  readonly crypto_box_PUBLICKEYBYTES: number;
  readonly crypto_box_SECRETKEYBYTES: number;
  readonly crypto_box_SEALBYTES: number;
  crypto_box_keypair(pk: Bytes, sk: Bytes): void;
  crypto_box_seed_keypair(pk: Bytes, sk: Bytes, seed: Bytes): void;
  crypto_box_seal(c: Bytes, m: Bytes, pk: Bytes): void;
  crypto_box_seal_open(m: Bytes, c: Bytes, pk: Bytes, sk: Bytes): boolean;

  readonly crypto_sign_BYTES: number;
  readonly crypto_sign_PUBLICKEYBYTES: number;
  readonly crypto_sign_SECRETKEYBYTES: number;
  crypto_sign_keypair(pk: Bytes, sk: Bytes): void;
  crypto_sign_seed_keypair(pk: Bytes, sk: Bytes, seed: Bytes): void;
  crypto_sign_detached(sig: Bytes, m: Bytes, sk: Bytes): void;
  crypto_sign_verify_detached(sig: Bytes, m: Bytes, pk: Bytes): boolean;

  crypto_generichash(out: Bytes, input: Bytes, key?: Bytes): void;
  crypto_scalarmult(q: Bytes, n: Bytes, p: Bytes): void;
  crypto_scalarmult_base(q: Bytes, n: Bytes): void;
  crypto_kdf_derive_from_key(subkey: Bytes, subkeyId: number, ctx: Bytes, key: Bytes): void;

  readonly crypto_pwhash_ALG_ARGON2ID13: number;
  crypto_pwhash(
    out: Bytes,
    passwd: Bytes,
    salt: Bytes,
    opslimit: number,
    memlimit: number,
    alg: number,
  ): void;

  readonly crypto_secretstream_xchacha20poly1305_STATEBYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_HEADERBYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_ABYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_KEYBYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_TAG_MESSAGE: number;
  readonly crypto_secretstream_xchacha20poly1305_TAG_FINAL: number;
  crypto_secretstream_xchacha20poly1305_init_push(state: Bytes, header: Bytes, k: Bytes): void;
  crypto_secretstream_xchacha20poly1305_push(
    state: Bytes,
    c: Bytes,
    m: Bytes,
    ad: Bytes | null,
    tag: number,
  ): number;
  crypto_secretstream_xchacha20poly1305_init_pull(state: Bytes, header: Bytes, k: Bytes): void;
  crypto_secretstream_xchacha20poly1305_pull(
    state: Bytes,
    m: Bytes,
    tag: Bytes,
    c: Bytes,
    ad: Bytes | null,
  ): number;

  sodium_pad(buffer: Bytes, unpaddedLength: number, blockSize: number): number;
  sodium_unpad(buffer: Bytes, paddedLength: number, blockSize: number): number;
  randombytes_buf(buffer: Bytes): void;
}

const require = createRequire(import.meta.url);

export const native = require('sodium-native') as SodiumNative;

/** The libsodium version sodium-native was built against, for the report header. */
export function nativeVersion(): string {
  const pkg = require('sodium-native/package.json') as { version: string };
  return `sodium-native ${pkg.version}`;
}
