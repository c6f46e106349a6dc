// What the crypto suite needs from "ours": a thin, benchmark-shaped view of the
// project's crypto API (crypto/index.ts). bench/suites/crypto/ours.ts implements
// it by calling that API and nothing else, so every figure labelled "ours" is
// the project's own code path, with the project's own encodings and checks.
// The references (references.ts) implement the same shapes.

/** A report body as the reporter's form builds it (PROTOCOL.md, "The report body"). */
export type ReportBodyObject = Readonly<Record<string, unknown>>;

/** A report as it travels (PROTOCOL.md, "Reports"): what a member receives from the server. */
export interface ReportWire {
  readonly id: string;
  readonly team: string;
  readonly payload: { readonly v: 1; readonly n: string; readonly c: string };
  readonly grants: readonly { readonly to: string; readonly k: string }[];
  readonly reporter: { readonly sign_pk: string };
  readonly sig: string;
}

/**
 * A team of `members` members and one reporter. Reports are granted to every
 * member and to the reporter (members + 1 grants), as PROTOCOL.md prescribes.
 */
export interface ReportScenario {
  /** Encrypts `body` as a new report (fresh id, key, nonce): envelope + grants + signature. */
  seal(body: ReportBodyObject): ReportWire | Promise<ReportWire>;
  /** Opens a report as the first member: unwrap the grant, verify the signature, decrypt, unpad, parse. */
  open(report: ReportWire): ReportBodyObject | Promise<ReportBodyObject>;
  /**
   * The team console's case-list path: unwrap the grant, decrypt, unpad, parse — no
   * signature check (done when a case is opened; the list shows no author).
   */
  openForList(report: ReportWire): ReportBodyObject | Promise<ReportBodyObject>;
}

/** Attachment encryption (PROTOCOL.md, "Attachments"). K is the key type (branded in crypto/). */
export interface FileCrypto<K extends Uint8Array = Uint8Array> {
  newKey(): K;
  /** Starts a stream: the 24-byte header, then one `push` per plaintext chunk (64 KiB, the last one shorter). */
  encryptor(key: K): FileEncryptor;
  /** A decryptor fed the header, then one encrypted chunk (64 KiB + 17 bytes) at a time. */
  decryptor(key: K, header: Uint8Array): FileDecryptor;
  /** A whole file in memory → header || chunks. */
  encryptWhole(key: K, plaintext: Uint8Array): Uint8Array;
  /** header || chunks → the whole file, every chunk and the FINAL tag checked. */
  decryptWhole(key: K, stored: Uint8Array): Uint8Array;
  /**
   * Streams `source` through encryption and straight back through decryption with
   * the library's streaming interface, dropping the plaintext; calls `onPiece` for
   * every decrypted piece. Returns the number of bytes that came back.
   */
  streamThrough(key: K, source: Iterable<Uint8Array>, onPiece: () => void): Promise<number>;
}

export interface FileEncryptor {
  readonly header: Uint8Array;
  /** Encrypts one chunk; `last` marks the FINAL chunk. The returned bytes must not alias `chunk`. */
  push(chunk: Uint8Array, last: boolean): Uint8Array;
}

export interface FileDecryptor {
  /** Decrypts and authenticates one chunk. */
  pull(piece: Uint8Array): Uint8Array;
  /** Confirms the stream ended with FINAL. */
  finish(): void;
}

export interface Subject<K extends Uint8Array = Uint8Array> {
  /** For the notes under the table. */
  readonly label: string;
  reportScenario(members: number): Promise<ReportScenario>;
  readonly files: FileCrypto<K>;
  /** Passphrase → master (Argon2id) → kek and auth. */
  deriveMember(passphrase: string, salt: Uint8Array, ops: number, mem: number): unknown;
  /** Receipt → seed (Argon2id, ops 2, 64 MiB) → lookup, box and sign keys. */
  deriveReceipt(receipt: string): unknown;
  /** A fresh, valid receipt for deriveReceipt. */
  newReceipt(): string;
}
