// Diagnostics: the cost of each libsodium primitive the protocol uses, called
// directly through libsodium-wrappers-sumo (the library under crypto/), next to
// the same primitive in sodium-native. These rows are not "ours": they explain
// where the time in the "ours" rows goes, and how much of it is WebAssembly.

import sodium from 'libsodium-wrappers-sumo';

import { compare, type MeasureOptions, type Operation } from '../../lib/measure.js';
import { ms } from '../../lib/format.js';
import type { Reporter } from '../../lib/reporter.js';
import { native } from '../../reference/sodium-native.js';

interface Pair {
  readonly name: string;
  readonly wasm: Operation;
  readonly native: Operation;
}

function pairs(): Pair[] {
  const message = new Uint8Array(32).fill(7);
  const body = new Uint8Array(16384).fill(5);
  const chunk = new Uint8Array(65536).fill(6);
  const statement = new Uint8Array(110).fill(9);

  const wBox = sodium.crypto_box_keypair();
  const wSign = sodium.crypto_sign_keypair();
  const wSealed = sodium.crypto_box_seal(message, wBox.publicKey);
  const wSig = sodium.crypto_sign_detached(statement, wSign.privateKey);
  const wKey = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
  const wNonce = sodium.randombytes_buf(24);
  const wStream = sodium.crypto_secretstream_xchacha20poly1305_init_push(wKey).state;

  const nBox = { pk: Buffer.alloc(32), sk: Buffer.alloc(32) };
  native.crypto_box_keypair(nBox.pk, nBox.sk);
  const nSign = { pk: Buffer.alloc(32), sk: Buffer.alloc(64) };
  native.crypto_sign_keypair(nSign.pk, nSign.sk);
  const nSealed = Buffer.alloc(80);
  native.crypto_box_seal(nSealed, message, nBox.pk);
  const nSig = Buffer.alloc(64);
  native.crypto_sign_detached(nSig, statement, nSign.sk);
  const nKey = Buffer.alloc(32, 3);
  const nNonce = Buffer.alloc(24, 4);
  const nStream = Buffer.alloc(native.crypto_secretstream_xchacha20poly1305_STATEBYTES);
  native.crypto_secretstream_xchacha20poly1305_init_push(nStream, Buffer.alloc(24), nKey);
  const out32 = Buffer.alloc(32);
  const out80 = Buffer.alloc(80);
  const out64 = Buffer.alloc(64);
  const outBody = Buffer.alloc(body.length + 16);
  const outChunk = Buffer.alloc(chunk.length + 17);
  const rnd = Buffer.alloc(32);
  const TAG = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;

  return [
    {
      // Why crypto/ draws its randomness from getRandomValues instead (crypto/random.ts).
      name: 'randombytes_buf(32)',
      wasm: () => sodium.randombytes_buf(32),
      native: () => native.randombytes_buf(rnd),
    },
    {
      name: 'crypto_scalarmult_base (X25519)',
      wasm: () => sodium.crypto_scalarmult_base(wBox.privateKey),
      native: () => native.crypto_scalarmult_base(out32, nBox.sk),
    },
    {
      name: 'crypto_scalarmult (X25519)',
      wasm: () => sodium.crypto_scalarmult(wBox.privateKey, wBox.publicKey),
      native: () => native.crypto_scalarmult(out32, nBox.sk, nBox.pk),
    },
    {
      name: 'crypto_box_seal (libsodium.js randomness)',
      wasm: () => sodium.crypto_box_seal(message, wBox.publicKey),
      native: () => native.crypto_box_seal(out80, message, nBox.pk),
    },
    {
      name: 'crypto_box_seal_open',
      wasm: () => sodium.crypto_box_seal_open(wSealed, wBox.publicKey, wBox.privateKey),
      native: () => native.crypto_box_seal_open(out32, nSealed, nBox.pk, nBox.sk),
    },
    {
      name: 'crypto_sign_detached',
      wasm: () => sodium.crypto_sign_detached(statement, wSign.privateKey),
      native: () => native.crypto_sign_detached(out64, statement, nSign.sk),
    },
    {
      name: 'crypto_sign_verify_detached',
      wasm: () => sodium.crypto_sign_verify_detached(wSig, statement, wSign.publicKey),
      native: () => native.crypto_sign_verify_detached(nSig, statement, nSign.pk),
    },
    {
      name: 'xchacha20poly1305 encrypt, 16 KiB',
      wasm: () => sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(body, null, null, wNonce, wKey),
      native: () =>
        native.crypto_aead_xchacha20poly1305_ietf_encrypt(outBody, body, null, null, nNonce, nKey),
    },
    {
      name: 'generichash(32), 16 KiB',
      wasm: () => sodium.crypto_generichash(32, body, null),
      native: () => native.crypto_generichash(out32, body),
    },
    {
      name: 'secretstream push, 64 KiB',
      wasm: () => sodium.crypto_secretstream_xchacha20poly1305_push(wStream, chunk, null, TAG),
      native: () => native.crypto_secretstream_xchacha20poly1305_push(nStream, outChunk, chunk, null, TAG),
    },
  ];
}

export async function runPrimitives(report: Reporter, options: MeasureOptions): Promise<void> {
  await sodium.ready;
  report.group(
    `diagnostics: primitives through libsodium-wrappers-sumo ${sodium.SODIUM_VERSION_STRING} (WebAssembly), called directly`,
  );
  for (const pair of pairs()) {
    const t = await compare({ wasm: pair.wasm, native: pair.native }, options);
    report.row({
      name: pair.name,
      ours: ms(t.wasm.medianMs),
      references: [{ name: 'sodium-native', value: ms(t.native.medianMs) }],
    });
  }
}
