// Opening many sealed boxes with the platform's X25519 (crypto/sealed-box-batch.ts): the same bytes
// as libsodium's crypto_box_seal_open for every vector and random box, the same refusals, and the
// fallback to libsodium when the platform's X25519 is missing or disagrees. Node's WebCrypto has
// X25519 (as Chromium's does), so 'webcrypto' is what runs here.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { BoxKeyPair, SealedBoxOpener } from '../../../crypto/index.js';
import { sealToRecipient } from '../../../crypto/sealed-box.js';
import { VECTORS_PATH, type VectorsV1 } from '../../../scripts/generate-vectors.js';
import { readFileSync } from 'node:fs';
import { flipped } from './helpers.js';

const V = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as VectorsV1;
const d = (s: string): Uint8Array => C.fromBase64Url(s);

/** X25519 points of small order (RFC 7748 and libsodium's blocklist): every secret with them is 0. */
const SMALL_ORDER_POINTS = [
  new Uint8Array(32),
  Uint8Array.from([1, ...new Array<number>(31).fill(0)]),
  C.fromHex('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'),
  C.fromHex('5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157'),
  C.fromHex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'),
];

/** Both openers of one recipient. */
async function both(recipient: BoxKeyPair): Promise<[SealedBoxOpener, SealedBoxOpener]> {
  const platform = await C.sealedBoxOpener(recipient);
  const libsodium = await C.sealedBoxOpener(recipient, { engine: 'libsodium' });
  expect(platform.engine).toBe('webcrypto');
  expect(libsodium.engine).toBe('libsodium');
  return [platform, libsodium];
}

/** What each box became: its bytes as hex, or its error's code. */
const outcomes = (opened: readonly (Uint8Array | C.ConfideCryptoError)[]): string[] =>
  opened.map((o) => (o instanceof Uint8Array ? C.toHex(o) : o.code));

beforeAll(async () => {
  await C.ready();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('opening sealed boxes in batches', () => {
  it('opens every sealed-box vector to its message with the platform X25519', async () => {
    for (const v of V.seal) {
      const recipient = C.boxKeyPairFromSecretKey(d(v.recipient_sk) as BoxKeyPair['secretKey']);
      const [platform] = await both(recipient);
      const [opened] = await platform.openAll([d(v.sealed)], 'vector');
      expect(opened instanceof Uint8Array && C.toBase64Url(opened)).toBe(v.message);
    }
  });

  it('gives what libsodium gives for 200 random boxes of several lengths', async () => {
    const recipient = C.generateMemberKeys().enc;
    const [platform, libsodium] = await both(recipient);
    const boxes = Array.from({ length: 200 }, (_, i) =>
      sealToRecipient(C.randomBytes(i % 3 === 0 ? 32 : i * 7), recipient.publicKey),
    );
    const expected = outcomes(await libsodium.openAll(boxes, 'box'));
    expect(expected.every((o) => /^[0-9a-f]*$/.test(o))).toBe(true);
    expect(outcomes(await platform.openAll(boxes, 'box'))).toEqual(expected);
  });

  it('refuses the same boxes libsodium refuses: altered, too short, sealed to another, small-order keys', async () => {
    const recipient = C.generateMemberKeys().enc;
    const stranger = C.generateMemberKeys().enc;
    const [platform, libsodium] = await both(recipient);
    const honest = sealToRecipient(C.randomBytes(32), recipient.publicKey);
    const smallOrder = SMALL_ORDER_POINTS.map((point) => {
      const box = honest.slice();
      box.set(point, 0);
      return box;
    });
    const boxes = [
      flipped(honest, 0),
      flipped(honest, 40),
      flipped(honest, honest.length - 1),
      honest.subarray(0, 47),
      new Uint8Array(0),
      sealToRecipient(C.randomBytes(32), stranger.publicKey),
      ...smallOrder,
      honest,
    ];
    const expected = outcomes(await libsodium.openAll(boxes, 'box'));
    expect(expected.slice(0, -1).every((o) => o === 'TAMPERED')).toBe(true);
    expect(outcomes(await platform.openAll(boxes, 'box'))).toEqual(expected);
  });

  it('unwraps report keys from grants in order, each failure in its place', async () => {
    const member = C.generateMemberKeys();
    const keys = [C.generateReportKey(), C.generateReportKey()];
    const grants = keys.map((k) => C.grantKey(k, [{ id: 'm', boxPublicKey: member.enc.publicKey }])[0]!.k);
    const notAKey = C.toBase64Url(sealToRecipient(C.randomBytes(31), member.enc.publicKey));
    const [platform] = await both(member.enc);
    const opened = await C.unwrapReportKeys([grants[0]!, '%%%', notAKey, grants[1]!], platform);
    expect(opened.map((o) => (o instanceof Uint8Array ? C.toHex(o) : o.code))).toEqual([
      C.toHex(keys[0]!),
      'BAD_ENCODING',
      'BAD_KEY',
      C.toHex(keys[1]!),
    ]);
  });

  it('falls back to libsodium where the platform has no X25519, or one that disagrees', async () => {
    const recipient = C.generateMemberKeys().enc;
    const box = sealToRecipient(C.randomBytes(32), recipient.publicKey);
    const real = globalThis.crypto;

    // A platform whose X25519 gives another secret than libsodium's.
    vi.stubGlobal('crypto', {
      getRandomValues: real.getRandomValues.bind(real),
      subtle: {
        importKey: () => Promise.resolve({}),
        deriveBits: () => Promise.resolve(new Uint8Array(32).fill(9).buffer),
      },
    });
    const wrong = await C.sealedBoxOpener(recipient);
    expect(wrong.engine).toBe('libsodium');
    expect((await wrong.openAll([box], 'box'))[0]).toBeInstanceOf(Uint8Array);

    // A platform without SubtleCrypto (a page served over plain http, in a browser).
    vi.stubGlobal('crypto', { getRandomValues: real.getRandomValues.bind(real) });
    expect((await C.sealedBoxOpener(recipient)).engine).toBe('libsodium');
  });
});
