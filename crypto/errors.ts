/**
 * The one error type of the crypto module.
 *
 * `code` is stable: callers branch on it, user interfaces translate it. The
 * message says what is wrong in words a developer can act on. Neither ever
 * carries key bytes, plaintext, passphrases or receipts.
 */

export type ConfideCryptoErrorCode =
  /** `ready()` was not awaited before the first call. */
  | 'NOT_READY'
  /** An argument the caller built is wrong (not data from the wire): a bad id, an empty recipient list... */
  | 'INVALID_ARGUMENT'
  /** Bytes or text from outside are not in the expected form: bad base64url, wrong JSON shape, wrong length. */
  | 'BAD_ENCODING'
  /** A key has the wrong length or is unusable (for example a low-order X25519 point). */
  | 'BAD_KEY'
  /** An envelope, entry, bundle or body names a version or schema this code does not know. */
  | 'UNKNOWN_VERSION'
  /** An envelope's nonce is not 24 bytes. */
  | 'BAD_NONCE'
  /** Authentication failed: an AEAD tag, a sealed box, a secretstream chunk was altered, reordered or is not for this key. */
  | 'TAMPERED'
  /** The plaintext authenticated but its ISO/IEC 7816-4 padding or padded length is wrong. */
  | 'BAD_PADDING'
  /** The key bundle or backup did not open with the key derived from this passphrase (or recovery code). */
  | 'WRONG_PASSPHRASE'
  /** The recovery bundle did not open with the key derived from this recovery code (or it was altered). */
  | 'RECOVERY_CODE_WRONG'
  /** Argon2id parameters below ops 2 / 64 MiB. */
  | 'KDF_TOO_WEAK'
  /** Argon2id parameters this client cannot use (unknown algorithm, not integers, libsodium refused). */
  | 'KDF_UNSUPPORTED'
  /** A roster entry's signature does not verify against its signer's key. `entryIndex` is set. */
  | 'ROSTER_SIGNATURE_INVALID'
  /** A roster entry's seq, prev or stated hash does not follow the entry before it. `entryIndex` is set. */
  | 'ROSTER_CHAIN_BROKEN'
  /** A roster entry is signed by someone who was not an active admin just before it. `entryIndex` is set. */
  | 'ROSTER_SIGNER_NOT_ADMIN'
  /** Two rosters (or a roster and a remembered head) disagree at the same seq. `entryIndex` is set. */
  | 'ROSTER_FORK'
  /** The roster is shorter than a head this client has already seen: entries were withheld. */
  | 'ROSTER_ROLLBACK'
  /** The team fingerprint differs from the pinned or remembered one. */
  | 'ROSTER_FINGERPRINT_MISMATCH'
  /** A roster entry is malformed or breaks a rule (genesis, wrong team, unknown op...). `entryIndex` is set when known. */
  | 'ROSTER_INVALID'
  /** A receipt or recovery code has a character outside the alphabet or the wrong length. */
  | 'RECEIPT_MALFORMED'
  /** A report or item signature does not verify. */
  | 'SIGNATURE_INVALID'
  /** An encrypted file or backup ended before its FINAL chunk. */
  | 'FILE_TRUNCATED'
  /** An encrypted file or backup has bytes after its FINAL chunk. */
  | 'FILE_TRAILING_DATA';

export interface ConfideCryptoErrorDetails {
  /** Roster errors: index (= seq) of the offending entry. */
  readonly entryIndex?: number;
  /** Receipt errors: the offending character as the user typed it, and its index in the input. */
  readonly character?: string;
  readonly position?: number;
  /** File errors: the offset in the stored bytes where the problem was found. */
  readonly offset?: number;
}

export class ConfideCryptoError extends Error {
  override readonly name = 'ConfideCryptoError';
  readonly code: ConfideCryptoErrorCode;
  readonly entryIndex: number | undefined;
  readonly character: string | undefined;
  readonly position: number | undefined;
  readonly offset: number | undefined;

  constructor(code: ConfideCryptoErrorCode, message: string, details: ConfideCryptoErrorDetails = {}) {
    super(message);
    this.code = code;
    this.entryIndex = details.entryIndex;
    this.character = details.character;
    this.position = details.position;
    this.offset = details.offset;
  }
}

/**
 * True when `e` is a ConfideCryptoError, optionally with the given code. Also
 * recognises one from another copy of this module (a second bundle, a test's
 * fresh import), where `instanceof` fails.
 */
export function isConfideCryptoError(e: unknown, code?: ConfideCryptoErrorCode): e is ConfideCryptoError {
  const looksRight =
    e instanceof ConfideCryptoError ||
    (e instanceof Error &&
      e.name === 'ConfideCryptoError' &&
      typeof (e as { code?: unknown }).code === 'string');
  return looksRight && (code === undefined || (e as ConfideCryptoError).code === code);
}
