import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import { expectBytes, expectCode } from './helpers.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

beforeAll(async () => {
  await C.ready();
});

const normalized = fc.string({
  unit: fc.constantFrom(...Array.from(ALPHABET)),
  minLength: 20,
  maxLength: 20,
});

/** One way a person might write down or type a normalized receipt. */
const rendering = (code: string) =>
  fc
    .tuple(
      fc.array(fc.constantFrom('', ' ', '-', '  ', ' - ', '--'), { minLength: 21, maxLength: 21 }),
      fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
      fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    )
    .map(([separators, lower, confusable]) => {
      let out = separators[0]!;
      for (let i = 0; i < 20; i++) {
        let ch = code[i]!;
        if (confusable[i]) ch = ch === '0' ? 'O' : ch === '1' ? (i % 2 === 0 ? 'I' : 'L') : ch;
        out += (lower[i] ? ch.toLowerCase() : ch) + separators[i + 1]!;
      }
      return out;
    });

describe('receipts', () => {
  it('are 20 Crockford base32 characters shown as XXXX-XXXX-XXXX-XXXX-XXXX', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = C.generateReceipt();
      expect(r).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
      seen.add(r);
    }
    expect(seen.size).toBe(200);
  });

  it('use every character of the alphabet (drawn uniformly)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++)
      for (const ch of C.normalizeReceipt(C.generateReceipt())) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe(ALPHABET);
  });

  it('any rendering with spaces, hyphens, lowercase, O for 0 and I or L for 1 normalizes back', () => {
    fc.assert(
      fc.property(
        normalized.chain((code) => fc.tuple(fc.constant(code), rendering(code))),
        ([code, typed]) => {
          expect(C.normalizeReceipt(typed)).toBe(code);
          expect(C.normalizeReceipt(C.formatReceipt(code))).toBe(code);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a character outside the alphabet is named, with its position', () => {
    const bad = fc.constantFrom('U', 'u', '!', '.', '_', 'é', 'Ü', '\t', '\u00a0', '🙂', '+', '=', '/');
    fc.assert(
      fc.property(normalized, bad, fc.integer({ min: 0, max: 20 }), (code, ch, at) => {
        const typed = code.slice(0, at) + ch + code.slice(at);
        const error = expectCode(() => C.normalizeReceipt(typed), 'RECEIPT_MALFORMED');
        expect(error.character).toBe(ch);
        expect(error.position).toBe(at);
        expect(error.message).toContain(`position ${at + 1}`);
      }),
      { numRuns: 300 },
    );
  });

  it('a receipt of the wrong length says how many characters it has', () => {
    expect(expectCode(() => C.normalizeReceipt('ABCD-EFGH'), 'RECEIPT_MALFORMED').message).toContain('has 8');
    expectCode(() => C.normalizeReceipt(''), 'RECEIPT_MALFORMED');
    expectCode(() => C.normalizeReceipt('A'.repeat(21)), 'RECEIPT_MALFORMED');
  });

  it('derives keys that differ per receipt and agree across renderings', () => {
    const receipt = C.generateReceipt();
    const a = C.deriveReceiptKeys(receipt);
    const b = C.deriveReceiptKeys(receipt.toLowerCase().replace(/-/g, ' '));
    expectBytes(a.lookup, b.lookup);
    expectBytes(a.box.secretKey, b.box.secretKey);
    expectBytes(a.sign.secretKey, b.sign.secretKey);
    expectBytes(C.hashLookup(a.lookup), a.lookupHash);
    const c = C.deriveReceiptKeys(C.generateReceipt());
    expect(C.toBase64Url(c.lookup)).not.toBe(C.toBase64Url(a.lookup));
    const pub = C.reporterPublicKeys(a);
    expect(pub).toEqual({
      box_pk: C.toBase64Url(a.box.publicKey),
      sign_pk: C.toBase64Url(a.sign.publicKey),
      lookup_hash: C.toBase64Url(a.lookupHash),
    });
    expectBytes(C.lookupHashFromToken(C.lookupToken(a)), a.lookupHash);
    expectCode(() => C.lookupHashFromToken('short'), 'BAD_ENCODING');
  });
});
