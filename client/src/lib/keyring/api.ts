/**
 * The methods of the keyring workers, as the page-side proxy (keyring.ts) calls them.
 * Types only: each worker implements its part with serveRpc, the proxy with connectRpc.
 */
import type {
  Envelope,
  KdfParams,
  KeyEncryptionKey,
  MemberKeys,
  RecoveredCredentialsWire,
  RosterRow,
  X25519Engine,
} from '#crypto';
import type * as T from './types';

/** Which key-encryption key a KDF worker hands to the keyring over a private MessagePort. */
export type KekPurpose = 'passphrase' | 'recovery';

/** The message a KDF worker posts on the port: the raw kek, its buffer transferred. */
export interface KekMessage {
  readonly purpose: KekPurpose;
  readonly kek: KeyEncryptionKey;
}

/**
 * A short-lived worker that runs Argon2id once and is then terminated, so the 256 MiB of
 * WebAssembly memory it grew is given back. It returns `auth` (sent to the server anyway)
 * and posts `kek` straight to the keyring worker: the page never holds it.
 */
export type KdfApi = {
  deriveMember(args: { passphrase: string; kdf: KdfParams | null; port: MessagePort }): {
    auth: string;
    kdf: KdfParams;
  };
  /** Only `auth` of a passphrase (to prove the current one); its kek is wiped here. */
  deriveAuthOnly(args: { passphrase: string; kdf: KdfParams }): { auth: string };
  /** The kek of a recovery code with new parameters; a new code when `code` is null. */
  deriveRecovery(args: { code: string | null; port: MessagePort }): { kdf: KdfParams; code: string };
  /**
   * Opens the recovery copy of a member's keys with the recovery code (crypto's
   * openRecoveryBundle) and posts the keys to the keyring worker on `port`. Only the public keys
   * come back, for the page to compare with the roster.
   */
  openRecovery(args: {
    code: string;
    copy: { kdf: KdfParams; keys: Envelope };
    team: string;
    memberId: string;
    port: MessagePort;
  }): { enc_pk: string; sign_pk: string };
  /**
   * A new receipt for a case's target (docs/protocol.md 8.5; receipts use Argon2id at 64 MiB):
   * the receipt, to show once, and only the public values it unlocks. Its secret keys and lookup
   * are wiped here: the member's browser never needs them.
   */
  createTargetReceipt(args: null): { receipt: string; box_pk: string; sign_pk: string; lookup_hash: string };
};

/** What a KDF worker posts to the keyring after opening a recovery copy: the key pairs, buffers transferred. */
export interface RecoveredKeysMessage {
  readonly keys: MemberKeys;
}

/** Bulk work that needs only the member's X25519 key: the keyring and every decrypting worker serve it. */
export type DecryptApi = {
  /** One page of GET /api/cases, fetched and parsed here; the ciphertext stays in the worker. */
  fetchCasePage(args: { cursor: string | null; until: string | null; limit: number }): {
    pageId: number;
    next: string | null;
    rows: T.CaseMeta[];
    /** On the first page: how many cases the member may see in all. */
    total: number | null;
  };
  /** GET /api/cases/boundaries: where the list can be cut into ranges of `every` cases. */
  fetchCaseBoundaries(args: { every: number }): { total: number; boundaries: string[] };
  /** Decrypts part of a fetched page (`from`..`to`), leaving out ids in `skip`. */
  openPageChunk(args: {
    team: string;
    pageId: number;
    from: number;
    to: number;
    skip: readonly string[];
  }): T.OpenedSummary[];
  dropPages(args: null): null;
  /** Which code computes this worker's X25519 for the list (crypto's sealedBoxOpener). */
  x25519Engine(args: null): X25519Engine;
  /**
   * The lowercased search text of each case's whole report (body-search.ts), fetched here with
   * GET /api/cases/bodies; cases that cannot be read are left out. Rejects with
   * `unauthorized` when the session ended, and when the network is down.
   */
  searchBodies(args: { team: string; caseIds: readonly string[] }): { id: string; text: string }[];
  /** each readable case's exclusions, served and inside its body (body-search.ts readExclusions). */
  readExclusions(args: { team: string; caseIds: readonly string[] }): {
    id: string;
    served: readonly string[];
    body: readonly string[] | null;
  }[];
  /**
   * docs/protocol.md 12: the account names each readable case's report gives to tag
   * (body-search.ts readParties, crypto's reportParties), for the blind index; cases that cannot
   * be read are left out. Rejects like `searchBodies`.
   */
  readParties(args: { team: string; caseIds: readonly string[] }): {
    id: string;
    involved: readonly string[];
    reporter: string | null;
  }[];
  regrant(args: { objects: readonly T.RegrantInput[]; to: { id: string; enc_pk: string } }): {
    grants: T.RegrantOutput[];
    failed: number;
  };
};

/** A decrypting worker: given only the X25519 key pair, by the primary, over a private port. */
export type HelperApi = DecryptApi & {
  receiveKey(args: { port: MessagePort }): null;
};

/** The primary worker: holds both key pairs and the team index key. */
export type KeyringApi = DecryptApi & {
  /** Waits (in the background) for a kek on `port`; openBundle and wrapBundles use it. */
  receiveKek(args: { purpose: KekPurpose; port: MessagePort }): null;
  /** Opens the key bundle with the passphrase kek; checks the keys match the roster's when given. */
  openBundle(args: {
    team: string;
    memberId: string;
    keys: Envelope;
    expected: { enc_pk: string; sign_pk: string } | null;
    indexKey: T.IndexKeyGrantInput | null;
  }): T.PublicIdentity;
  /** New key pairs for set-up or joining, and a new recovery code (shown once by the page). */
  generateKeys(args: { team: string; memberId: string }): {
    enc_pk: string;
    sign_pk: string;
    recoveryCode: string;
  };
  /**
   * Wraps the keys held here under the passphrase kek, and under the recovery kek when
   * `recovery` (new keys, a passphrase change with a new recovery code, a recovery).
   */
  wrapBundles(args: { recovery: boolean }): { keys: Envelope; recovery: Envelope | null };
  /** Waits (in the background) for the keys a KDF worker opens from a recovery copy. */
  receiveRecoveredKeys(args: { port: MessagePort }): null;
  /** Takes the recovered keys as this member's (not yet unlocked); returns their public keys. */
  takeRecoveredKeys(args: { team: string; memberId: string }): { enc_pk: string; sign_pk: string };
  /** Signs new credentials with the server's nonce (docs/protocol.md 5.8), with the recovered key. */
  signRecoveryProof(args: { nonce: string; credentials: RecoveredCredentialsWire }): string;
  /**
   * The keys made or recovered here become the unlocked identity (no second Argon2id). With
   * `expected`, keys that are not the roster's are refused (BAD_KEY).
   */
  adoptIdentity(args: {
    indexKey: T.IndexKeyGrantInput | null;
    expected?: { enc_pk: string; sign_pk: string };
  }): T.PublicIdentity;
  signGenesis(args: { name: string }): RosterRow;
  /** A new team's first index key (epoch 1), kept here; returns this member's own signed grant of it. */
  newIndexKeyGrant(args: null): T.SignedIndexKeyGrant;
  signRosterChange(args: T.RosterChangeRequest): RosterRow;
  /** The held index key sealed to a member being added, at its epoch, signed by this admin. */
  grantIndexKeyTo(args: { memberId: string; enc_pk: string }): T.SignedIndexKeyGrant;
  /** Signed grants of the index key of `epoch` for `members` (a new key unless `epoch` is the held one's). */
  prepareIndexKey(args: {
    epoch: number;
    members: readonly { id: string; enc_pk: string }[];
  }): T.IssuedIndexKeyGrant[];
  /** The server took the grants of `epoch`: its key becomes the held one. */
  commitIndexKey(args: { epoch: number }): T.IndexKeyState;
  /** What is held of the index key. */
  indexKeyState(args: null): T.IndexKeyState;
  /** Blind-index tags of `names` with the held key; null for a name that normalises to nothing. */
  tagNames(args: { names: readonly string[] }): { epoch: number; tags: (string | null)[] };
  /** Gives a decrypting worker the X25519 key pair over a private port (once per worker). */
  shareDecryptKey(args: { port: MessagePort }): null;
  openCase(args: { team: string; detail: T.SealedCaseInput; authors: Record<string, string> }): T.OpenedCase;
  sealItem(args: T.SealItemRequest): T.SealedItemOutput;
  /**
   * This member's signature over an invitation of the target of `caseId` (crypto's
   * signTargetInvitation), for a case opened in this session only (CASE_NOT_OPEN otherwise).
   */
  signTargetInvitation(args: { team: string; caseId: string; box_pk: string; sign_pk: string }): string;
  /**
   * A referral packet of `caseId` to the team `to` (docs/protocol.md 10.10), sealed (crypto's
   * sealReferral) to `recipients` and to the reporter's key as openCase checked it, and signed as
   * this member: for a case opened in this session only (CASE_NOT_OPEN otherwise);
   * REPORTER_KEY_UNTRUSTED when the case's reporter keys did not check out; BAD_REFERRAL when the
   * packet does not refer this case of this team as this member.
   */
  sealReferral(args: T.SealReferralRequest): T.SealedReferralOutput;
  /** The member's own settings (docs/protocol.md 5.7), sealed to their own enc_pk. */
  sealMemberSettings(args: { personalDetails: readonly string[] }): MemberSettingsSealed;
  /** Opens the member's own settings; TAMPERED when they were altered or are someone else's. */
  openMemberSettings(args: { sealed: MemberSettingsSealed }): MemberSettingsView;
};

/** A member's own settings as the server stores them: an envelope and its key sealed to the member. */
export interface MemberSettingsSealed {
  readonly payload: Envelope;
  readonly k: string;
}

/** A member's own settings, opened, as the page uses them. */
export interface MemberSettingsView {
  /** Words the wording check warns about: real name, e-mail, city... */
  readonly personalDetails: readonly string[];
}
