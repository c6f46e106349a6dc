/**
 * Appeal references (docs/protocol.md 10.9): the code a notice to a sanctioned user carries, in a
 * receipt's format (section 8) so people type it the same way, but made by the server and held
 * only as a hash. It is a bearer token for "an appeal of this case" and nothing more: no keys are
 * derived from it, so a fast hash is enough for its 100 random bits.
 */
import { APPEAL_REFERENCE_CONTEXT, HASH_BYTES } from './constants.js';
import { utf8 } from './encoding.js';
import { lib } from './sodium.js';
import { generateReceipt, normalizeReceipt } from './receipts.js';

/** A new reference: 20 characters of Crockford base32, grouped by four. */
export function generateAppealReference(): string {
  return generateReceipt();
}

/**
 * BLAKE2b-256 of CONTEXT || the normalized reference; throws RECEIPT_MALFORMED (naming an "appeal
 * reference") for text that does not normalize, as a receipt would.
 */
export function hashAppealReference(reference: string): Uint8Array {
  const normalized = normalizeReceipt(reference, 'appeal reference');
  return lib().crypto_generichash(HASH_BYTES, utf8(`${APPEAL_REFERENCE_CONTEXT}${normalized}`), null);
}
