/**
 * Encodings of PROTOCOL.md: base64url without padding, UTF-8, canonical JSON
 * (RFC 8785 restricted to strings, integers, booleans, null, arrays, objects),
 * hex, and the associated-data string.
 *
 * Pure JavaScript on purpose: these run on every envelope and the libsodium.js
 * base64 helpers cost a copy into and out of the WebAssembly heap.
 */
import { ASSOCIATED_DATA_PREFIX } from './constants.js';
import { ConfideCryptoError } from './errors.js';

// ---------------------------------------------------------------------------
// base64url, no padding
// ---------------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ENCODE = new Uint8Array(64);
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  const code = ALPHABET.charCodeAt(i);
  ENCODE[i] = code;
  DECODE[code] = i;
}
const textDecoder = new TextDecoder('utf-8', { fatal: true });
const textEncoder = new TextEncoder();

/** base64url without padding (RFC 4648 section 5), as the protocol writes every binary value. */
export function toBase64Url(bytes: Uint8Array): string {
  const n = bytes.length;
  const full = n - (n % 3);
  const out = new Uint8Array(Math.ceil((n * 4) / 3));
  let o = 0;
  for (let i = 0; i < full; i += 3) {
    const v = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out[o] = ENCODE[v >>> 18] ?? 0;
    out[o + 1] = ENCODE[(v >>> 12) & 63] ?? 0;
    out[o + 2] = ENCODE[(v >>> 6) & 63] ?? 0;
    out[o + 3] = ENCODE[v & 63] ?? 0;
    o += 4;
  }
  if (n - full === 1) {
    const v = bytes[full] ?? 0;
    out[o] = ENCODE[v >>> 2] ?? 0;
    out[o + 1] = ENCODE[(v & 3) << 4] ?? 0;
  } else if (n - full === 2) {
    const v = ((bytes[full] ?? 0) << 8) | (bytes[full + 1] ?? 0);
    out[o] = ENCODE[v >>> 10] ?? 0;
    out[o + 1] = ENCODE[(v >>> 4) & 63] ?? 0;
    out[o + 2] = ENCODE[(v & 15) << 2] ?? 0;
  }
  // ASCII only, so the UTF-8 decoder's fast path applies.
  return textDecoder.decode(out);
}

/**
 * Strict base64url decoding: only `A-Z a-z 0-9 - _`, no padding, no
 * whitespace, and unused trailing bits must be zero, so that every byte string
 * has exactly one encoding (a flipped character can never decode to the same
 * bytes). `what` names the field in the error message.
 */
export function fromBase64Url(text: string, what = 'value'): Uint8Array {
  if (typeof text !== 'string') {
    throw new ConfideCryptoError('BAD_ENCODING', `${what} must be a base64url string`);
  }
  const len = text.length;
  const rem = len & 3;
  if (rem === 1) {
    throw new ConfideCryptoError('BAD_ENCODING', `${what} is not base64url: impossible length ${len}`);
  }
  const full = len - rem;
  const out = new Uint8Array((full / 4) * 3 + (rem === 0 ? 0 : rem - 1));
  let bad = 0;
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = DECODE[text.charCodeAt(i) & 0xffff] ?? -1;
    const b = DECODE[text.charCodeAt(i + 1) & 0xffff] ?? -1;
    const c = DECODE[text.charCodeAt(i + 2) & 0xffff] ?? -1;
    const d = DECODE[text.charCodeAt(i + 3) & 0xffff] ?? -1;
    bad |= a | b | c | d;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = v >>> 16;
    out[o + 1] = (v >>> 8) & 255;
    out[o + 2] = v & 255;
    o += 3;
  }
  if (rem === 2) {
    const a = DECODE[text.charCodeAt(full) & 0xffff] ?? -1;
    const b = DECODE[text.charCodeAt(full + 1) & 0xffff] ?? -1;
    bad |= a | b;
    if ((b & 15) !== 0) bad |= -1;
    out[o] = (a << 2) | (b >>> 4);
  } else if (rem === 3) {
    const a = DECODE[text.charCodeAt(full) & 0xffff] ?? -1;
    const b = DECODE[text.charCodeAt(full + 1) & 0xffff] ?? -1;
    const c = DECODE[text.charCodeAt(full + 2) & 0xffff] ?? -1;
    bad |= a | b | c;
    if ((c & 3) !== 0) bad |= -1;
    const v = (a << 12) | (b << 6) | c;
    out[o] = v >>> 10;
    out[o + 1] = (v >>> 2) & 255;
  }
  if (bad < 0) {
    throw new ConfideCryptoError('BAD_ENCODING', describeBase64Problem(text, what));
  }
  return out;
}

function describeBase64Problem(text: string, what: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 255 || DECODE[code] === -1) {
      const ch = text[i] ?? '';
      const printable = code >= 0x21 && code <= 0x7e ? `'${ch}'` : `U+${code.toString(16).padStart(4, '0')}`;
      return `${what} is not base64url without padding: character ${printable} at position ${i}`;
    }
  }
  return `${what} is not canonical base64url: its last character has non-zero unused bits`;
}

/** Decodes base64url and checks the length (keys, nonces, hashes, signatures). */
export function fromBase64UrlFixed(text: string, length: number, what: string): Uint8Array {
  const bytes = fromBase64Url(text, what);
  if (bytes.length !== length) {
    throw new ConfideCryptoError('BAD_ENCODING', `${what} must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

// ---------------------------------------------------------------------------
// UTF-8 and hex
// ---------------------------------------------------------------------------

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

/** Strict UTF-8 decoding: invalid sequences are an error, not U+FFFD. */
export function fromUtf8(bytes: Uint8Array, what = 'text'): string {
  try {
    return textDecoder.decode(bytes);
  } catch {
    throw new ConfideCryptoError('BAD_ENCODING', `${what} is not valid UTF-8`);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b] ?? '';
  return s;
}

export function fromHex(text: string, what = 'hex value'): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) {
    throw new ConfideCryptoError('BAD_ENCODING', `${what} is not an even-length hex string`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// ---------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  return joinBytes(parts);
}

/**
 * concatBytes for a list of any length. Spreading a long list into
 * concatBytes(...list) overflows the call stack (about 120,000 pieces in V8),
 * so callers holding an open-ended list of pieces pass the list itself.
 */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Comparison whose time depends only on the lengths, for hashes and verifiers. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

// ---------------------------------------------------------------------------
// Canonical JSON
// ---------------------------------------------------------------------------

/** The values a signed object may hold. */
export type CanonicalJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly CanonicalJsonValue[]
  | { readonly [key: string]: CanonicalJsonValue };

/**
 * `canon(obj)`: RFC 8785 (JCS) for objects made only of strings, integers,
 * booleans, null, arrays and objects: keys sorted by UTF-16 code units, no
 * whitespace, minimal string escaping. Non-integer numbers, unsafe integers,
 * lone surrogates, `undefined` and non-plain objects are refused (BAD_ENCODING):
 * they have no single encoding that every implementation agrees on.
 */
export function canonicalJson(value: unknown): string {
  return encodeCanonical(value, '$');
}

/** UTF-8 bytes of `canonicalJson(value)`. */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}

function encodeCanonical(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new ConfideCryptoError(
          'BAD_ENCODING',
          `canonical JSON allows only integers within ±(2^53-1); ${path} is ${String(value)}`,
        );
      }
      return String(value);
    case 'string':
      assertWellFormed(value, path);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return '[' + value.map((v: unknown, i) => encodeCanonical(v, `${path}[${i}]`)).join(',') + ']';
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new ConfideCryptoError(
          'BAD_ENCODING',
          `canonical JSON allows only plain objects; ${path} is not one`,
        );
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, which is what RFC 8785 asks for.
      const keys = Object.keys(record).sort();
      const parts: string[] = [];
      for (const key of keys) {
        assertWellFormed(key, `${path} key`);
        parts.push(JSON.stringify(key) + ':' + encodeCanonical(record[key], `${path}.${key}`));
      }
      return '{' + parts.join(',') + '}';
    }
    default:
      throw new ConfideCryptoError('BAD_ENCODING', `canonical JSON cannot hold ${typeof value} (at ${path})`);
  }
}

function assertWellFormed(text: string, path: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new ConfideCryptoError('BAD_ENCODING', `${path} contains a lone surrogate and has no UTF-8 form`);
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      throw new ConfideCryptoError('BAD_ENCODING', `${path} contains a lone surrogate and has no UTF-8 form`);
    }
  }
}

/** Parses JSON text, mapping a syntax error to BAD_ENCODING. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfideCryptoError('BAD_ENCODING', `${what} is not valid JSON`);
  }
}

// ---------------------------------------------------------------------------
// Identifiers and associated data
// ---------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * True for a lowercase, hyphenated UUID. The version nibble is not checked: the
 * point is that ids contain no "/" and so cannot shift the fields of the
 * associated data.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function assertUuid(value: unknown, what: string): asserts value is string {
  if (!isUuid(value)) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `${what} must be a lowercase hyphenated UUID`);
  }
}

/**
 * `ad(kind, team, id)`: UTF-8 of `confide/v1/<kind>/<team>/<id>`. Binds a
 * ciphertext to what it is and where it belongs, so a payload moved to another
 * report, team or kind no longer opens.
 */
export function associatedData(kind: string, team: string, id: string): Uint8Array {
  if (!/^[a-z][a-z-]*$/.test(kind)) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `associated-data kind "${kind}" is not a protocol kind`);
  }
  assertUuid(team, 'team id');
  assertUuid(id, 'object id');
  return utf8(`${ASSOCIATED_DATA_PREFIX}${kind}/${team}/${id}`);
}

// ---------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------

const PROTOCOL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** RFC 3339 UTC with seconds, e.g. 2026-11-24T06:41:00Z. */
export function formatProtocolTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isProtocolTime(value: unknown): value is string {
  return typeof value === 'string' && PROTOCOL_TIME.test(value) && !Number.isNaN(Date.parse(value));
}
