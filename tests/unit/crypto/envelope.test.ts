import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { Envelope, SymmetricKey } from '../../../crypto/index.js';
import { expectBytes, expectCode, flippedB64, sampleIndices } from './helpers.js';

const team = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
const id = '5e2d8c4a-7b1f-4a96-b3e8-1c6f9d2a7e54';
const context = { kind: 'report', team, id };
let key: SymmetricKey;

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
  key = C.generateReportKey();
});

function seal(plaintext: Uint8Array): Envelope {
  return C.sealEnvelope(plaintext, key, context);
}

describe('envelopes', () => {
  it('round-trips plaintexts of any bucket and hides their exact length', () => {
    for (const n of [0, 1, 200, 255, 256, 1000, 5000, 70000]) {
      const p = C.randomBytes(n);
      const env = seal(p);
      expect(env.v).toBe(1);
      expect(C.fromBase64Url(env.n).length).toBe(24);
      expect(C.fromBase64Url(env.c).length).toBe(C.paddedLength(n) + 16);
      expectBytes(C.openEnvelope(env, key, context), p);
    }
  });

  it('draws a fresh nonce for every envelope', () => {
    const p = new Uint8Array(10);
    const nonces = new Set(Array.from({ length: 100 }, () => seal(p).n));
    expect(nonces.size).toBe(100);
  });

  it('rejects an envelope whose ciphertext has any byte flipped', () => {
    const env = seal(C.randomBytes(300)); // 1024 padded + 16 tag
    const length = C.fromBase64Url(env.c).length;
    for (const i of sampleIndices(length, 2000)) {
      expectCode(() => C.openEnvelope({ ...env, c: flippedB64(env.c, i, i % 8) }, key, context), 'TAMPERED');
    }
  });

  it('rejects an envelope whose nonce was flipped', () => {
    const env = seal(C.randomBytes(20));
    for (let i = 0; i < 24; i++) {
      expectCode(
        () => C.openEnvelope({ ...env, n: flippedB64(env.n, i, 7 - (i % 8)) }, key, context),
        'TAMPERED',
      );
    }
  });

  it('rejects a nonce that is not 24 bytes with BAD_NONCE', () => {
    const env = seal(C.randomBytes(20));
    const nonce = C.fromBase64Url(env.n);
    expectCode(
      () => C.openEnvelope({ ...env, n: C.toBase64Url(nonce.subarray(0, 23)) }, key, context),
      'BAD_NONCE',
    );
    expectCode(
      () => C.openEnvelope({ ...env, n: C.toBase64Url(new Uint8Array(32)) }, key, context),
      'BAD_NONCE',
    );
    expectCode(() => C.openEnvelope({ ...env, n: '' }, key, context), 'BAD_NONCE');
  });

  it('rejects an unknown version with UNKNOWN_VERSION', () => {
    const env = seal(C.randomBytes(20));
    for (const v of [0, 2, '1', null, undefined]) {
      expectCode(() => C.openEnvelope({ ...env, v } as unknown as Envelope, key, context), 'UNKNOWN_VERSION');
    }
  });

  it('rejects fields that are not base64url with BAD_ENCODING', () => {
    const env = seal(C.randomBytes(20));
    expectCode(
      () => C.openEnvelope({ ...env, c: env.c.replace(/[-_]/g, '+') + '+' }, key, context),
      'BAD_ENCODING',
    );
    expectCode(() => C.openEnvelope({ ...env, c: `${env.c}=` }, key, context), 'BAD_ENCODING');
    expectCode(() => C.openEnvelope({ ...env, n: `${env.n.slice(0, -1)}/` }, key, context), 'BAD_ENCODING');
    expectCode(() => C.openEnvelope({ v: 1, n: env.n } as unknown as Envelope, key, context), 'BAD_ENCODING');
    expectCode(() => C.openEnvelope(null as unknown as Envelope, key, context), 'BAD_ENCODING');
  });

  it('rejects a ciphertext shorter than its tag, or truncated, as TAMPERED', () => {
    const env = seal(C.randomBytes(20));
    const c = C.fromBase64Url(env.c);
    expectCode(
      () => C.openEnvelope({ ...env, c: C.toBase64Url(c.subarray(0, 15)) }, key, context),
      'TAMPERED',
    );
    expectCode(
      () => C.openEnvelope({ ...env, c: C.toBase64Url(c.subarray(0, c.length - 1)) }, key, context),
      'TAMPERED',
    );
    expectCode(() => C.openEnvelope({ ...env, c: '' }, key, context), 'TAMPERED');
  });

  it('rejects an envelope opened under another kind, team or id (bound associated data)', () => {
    const env = seal(C.randomBytes(20));
    expectCode(() => C.openEnvelope(env, key, { ...context, kind: 'note' }), 'TAMPERED');
    expectCode(() => C.openEnvelope(env, key, { ...context, team: C.generateId() }), 'TAMPERED');
    expectCode(() => C.openEnvelope(env, key, { ...context, id: C.generateId() }), 'TAMPERED');
  });

  it('rejects an envelope opened with another key', () => {
    expectCode(() => C.openEnvelope(seal(C.randomBytes(20)), C.generateReportKey(), context), 'TAMPERED');
  });

  it('rejects authentic plaintext whose padding is wrong with BAD_PADDING', () => {
    // Made with libsodium directly: an envelope no honest writer produces.
    const ad = C.associatedData(context.kind, team, id);
    const make = (padded: Uint8Array): Envelope => {
      const nonce = C.randomBytes(24);
      const c = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, key);
      return { v: 1, n: C.toBase64Url(nonce), c: C.toBase64Url(c) };
    };
    expectCode(() => C.openEnvelope(make(new Uint8Array(256)), key, context), 'BAD_PADDING'); // no marker
    expectCode(() => C.openEnvelope(make(new Uint8Array([1, 2, 0x80])), key, context), 'BAD_PADDING'); // 3 bytes
    const wrongBucket = new Uint8Array(300);
    wrongBucket[10] = 0x80;
    expectCode(() => C.openEnvelope(make(wrongBucket), key, context), 'BAD_PADDING');
  });

  it('refuses a key of the wrong length with BAD_KEY', () => {
    expectCode(
      () => C.sealEnvelope(new Uint8Array(1), new Uint8Array(16) as SymmetricKey, context),
      'BAD_KEY',
    );
  });
});
