/**
 * Hostile values, as fast-check arbitraries: the strings, numbers, ids, dates and shapes that
 * break parsers, validators, databases and serialisers. Lists are spelled out (each line is a
 * known way in which something went wrong somewhere); random ones are added around them.
 */
import fc from 'fast-check';

/**
 * JSON text that JSON.stringify cannot produce (a number literal beyond double range, `-0`, a
 * duplicate key): put in a body as a value, written into the request text as it is.
 */
export class RawJson {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const RAW_MARK = 'raw-json-6f1c2d';

/** JSON text of `value`, with each RawJson written verbatim. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `${RAW_MARK}:${raws.length - 1}`;
    }
    return item;
  }) as string | undefined;
  // JSON.stringify(undefined) is undefined: send nothing the server could call JSON.
  if (text === undefined) return '';
  return text.replace(
    new RegExp(`"${RAW_MARK}:(\\d+)"`, 'g'),
    (_match, index: string) => raws[Number(index)] ?? '',
  );
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Percent-encodes every byte of the UTF-8 form of `text` but the unreserved characters. Unlike
 * encodeURIComponent it does not throw on a lone surrogate (UTF-8 makes it U+FFFD).
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export const A_UUID = '0b8e2f4a-7c61-4d3e-a5b9-2c8d1e0f6a73';

/** Ids that are not the lowercase hyphenated v4 UUIDs the contract asks for. */
export const BAD_UUIDS: readonly string[] = [
  `urn:uuid:${A_UUID}`,
  A_UUID.toUpperCase(),
  `{${A_UUID}}`,
  A_UUID.replace(/-/g, ''),
  `${A_UUID}\n`,
  ` ${A_UUID}`,
  `${A_UUID}0`,
  A_UUID.slice(0, -1),
  '6ba7b810-9dad-11d1-80b4-00c04fd430c8', // v1
  '0190b2c4-5a3e-7d41-9b2f-3c4d5e6f7a8b', // v7
  '0b8e2f4a-7c61-4d3e-c5b9-2c8d1e0f6a73', // v4 digit, wrong variant
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0b8e2f4a-7c61-4d3e-a5b9-2c8d1e0f6a7g',
  '0b8e2f4a_7c61_4d3e_a5b9_2c8d1e0f6a73',
  'not-a-uuid',
  '',
];

/** RFC 3339 look-alikes: leap seconds, impossible days, year 0 and 10000, offsets, no seconds. */
export const ODD_DATES: readonly string[] = [
  '2026-12-31T23:59:60Z',
  '2026-06-30T23:59:60Z',
  '2026-01-01T12:00:60Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2025-02-29T00:00:00Z',
  '2024-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-00-10T00:00:00Z',
  '2026-01-00T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:60:00Z',
  '10000-01-01T00:00:00Z',
  '+010000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '1969-12-31T23:59:59Z',
  '1900-01-01T00:00:00Z',
  '2026-01-01T00:00:00+02:00',
  '2026-01-01T00:00:00-00:00',
  '2026-01-01T00:00:00+00:00',
  '2026-01-01T00:00:00+14:01',
  '2026-01-01t00:00:00z',
  '2026-01-01 00:00:00Z',
  '2026-01-01T00:00Z',
  '2026-01-01T00:00:00',
  '2026-01-01',
  '2026-01-01T00:00:00.Z',
  '2026-01-01T00:00:00,5Z',
  `2026-01-01T00:00:00.${'9'.repeat(40)}Z`,
  '２０２６-01-01T00:00:00Z',
  'yesterday',
];

/** Strings that parse as numbers somewhere, or look like them. */
export const NAN_ISH: readonly string[] = [
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '-0',
  '0x10',
  '0b11',
  '1_000',
  ' 1',
  '1 ',
  '١٢٣',
  '9007199254740993',
  '1.0',
  '00001',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
];

/** Control characters, NUL, bidi overrides, lone surrogates, combining marks, astral characters. */
export const UNICODE_TROUBLE: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\u0007\u0008',
  '\r\n',
  'line\nbreak',
  '\t',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028\u2029',
  'admin\u202egnp.exe',
  '\u200b',
  '\ufeff',
  '\ufffe\uffff',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '😀'.repeat(70),
  'e\u0301'.repeat(40),
  'İıßﬀ𝔘',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\\',
  '\\u0000',
  '%00',
];

/** Classic injection and traversal shapes: they must be data, never code or a path. */
export const INJECTION: readonly string[] = [
  "' OR '1'='1' --",
  '"; drop table cases; --',
  '$1',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '*',
  '%',
  '_',
];

export const HUGE_LENGTHS: readonly number[] = [65, 101, 121, 201, 2_001, 70_000, 1_400_001, 2_200_000];

/** A long string, built when drawn (not held by the arbitrary). */
export const hugeString = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom('x', 'A', '0', 'é', '\u0000', '😀'))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...UNICODE_TROUBLE, ...INJECTION, ...NAN_ISH) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_UUIDS) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_DATES) },
    { weight: 1, arbitrary: hugeString() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{0,130}$/) },
    { weight: 1, arbitrary: fc.constant('') },
  );

/** Numbers at and beyond every edge, and literals JSON.parse turns into Infinity or -0. */
export const hostileNumber = (): fc.Arbitrary<number | RawJson> =>
  fc.oneof(
    fc.constantFrom(
      0,
      -1,
      1,
      1.5,
      -0.5,
      2 ** 31,
      2 ** 31 - 1,
      2 ** 32,
      2 ** 53,
      2 ** 53 + 2,
      -(2 ** 53),
      1e308,
      -1e308,
      Number.MIN_VALUE,
      8191,
      8192,
      4 * 1024 ** 3 + 1,
      32,
      33,
      720,
      721,
    ),
    fc.constantFrom(
      new RawJson('1e400'),
      new RawJson('-1e400'),
      new RawJson('-0'),
      new RawJson('1.0'),
      new RawJson('1E2'),
      new RawJson('123456789012345678901234567890'),
      new RawJson('0.000000000000000000000000000001'),
    ),
    fc.integer(),
    fc.double(),
  );

/** Values of the wrong JSON type or shape for whatever they replace. */
export const wrongShape = (): fc.Arbitrary<unknown> =>
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    '',
    'x',
    [],
    [null],
    [[[]]],
    {},
    { a: { b: { c: {} } } },
    { length: 1, 0: 'x' },
    new RawJson('{"__proto__":{"polluted":true}}'),
    new RawJson('{"constructor":{"prototype":{"polluted":true}}}'),
    new RawJson('{"a":1,"a":2}'),
  );

/** A path segment: percent-escapes good and broken, dot segments, traversal, very long. */
export const hostileSegment = (): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '',
        '.',
        '..',
        '%2e',
        '%2e%2e',
        '%2E%2E%2F',
        '..%2f..%2f..%2fetc%2fpasswd',
        '%2F',
        'a%2Fb',
        '%5C',
        '%00',
        'a%00b',
        '%0a',
        '%0d%0a',
        '%20',
        '%ZZ',
        '%',
        '%%',
        '%E0%A4%A',
        '%C0%AE',
        '%C0%80',
        '%FF',
        '%F0%9F%98%80',
        '%EF%BB%BF',
        '%3F',
        '%23',
        '~',
        '*',
        "'",
        '()',
        'a;b',
        'a,b',
        ':id',
        '{id}',
        'null',
        'undefined',
        'NaN',
        '0',
        '-1',
        '__proto__',
        'x'.repeat(100),
        'x'.repeat(101),
        'x'.repeat(100_000),
        '%41'.repeat(40),
      ),
    },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_UUIDS).map(percentEncode) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(percentEncode) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9-]{0,70}$/) },
    { weight: 1, arbitrary: fc.uuid({ version: [1, 3, 4, 5, 7] }) },
  );

/** A query value (already encoded): hostile text, empty, or broken escapes. */
export const hostileQueryValue = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: hostileString().map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom('', '%', '%ZZ', '%00', '+', '%2B', '&', '=', '[]', 'a&b=c') },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_DATES).map(percentEncode) },
  );

/** Any JSON value, for bodies that are nothing like the contract. */
export const randomJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(null, [], {}, '', 0, true, 'null'));

/** Request texts that are not JSON at all, or JSON only in parts. */
export const MALFORMED_JSON: readonly string[] = [
  '',
  ' ',
  '{',
  '}',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}garbage',
  '{"a":1}{"b":2}',
  'NaN',
  'undefined',
  '\ufeff{}',
  '\u0000',
  '{"\u0000":1}',
  '{"a":"\\ud800"}',
  '{"a":"\\u00"}',
  '[' + '['.repeat(5_000) + ']'.repeat(5_000) + ']',
  '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000),
  '[' + '1,'.repeat(200_000) + '1]',
];
