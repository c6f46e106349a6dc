/**
 * Size limits of the contract, as plain numbers with no imports, so the browser can check what
 * it is about to send against the very values the server's schemas enforce.
 */

/**
 * Largest padded plaintext of a report or message: four of the largest padding blocks (256 KiB).
 * The intake form and the message boxes measure what they are about to seal and refuse text that
 * would not fit, with a word on sending the rest as a file; files are the place for large things.
 * A bound well under the body limit keeps a page of the case list, and a hostile flood of
 * reports, small.
 */
export const MAX_ENVELOPE_PLAINTEXT_BYTES = 4 * 65536;

/** The XChaCha20-Poly1305 tag after the padded plaintext. */
const ENVELOPE_TAG_BYTES = 16;

/** That plaintext's ciphertext, in unpadded base64url: the longest `c` accepted in a JSON body. */
export const MAX_PAYLOAD_B64 = Math.ceil(((MAX_ENVELOPE_PLAINTEXT_BYTES + ENVELOPE_TAG_BYTES) * 4) / 3);

/**
 * A summary envelope's padded plaintext (docs/protocol.md 9.7; crypto's SUMMARY_PADDED_BYTES): every
 * summary is exactly this long, so its ciphertext `c` is always SUMMARY_CIPHERTEXT_B64 characters.
 */
export const SUMMARY_PADDED_BYTES = 512;
export const SUMMARY_CIPHERTEXT_B64 = Math.ceil(((SUMMARY_PADDED_BYTES + ENVELOPE_TAG_BYTES) * 4) / 3);

/** Files one report or message may carry. */
export const MAX_ATTACHMENTS_PER_OBJECT = 20;
