/**
 * Receipts: an anonymous reporter's only credential (PROTOCOL.md, "Receipts").
 *
 *   20 Crockford base32 characters (100 bits), shown as XXXX-XXXX-XXXX-XXXX-XXXX
 *   salt   = crypto_generichash(16, "confide/v1/receipt-salt")
 *   seed   = crypto_pwhash(32, normalized, salt, 2, 64 MiB, ARGON2ID13)
 *   lookup = kdf(32, 1, "cnfdrcpt", seed)            sent (b64) to find the case
 *   box    = crypto_box_seed_keypair(kdf(32, 2, "cnfdrcpt", seed))
 *   sign   = crypto_sign_seed_keypair(kdf(32, 3, "cnfdrcpt", seed))
 *   lookup_hash = crypto_generichash(32, lookup)     stored by the server
 *
 * The same character set and normalization serve member recovery codes.
 */
import {
  HASH_BYTES,
  KEY_BYTES,
  RECEIPT_ALPHABET,
  RECEIPT_BOX_SUBKEY_ID,
  RECEIPT_GROUP_LENGTH,
  RECEIPT_KDF_CONTEXT,
  RECEIPT_KDF_MEM_BYTES,
  RECEIPT_KDF_OPS,
  RECEIPT_LENGTH,
  RECEIPT_LOOKUP_SUBKEY_ID,
  RECEIPT_SALT_CONTEXT,
  RECEIPT_SIGN_SUBKEY_ID,
  SALT_BYTES,
} from './constants.js';
import { fromBase64UrlFixed, toBase64Url, utf8 } from './encoding.js';
import { ConfideCryptoError } from './errors.js';
import { boxKeyPairFromSeed, signKeyPairFromSeed } from './keys.js';
import { lib } from './sodium.js';
import type { LookupHash, LookupKey, ReceiptKeys, ReporterPublicKeys } from './types.js';

/**
 * A new receipt, formatted for display (XXXX-XXXX-XXXX-XXXX-XXXX). Each
 * character is drawn with randombytes_uniform(32). Show it once; never send it.
 */
export function generateReceipt(): string {
  const sodium = lib();
  let code = '';
  for (let i = 0; i < RECEIPT_LENGTH; i++) code += RECEIPT_ALPHABET.charAt(sodium.randombytes_uniform(32));
  return formatReceipt(code);
}

/** Groups a normalized receipt (or recovery code) by four: XXXX-XXXX-XXXX-XXXX-XXXX. */
export function formatReceipt(normalized: string): string {
  const groups: string[] = [];
  for (let i = 0; i < normalized.length; i += RECEIPT_GROUP_LENGTH) {
    groups.push(normalized.slice(i, i + RECEIPT_GROUP_LENGTH));
  }
  return groups.join('-');
}

/**
 * The receipt as it is hashed: uppercase, spaces and hyphens dropped, O read
 * as 0 and I, L as 1. Anything else outside the alphabet is RECEIPT_MALFORMED
 * with the character (as typed) and its position in the message and in the
 * error's `character` / `position`; so is a length other than 20.
 */
export function normalizeReceipt(input: string, what = 'receipt'): string {
  if (typeof input !== 'string') {
    throw new ConfideCryptoError('RECEIPT_MALFORMED', `${what} must be text`);
  }
  let out = '';
  let position = 0;
  for (const typed of input) {
    if (typed !== ' ' && typed !== '-') {
      for (const upper of typed.toUpperCase()) {
        const mapped = upper === 'O' ? '0' : upper === 'I' || upper === 'L' ? '1' : upper;
        if (!RECEIPT_ALPHABET.includes(mapped)) {
          throw new ConfideCryptoError(
            'RECEIPT_MALFORMED',
            `${what} cannot contain ${describeCharacter(typed)} (position ${position + 1}); ` +
              `it uses only digits and the letters A-Z without U`,
            { character: typed, position },
          );
        }
        out += mapped;
      }
    }
    position += typed.length;
  }
  if (out.length !== RECEIPT_LENGTH) {
    throw new ConfideCryptoError(
      'RECEIPT_MALFORMED',
      `${what} has ${RECEIPT_LENGTH} characters (not counting spaces and hyphens); this one has ${out.length}`,
    );
  }
  return out;
}

function describeCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0x20 && code !== 0x7f ? `"${ch}" (${hex})` : hex;
}

let receiptSalt: Uint8Array | undefined;

/** crypto_generichash(16, "confide/v1/receipt-salt"), computed once. */
function getReceiptSalt(): Uint8Array {
  receiptSalt ??= lib().crypto_generichash(SALT_BYTES, utf8(RECEIPT_SALT_CONTEXT), null);
  return receiptSalt;
}

/** @internal Argon2id seed of a receipt (secret). Exposed for the vector generator. */
export function deriveReceiptSeed(receipt: string): Uint8Array {
  const normalized = normalizeReceipt(receipt);
  const sodium = lib();
  return sodium.crypto_pwhash(
    KEY_BYTES,
    utf8(normalized),
    getReceiptSalt(),
    RECEIPT_KDF_OPS,
    RECEIPT_KDF_MEM_BYTES,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
}

/** @internal */
export function receiptKeysFromSeed(seed: Uint8Array): ReceiptKeys {
  const sodium = lib();
  const lookup = sodium.crypto_kdf_derive_from_key(
    KEY_BYTES,
    RECEIPT_LOOKUP_SUBKEY_ID,
    RECEIPT_KDF_CONTEXT,
    seed,
  );
  const boxSeed = sodium.crypto_kdf_derive_from_key(
    KEY_BYTES,
    RECEIPT_BOX_SUBKEY_ID,
    RECEIPT_KDF_CONTEXT,
    seed,
  );
  const signSeed = sodium.crypto_kdf_derive_from_key(
    KEY_BYTES,
    RECEIPT_SIGN_SUBKEY_ID,
    RECEIPT_KDF_CONTEXT,
    seed,
  );
  const keys: ReceiptKeys = {
    lookup: lookup as LookupKey,
    lookupHash: hashLookup(lookup as LookupKey),
    box: boxKeyPairFromSeed(boxSeed),
    sign: signKeyPairFromSeed(signSeed),
  };
  boxSeed.fill(0);
  signSeed.fill(0);
  return keys;
}

/**
 * Everything a receipt unlocks. Runs Argon2id (2 passes, 64 MiB: about 0.1 s
 * in WebAssembly); RECEIPT_MALFORMED for a receipt that does not normalize.
 */
export function deriveReceiptKeys(receipt: string): ReceiptKeys {
  const seed = deriveReceiptSeed(receipt);
  try {
    return receiptKeysFromSeed(seed);
  } finally {
    seed.fill(0);
  }
}

/** lookup_hash = crypto_generichash(32, lookup). */
export function hashLookup(lookup: LookupKey): LookupHash {
  return lib().crypto_generichash(HASH_BYTES, lookup, null) as LookupHash;
}

/** The value a returning reporter sends: b64(lookup). */
export function lookupToken(keys: ReceiptKeys): string {
  return toBase64Url(keys.lookup);
}

/** Server side: the lookup_hash for a `{ "lookup": b64 }` request; BAD_ENCODING unless 32 bytes. */
export function lookupHashFromToken(token: string): LookupHash {
  return hashLookup(fromBase64UrlFixed(token, KEY_BYTES, 'lookup') as LookupKey);
}

/** The `reporter` object of a submission: the public values the server stores. */
export function reporterPublicKeys(keys: ReceiptKeys): ReporterPublicKeys {
  return {
    box_pk: toBase64Url(keys.box.publicKey),
    sign_pk: toBase64Url(keys.sign.publicKey),
    lookup_hash: toBase64Url(keys.lookupHash),
  };
}
