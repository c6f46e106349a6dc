/**
 * Every constant of the Confide protocol, version 1 (docs/protocol.md, PROTOCOL.md).
 *
 * FROZEN. Each string and number here is part of the stored format: changing one
 * breaks every report, roster and key bundle already written. A new format gets a
 * new version and new constants beside these, never an edit. Retired values are
 * listed at the end of this file so they are never reused.
 */

// ---------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------

/** Version of envelopes (`"v"`), roster entries and key bundles. FROZEN. */
export const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------
// Sizes (bytes unless the name says otherwise)
// ---------------------------------------------------------------------------

/** XChaCha20-Poly1305, X25519, secretstream and Ed25519 seed key size. */
export const KEY_BYTES = 32;
/** XChaCha20-Poly1305 IETF public nonce. */
export const NONCE_BYTES = 24;
/** Poly1305 tag appended by the AEAD. */
export const TAG_BYTES = 16;
/** X25519 public and secret key size. */
export const BOX_PUBLIC_KEY_BYTES = 32;
export const BOX_SECRET_KEY_BYTES = 32;
/** crypto_box_seal output = ephemeral public key (32) + MAC (16) + message. */
export const SEAL_OVERHEAD_BYTES = 48;
/** Nonce of crypto_box (XSalsa20-Poly1305), derived for sealed boxes. */
export const BOX_NONCE_BYTES = 24;
/** Ed25519. The secret key is libsodium's 64-byte form (seed || public key). */
export const SIGN_PUBLIC_KEY_BYTES = 32;
export const SIGN_SECRET_KEY_BYTES = 64;
export const SIGNATURE_BYTES = 64;
/** Argon2id salt. */
export const SALT_BYTES = 16;
/** BLAKE2b output used for roster hashes, verifiers, lookup hashes, signed payload hashes. */
export const HASH_BYTES = 32;
/** Blind-index tag length. */
export const BLIND_INDEX_TAG_BYTES = 16;
/** The team fingerprint is displayed from the first 16 bytes of the genesis hash... */
export const FINGERPRINT_DISPLAY_BYTES = 16;
/** ...as 8 groups of 4 hex digits. */
export const FINGERPRINT_DISPLAY_GROUPS = 8;

// ---------------------------------------------------------------------------
// Padding. FROZEN: the buckets are visible to the server as ciphertext sizes.
// ---------------------------------------------------------------------------

/** Padded plaintext sizes, smallest first; past the last, multiples of it. */
export const PAD_BUCKETS: readonly number[] = Object.freeze([256, 1024, 4096, 16384, 65536]);
/** Largest bucket; also the block size for plaintexts of at least this length. */
export const PAD_MAX_BLOCK_BYTES = 65536;
/**
 * A summary envelope's padded plaintext is always exactly this long (docs/protocol.md 9.7), so every
 * case of a list costs the same bytes and its size tells the server nothing; the writer shortens
 * fields until the JSON fits in SUMMARY_PADDED_BYTES - 1 bytes.
 */
export const SUMMARY_PADDED_BYTES = 512;

// ---------------------------------------------------------------------------
// Files (crypto_secretstream_xchacha20poly1305). FROZEN.
// ---------------------------------------------------------------------------

/** Plaintext bytes per secretstream chunk; the last chunk may be shorter (or empty). */
export const FILE_CHUNK_BYTES = 65536;
/** secretstream header at the start of a stored file. */
export const FILE_HEADER_BYTES = 24;
/** secretstream per-chunk overhead (1 encrypted tag byte + 16-byte MAC). */
export const FILE_CHUNK_OVERHEAD_BYTES = 17;
/** Stored size of a full chunk. */
export const FILE_STORED_CHUNK_BYTES = FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD_BYTES;

// ---------------------------------------------------------------------------
// Context strings. FROZEN: each is mixed into a signature, hash or key.
// ---------------------------------------------------------------------------

/** Prefix of every signed roster entry: sig = sign(ROSTER_SIGNATURE_CONTEXT || canon(entry)). */
export const ROSTER_SIGNATURE_CONTEXT = 'confide/v1/roster\n';
/** Prefix of a report signature: CONTEXT || id || "\n" || b64(hash(c)). */
export const REPORT_SIGNATURE_CONTEXT = 'confide/v1/report\n';
/**
 * Prefix of the signature of a report that carries a summary envelope (docs/protocol.md 9.7):
 * CONTEXT || id || "\n" || b64(hash(c)) || "\n" || b64(hash(c_summary)). A report without one
 * keeps REPORT_SIGNATURE_CONTEXT; the two contexts differ, so neither message passes for the other.
 */
export const REPORT_SUMMARY_SIGNATURE_CONTEXT = 'confide/v1/report+summary\n';
/** Prefix of an item signature: CONTEXT || id || "\n" || case || "\n" || b64(hash(c)). */
export const ITEM_SIGNATURE_CONTEXT = 'confide/v1/item\n';
/**
 * Prefix of an index-key grant's signature (docs/protocol.md 7):
 * sig = sign(CONTEXT || canon({ by, epoch, member, team, wrap })), by an admin of the verified roster.
 */
export const INDEX_KEY_GRANT_CONTEXT = 'confide/v1/index-key-grant\n';
/** Prefix hashed before a normalized account name in the blind index. */
export const BLIND_INDEX_CONTEXT = 'confide/v1/party\n';
/** Prefix hashed before a normalized appeal reference: the only form of it the server keeps. */
export const APPEAL_REFERENCE_CONTEXT = 'confide/v1/appeal-reference\n';
/**
 * Prefix of a member's signature over the receipt they made for a case's target (protocol.md 8.5):
 * CONTEXT || case || "\n" || b64(box_pk) || "\n" || b64(sign_pk).
 */
export const TARGET_INVITATION_CONTEXT = 'confide/v1/target-invitation\n';
/**
 * Prefix of a referral packet's signature by the referring member (protocol.md 10.10):
 * CONTEXT || id || "\n" || from_case || "\n" || b64(BLAKE2b-256(c)) || "\n" || b64(BLAKE2b-256(c_summary)).
 */
export const REFERRAL_SIGNATURE_CONTEXT = 'confide/v1/referral\n';
/** Hashed (16 bytes) to make the fixed Argon2id salt of receipts. */
export const RECEIPT_SALT_CONTEXT = 'confide/v1/receipt-salt';
/**
 * Prefix of a member's key fingerprint, BLAKE2b-256(CONTEXT || enc_pk || sign_pk), which an
 * invitee reads out to the admin before the admin signs the roster entry adding them.
 * Not in PROTOCOL.md yet (see member-fingerprint.ts).
 */
export const MEMBER_FINGERPRINT_CONTEXT = 'confide/v1/member-fingerprint\n';
/**
 * Prefix of a recovery proof (docs/protocol.md 5.8): a member who opened their recovery bundle signs
 * CONTEXT || team || "\n" || member || "\n" || nonce || "\n" || b64(BLAKE2b-256(canon(credentials)))
 * with the recovered sign_sk, so the server takes new credentials only from the key holder.
 */
export const RECOVERY_SIGNATURE_CONTEXT = 'confide/v1/recovery\n';
/** Associated data is `confide/v1/<kind>/<team>/<id>`. */
export const ASSOCIATED_DATA_PREFIX = 'confide/v1/';

/** crypto_kdf contexts: exactly 8 ASCII bytes each. */
export const MEMBER_KDF_CONTEXT = 'cnfdmbr1';
export const RECOVERY_KDF_CONTEXT = 'cnfdrcv1';
export const RECEIPT_KDF_CONTEXT = 'cnfdrcpt';

/** Sub-key ids under MEMBER_KDF_CONTEXT. */
export const MEMBER_KEK_SUBKEY_ID = 1;
export const MEMBER_AUTH_SUBKEY_ID = 2;
/** Sub-key id under RECOVERY_KDF_CONTEXT. */
export const RECOVERY_KEK_SUBKEY_ID = 1;
/** Sub-key ids under RECEIPT_KDF_CONTEXT. */
export const RECEIPT_LOOKUP_SUBKEY_ID = 1;
export const RECEIPT_BOX_SUBKEY_ID = 2;
export const RECEIPT_SIGN_SUBKEY_ID = 3;

/** `<kind>` values of associated data. FROZEN. */
export const AD_KIND_REPORT = 'report';
export const AD_KIND_MEMBER_KEYS = 'member-keys';
/** A member's own settings, encrypted to that member alone (docs/protocol.md 5.7). */
export const AD_KIND_MEMBER_SETTINGS = 'member-settings';
/** A report's summary envelope: what the case list shows, sealed under the report key (9.7). */
export const AD_KIND_SUMMARY = 'summary';
/** Items use their own kind as the AD kind. */
export const ITEM_KINDS = Object.freeze(['message', 'note', 'record'] as const);

/** Grant recipient id used for the reporter (all others are member ids). */
export const REPORTER_GRANT_ID = 'reporter';

/** Body schemas. */
export const REPORT_SCHEMA = 'confide/report/v1';
export const MESSAGE_SCHEMA = 'confide/message/v1';
export const NOTE_SCHEMA = 'confide/note/v1';
export const RECORD_SCHEMA = 'confide/record/v1';
export const MEMBER_SETTINGS_SCHEMA = 'confide/member-settings/v1';
export const SUMMARY_SCHEMA = 'confide/summary/v1';

// ---------------------------------------------------------------------------
// Argon2id parameters
// ---------------------------------------------------------------------------

/** Stored as `kdf.alg`. */
export const KDF_ALGORITHM = 'argon2id13';
/** libsodium MODERATE: about 0.8 s in WebAssembly. */
export const DEFAULT_KDF_OPS = 3;
export const DEFAULT_KDF_MEM_BYTES = 268435456;
/** A client refuses anything weaker: a server that lowers them is attacking. */
export const MIN_KDF_OPS = 2;
export const MIN_KDF_MEM_BYTES = 67108864;
/** Receipts and recovery codes: fixed by the protocol. FROZEN. */
export const RECEIPT_KDF_OPS = 2;
export const RECEIPT_KDF_MEM_BYTES = 67108864;

// ---------------------------------------------------------------------------
// Receipts and recovery codes
// ---------------------------------------------------------------------------

/** Crockford base32 alphabet (no I, L, O, U). FROZEN. */
export const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 characters x 5 bits = 100 bits. */
export const RECEIPT_LENGTH = 20;
/** Shown as XXXX-XXXX-XXXX-XXXX-XXXX. */
export const RECEIPT_GROUP_LENGTH = 4;

// ---------------------------------------------------------------------------
// Backups (crypto/backup.ts, docs/protocol.md section 18). FROZEN: changing one makes every backup already written unreadable.
// A new layout gets a new BACKUP_FORMAT_VERSION, never an edit.
// ---------------------------------------------------------------------------

/** The first 8 bytes of every backup, ASCII. FROZEN. */
export const BACKUP_MAGIC = 'CNFDBKUP';
/** Byte 8. FROZEN. */
export const BACKUP_FORMAT_VERSION = 1;
/** Byte 9: libsodium's crypto_pwhash_ALG_ARGON2ID13. FROZEN. */
export const BACKUP_KDF_ALG_ARGON2ID13 = 2;
/** crypto_kdf context of the two sub-keys (8 ASCII bytes). FROZEN. */
export const BACKUP_KDF_CONTEXT = 'cnfdbak1';
export const BACKUP_HEADER_SUBKEY_ID = 1;
export const BACKUP_STREAM_SUBKEY_ID = 2;
/** Bytes of the header the mac covers: magic, version, alg, ops, mem, salt. */
export const BACKUP_MACED_BYTES = 34;
/** The whole header: the mac'd part and the 32-byte mac. The body starts here. */
export const BACKUP_HEADER_BYTES = BACKUP_MACED_BYTES + HASH_BYTES;
/**
 * The weakest Argon2id a backup is written or read with: the defaults of a member's passphrase
 * (ops 3, 256 MiB). A backup holds every member's verifier, every session and the server's
 * secrets: guessing its passphrase must cost no less than guessing a member's.
 */
export const BACKUP_MIN_KDF_OPS = DEFAULT_KDF_OPS;
export const BACKUP_MIN_KDF_MEM_BYTES = DEFAULT_KDF_MEM_BYTES;

// ---------------------------------------------------------------------------
// Retired values: none yet. When a constant is retired, list it here with the
// date, so that no later format reuses it.
// ---------------------------------------------------------------------------
