/**
 * Team fingerprints: the genesis entry's hash.
 *
 * Written as lowercase hex of all 32 bytes in the API (`fingerprint`) and in
 * configuration; shown to people as 8 groups of 4 hex digits (the first 16
 * bytes), on the intake page and in the team console.
 */
import { FINGERPRINT_DISPLAY_BYTES, FINGERPRINT_DISPLAY_GROUPS, HASH_BYTES } from './constants.js';
import { toHex } from './encoding.js';
import { ConfideCryptoError } from './errors.js';

/** Lowercase hex of a 32-byte genesis hash. */
export function fingerprintHex(genesisHash: Uint8Array): string {
  if (genesisHash.length !== HASH_BYTES) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `a fingerprint is made from a ${HASH_BYTES}-byte hash`);
  }
  return toHex(genesisHash);
}

/**
 * Normalizes a fingerprint as a person or a configuration file may write it:
 * spaces and hyphens dropped, lowercase. Returns 64 hex digits (full) or 32
 * (the displayed form); INVALID_ARGUMENT otherwise.
 */
export function normalizeFingerprint(text: string): string {
  const hex = text.replace(/[\s-]/g, '').toLowerCase();
  if (
    !/^[0-9a-f]+$/.test(hex) ||
    (hex.length !== 2 * HASH_BYTES && hex.length !== 2 * FINGERPRINT_DISPLAY_BYTES)
  ) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      `a fingerprint is ${2 * HASH_BYTES} hex digits (or the ${2 * FINGERPRINT_DISPLAY_BYTES} shown to people)`,
    );
  }
  return hex;
}

/**
 * The form shown to people: the first 16 bytes as 8 groups of 4 lowercase hex
 * digits separated by spaces, e.g. "3f2a 9c01 ...". Accepts the full hex or bytes.
 */
export function formatFingerprint(fingerprint: string | Uint8Array): string {
  const hex =
    typeof fingerprint === 'string' ? normalizeFingerprint(fingerprint) : fingerprintHex(fingerprint);
  const groups: string[] = [];
  for (let g = 0; g < FINGERPRINT_DISPLAY_GROUPS; g++) groups.push(hex.slice(4 * g, 4 * g + 4));
  return groups.join(' ');
}

/**
 * Whether `actual` (full hex, as verifyRoster returns) matches `expected` as
 * pinned or remembered: the full 64 digits, or the 32 shown to people.
 */
export function fingerprintMatches(actual: string, expected: string): boolean {
  const a = normalizeFingerprint(actual);
  const e = normalizeFingerprint(expected);
  return e.length === a.length ? a === e : a.startsWith(e) && e.length === 2 * FINGERPRINT_DISPLAY_BYTES;
}
