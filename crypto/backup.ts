/**
 * Backups: a whole deployment's database, encrypted with a passphrase the operator chooses
 * (docs/protocol.md, "Backups"). What is encrypted is opaque here; the server decides the
 * plaintext (server/backup/format.ts).
 *
 *   master     = crypto_pwhash(32, NFKC(passphrase), salt16, ops, mem, ARGON2ID13)
 *   header_key = crypto_kdf_derive_from_key(32, 1, "cnfdbak1", master)
 *   stream_key = crypto_kdf_derive_from_key(32, 2, "cnfdbak1", master)
 *
 *   stored = header (66) || body
 *
 *   offset  bytes  field
 *   0       8      magic "CNFDBKUP"
 *   8       1      format version: 1
 *   9       1      key derivation: 2 (crypto_pwhash_ALG_ARGON2ID13)
 *   10      4      ops, unsigned big-endian
 *   14      4      mem in bytes, unsigned big-endian
 *   18      16     salt
 *   34      32     mac = crypto_generichash(32, bytes 0..33, key = header_key)
 *
 *   body = an attachment stream (files.ts) under stream_key: secretstream header (24), then
 *          65536-byte chunks tagged MESSAGE, the last tagged FINAL.
 *
 * The mac authenticates everything before it, so a header that was altered, or a wrong
 * passphrase, is found after one Argon2id run and before any of the body is read. The body
 * is authenticated chunk by chunk; a backup is known to be whole only when `final()` returns
 * (truncation shows only at the end), so a restore must be able to undo everything it did
 * until then.
 */
import {
  BACKUP_FORMAT_VERSION,
  BACKUP_HEADER_BYTES,
  BACKUP_HEADER_SUBKEY_ID,
  BACKUP_KDF_ALG_ARGON2ID13,
  BACKUP_KDF_CONTEXT,
  BACKUP_MACED_BYTES,
  BACKUP_MAGIC,
  BACKUP_MIN_KDF_MEM_BYTES,
  BACKUP_MIN_KDF_OPS,
  BACKUP_STREAM_SUBKEY_ID,
  HASH_BYTES,
  KDF_ALGORITHM,
  KEY_BYTES,
  SALT_BYTES,
} from './constants.js';
import { concatBytes, constantTimeEqual, toBase64Url, utf8 } from './encoding.js';
import { ConfideCryptoError, isConfideCryptoError } from './errors.js';
import { FileDecryptor, FileEncryptor, fileEncryptorWithFixedHeader } from './files.js';
import { deriveMasterKey } from './member-keys.js';
import { randomBytes } from './random.js';
import { lib } from './sodium.js';
import type { FileKey, MasterKey } from './types.js';

/** Where the body starts, for readers that find the header themselves. */
export { BACKUP_HEADER_BYTES } from './constants.js';

/** ops and mem are stored as unsigned 32-bit integers. */
const U32_MAX = 0xffffffff;

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

declare const backupKeyKind: unique symbol;
/** Authenticates a backup's header. */
export type BackupHeaderKey = Uint8Array & { readonly [backupKeyKind]: 'BackupHeaderKey' };
/** The secretstream key of a backup's body. */
export type BackupStreamKey = Uint8Array & { readonly [backupKeyKind]: 'BackupStreamKey' };

/** Argon2id parameters of one backup, as its header records them. */
export interface BackupKdfParams {
  readonly ops: number;
  readonly mem: number;
  /** 16 random bytes, new for every backup. */
  readonly salt: Uint8Array;
}

/** What a passphrase gives for one backup's parameters. Slow to make (Argon2id); wipe with `disposeBackupKeys`. */
export interface BackupKeys {
  /** The parameters these keys were derived with: a backup written with them records them. */
  readonly kdf: BackupKdfParams;
  readonly headerKey: BackupHeaderKey;
  readonly streamKey: BackupStreamKey;
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/** Parameters for a new backup: at least a member passphrase's defaults, and a fresh salt. */
export function generateBackupKdfParams(
  ops = BACKUP_MIN_KDF_OPS,
  mem = BACKUP_MIN_KDF_MEM_BYTES,
): BackupKdfParams {
  const kdf = { ops, mem, salt: randomBytes(SALT_BYTES) };
  checkBackupKdfParams(kdf);
  return kdf;
}

/**
 * KDF_TOO_WEAK below ops 3 / 256 MiB, KDF_UNSUPPORTED for values that do not fit the header
 * (whole numbers up to 2^32 - 1), BAD_ENCODING for a salt that is not 16 bytes.
 */
function checkBackupKdfParams(kdf: BackupKdfParams): void {
  if (
    !Number.isSafeInteger(kdf.ops) ||
    !Number.isSafeInteger(kdf.mem) ||
    kdf.ops > U32_MAX ||
    kdf.mem > U32_MAX
  ) {
    throw new ConfideCryptoError(
      'KDF_UNSUPPORTED',
      'backup kdf ops and mem must be whole numbers below 2^32',
    );
  }
  if (kdf.ops < BACKUP_MIN_KDF_OPS || kdf.mem < BACKUP_MIN_KDF_MEM_BYTES) {
    throw new ConfideCryptoError(
      'KDF_TOO_WEAK',
      `backup kdf parameters ops ${kdf.ops} / mem ${kdf.mem} are below the minimum ops ${BACKUP_MIN_KDF_OPS} / ${BACKUP_MIN_KDF_MEM_BYTES} bytes (256 MiB)`,
    );
  }
  if (!(kdf.salt instanceof Uint8Array) || kdf.salt.length !== SALT_BYTES) {
    throw new ConfideCryptoError('BAD_ENCODING', `backup kdf salt must be ${SALT_BYTES} bytes`);
  }
}

/**
 * The keys of a backup from its passphrase (NFKC, UTF-8, Argon2id, as a member's passphrase)
 * and parameters. Slow by design: about a second and 256 MiB at the minimum parameters.
 */
export function deriveBackupKeys(passphrase: string, kdf: BackupKdfParams): BackupKeys {
  checkBackupKdfParams(kdf);
  const master = deriveMasterKey(passphrase, {
    alg: KDF_ALGORITHM,
    ops: kdf.ops,
    mem: kdf.mem,
    salt: toBase64Url(kdf.salt),
  });
  try {
    return backupKeysFromMaster(master, kdf);
  } finally {
    master.fill(0);
  }
}

/** @internal The two sub-keys of `master` (the Argon2id output). Exposed for the vector generator. */
export function backupKeysFromMaster(master: MasterKey, kdf: BackupKdfParams): BackupKeys {
  const sodium = lib();
  return {
    kdf: { ops: kdf.ops, mem: kdf.mem, salt: kdf.salt.slice() },
    headerKey: sodium.crypto_kdf_derive_from_key(
      KEY_BYTES,
      BACKUP_HEADER_SUBKEY_ID,
      BACKUP_KDF_CONTEXT,
      master,
    ) as BackupHeaderKey,
    streamKey: sodium.crypto_kdf_derive_from_key(
      KEY_BYTES,
      BACKUP_STREAM_SUBKEY_ID,
      BACKUP_KDF_CONTEXT,
      master,
    ) as BackupStreamKey,
  };
}

/** Wipes the keys (the caller's copy; encryptors and decryptors keep their own until done). */
export function disposeBackupKeys(keys: BackupKeys): void {
  keys.headerKey.fill(0);
  keys.streamKey.fill(0);
}

// ---------------------------------------------------------------------------
// Header
// ---------------------------------------------------------------------------

/** The first BACKUP_HEADER_BYTES of a backup, read but not yet authenticated. */
export interface BackupHeader {
  readonly kdf: BackupKdfParams;
  /** The header's bytes as stored (mac included). */
  readonly bytes: Uint8Array;
}

function encodeMacedPart(kdf: BackupKdfParams): Uint8Array {
  const out = new Uint8Array(BACKUP_MACED_BYTES);
  const view = new DataView(out.buffer);
  out.set(utf8(BACKUP_MAGIC), 0);
  out[8] = BACKUP_FORMAT_VERSION;
  out[9] = BACKUP_KDF_ALG_ARGON2ID13;
  view.setUint32(10, kdf.ops, false);
  view.setUint32(14, kdf.mem, false);
  out.set(kdf.salt, 18);
  return out;
}

function headerMac(maced: Uint8Array, headerKey: BackupHeaderKey): Uint8Array {
  return lib().crypto_generichash(HASH_BYTES, maced, headerKey);
}

/** The header a backup written with `keys` starts with. */
export function backupHeader(keys: BackupKeys): Uint8Array {
  const maced = encodeMacedPart(keys.kdf);
  return concatBytes(maced, headerMac(maced, keys.headerKey));
}

/**
 * Reads a backup's header (its first BACKUP_HEADER_BYTES) without authenticating it, for the
 * parameters to derive the keys with. FILE_TRUNCATED when shorter, BAD_ENCODING when it is not
 * a Confide backup, UNKNOWN_VERSION for a format or KDF this code does not know, KDF_TOO_WEAK /
 * KDF_UNSUPPORTED for parameters it refuses to run.
 */
export function parseBackupHeader(bytes: Uint8Array): BackupHeader {
  if (bytes.length < BACKUP_HEADER_BYTES) {
    throw new ConfideCryptoError(
      'FILE_TRUNCATED',
      `backup ends inside its ${BACKUP_HEADER_BYTES}-byte header (${bytes.length} bytes)`,
      { offset: bytes.length },
    );
  }
  const header = bytes.slice(0, BACKUP_HEADER_BYTES);
  if (!constantTimeEqual(header.subarray(0, 8), utf8(BACKUP_MAGIC))) {
    throw new ConfideCryptoError(
      'BAD_ENCODING',
      'this is not a Confide backup (its first bytes are not CNFDBKUP)',
      {
        offset: 0,
      },
    );
  }
  if (header[8] !== BACKUP_FORMAT_VERSION) {
    throw new ConfideCryptoError(
      'UNKNOWN_VERSION',
      `backup format version ${header[8] ?? 0} is not known to this version of Confide (it reads version ${BACKUP_FORMAT_VERSION})`,
      { offset: 8 },
    );
  }
  if (header[9] !== BACKUP_KDF_ALG_ARGON2ID13) {
    throw new ConfideCryptoError(
      'UNKNOWN_VERSION',
      `backup key derivation ${header[9] ?? 0} is not known (2 is Argon2id)`,
      {
        offset: 9,
      },
    );
  }
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const kdf = { ops: view.getUint32(10, false), mem: view.getUint32(14, false), salt: header.slice(18, 34) };
  checkBackupKdfParams(kdf);
  return { kdf, bytes: header };
}

function sameKdf(a: BackupKdfParams, b: BackupKdfParams): boolean {
  return a.ops === b.ops && a.mem === b.mem && constantTimeEqual(a.salt, b.salt);
}

// ---------------------------------------------------------------------------
// Encryptor
// ---------------------------------------------------------------------------

/** Set only inside backupEncryptorWithFixedStreamHeader, for the constructor it calls. */
let fixedStreamHeader: Uint8Array | undefined;

/**
 * @internal An encryptor with a caller-chosen secretstream header, for the vector generator
 * only (not exported by index.ts): a header repeated under one key repeats the keystream.
 */
export function backupEncryptorWithFixedStreamHeader(
  keys: BackupKeys,
  streamHeader: Uint8Array,
): BackupEncryptor {
  fixedStreamHeader = streamHeader;
  try {
    return new BackupEncryptor(keys);
  } finally {
    fixedStreamHeader = undefined;
  }
}

/**
 * Encrypts a backup incrementally: `update(plaintext)` any number of times with pieces of any
 * size, then `final()`; everything returned, concatenated (the header comes first), is the
 * stored backup. Holds at most one 64 KiB chunk.
 */
export class BackupEncryptor {
  #header: Uint8Array | undefined;
  readonly #body: FileEncryptor;

  constructor(keys: BackupKeys) {
    checkBackupKdfParams(keys.kdf);
    this.#header = backupHeader(keys);
    // The body is an attachment stream under the backup's own key (docs/protocol.md, section 11).
    const streamKey = keys.streamKey as Uint8Array as FileKey;
    this.#body =
      fixedStreamHeader === undefined
        ? new FileEncryptor(streamKey)
        : fileEncryptorWithFixedHeader(streamKey, fixedStreamHeader);
  }

  /** Encrypts what can be encrypted so far (the header first); may return an empty array. */
  update(plaintext: Uint8Array): Uint8Array {
    return this.#withHeader(this.#body.update(plaintext));
  }

  /** Encrypts the rest as the FINAL chunk and releases the stream state. */
  final(): Uint8Array {
    return this.#withHeader(this.#body.final());
  }

  /** Wipes and frees the stream state (done by `final()`; call it when abandoning a backup). */
  dispose(): void {
    this.#body.dispose();
  }

  #withHeader(body: Uint8Array): Uint8Array {
    if (this.#header === undefined) return body;
    const out = concatBytes(this.#header, body);
    this.#header = undefined;
    return out;
  }
}

// ---------------------------------------------------------------------------
// Decryptor
// ---------------------------------------------------------------------------

/**
 * Decrypts a backup's body incrementally, after checking its header against the keys.
 *
 * The constructor throws WRONG_PASSPHRASE when the header's mac does not verify: a wrong
 * passphrase and an altered header cannot be told apart, and the first is by far the likelier.
 * Then `update(stored)` with the bytes after the header, split anyhow, and `final()`. Errors:
 * TAMPERED (a chunk altered, reordered, or from another backup), FILE_TRUNCATED (the backup
 * ends before its FINAL chunk), FILE_TRAILING_DATA (bytes after it), each with the `offset` in
 * the whole stored backup. Plaintext is released chunk by chunk as each authenticates; the
 * backup is known to be whole only when `final()` returns.
 */
export class BackupDecryptor {
  readonly #body: FileDecryptor;

  constructor(keys: BackupKeys, header: BackupHeader) {
    if (!sameKdf(keys.kdf, header.kdf)) {
      throw new ConfideCryptoError(
        'WRONG_PASSPHRASE',
        'these backup keys were derived for another backup (other salt or parameters)',
      );
    }
    const maced = header.bytes.subarray(0, BACKUP_MACED_BYTES);
    const mac = header.bytes.subarray(BACKUP_MACED_BYTES, BACKUP_HEADER_BYTES);
    if (!constantTimeEqual(headerMac(maced, keys.headerKey), mac)) {
      throw new ConfideCryptoError(
        'WRONG_PASSPHRASE',
        'the backup does not open with this passphrase (or its header was altered)',
      );
    }
    this.#body = new FileDecryptor(keys.streamKey as Uint8Array as FileKey);
  }

  /** Plaintext of every chunk completed by `stored`; may be empty. */
  update(stored: Uint8Array): Uint8Array {
    return backupErrors(() => this.#body.update(stored));
  }

  /** Decrypts what is left and checks that the backup ended with its FINAL chunk. */
  final(): Uint8Array {
    return backupErrors(() => this.#body.final(), true);
  }

  /** Wipes and frees the stream state. */
  dispose(): void {
    this.#body.dispose();
  }
}

/**
 * The body's errors, reworded for a backup and with offsets counted from the start of the file.
 * At the end (`atEnd`), a last chunk that does not authenticate may as well be one cut short
 * in the middle: the two cannot be told apart, and the message says so.
 */
function backupErrors<T>(run: () => T, atEnd = false): T {
  try {
    return run();
  } catch (e) {
    if (!isConfideCryptoError(e)) throw e;
    const offset = e.offset === undefined ? undefined : e.offset + BACKUP_HEADER_BYTES;
    const at = offset === undefined ? '' : ` (at byte ${offset})`;
    const message =
      e.code === 'TAMPERED'
        ? atEnd
          ? `the backup is damaged, altered or cut short${at}: its last chunk does not authenticate`
          : `the backup is damaged or was altered${at}: a chunk does not authenticate`
        : e.code === 'FILE_TRUNCATED'
          ? `the backup is incomplete${at}: it ends before its FINAL chunk`
          : e.code === 'FILE_TRAILING_DATA'
            ? `the backup has bytes after its FINAL chunk${at}`
            : e.message;
    throw new ConfideCryptoError(e.code, message, offset === undefined ? {} : { offset });
  }
}

// ---------------------------------------------------------------------------
// Async-iterable transforms
// ---------------------------------------------------------------------------

type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Plaintext pieces in, the stored backup out (header first). */
export async function* encryptBackupStream(source: ByteSource, keys: BackupKeys): AsyncGenerator<Uint8Array> {
  const encryptor = new BackupEncryptor(keys);
  try {
    for await (const piece of source) {
      const out = encryptor.update(piece);
      if (out.length > 0) yield out;
    }
    yield encryptor.final();
  } finally {
    encryptor.dispose();
  }
}

/**
 * The stored backup in, plaintext out. With a passphrase, derives the keys from the header's
 * parameters (Argon2id); with keys already derived, they must be for this backup. Throws before
 * yielding anything when the header is not a backup's or the passphrase is wrong, and on the
 * first bad chunk after; the generator ends without error only for a whole, intact backup.
 */
export async function* decryptBackupStream(
  source: ByteSource,
  passphraseOrKeys: string | BackupKeys,
): AsyncGenerator<Uint8Array> {
  let headerBytes: Uint8Array = new Uint8Array(0);
  let decryptor: BackupDecryptor | undefined;
  try {
    for await (const piece of source) {
      let body = piece;
      if (decryptor === undefined) {
        headerBytes = concatBytes(headerBytes, piece);
        if (headerBytes.length < BACKUP_HEADER_BYTES) continue;
        decryptor = openHeader(headerBytes, passphraseOrKeys);
        body = headerBytes.subarray(BACKUP_HEADER_BYTES);
      }
      const out = decryptor.update(body);
      if (out.length > 0) yield out;
    }
    decryptor ??= openHeader(headerBytes, passphraseOrKeys);
    const last = decryptor.final();
    if (last.length > 0) yield last;
  } finally {
    decryptor?.dispose();
  }
}

function openHeader(bytes: Uint8Array, passphraseOrKeys: string | BackupKeys): BackupDecryptor {
  const header = parseBackupHeader(bytes);
  if (typeof passphraseOrKeys !== 'string') return new BackupDecryptor(passphraseOrKeys, header);
  const keys = deriveBackupKeys(passphraseOrKeys, header.kdf);
  try {
    return new BackupDecryptor(keys, header);
  } finally {
    disposeBackupKeys(keys);
  }
}
