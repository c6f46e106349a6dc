/**
 * Types of the crypto module: branded key roles and the wire objects of
 * PROTOCOL.md, which the server and the client import from here so that there
 * is one definition.
 *
 * Wire objects use the protocol's snake_case field names; binary values in them
 * are base64url strings without padding.
 */

// ---------------------------------------------------------------------------
// Branded key types
//
// Every key is a Uint8Array at run time. The brands exist only for the type
// checker: a BoxPublicKey cannot be passed where a BoxSecretKey is expected, a
// FileKey cannot open a report. Values get their brand from the functions that
// make or decode them; `as` casts to a brand belong in crypto/ only.
// ---------------------------------------------------------------------------

declare const keyKind: unique symbol;
declare const keyRole: unique symbol;

type Kind<K extends string> = Uint8Array & { readonly [keyKind]: K };

/** X25519 public key (32 bytes): a member's `enc_pk`, a reporter's `box_pk`. */
export type BoxPublicKey = Kind<'BoxPublicKey'>;
/** X25519 secret key (32 bytes). Never leaves the member's or reporter's browser. */
export type BoxSecretKey = Kind<'BoxSecretKey'>;
/** Ed25519 public key (32 bytes). */
export type SignPublicKey = Kind<'SignPublicKey'>;
/** Ed25519 secret key in libsodium's 64-byte form (seed || public key). */
export type SignSecretKey = Kind<'SignSecretKey'>;

/** Any XChaCha20-Poly1305 key (32 bytes) that seals envelopes. */
export type SymmetricKey = Kind<'SymmetricKey'>;
/** The random key K of one report. */
export type ReportKey = SymmetricKey & { readonly [keyRole]: 'ReportKey' };
/** The random key of one item (message, note, record). */
export type ItemKey = SymmetricKey & { readonly [keyRole]: 'ItemKey' };
/** Wraps a member's private keys: `kek` from the passphrase or `kek_r` from the recovery code. */
export type KeyEncryptionKey = SymmetricKey & { readonly [keyRole]: 'KeyEncryptionKey' };

/** secretstream key F of one attachment (32 bytes). */
export type FileKey = Kind<'FileKey'>;
/** The team's shared blind-index key (32 bytes). */
export type IndexKey = Kind<'IndexKey'>;
/** Argon2id output for a member; only sub-keys are derived from it. */
export type MasterKey = Kind<'MasterKey'>;
/** Sent (base64url) to the server at login. Not a key for anything else. */
export type AuthKey = Kind<'AuthKey'>;
/** What the server stores instead of the auth key: BLAKE2b-256(auth). */
export type Verifier = Kind<'Verifier'>;
/** A returning reporter sends it (base64url) to find the case. */
export type LookupKey = Kind<'LookupKey'>;
/** BLAKE2b-256(lookup), stored by the server with the report. */
export type LookupHash = Kind<'LookupHash'>;

export interface BoxKeyPair {
  readonly publicKey: BoxPublicKey;
  readonly secretKey: BoxSecretKey;
}

export interface SignKeyPair {
  readonly publicKey: SignPublicKey;
  readonly secretKey: SignSecretKey;
}

/** A member's two keypairs: `enc` (X25519) and `sign` (Ed25519). */
export interface MemberKeys {
  readonly enc: BoxKeyPair;
  readonly sign: SignKeyPair;
}

/** Everything derived from a receipt. `lookup`, `box.secretKey` and `sign.secretKey` are secret. */
export interface ReceiptKeys {
  readonly lookup: LookupKey;
  readonly lookupHash: LookupHash;
  readonly box: BoxKeyPair;
  readonly sign: SignKeyPair;
}

/** Someone a content key is granted to: a member id, or "reporter". */
export interface Recipient {
  readonly id: string;
  readonly boxPublicKey: BoxPublicKey;
}

// ---------------------------------------------------------------------------
// Wire types (PROTOCOL.md)
// ---------------------------------------------------------------------------

/** Symmetric ciphertext: `{ v: 1, n: b64(nonce24), c: b64(aead(pad(plaintext))) }`. */
export interface Envelope {
  readonly v: 1;
  readonly n: string;
  readonly c: string;
}

/** A content key sealed to one recipient: `k = b64(crypto_box_seal(K, pk))`. */
export interface Grant {
  readonly to: string;
  readonly k: string;
}

/** Argon2id parameters stored per member. */
export interface KdfParams {
  readonly alg: 'argon2id13';
  readonly ops: number;
  readonly mem: number;
  readonly salt: string;
}

export type MemberRole = 'admin' | 'member';
export type RosterOp = 'genesis' | 'add' | 'remove' | 'role';

export interface RosterMember {
  readonly id: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly enc_pk: string;
  readonly sign_pk: string;
}

/** One signed entry of the team roster. */
export interface RosterEntry {
  readonly v: 1;
  readonly team: string;
  readonly seq: number;
  readonly prev: string;
  readonly at: string;
  readonly op: RosterOp;
  readonly member: RosterMember;
  readonly by: string;
}

/** A roster entry as stored and served: the entry, its signature and its hash. */
export interface RosterRow {
  readonly entry: RosterEntry;
  readonly sig: string;
  readonly hash: string;
}

/** What a client remembers of a roster to notice forks and rollbacks later. */
export interface RosterHead {
  readonly seq: number;
  readonly hash: string;
}

export type ReportKind =
  | 'personal_attack'
  | 'threat'
  | 'offensive_comment'
  | 'sexual_content'
  | 'unwanted_contact'
  | 'doxing'
  | 'private_communication'
  | 'disruption'
  | 'discrimination'
  | 'reporting_misuse'
  | 'impersonation'
  | 'brigading'
  | 'intimate_images'
  | 'contact_offwiki'
  | 'family_or_employer'
  | 'account_compromise'
  | 'image_based'
  | 'other';

/** An attachment as described inside an encrypted body; `key` is b64(F). */
export interface AttachmentRef {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly key: string;
}

export interface ReportLink {
  readonly url: string;
  readonly note: string;
}

export interface InvolvedAccount {
  readonly name: string;
  readonly role: 'alleged_harasser' | 'target' | 'witness' | 'other';
}

export type ReportContact = { readonly by: 'receipt' } | { readonly by: 'email'; readonly email: string };

/**
 * The plaintext of a report's payload. Only `schema` and `what_happened` are
 * required: readers ignore fields they do not know and show what they have.
 */
export interface ReportBody {
  readonly schema: 'confide/report/v1';
  readonly what_happened: string;
  readonly reporter_role?: 'target' | 'third_party';
  readonly kinds?: readonly ReportKind[];
  readonly summary?: string;
  readonly where?: string;
  readonly links?: readonly ReportLink[];
  readonly involved?: readonly InvolvedAccount[];
  readonly private_info_exposed?: boolean;
  readonly danger?: 'none' | 'life' | 'minor';
  readonly contact?: ReportContact;
  readonly language?: string;
  readonly attachments?: readonly AttachmentRef[];
  readonly submitted_at?: string;
}

/**
 * The plaintext of a report's summary envelope (docs/protocol.md 9.7): what the case list shows,
 * sorts, filters and searches on, shortened to fit 511 bytes of JSON. Only `schema` is required;
 * strings ending in "…" were shortened, and lists may hold only the first entries of the body's.
 */
export interface SummaryBody {
  readonly schema: 'confide/summary/v1';
  readonly reporter_role?: 'target' | 'third_party';
  readonly kinds?: readonly ReportKind[];
  readonly danger?: 'none' | 'life' | 'minor';
  readonly private_info_exposed?: boolean;
  /** The body's `summary`, or when that is empty the first line of `what_happened`. */
  readonly summary?: string;
  readonly where?: string;
  readonly involved?: readonly InvolvedAccount[];
}

export type ItemKind = 'message' | 'note' | 'record';
/** The reporter's thread, the team alone, or the thread with a target invited in (protocol 8.5). */
export type ItemAudience = 'reporter' | 'team' | 'target';

/**
 * The plaintext of an item's payload. Messages and notes carry `text`; records (`confide/record/v1`)
 * carry a `type` and that type's fields instead (contract/records.ts, docs/protocol.md 10.2).
 */
export interface ItemBody {
  readonly schema: 'confide/message/v1' | 'confide/note/v1' | 'confide/record/v1';
  readonly text?: string;
  readonly attachments?: readonly AttachmentRef[];
  readonly written_at?: string;
  readonly type?: string;
  /**
   * A message's thread, as its writer meant it (docs/protocol.md 10.2, extension): readers compare
   * it with the unsigned `audience`. Absent from messages written before it.
   */
  readonly thread?: 'reporter' | 'target';
  readonly [field: string]: unknown;
}

/** The reporter's public values, stored by the server with the report. */
export interface ReporterPublicKeys {
  readonly box_pk: string;
  readonly sign_pk: string;
  readonly lookup_hash: string;
}

/** The parts of `POST /api/reports` that the crypto module makes. */
export interface ReportCryptoParts {
  readonly id: string;
  readonly team: string;
  readonly payload: Envelope;
  readonly grants: readonly Grant[];
  readonly reporter: ReporterPublicKeys;
  readonly sig: string;
  /** The summary envelope (docs/protocol.md 9.7); absent on reports written before summaries. */
  readonly summary?: Envelope;
}

/**
 * The whole `POST /api/reports` body. The contract's schema of it (contract/cases.ts) is the
 * same shape: crypto/ imports nothing from outside, so tests/unit/contract/submission-types.test.ts
 * ties the two, and `Item` to the contract's ItemSubmission. Change both together.
 */
export interface ReportSubmission extends ReportCryptoParts {
  readonly roster_seq: number;
  readonly urgent: boolean;
  readonly excluded: readonly string[];
  readonly attachments: readonly string[];
}

/** An encrypted item as submitted and stored (contract/cases.ts ItemSubmission; see ReportSubmission). */
export interface Item {
  readonly id: string;
  readonly case: string;
  readonly kind: ItemKind;
  readonly author: string;
  readonly audience: ItemAudience;
  readonly payload: Envelope;
  readonly grants: readonly Grant[];
  readonly attachments?: readonly string[];
  readonly sig: string;
}
