/**
 * Randomness from `globalThis.crypto.getRandomValues`, present in browsers,
 * Web Workers and Node.
 *
 * libsodium.js's randombytes_buf costs ~80-180 µs per call from JavaScript (it
 * asks JavaScript for every 4 bytes), so the hot paths draw all their
 * randomness (keys, nonces, ephemeral secret keys) in one call here and slice it.
 */

/** getRandomValues refuses more than 65536 bytes per call. */
const MAX_PER_CALL = 65536;

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += MAX_PER_CALL) {
    globalThis.crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + MAX_PER_CALL)));
  }
  return out;
}

/** A random UUID v4, lowercase and hyphenated (crypto.randomUUID needs a secure context; this does not). */
export function generateId(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  let hex = '';
  for (const x of b) hex += x.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
