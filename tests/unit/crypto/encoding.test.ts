import fc from 'fast-check';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import { expectBytes, expectCode } from './helpers.js';
import { concatBytes, joinBytes } from '../../../crypto/encoding.js';

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
});

describe('base64url', () => {
  it('encodes exactly as libsodium URLSAFE_NO_PADDING and decodes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = C.toBase64Url(bytes);
        expect(text).toBe(sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING));
        expectBytes(C.fromBase64Url(text), bytes);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a plus sign', 'ab+d'],
    ['a slash', 'ab/d'],
    ['padding', 'YQ=='],
    ['one padding character', 'YWI='],
    ['whitespace', 'YW Jj'],
    ['a newline', 'YWJj\n'],
    ['a non-ASCII character', 'YWJé'],
  ])('rejects %s', (_what, text) => {
    const error = expectCode(() => C.fromBase64Url(text, 'test field'), 'BAD_ENCODING');
    expect(error.message).toContain('test field');
  });

  it('rejects an impossible length', () => {
    expectCode(() => C.fromBase64Url('abcde'), 'BAD_ENCODING');
  });

  it('rejects non-zero unused trailing bits, so no two strings decode to the same bytes', () => {
    expect(C.fromBase64Url('YQ')).toEqual(new Uint8Array([0x61]));
    expectCode(() => C.fromBase64Url('YR'), 'BAD_ENCODING');
    expect(C.fromBase64Url('YWI')).toEqual(new Uint8Array([0x61, 0x62]));
    expectCode(() => C.fromBase64Url('YWJ'), 'BAD_ENCODING');
  });

  it('decodes the empty string to no bytes', () => {
    expect(C.fromBase64Url('')).toEqual(new Uint8Array(0));
  });
});

describe('canonical JSON', () => {
  it('sorts keys, drops whitespace and escapes minimally', () => {
    expect(
      C.canonicalJson({ b: 1, a: [true, null, 'x"\\\n\u0001é'], c: { z: -0, y: 9007199254740991 } }),
    ).toBe('{"a":[true,null,"x\\"\\\\\\n\\u0001é"],"b":1,"c":{"y":9007199254740991,"z":0}}');
  });

  it('sorts keys by UTF-16 code units, not by code points', () => {
    // U+E000 is above the surrogates as a code unit but below U+1F600 as a code point.
    const obj = { '\u{1F600}': 1, '\uE000': 2, a: 3, B: 4 };
    expect(C.canonicalJson(obj)).toBe('{"B":4,"a":3,"\u{1F600}":1,"\uE000":2}');
  });

  it.each([
    ['a fraction', { n: 1.5 }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['an unsafe integer', { n: 2 ** 53 }],
    ['undefined', { u: undefined }],
    ['a lone surrogate', { s: '\uD800' }],
    ['a lone surrogate in a key', { '\uDC00': 1 }],
    ['a Date', { d: new Date(0) }],
    ['a Uint8Array', { b: new Uint8Array(2) }],
    ['a function', { f: () => 1 }],
  ])('refuses %s', (_what, value) => {
    expectCode(() => C.canonicalJson(value), 'BAD_ENCODING');
  });

  it('agrees with JSON.parse for any JSON value made of strings, integers, booleans and null', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const text = C.canonicalJson(v);
        expect(C.canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('associated data', () => {
  const team = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
  const id = '5e2d8c4a-7b1f-4a96-b3e8-1c6f9d2a7e54';

  it('is confide/v1/<kind>/<team>/<id>', () => {
    expect(new TextDecoder().decode(C.associatedData('report', team, id))).toBe(
      `confide/v1/report/${team}/${id}`,
    );
  });

  it('refuses ids that could shift its fields', () => {
    expectCode(() => C.associatedData('report', `${team}/x`, id), 'INVALID_ARGUMENT');
    expectCode(() => C.associatedData('report', team, id.toUpperCase()), 'INVALID_ARGUMENT');
    expectCode(() => C.associatedData('report/x', team, id), 'INVALID_ARGUMENT');
  });

  it('generateId makes lowercase UUID v4', () => {
    for (let i = 0; i < 50; i++)
      expect(C.generateId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('times', () => {
  it('formats RFC 3339 UTC with seconds', () => {
    expect(C.formatProtocolTime(new Date(Date.UTC(2026, 10, 24, 6, 41, 0, 999)))).toBe(
      '2026-11-24T06:41:00Z',
    );
  });
});

describe('joining bytes', () => {
  it('joins a list longer than the call stack allows spreading', () => {
    // A streamed file read one byte at a time yields one piece per byte; CI
    // once overflowed the stack spreading 122,883 of them into concatBytes.
    const pieces = Array.from({ length: 300_000 }, (_, i) => new Uint8Array([i & 0xff]));
    expect(() => concatBytes(...pieces)).toThrow(RangeError);
    const joined = joinBytes(pieces);
    expect(joined.length).toBe(300_000);
    expect(joined[0]).toBe(0);
    expect(joined[257]).toBe(1);
    expect(joined[299_999]).toBe(299_999 & 0xff);
  });

  it('gives the same bytes as concatBytes for short lists', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (parts) => {
        expectBytes(joinBytes(parts), concatBytes(...parts));
      }),
    );
  });
});
