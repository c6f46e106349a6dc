import fc from 'fast-check';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import { expectBytes, expectCode } from './helpers.js';

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
});

const BUCKETS = [256, 1024, 4096, 16384, 65536];
/** Lengths around every bucket edge and past 64 KiB. */
const EDGES = [0, 1, ...BUCKETS.flatMap((b) => [b - 2, b - 1, b, b + 1]), 131071, 131072, 131073, 200000];

function expectedPaddedLength(n: number): number {
  const block = BUCKETS.find((b) => b > n) ?? 65536;
  return (Math.floor(n / block) + 1) * block;
}

describe('padding', () => {
  it('pads to the smallest bucket strictly greater than the length, then to multiples of 64 KiB', () => {
    expect(C.paddedLength(0)).toBe(256);
    expect(C.paddedLength(255)).toBe(256);
    expect(C.paddedLength(256)).toBe(1024);
    expect(C.paddedLength(1023)).toBe(1024);
    expect(C.paddedLength(16384)).toBe(65536);
    expect(C.paddedLength(65535)).toBe(65536);
    expect(C.paddedLength(65536)).toBe(131072);
    expect(C.paddedLength(70000)).toBe(131072);
    expect(C.paddedLength(131072)).toBe(196608);
  });

  it('round-trips at every bucket edge and is byte-for-byte sodium_pad / sodium_unpad', () => {
    for (const n of EDGES) {
      const p = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
      const padded = C.pad(p);
      expect(padded.length).toBe(expectedPaddedLength(n));
      const block = BUCKETS.find((b) => b > n) ?? 65536;
      expectBytes(padded, sodium.pad(p, block));
      expectBytes(C.unpad(padded), p);
      expectBytes(sodium.unpad(padded, Math.min(padded.length, 65536)), p);
    }
  });

  it('round-trips any plaintext, including ones ending in 0x80 and 0x00 bytes', () => {
    const tails = fc.array(fc.constantFrom(0x00, 0x80, 0xff), { maxLength: 8 });
    const length = fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.constantFrom(...EDGES));
    fc.assert(
      fc.property(length, tails, fc.integer({ min: 0, max: 255 }), (n, tail, fill) => {
        const p = new Uint8Array(n + tail.length).fill(fill);
        p.set(tail, n);
        const padded = C.pad(p);
        expect(BUCKETS.includes(padded.length) || padded.length % 65536 === 0).toBe(true);
        expectBytes(C.unpad(padded), p);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a padded length that is neither a bucket size nor a multiple of 64 KiB', () => {
    for (const n of [0, 1, 255, 257, 1000, 2048, 65535, 65537, 100000]) {
      const x = new Uint8Array(n);
      if (n > 0) x[0] = 0x80;
      expectCode(() => C.unpad(x), 'BAD_PADDING');
    }
  });

  it('rejects padding without its 0x80 marker', () => {
    expectCode(() => C.unpad(new Uint8Array(256)), 'BAD_PADDING');
    const x = new Uint8Array(256).fill(1);
    expectCode(() => C.unpad(x), 'BAD_PADDING');
  });

  it('rejects a marker further than 64 KiB from the end, as sodium_unpad does', () => {
    const x = new Uint8Array(131072);
    x[1000] = 0x80;
    expectCode(() => C.unpad(x), 'BAD_PADDING');
    expect(() => sodium.unpad(x, 65536)).toThrow();
  });
});
