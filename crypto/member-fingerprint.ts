/**
 * A member's key fingerprint: what an invitee reads out to the admin (in person, by phone, in
 * a video call) before the admin signs the roster entry that adds them. It covers both public
 * keys, so a server that swapped either key during the invitation would show a different one.
 *
 *   BLAKE2b-256("confide/v1/member-fingerprint\n" || enc_pk || sign_pk), shown like the team
 *   fingerprint: the first 16 bytes as 8 groups of 4 hex digits.
 *
 * Freeze note: changing the context (constants.ts) or the order changes every fingerprint people
 * compared.
 */
import {
  BOX_PUBLIC_KEY_BYTES,
  HASH_BYTES,
  MEMBER_FINGERPRINT_CONTEXT,
  SIGN_PUBLIC_KEY_BYTES,
} from './constants.js';
import { concatBytes, fromBase64UrlFixed, utf8 } from './encoding.js';
import { formatFingerprint } from './fingerprint.js';
import { lib } from './sodium.js';

/** Display form (8 groups of 4 hex digits) of a member's public keys, given as base64url. */
export function memberFingerprint(encPublicKeyB64: string, signPublicKeyB64: string): string {
  const enc = fromBase64UrlFixed(encPublicKeyB64, BOX_PUBLIC_KEY_BYTES, 'enc_pk');
  const sign = fromBase64UrlFixed(signPublicKeyB64, SIGN_PUBLIC_KEY_BYTES, 'sign_pk');
  const digest = lib().crypto_generichash(
    HASH_BYTES,
    concatBytes(utf8(MEMBER_FINGERPRINT_CONTEXT), enc, sign),
    null,
  );
  return formatFingerprint(digest);
}
