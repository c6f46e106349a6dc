// Backups: a passphrase-encrypted stream (docs/protocol.md, "Backups"). Each Argon2id run at the
// backup minimum costs about a second and 256 MiB, so the keys are derived once and shared; the
// passphrase paths run a handful of times.
import { readFileSync } from 'node:fs';

import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { BackupKeys, ConfideCryptoErrorCode } from '../../../crypto/index.js';
import { backupEncryptorWithFixedStreamHeader, backupKeysFromMaster } from '../../../crypto/backup.js';
import { concatBytes, joinBytes } from '../../../crypto/encoding.js';
import { deriveMasterKey } from '../../../crypto/member-keys.js';
import { testBytes, VECTORS_PATH, type VectorsV1 } from '../../../scripts/generate-vectors.js';
import { expectBytes, expectCode, flipped } from './helpers.js';

const HEADER = 66;
const CHUNK = 65536;
const STORED_CHUNK = CHUNK + 17;
const PASSPHRASE = 'a backup passphrase nobody guesses';

let keys: BackupKeys;

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
  keys = C.deriveBackupKeys(PASSPHRASE, C.generateBackupKdfParams());
}, 60_000);

function content(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + (i >>> 8)) & 255;
  return out;
}

function encrypt(plaintext: Uint8Array, with_: BackupKeys = keys): Uint8Array {
  const encryptor = new C.BackupEncryptor(with_);
  return concatBytes(encryptor.update(plaintext), encryptor.final());
}

/** Everything decryptBackupStream yields, fed `stored` in pieces of `pieceBytes`. */
async function decryptAll(
  stored: Uint8Array,
  passphraseOrKeys: string | BackupKeys = keys,
  pieceBytes = 10_000,
): Promise<{ plaintext: Uint8Array; pieces: number }> {
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < stored.length; o += pieceBytes) pieces.push(stored.subarray(o, o + pieceBytes));
  const out: Uint8Array[] = [];
  for await (const piece of C.decryptBackupStream(pieces, passphraseOrKeys)) out.push(piece);
  return { plaintext: joinBytes(out), pieces: out.length };
}

/** Runs decryptAll and returns the error's code, offset and message (fails when nothing is thrown). */
async function decryptError(
  stored: Uint8Array,
  passphraseOrKeys: string | BackupKeys = keys,
): Promise<{ code: ConfideCryptoErrorCode; offset: number | undefined; message: string; yielded: number }> {
  let yielded = 0;
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < stored.length; o += 10_000) pieces.push(stored.subarray(o, o + 10_000));
  try {
    for await (const piece of C.decryptBackupStream(pieces, passphraseOrKeys)) yielded += piece.length;
  } catch (e) {
    expect(C.isConfideCryptoError(e)).toBe(true);
    const error = e as C.ConfideCryptoError;
    return { code: error.code, offset: error.offset, message: error.message, yielded };
  }
  throw new Error('expected the backup to be refused');
}

describe('backups', () => {
  it('has the stored layout: 66-byte header (magic, version, Argon2id, ops, mem, salt, mac), then an attachment stream', () => {
    for (const n of [0, 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7]) {
      const stored = encrypt(content(n));
      expect(stored.length).toBe(HEADER + C.encryptedFileSize(n));
      expect(new TextDecoder().decode(stored.subarray(0, 8))).toBe('CNFDBKUP');
      expect([stored[8], stored[9]]).toEqual([1, sodium.crypto_pwhash_ALG_ARGON2ID13]);
      const view = new DataView(stored.buffer, stored.byteOffset);
      expect([view.getUint32(10), view.getUint32(14)]).toEqual([3, 268435456]);
      expectBytes(stored.subarray(18, 34), keys.kdf.salt);
      expectBytes(
        stored.subarray(34, 66),
        sodium.crypto_generichash(32, stored.subarray(0, 34), keys.headerKey),
      );
      // The body is exactly an attachment under the stream key.
      expectBytes(C.decryptFile(stored.subarray(HEADER), keys.streamKey as unknown as C.FileKey), content(n));
    }
  });

  it('round-trips through the stream transforms whatever the sizes of the pieces', async () => {
    const plaintext = content(3 * CHUNK + 12_345);
    const prefixes = [0, 1, 65, 66, 67, 1000, CHUNK, CHUNK + 17, 200_000].map((cut) =>
      plaintext.subarray(0, cut),
    );
    const source = [plaintext.subarray(0, 5), plaintext.subarray(5, 70_000), plaintext.subarray(70_000)];
    const out: Uint8Array[] = [];
    for await (const piece of C.encryptBackupStream(source, keys)) out.push(piece);
    const stored = joinBytes(out);
    for (const size of [1, 66, 67, 4096, STORED_CHUNK, stored.length]) {
      expectBytes((await decryptAll(stored, keys, size)).plaintext, plaintext);
    }
    for (const part of prefixes) expectBytes((await decryptAll(encrypt(part))).plaintext, part);
  });

  it('opens with the passphrase, normalized (NFKC) as a member passphrase is', async () => {
    const passphrase = 'ﬁve Ⅻ cafe\u0301 backups';
    const kdf = C.generateBackupKdfParams();
    const own = C.deriveBackupKeys(passphrase, kdf);
    const stored = encrypt(content(1000), own);
    // Composed, decomposed or with the ligature spelled out: the same NFKC form.
    expectBytes((await decryptAll(stored, 'five XII café backups')).plaintext, content(1000));
  }, 60_000);

  it('refuses a wrong passphrase before releasing any plaintext (WRONG_PASSPHRASE)', async () => {
    const stored = encrypt(content(100_000));
    const error = await decryptError(stored, `${PASSPHRASE}!`);
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(error.yielded).toBe(0);
    expect(error.message).toMatch(/passphrase/);
  }, 60_000);

  it('refuses keys derived for another backup (WRONG_PASSPHRASE)', async () => {
    const other = C.deriveBackupKeys(PASSPHRASE, C.generateBackupKdfParams());
    expect((await decryptError(encrypt(content(10)), other)).code).toBe('WRONG_PASSPHRASE');
  }, 60_000);

  it('names what is wrong with a flipped byte anywhere in the header', async () => {
    const stored = encrypt(content(100));
    const expected: [number, ConfideCryptoErrorCode][] = [
      [0, 'BAD_ENCODING'], // magic
      [7, 'BAD_ENCODING'],
      [8, 'UNKNOWN_VERSION'], // format version
      [9, 'UNKNOWN_VERSION'], // KDF algorithm
      [12, 'WRONG_PASSPHRASE'], // ops 3 -> 259: other parameters, so other keys
      [13, 'KDF_TOO_WEAK'], // ops 3 -> 2: below the floor, refused before any Argon2id
      [17, 'WRONG_PASSPHRASE'], // mem + 1
      [18, 'WRONG_PASSPHRASE'], // salt
      [33, 'WRONG_PASSPHRASE'],
      [34, 'WRONG_PASSPHRASE'], // mac
      [65, 'WRONG_PASSPHRASE'],
    ];
    for (const [index, code] of expected) {
      // The keys already derived stand for the passphrase: a header whose parameters or mac
      // changed does not open with them, as it would not with a fresh derivation.
      const error = await decryptError(flipped(stored, index));
      expect(error.code, `byte ${index}`).toBe(code);
      expect(error.yielded).toBe(0);
    }
  });

  it('refuses a flipped byte in the body as TAMPERED, with its offset', async () => {
    const stored = encrypt(content(2 * CHUNK + 500));
    for (const index of [
      HEADER,
      HEADER + 23,
      HEADER + 24,
      HEADER + 24 + 5000,
      HEADER + 24 + STORED_CHUNK + 1,
    ]) {
      const error = await decryptError(flipped(stored, index));
      expect(error.code, `byte ${index}`).toBe('TAMPERED');
      expect(error.message).toMatch(/damaged or was altered/);
    }
    const lastChunk = HEADER + 24 + 2 * STORED_CHUNK;
    const error = await decryptError(flipped(stored, stored.length - 1));
    expect(error).toMatchObject({ code: 'TAMPERED', offset: lastChunk });
  });

  it('refuses a truncated backup: FILE_TRUNCATED when cut between chunks, TAMPERED inside one', async () => {
    const stored = encrypt(content(2 * CHUNK + 500));
    const firstChunkEnd = HEADER + 24 + STORED_CHUNK;
    for (const length of [
      0,
      10,
      HEADER - 1,
      HEADER,
      HEADER + 10,
      HEADER + 24,
      firstChunkEnd,
      firstChunkEnd + STORED_CHUNK,
    ]) {
      const error = await decryptError(stored.subarray(0, length));
      expect(error.code, `cut at ${length}`).toBe('FILE_TRUNCATED');
      expect(error.message).toMatch(/backup/);
    }
    // Cut inside a chunk, the piece left over is a last chunk that does not authenticate.
    for (const length of [HEADER + 24 + 100, firstChunkEnd + 100, stored.length - 1]) {
      const error = await decryptError(stored.subarray(0, length));
      expect(error.code, `cut at ${length}`).toBe('TAMPERED');
      expect(error.message).toMatch(/cut short/);
    }
    // The chunks before the cut are released as they authenticate, but the stream then fails:
    // only an intact backup ends without an error.
    expect((await decryptError(stored.subarray(0, firstChunkEnd))).yielded).toBe(CHUNK);
  });

  it('refuses reordered, repeated or foreign chunks (TAMPERED) and trailing bytes (FILE_TRAILING_DATA)', async () => {
    const stored = encrypt(content(3 * CHUNK + 10));
    const body = HEADER + 24;
    const chunk = (i: number): Uint8Array =>
      stored.subarray(body + i * STORED_CHUNK, body + (i + 1) * STORED_CHUNK);
    const head = stored.subarray(0, body);
    const tail = stored.subarray(body + 3 * STORED_CHUNK);
    const swapped = concatBytes(head, chunk(1), chunk(0), chunk(2), tail);
    expect(await decryptError(swapped)).toMatchObject({ code: 'TAMPERED', offset: body, yielded: 0 });
    const repeated = concatBytes(head, chunk(0), chunk(0), chunk(1), chunk(2), tail);
    expect(await decryptError(repeated)).toMatchObject({ code: 'TAMPERED', offset: body + STORED_CHUNK });
    // The same keys, another backup: its chunks do not fit this one's stream.
    const other = encrypt(content(3 * CHUNK + 10));
    const spliced = concatBytes(head, chunk(0), other.subarray(body + STORED_CHUNK));
    expect((await decryptError(spliced)).code).toBe('TAMPERED');
    // Bytes after a FINAL chunk that is full: they cannot belong to it.
    const whole = encrypt(content(2 * CHUNK));
    expect(await decryptError(concatBytes(whole, new Uint8Array(17)))).toMatchObject({
      code: 'FILE_TRAILING_DATA',
      offset: whole.length,
    });
  });

  it('writes and reads nothing weaker than a member passphrase (ops 3, 256 MiB)', () => {
    expectCode(() => C.generateBackupKdfParams(2), 'KDF_TOO_WEAK');
    expectCode(() => C.generateBackupKdfParams(3, 64 * 1024 * 1024), 'KDF_TOO_WEAK');
    expectCode(() => C.generateBackupKdfParams(3, 2 ** 32), 'KDF_UNSUPPORTED');
    expectCode(
      () => C.deriveBackupKeys(PASSPHRASE, { ...keys.kdf, salt: new Uint8Array(15) }),
      'BAD_ENCODING',
    );
    const weak = encrypt(content(1)).slice(0, HEADER);
    new DataView(weak.buffer).setUint32(14, 64 * 1024 * 1024);
    expectCode(() => C.parseBackupHeader(weak), 'KDF_TOO_WEAK');
    expect(C.parseBackupHeader(encrypt(content(1))).kdf).toEqual(keys.kdf);
  });

  it('keeps the passphrase, keys and plaintext out of its errors', async () => {
    const secret = 'plaintext that must not leak';
    const stored = encrypt(new TextEncoder().encode(secret));
    const errors = [
      await decryptError(stored, `${PASSPHRASE}?`),
      await decryptError(flipped(stored, HEADER + 30)),
      await decryptError(stored.subarray(0, stored.length - 3)),
    ];
    const text = JSON.stringify(errors);
    for (const s of [PASSPHRASE, secret, C.toBase64Url(keys.streamKey), C.toHex(keys.headerKey)]) {
      expect(text).not.toContain(s);
    }
  }, 60_000);

  it('matches the committed vector: the passphrase opens it, and the same inputs make the same bytes', async () => {
    const V = (JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as VectorsV1).backup;
    const stored = C.fromBase64Url(V.backup);
    expect(stored.length).toBe(HEADER + 24 + V.plaintext_len + 17);
    expectBytes((await decryptAll(stored, V.passphrase)).plaintext, testBytes(V.plaintext_len));

    const kdf = { ops: V.ops, mem: V.mem, salt: C.fromBase64Url(V.salt) };
    expect(C.parseBackupHeader(stored).kdf).toEqual(kdf);
    const master = deriveMasterKey(V.passphrase, { alg: 'argon2id13', ops: V.ops, mem: V.mem, salt: V.salt });
    expect(C.toBase64Url(master)).toBe(V.master);
    const fromMaster = backupKeysFromMaster(master, kdf);
    expect([C.toBase64Url(fromMaster.headerKey), C.toBase64Url(fromMaster.streamKey)]).toEqual([
      V.header_key,
      V.stream_key,
    ]);
    const again = backupEncryptorWithFixedStreamHeader(fromMaster, C.fromBase64Url(V.stream_header));
    expect(C.toBase64Url(concatBytes(again.update(testBytes(V.plaintext_len)), again.final()))).toBe(
      V.backup,
    );
  }, 60_000);
});
