/**
 * Padding to hide a plaintext's exact length (PROTOCOL.md, "Envelope").
 *
 * Byte-for-byte `sodium_pad(p, B)` / `sodium_unpad(x, min(len(x), 65536))`
 * (ISO/IEC 7816-4: a 0x80 byte, then zeros), written in JavaScript so that the
 * envelope code can pad into the buffer it encrypts, without a round trip
 * through the WebAssembly heap. The tests compare it with libsodium's.
 *
 *   plaintext (n bytes) | 0x80 | 0x00 ... 0x00      total = (floor(n / B) + 1) * B
 *
 * B is the smallest bucket strictly greater than n, or 65536 once n >= 65536,
 * so the padded length is a bucket size or a multiple of 64 KiB.
 */
import { PAD_BUCKETS, PAD_MAX_BLOCK_BYTES } from './constants.js';
import { ConfideCryptoError } from './errors.js';

/** Block size B for a plaintext of `length` bytes. */
export function padBlockSize(length: number): number {
  for (const bucket of PAD_BUCKETS) {
    if (bucket > length) return bucket;
  }
  return PAD_MAX_BLOCK_BYTES;
}

/** Length of `pad(p)` for a plaintext of `length` bytes. */
export function paddedLength(length: number): number {
  const block = padBlockSize(length);
  return (Math.floor(length / block) + 1) * block;
}

/** True when `length` can be the length of a padded plaintext. */
export function isPaddedLength(length: number): boolean {
  return length > 0 && (length % PAD_MAX_BLOCK_BYTES === 0 || PAD_BUCKETS.includes(length));
}

/** `pad(p)`: a new array holding p, 0x80 and zeros up to `paddedLength(p.length)`. */
export function pad(plaintext: Uint8Array): Uint8Array {
  const out = new Uint8Array(paddedLength(plaintext.length));
  out.set(plaintext);
  out[plaintext.length] = 0x80;
  return out;
}

/**
 * `unpad(x)`: the plaintext inside `x`, as a view into it (no copy).
 *
 * Throws BAD_PADDING when the padded length is neither a bucket size nor a
 * multiple of 65536, or when the 0x80 marker is not found within the last
 * `min(len(x), 65536)` bytes (which is what sodium_unpad checks). Only ever
 * called on authenticated plaintext, so its timing reveals nothing an attacker
 * could not already compute.
 */
export function unpad(padded: Uint8Array): Uint8Array {
  const length = padded.length;
  if (!isPaddedLength(length)) {
    throw new ConfideCryptoError(
      'BAD_PADDING',
      `padded length ${length} is neither a bucket size (${PAD_BUCKETS.join(', ')}) nor a multiple of ${PAD_MAX_BLOCK_BYTES}`,
    );
  }
  const block = Math.min(length, PAD_MAX_BLOCK_BYTES);
  const stop = length - block;
  let i = length - 1;
  while (i >= stop && padded[i] === 0) i--;
  if (i < stop || padded[i] !== 0x80) {
    throw new ConfideCryptoError('BAD_PADDING', 'padding marker 0x80 not found where ISO/IEC 7816-4 puts it');
  }
  return padded.subarray(0, i);
}

/**
 * `sodium_pad(p, size)` for a plaintext that must fit one block of exactly `size` bytes (summary
 * envelopes, docs/protocol.md 9.7). BAD_PADDING when `p` is `size` bytes or longer: the writer shortens
 * first, it never spills into a second block.
 */
export function padToFixedSize(plaintext: Uint8Array, size: number): Uint8Array {
  if (plaintext.length >= size) {
    throw new ConfideCryptoError(
      'BAD_PADDING',
      `plaintext of ${plaintext.length} bytes does not fit a ${size}-byte block`,
    );
  }
  const out = new Uint8Array(size);
  out.set(plaintext);
  out[plaintext.length] = 0x80;
  return out;
}

/** `sodium_unpad(x, size)` where `x` must be exactly `size` bytes: a view into it. */
export function unpadFixedSize(padded: Uint8Array, size: number): Uint8Array {
  if (padded.length !== size) {
    throw new ConfideCryptoError('BAD_PADDING', `padded length ${padded.length} is not the fixed ${size}`);
  }
  let i = size - 1;
  while (i >= 0 && padded[i] === 0) i--;
  if (i < 0 || padded[i] !== 0x80) {
    throw new ConfideCryptoError('BAD_PADDING', 'padding marker 0x80 not found where ISO/IEC 7816-4 puts it');
  }
  return padded.subarray(0, i);
}
