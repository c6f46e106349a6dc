/**
 * Attachments: crypto_secretstream_xchacha20poly1305 in 64 KiB chunks
 * (PROTOCOL.md, "Attachments").
 *
 *   stored = header(24) || chunk_1 || ... || chunk_n
 *   chunk_i = push(plaintext[(i-1)*65536 .. i*65536), tag)       65536 + 17 bytes
 *   tag = MESSAGE on all but the last chunk, FINAL on the last;
 *   the last chunk holds 1..65536 bytes, or 0 for an empty file (one empty FINAL chunk).
 *
 * A file of exactly k*65536 bytes has k chunks, the k-th FINAL: no empty chunk
 * after it. The encryptor therefore holds back a full chunk until it knows
 * whether more data follows.
 *
 * Both directions are incremental (classes, or async-iterable transforms), so a
 * large file is never whole in memory. The decryptor hands out plaintext chunk
 * by chunk as each authenticates; the file as a whole is confirmed only when
 * `final()` returns (truncation is detectable only at the end). Do not act on
 * the plaintext (show it, save it under its name) before then.
 */
import {
  FILE_CHUNK_BYTES,
  FILE_CHUNK_OVERHEAD_BYTES,
  FILE_HEADER_BYTES,
  FILE_STORED_CHUNK_BYTES,
  KEY_BYTES,
} from './constants.js';
import { joinBytes } from './encoding.js';
import { ConfideCryptoError } from './errors.js';
import {
  disposeStreamState,
  secretstreamInitPull,
  secretstreamInitPush,
  secretstreamPullInto,
  secretstreamPushInto,
} from './sodium.js';
import type { FileKey } from './types.js';

/** A secretstream state: its address on the WebAssembly heap. */
type StreamState = number;

/** crypto_secretstream_xchacha20poly1305_TAG_MESSAGE and _TAG_FINAL (libsodium's fixed values). */
const TAG_MESSAGE = 0;
const TAG_FINAL = 3;

function tagFor(isLast: boolean): number {
  return isLast ? TAG_FINAL : TAG_MESSAGE;
}

/** INVALID_ARGUMENT unless `out` has `length` bytes of room from a whole-number `offset`. */
function assertRoom(out: Uint8Array, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > out.length) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'the output buffer has no room for this chunk');
  }
}

function assertFileKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
    throw new ConfideCryptoError('BAD_KEY', `file key must be ${KEY_BYTES} bytes`);
  }
}

/** Stored size of a file of `plaintextLength` bytes. */
export function encryptedFileSize(plaintextLength: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextLength / FILE_CHUNK_BYTES));
  return FILE_HEADER_BYTES + plaintextLength + chunks * FILE_CHUNK_OVERHEAD_BYTES;
}

/** Set only inside fileEncryptorWithFixedHeader, for the constructor it calls. */
let fixedHeader: Uint8Array | undefined;

/**
 * @internal An encryptor with a caller-chosen header, for the vector generator
 * only (not exported by index.ts): a header repeated under one key repeats the
 * keystream.
 */
export function fileEncryptorWithFixedHeader(fileKey: FileKey, header: Uint8Array): FileEncryptor {
  if (header.length !== FILE_HEADER_BYTES) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', `file header must be ${FILE_HEADER_BYTES} bytes`);
  }
  fixedHeader = header;
  try {
    return new FileEncryptor(fileKey);
  } finally {
    fixedHeader = undefined;
  }
}

/**
 * Encrypts a file. Two ways to drive it, not to be mixed on one instance:
 *
 * - buffered: any number of `update(bytes)` calls of any sizes, then `final()`;
 *   concatenating everything returned (the header comes first) is the stored file;
 * - chunk by chunk: write `header`, then `encryptChunk(chunk, isLast)` for each
 *   65536-byte chunk, the last one shorter (or empty) and marked last.
 */
export class FileEncryptor {
  /** The 24-byte secretstream header: the first bytes of the stored file. */
  readonly header: Uint8Array;
  #state: StreamState | undefined;
  #headerPending = true;
  #mode: 'buffered' | 'chunks' | undefined;
  readonly #pending = new Uint8Array(FILE_CHUNK_BYTES);
  #pendingLength = 0;
  #finished = false;

  constructor(fileKey: FileKey) {
    assertFileKey(fileKey);
    if (fixedHeader === undefined) {
      const { state, header } = secretstreamInitPush(fileKey);
      this.#state = state;
      this.header = header;
    } else {
      // init_pull derives exactly the state init_push makes from this header.
      this.#state = secretstreamInitPull(fixedHeader, fileKey);
      this.header = fixedHeader.slice();
    }
  }

  /**
   * Encrypts one chunk: exactly 65536 bytes, or 0..65536 for the last one
   * (`isLast`, tagged FINAL). Returns chunk.length + 17 bytes. Releases the
   * stream state after the last chunk.
   */
  encryptChunk(chunk: Uint8Array, isLast: boolean): Uint8Array {
    const out = new Uint8Array(chunk.length + FILE_CHUNK_OVERHEAD_BYTES);
    this.encryptChunkInto(chunk, isLast, out, 0);
    return out;
  }

  /**
   * encryptChunk, writing the chunk.length + 17 stored bytes into `out` at `offset` instead of
   * a new array: for assembling a stored file in one buffer without a copy per chunk.
   */
  encryptChunkInto(chunk: Uint8Array, isLast: boolean, out: Uint8Array, offset: number): void {
    this.#setMode('chunks');
    const state = this.#live();
    if (isLast ? chunk.length > FILE_CHUNK_BYTES : chunk.length !== FILE_CHUNK_BYTES) {
      throw new ConfideCryptoError(
        'INVALID_ARGUMENT',
        `file chunks are ${FILE_CHUNK_BYTES} bytes, except the last (at most ${FILE_CHUNK_BYTES}); got ${chunk.length}`,
      );
    }
    assertRoom(out, offset, chunk.length + FILE_CHUNK_OVERHEAD_BYTES);
    secretstreamPushInto(state, chunk, tagFor(isLast), out, offset);
    if (isLast) this.#finish();
  }

  /** Encrypts what can be encrypted so far (the header first); may return an empty array. */
  update(data: Uint8Array): Uint8Array {
    this.#setMode('buffered');
    const state = this.#live();
    const out: Uint8Array[] = [];
    this.#takeHeader(out);
    let offset = 0;
    // Invariant: a full pending chunk is pushed only once more data is known to follow it.
    while (offset < data.length) {
      if (this.#pendingLength === FILE_CHUNK_BYTES) {
        out.push(this.#push(state, this.#pending, false));
        this.#pendingLength = 0;
      }
      if (this.#pendingLength === 0 && data.length - offset > FILE_CHUNK_BYTES) {
        // Fast path: whole chunks straight from the input, no staging copy.
        out.push(this.#push(state, data.subarray(offset, offset + FILE_CHUNK_BYTES), false));
        offset += FILE_CHUNK_BYTES;
        continue;
      }
      const take = Math.min(FILE_CHUNK_BYTES - this.#pendingLength, data.length - offset);
      this.#pending.set(data.subarray(offset, offset + take), this.#pendingLength);
      this.#pendingLength += take;
      offset += take;
    }
    return joinPieces(out);
  }

  /** Encrypts the rest as the FINAL chunk and releases the stream state. */
  final(): Uint8Array {
    this.#setMode('buffered');
    const state = this.#live();
    const out: Uint8Array[] = [];
    this.#takeHeader(out);
    out.push(this.#push(state, this.#pending.subarray(0, this.#pendingLength), true));
    this.#pendingLength = 0;
    this.#finish();
    return joinPieces(out);
  }

  /** Wipes and frees the stream state (done after the last chunk; call it when abandoning a file). */
  dispose(): void {
    if (this.#state !== undefined) disposeStreamState(this.#state);
    this.#state = undefined;
    this.#pending.fill(0);
  }

  #finish(): void {
    this.dispose();
    this.#finished = true;
  }

  #push(state: StreamState, chunk: Uint8Array, final: boolean): Uint8Array {
    const out = new Uint8Array(chunk.length + FILE_CHUNK_OVERHEAD_BYTES);
    secretstreamPushInto(state, chunk, tagFor(final), out, 0);
    return out;
  }

  #takeHeader(out: Uint8Array[]): void {
    if (this.#headerPending) {
      out.push(this.header);
      this.#headerPending = false;
    }
  }

  #setMode(mode: 'buffered' | 'chunks'): void {
    this.#mode ??= mode;
    if (this.#mode !== mode) {
      throw new ConfideCryptoError(
        'INVALID_ARGUMENT',
        'use either update()/final() or encryptChunk(), not both',
      );
    }
  }

  #live(): StreamState {
    if (this.#state === undefined) {
      throw new ConfideCryptoError(
        'INVALID_ARGUMENT',
        this.#finished ? 'file encryptor already finished' : 'file encryptor was disposed',
      );
    }
    return this.#state;
  }
}

function joinPieces(pieces: Uint8Array[]): Uint8Array {
  return pieces.length === 1 && pieces[0] !== undefined ? pieces[0] : joinBytes(pieces);
}

/**
 * Decrypts a stored file. Two ways to drive it, not to be mixed:
 *
 * - buffered: `update(bytes)` with any split of the stored bytes (header
 *   included), then `final()`;
 * - chunk by chunk: pass the header to the constructor, call
 *   `decryptChunk(stored)` for each 65553-byte stored chunk (the last one
 *   shorter), then `final()`.
 *
 * Errors: TAMPERED (a chunk altered, reordered, dropped or from another file),
 * FILE_TRUNCATED (ends before the FINAL chunk), FILE_TRAILING_DATA (bytes after
 * the FINAL chunk), each with the `offset` in the stored bytes. The plaintext is
 * released chunk by chunk as each authenticates; the file is known to be whole
 * only when `final()` returns.
 */
export class FileDecryptor {
  readonly #key: Uint8Array;
  #state: StreamState | undefined;
  readonly #header = new Uint8Array(FILE_HEADER_BYTES);
  #headerLength = 0;
  #mode: 'buffered' | 'chunks' | undefined;
  readonly #pending = new Uint8Array(FILE_STORED_CHUNK_BYTES);
  #pendingLength = 0;
  /** Stored bytes consumed so far, for error offsets. */
  #offset = 0;
  #sawFinal = false;
  #closed = false;

  constructor(fileKey: FileKey, header?: Uint8Array) {
    assertFileKey(fileKey);
    this.#key = fileKey.slice();
    if (header !== undefined) {
      if (header.length !== FILE_HEADER_BYTES) {
        throw new ConfideCryptoError('FILE_TRUNCATED', `file header must be ${FILE_HEADER_BYTES} bytes`, {
          offset: 0,
        });
      }
      this.#mode = 'chunks';
      this.#acceptHeader(header);
    }
  }

  /**
   * Decrypts one stored chunk (65553 bytes, the last one 17..65553). After the
   * FINAL chunk, any further chunk is FILE_TRAILING_DATA.
   */
  decryptChunk(stored: Uint8Array): Uint8Array {
    const out = new Uint8Array(Math.max(0, stored.length - FILE_CHUNK_OVERHEAD_BYTES));
    this.decryptChunkInto(stored, out, 0);
    return out;
  }

  /**
   * decryptChunk, writing the stored.length - 17 plaintext bytes into `out` at `offset` instead
   * of a new array: for assembling a whole file in one buffer without a copy per chunk.
   */
  decryptChunkInto(stored: Uint8Array, out: Uint8Array, offset: number): void {
    this.#checkUsable('chunks');
    try {
      if (this.#sawFinal) {
        throw new ConfideCryptoError('FILE_TRAILING_DATA', 'encrypted file has data after its FINAL chunk', {
          offset: this.#offset,
        });
      }
      if (stored.length < FILE_CHUNK_OVERHEAD_BYTES || stored.length > FILE_STORED_CHUNK_BYTES) {
        throw new ConfideCryptoError(
          stored.length < FILE_CHUNK_OVERHEAD_BYTES ? 'FILE_TRUNCATED' : 'INVALID_ARGUMENT',
          `a stored chunk is ${FILE_CHUNK_OVERHEAD_BYTES}..${FILE_STORED_CHUNK_BYTES} bytes; got ${stored.length}`,
          { offset: this.#offset },
        );
      }
      assertRoom(out, offset, stored.length - FILE_CHUNK_OVERHEAD_BYTES);
      this.#pullInto(stored, out, offset);
    } catch (e) {
      this.#fail();
      throw e;
    }
  }

  /** Plaintext of every chunk completed by `data`; may be empty. */
  update(data: Uint8Array): Uint8Array {
    this.#checkUsable('buffered');
    const out: Uint8Array[] = [];
    let offset = 0;
    try {
      if (this.#headerLength < FILE_HEADER_BYTES) {
        const take = Math.min(FILE_HEADER_BYTES - this.#headerLength, data.length);
        this.#header.set(data.subarray(0, take), this.#headerLength);
        this.#headerLength += take;
        this.#offset += take;
        offset = take;
        if (this.#headerLength === FILE_HEADER_BYTES) this.#acceptHeader(this.#header);
      }
      while (offset < data.length) {
        if (this.#sawFinal) {
          throw new ConfideCryptoError(
            'FILE_TRAILING_DATA',
            'encrypted file has data after its FINAL chunk',
            {
              offset: this.#offset,
            },
          );
        }
        if (this.#pendingLength === 0 && data.length - offset >= FILE_STORED_CHUNK_BYTES) {
          out.push(this.#pull(data.subarray(offset, offset + FILE_STORED_CHUNK_BYTES)));
          offset += FILE_STORED_CHUNK_BYTES;
          continue;
        }
        const take = Math.min(FILE_STORED_CHUNK_BYTES - this.#pendingLength, data.length - offset);
        this.#pending.set(data.subarray(offset, offset + take), this.#pendingLength);
        this.#pendingLength += take;
        offset += take;
        if (this.#pendingLength === FILE_STORED_CHUNK_BYTES) {
          this.#pendingLength = 0;
          out.push(this.#pull(this.#pending));
        }
      }
    } catch (e) {
      this.#fail();
      throw e;
    }
    return joinPieces(out);
  }

  /**
   * Decrypts the last, shorter chunk if one is buffered and checks that the
   * file ended with FINAL. Only now is the whole file known to be intact.
   * Returns the last plaintext (empty in chunk-by-chunk use).
   */
  final(): Uint8Array {
    this.#checkUsable(undefined);
    let last: Uint8Array = new Uint8Array(0);
    try {
      if (this.#headerLength < FILE_HEADER_BYTES) {
        throw new ConfideCryptoError('FILE_TRUNCATED', 'encrypted file ends inside its header', {
          offset: this.#offset,
        });
      }
      if (this.#pendingLength > 0) {
        if (this.#pendingLength < FILE_CHUNK_OVERHEAD_BYTES) {
          throw new ConfideCryptoError('FILE_TRUNCATED', 'encrypted file ends inside a chunk', {
            offset: this.#offset,
          });
        }
        const length = this.#pendingLength;
        this.#pendingLength = 0;
        last = this.#pull(this.#pending.subarray(0, length));
      }
      if (!this.#sawFinal) {
        throw new ConfideCryptoError('FILE_TRUNCATED', 'encrypted file ends before its FINAL chunk', {
          offset: this.#offset,
        });
      }
    } catch (e) {
      this.#fail();
      throw e;
    }
    this.#fail(); // done: release everything, refuse further use
    return last;
  }

  /** Wipes and frees the stream state. */
  dispose(): void {
    if (this.#state !== undefined) disposeStreamState(this.#state);
    this.#state = undefined;
    this.#key.fill(0);
    this.#pending.fill(0);
  }

  #acceptHeader(header: Uint8Array): void {
    this.#headerLength = FILE_HEADER_BYTES;
    this.#offset = FILE_HEADER_BYTES;
    this.#state = secretstreamInitPull(header, this.#key);
    this.#key.fill(0);
  }

  #pull(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(chunk.length - FILE_CHUNK_OVERHEAD_BYTES);
    this.#pullInto(chunk, out, 0);
    return out;
  }

  /** Decrypts a stored chunk of at least 17 bytes into `out` at `offset`, checking its tag. */
  #pullInto(chunk: Uint8Array, out: Uint8Array, offset: number): void {
    if (this.#state === undefined)
      throw new ConfideCryptoError('INVALID_ARGUMENT', 'file decryptor has no header yet');
    const tag = secretstreamPullInto(this.#state, chunk, out, offset);
    const at = this.#offset;
    this.#offset += chunk.length;
    if (tag === undefined) {
      throw new ConfideCryptoError(
        'TAMPERED',
        `encrypted file chunk at byte ${at} does not authenticate: altered, reordered, a chunk before it missing, or another key`,
        { offset: at },
      );
    }
    const refused = tag !== TAG_FINAL && (tag !== TAG_MESSAGE || chunk.length !== FILE_STORED_CHUNK_BYTES);
    // A chunk that authenticates but may not stand here (another tag; a short chunk not FINAL):
    // its plaintext was written already, and no caller should find it in their buffer.
    if (refused) out.fill(0, offset, offset + chunk.length - FILE_CHUNK_OVERHEAD_BYTES);
    if (tag === TAG_FINAL) {
      this.#sawFinal = true;
    } else if (tag !== TAG_MESSAGE) {
      throw new ConfideCryptoError(
        'TAMPERED',
        `encrypted file chunk at byte ${at} has an unexpected tag ${tag}`,
        {
          offset: at,
        },
      );
    } else if (chunk.length !== FILE_STORED_CHUNK_BYTES) {
      // Only the last chunk may be short, and the last chunk is FINAL.
      throw new ConfideCryptoError('FILE_TRUNCATED', 'encrypted file ends before its FINAL chunk', {
        offset: this.#offset,
      });
    }
  }

  #fail(): void {
    this.dispose();
    this.#closed = true;
  }

  #checkUsable(mode: 'buffered' | 'chunks' | undefined): void {
    if (this.#closed) {
      throw new ConfideCryptoError('INVALID_ARGUMENT', 'file decryptor already finished or failed');
    }
    if (mode === undefined) return;
    this.#mode ??= mode;
    if (this.#mode !== mode) {
      throw new ConfideCryptoError(
        'INVALID_ARGUMENT',
        mode === 'chunks'
          ? 'decryptChunk() needs the header passed to the constructor'
          : 'a decryptor given a header takes decryptChunk(), not update()',
      );
    }
  }
}

/**
 * Encrypts a whole in-memory file into one preallocated buffer (no
 * intermediate concatenation). For large files use FileEncryptor or
 * encryptFileStream instead.
 */
export function encryptFile(plaintext: Uint8Array, fileKey: FileKey): Uint8Array {
  const encryptor = new FileEncryptor(fileKey);
  const out = new Uint8Array(encryptedFileSize(plaintext.length));
  out.set(encryptor.header, 0);
  let o = FILE_HEADER_BYTES;
  const chunks = Math.max(1, Math.ceil(plaintext.length / FILE_CHUNK_BYTES));
  for (let i = 0; i < chunks; i++) {
    const piece = plaintext.subarray(
      i * FILE_CHUNK_BYTES,
      Math.min(plaintext.length, (i + 1) * FILE_CHUNK_BYTES),
    );
    encryptor.encryptChunkInto(piece, i === chunks - 1, out, o);
    o += piece.length + FILE_CHUNK_OVERHEAD_BYTES;
  }
  return out;
}

/**
 * Decrypts a whole in-memory file into one preallocated buffer, with the
 * errors of FileDecryptor. For large files use FileDecryptor or
 * decryptFileStream instead.
 */
export function decryptFile(stored: Uint8Array, fileKey: FileKey): Uint8Array {
  if (stored.length < FILE_HEADER_BYTES) {
    throw new ConfideCryptoError('FILE_TRUNCATED', 'encrypted file ends inside its header', {
      offset: stored.length,
    });
  }
  const decryptor = new FileDecryptor(fileKey, stored.subarray(0, FILE_HEADER_BYTES));
  try {
    const body = stored.length - FILE_HEADER_BYTES;
    const chunks = Math.ceil(body / FILE_STORED_CHUNK_BYTES);
    const lastPiece = body - (chunks - 1) * FILE_STORED_CHUNK_BYTES;
    const capacity =
      chunks === 0 ? 0 : (chunks - 1) * FILE_CHUNK_BYTES + Math.max(0, lastPiece - FILE_CHUNK_OVERHEAD_BYTES);
    const out = new Uint8Array(capacity);
    let o = 0;
    for (let i = 0; i < chunks; i++) {
      const start = FILE_HEADER_BYTES + i * FILE_STORED_CHUNK_BYTES;
      const piece = stored.subarray(start, Math.min(stored.length, start + FILE_STORED_CHUNK_BYTES));
      decryptor.decryptChunkInto(piece, out, o);
      o += piece.length - FILE_CHUNK_OVERHEAD_BYTES;
    }
    decryptor.final();
    return out;
  } finally {
    decryptor.dispose();
  }
}

type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Async-iterable transform: plaintext pieces in, stored bytes out. */
export async function* encryptFileStream(source: ByteSource, fileKey: FileKey): AsyncGenerator<Uint8Array> {
  const encryptor = new FileEncryptor(fileKey);
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
 * Async-iterable transform: stored bytes in, plaintext out. Throws on the first
 * bad chunk; the last piece is yielded only after the FINAL chunk is checked,
 * and the generator ends without error only for an intact file.
 */
export async function* decryptFileStream(source: ByteSource, fileKey: FileKey): AsyncGenerator<Uint8Array> {
  const decryptor = new FileDecryptor(fileKey);
  try {
    for await (const piece of source) {
      const out = decryptor.update(piece);
      if (out.length > 0) yield out;
    }
    const last = decryptor.final();
    if (last.length > 0) yield last;
  } finally {
    decryptor.dispose();
  }
}
