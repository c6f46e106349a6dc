/**
 * crypto/proof-of-work.ts, the browser's solver, against Node's own SHA-256, which the server
 * checks proofs with: both must agree on what "SHA-256(token "." solution) starts with `bits`
 * zero bits" means, or a browser would solve challenges the server then refuses.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../../crypto/index.js';
import { catchCryptoError } from './helpers.js';

const TOKEN = 'AQgAAAAAc2VydmVyLW1hZGUtdG9rZW4tZm9yLXRlc3RzLW9ubHktYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo';

beforeAll(async () => {
  await C.ready();
});

/** Leading zero bits by Node's SHA-256, counted bit by bit: the slow, obvious way. */
function nodeZeroBits(token: string, solution: string): number {
  const hash = createHash('sha256').update(`${token}.${solution}`, 'ascii').digest();
  let bits = 0;
  for (const byte of hash) {
    for (let bit = 7; bit >= 0; bit--) {
      if ((byte >> bit) & 1) return bits;
      bits++;
    }
  }
  return bits;
}

/** The first solution from `from` by Node's SHA-256, or undefined within `count` tries. */
function nodeSearch(token: string, bits: number, from: number, count: number): string | undefined {
  for (let n = from; n < from + count; n++) if (nodeZeroBits(token, String(n)) >= bits) return String(n);
  return undefined;
}

describe('proof of work', () => {
  it('hashes exactly the ASCII bytes of token "." solution with SHA-256', () => {
    for (const solution of ['0', '7', '123456', '9999999999999999']) {
      const expected = createHash('sha256').update(`${TOKEN}.${solution}`).digest();
      expect(C.toHex(C.proofOfWorkHash(TOKEN, solution))).toBe(expected.toString('hex'));
    }
  });

  it('counts leading zero bits from the most significant bit of the first byte', () => {
    expect(C.leadingZeroBits(new Uint8Array([0x80, 0]))).toBe(0);
    expect(C.leadingZeroBits(new Uint8Array([0x01, 0xff]))).toBe(7);
    expect(C.leadingZeroBits(new Uint8Array([0x00, 0x40]))).toBe(9);
    expect(C.leadingZeroBits(new Uint8Array([0, 0, 0, 1]))).toBe(31);
    expect(C.leadingZeroBits(new Uint8Array(4))).toBe(32);
  });

  it('finds the first solution Node agrees with, and checks it the same way', () => {
    const bits = 12;
    const solution = C.searchProofOfWork(TOKEN, bits, 0, 1 << 20);
    expect(solution).toBeDefined();
    expect(solution).toBe(nodeSearch(TOKEN, bits, 0, 1 << 20));
    expect(nodeZeroBits(TOKEN, solution ?? '')).toBeGreaterThanOrEqual(bits);
    expect(C.checkProofOfWork(TOKEN, solution ?? '', bits)).toBe(true);
    expect(C.leadingZeroBits(C.proofOfWorkHash(TOKEN, solution ?? ''))).toBe(
      nodeZeroBits(TOKEN, solution ?? ''),
    );
  });

  it('agrees with Node on every solution of a range that gains a digit (9 → 10, 99 → 100, …)', () => {
    for (const from of [0, 5, 95, 995, 99_990, 9_999_999_999_990]) {
      for (let start = from; start < from + 20; start++) {
        expect(C.searchProofOfWork(TOKEN, 3, start, 20), `from ${start}`).toBe(
          nodeSearch(TOKEN, 3, start, 20),
        );
      }
    }
  });

  it('checks every bit count the same way Node does', () => {
    for (let n = 0; n < 300; n++) {
      const zeros = nodeZeroBits(TOKEN, String(n));
      for (const bits of [1, 2, 3, 4, 8, 9]) {
        expect(C.checkProofOfWork(TOKEN, String(n), bits), `${n} at ${bits}`).toBe(zeros >= bits);
      }
    }
  });

  it('returns nothing when a range holds no solution', () => {
    const first = Number(C.searchProofOfWork(TOKEN, 10, 0, 1 << 16));
    expect(C.searchProofOfWork(TOKEN, 10, 0, first)).toBeUndefined();
  });

  it('refuses a solution that is not 1 to 16 digits', () => {
    for (const solution of ['', '-1', '1.5', 'abc', ' 1', '1'.repeat(17)]) {
      expect(C.checkProofOfWork(TOKEN, solution, 1), solution).toBe(false);
    }
  });

  it('refuses tokens that are not base64url and bit counts outside 1 to 32', () => {
    for (const token of ['', 'has space', 'dot.ted', 'ü', 'A'.repeat(513)]) {
      expect(catchCryptoError(() => C.searchProofOfWork(token, 8, 0, 1)).code, token).toBe('BAD_ENCODING');
    }
    for (const bits of [0, 33, 1.5, Number.NaN]) {
      expect(catchCryptoError(() => C.checkProofOfWork(TOKEN, '1', bits)).code, String(bits)).toBe(
        'INVALID_ARGUMENT',
      );
    }
    expect(C.PROOF_OF_WORK_MAX_BITS).toBe(32);
  });

  it('refuses a search range past 16 digits or not made of whole numbers', () => {
    for (const [from, count] of [
      [-1, 10],
      [0, 0],
      [1.5, 10],
      [9_999_999_999_999_990, 100],
      [0, Number.POSITIVE_INFINITY],
    ] as const) {
      expect(
        catchCryptoError(() => C.searchProofOfWork(TOKEN, 8, from, count)).code,
        `${from}+${count}`,
      ).toBe('INVALID_ARGUMENT');
    }
  });
});
