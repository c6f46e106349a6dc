import fc from 'fast-check';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { FileKey } from '../../../crypto/index.js';
import { concatBytes, joinBytes } from '../../../crypto/encoding.js';
import { expectBytes, expectCode, flipped, sampleIndices } from './helpers.js';

const CHUNK = 65536;
const STORED = CHUNK + 17;
let key: FileKey;

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
  key = C.generateFileKey();
});

function content(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + (i >>> 8)) & 255;
  return out;
}

/** The stored bytes split into header and chunks. */
function split(stored: Uint8Array): { header: Uint8Array; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  for (let o = 24; o < stored.length; o += STORED)
    chunks.push(stored.subarray(o, Math.min(stored.length, o + STORED)));
  return { header: stored.subarray(0, 24), chunks };
}

describe('files', () => {
  it('has the stored layout: header, 64 KiB chunks tagged MESSAGE, the last FINAL; an empty file is one empty FINAL chunk', () => {
    for (const n of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 5, 200000]) {
      const stored = C.encryptFile(content(n), key);
      expect(stored.length).toBe(C.encryptedFileSize(n));
      const { header, chunks } = split(stored);
      expect(chunks.length).toBe(Math.max(1, Math.ceil(n / CHUNK)));
      // Check tags with libsodium itself.
      const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
      chunks.forEach((chunk, i) => {
        const r = sodium.crypto_secretstream_xchacha20poly1305_pull(state, chunk, null);
        if (r === false) throw new Error('chunk does not open');
        const last = i === chunks.length - 1;
        expect(r.tag).toBe(
          last
            ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
            : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
        );
        expect(r.message.length).toBe(last ? n - CHUNK * (chunks.length - 1) : CHUNK);
      });
      expectBytes(C.decryptFile(stored, key), content(n));
    }
  });

  it('round-trips whatever the sizes of the pieces fed to update()', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * CHUNK + 100 }),
        fc.array(fc.integer({ min: 0, max: 2 * CHUNK + 50 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 2 * STORED + 50 }), { minLength: 1, maxLength: 8 }),
        (n, cuts, readSizes) => {
          const data = content(n);
          const encryptor = new C.FileEncryptor(key);
          const out: Uint8Array[] = [];
          let offset = 0;
          for (const cut of cuts) {
            const end = Math.min(n, offset + cut);
            out.push(encryptor.update(data.subarray(offset, end)));
            offset = end;
          }
          out.push(encryptor.update(data.subarray(offset)));
          out.push(encryptor.final());
          const stored = joinBytes(out);
          expect(stored.length).toBe(C.encryptedFileSize(n));

          const decryptor = new C.FileDecryptor(key);
          const plain: Uint8Array[] = [];
          let read = 0;
          for (let i = 0; read < stored.length; i++) {
            const size = readSizes[i % readSizes.length]!;
            plain.push(decryptor.update(stored.subarray(read, read + size)));
            read += size;
          }
          plain.push(decryptor.final());
          expectBytes(joinBytes(plain), data);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('works chunk by chunk, as a caller holding one chunk at a time does', () => {
    const data = content(2 * CHUNK + 10);
    const encryptor = new C.FileEncryptor(key);
    const chunks = [
      encryptor.encryptChunk(data.subarray(0, CHUNK), false),
      encryptor.encryptChunk(data.subarray(CHUNK, 2 * CHUNK), false),
      encryptor.encryptChunk(data.subarray(2 * CHUNK), true),
    ];
    expectCode(() => encryptor.encryptChunk(new Uint8Array(1), true), 'INVALID_ARGUMENT');
    const decryptor = new C.FileDecryptor(key, encryptor.header);
    const plain = chunks.map((c) => decryptor.decryptChunk(c));
    decryptor.final();
    expectBytes(joinBytes(plain), data);
    expectBytes(C.decryptFile(concatBytes(encryptor.header, ...chunks), key), data);
    const misuse = new C.FileEncryptor(key);
    expectCode(() => misuse.encryptChunk(new Uint8Array(10), false), 'INVALID_ARGUMENT');
  });

  it('writes chunks into a buffer the caller holds, at any offset, and refuses one without room', () => {
    const data = content(CHUNK + 100);
    const encryptor = new C.FileEncryptor(key);
    const stored = new Uint8Array(3 + 24 + 2 * 17 + data.length);
    stored.set(encryptor.header, 3);
    expectCode(
      () => encryptor.encryptChunkInto(data.subarray(0, CHUNK), false, stored, stored.length - STORED + 1),
      'INVALID_ARGUMENT',
    );
    encryptor.encryptChunkInto(data.subarray(0, CHUNK), false, stored, 3 + 24);
    encryptor.encryptChunkInto(data.subarray(CHUNK), true, stored, 3 + 24 + STORED);
    expectBytes(C.decryptFile(stored.subarray(3), key), data);

    const decryptor = new C.FileDecryptor(key, stored.subarray(3, 27));
    const plain = new Uint8Array(5 + data.length);
    expectCode(
      () => decryptor.decryptChunkInto(stored.subarray(27, 27 + STORED), plain, 5 + 101),
      'INVALID_ARGUMENT',
    );
    // A refused call fails the decryptor, as every other error does: start again.
    const again = new C.FileDecryptor(key, stored.subarray(3, 27));
    again.decryptChunkInto(stored.subarray(27, 27 + STORED), plain, 5);
    again.decryptChunkInto(stored.subarray(27 + STORED), plain, 5 + CHUNK);
    again.final();
    expectBytes(plain.subarray(5), data);
    expect(Array.from(plain.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('refuses offsets that are not whole numbers, and buffers that are views of the WebAssembly memory', () => {
    const chunk = content(10);
    for (const offset of [Number.NaN, 1.5, -1, Number.POSITIVE_INFINITY]) {
      const encryptor = new C.FileEncryptor(key);
      expectCode(
        () => encryptor.encryptChunkInto(chunk, true, new Uint8Array(100), offset),
        'INVALID_ARGUMENT',
      );
    }
    const heap = (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
    const encryptor = new C.FileEncryptor(key);
    expectCode(() => encryptor.encryptChunkInto(chunk, true, heap.subarray(0, 100), 0), 'INVALID_ARGUMENT');
    expectCode(() => encryptor.encryptChunk(heap.subarray(0, 10), true), 'INVALID_ARGUMENT');
  });

  it('leaves nothing in the caller’s buffer from a chunk that authenticates but may not stand there', () => {
    // Made with libsodium.js itself: chunks our encryptor never writes.
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    const pushTagged = sodium.crypto_secretstream_xchacha20poly1305_push(
      state,
      content(40),
      null,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_PUSH,
    );
    const out = new Uint8Array(40);
    expectCode(() => new C.FileDecryptor(key, header).decryptChunkInto(pushTagged, out, 0), 'TAMPERED');
    expect(out.every((b) => b === 0)).toBe(true);

    const second = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    const shortMessage = sodium.crypto_secretstream_xchacha20poly1305_push(
      second.state,
      content(40),
      null,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
    );
    expectCode(
      () => new C.FileDecryptor(key, second.header).decryptChunkInto(shortMessage, out, 0),
      'FILE_TRUNCATED',
    );
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it('leaves no plaintext on the WebAssembly heap after encrypting or decrypting', () => {
    // A recognisable 64 KiB pattern that no key, state or ciphertext would contain.
    const marker = new TextEncoder().encode('confide-heap-marker-'.repeat(3277).slice(0, CHUNK));
    const heapHolds = (needle: Uint8Array): boolean => {
      const heap = (sodium as unknown as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
      return Buffer.from(heap.buffer, heap.byteOffset, heap.length).includes(
        Buffer.from(needle.subarray(0, 64)),
      );
    };
    const stored = C.encryptFile(marker, key);
    expect(heapHolds(marker)).toBe(false);
    expectBytes(C.decryptFile(stored, key), marker);
    expect(heapHolds(marker)).toBe(false);
    // The check can fail: libsodium.js's own push leaves its input on the heap.
    const { state } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    sodium.crypto_secretstream_xchacha20poly1305_push(
      state,
      marker,
      null,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    );
    expect(heapHolds(marker)).toBe(true);
  });

  it('streams through async iterables without ever holding the whole file', async () => {
    const total = 40 * CHUNK + 123;
    function* source() {
      for (let o = 0; o < total; o += 50000) yield content(Math.min(50000, total - o));
    }
    let storedLength = 0;
    let largest = 0;
    const stored: Uint8Array[] = [];
    for await (const piece of C.encryptFileStream(source(), key)) {
      storedLength += piece.length;
      largest = Math.max(largest, piece.length);
      stored.push(piece);
    }
    expect(storedLength).toBe(C.encryptedFileSize(total));
    expect(largest).toBeLessThanOrEqual(2 * STORED + 24);
    let plainLength = 0;
    for await (const piece of C.decryptFileStream(stored, key)) {
      plainLength += piece.length;
      largest = Math.max(largest, piece.length);
    }
    expect(plainLength).toBe(total);
    expect(largest).toBeLessThanOrEqual(2 * STORED + 24);
  });

  it('detects truncation at a chunk boundary (no FINAL chunk)', () => {
    const stored = C.encryptFile(content(3 * CHUNK + 7), key);
    for (const keep of [24, 24 + STORED, 24 + 2 * STORED, 24 + 3 * STORED]) {
      const error = expectCode(() => C.decryptFile(stored.subarray(0, keep), key), 'FILE_TRUNCATED');
      expect(error.offset).toBe(keep);
    }
    expectCode(() => C.decryptFile(stored.subarray(0, 10), key), 'FILE_TRUNCATED');
    expectCode(() => C.decryptFile(new Uint8Array(0), key), 'FILE_TRUNCATED');
    // Chunk by chunk: final() without the FINAL chunk.
    const { header, chunks } = split(stored);
    const decryptor = new C.FileDecryptor(key, header);
    decryptor.decryptChunk(chunks[0]!);
    expectCode(() => decryptor.final(), 'FILE_TRUNCATED');
  });

  it('detects truncation inside a chunk', () => {
    const stored = C.encryptFile(content(2 * CHUNK + 7), key);
    for (const cut of [1, 16, 17, 100, STORED - 1]) {
      const error = expectCode(
        () => C.decryptFile(stored.subarray(0, 24 + STORED + cut), key),
        cut < 17 ? 'FILE_TRUNCATED' : 'TAMPERED',
      );
      expect(error.offset).toBeGreaterThanOrEqual(24 + STORED);
    }
    expectCode(() => C.decryptFile(stored.subarray(0, stored.length - 1), key), 'TAMPERED');
  });

  it('detects data after the FINAL chunk', () => {
    // After a full-size FINAL chunk, or chunk by chunk, it is named as such.
    const full = C.encryptFile(content(CHUNK), key);
    const error = expectCode(
      () => C.decryptFile(concatBytes(full, new Uint8Array(5)), key),
      'FILE_TRAILING_DATA',
    );
    expect(error.offset).toBe(full.length);
    const { header, chunks } = split(full);
    const decryptor = new C.FileDecryptor(key, header);
    decryptor.decryptChunk(chunks[0]!);
    expectCode(() => decryptor.decryptChunk(chunks[0]!), 'FILE_TRAILING_DATA');
    // After a short FINAL chunk the reader cannot know where that chunk ended
    // (chunks carry no length), so the extra bytes make it fail to authenticate.
    const short = C.encryptFile(content(100), key);
    expectCode(() => C.decryptFile(concatBytes(short, new Uint8Array([0])), key), 'TAMPERED');
    expectCode(() => C.decryptFile(concatBytes(short, short.subarray(24)), key), 'TAMPERED');
  });

  it('detects reordered, repeated or dropped chunks', () => {
    const stored = C.encryptFile(content(3 * CHUNK + 7), key);
    const { header, chunks } = split(stored);
    const [a, b, c, d] = chunks as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    expectCode(() => C.decryptFile(concatBytes(header, b, a, c, d), key), 'TAMPERED');
    expectCode(() => C.decryptFile(concatBytes(header, a, a, c, d), key), 'TAMPERED');
    expectCode(() => C.decryptFile(concatBytes(header, a, c, d), key), 'TAMPERED');
    expectCode(() => C.decryptFile(concatBytes(header, a, b, d), key), 'TAMPERED');
    // A chunk from another file under the same key.
    const other = split(C.encryptFile(content(3 * CHUNK + 7), key));
    expectCode(() => C.decryptFile(concatBytes(header, a, other.chunks[1]!, c, d), key), 'TAMPERED');
  });

  it('detects a flipped byte anywhere: header, any chunk, any tag', () => {
    const stored = C.encryptFile(content(CHUNK + 500), key);
    const hints = [24, 24 + STORED - 17, 24 + STORED, stored.length - 17];
    for (const i of sampleIndices(stored.length, 250, hints)) {
      expectCode(() => C.decryptFile(flipped(stored, i, i % 8), key), 'TAMPERED');
    }
    const small = C.encryptFile(content(0), key);
    for (let i = 0; i < small.length; i++)
      expectCode(() => C.decryptFile(flipped(small, i, i % 8), key), 'TAMPERED');
  });

  it('does not open with another key', () => {
    expectCode(() => C.decryptFile(C.encryptFile(content(10), key), C.generateFileKey()), 'TAMPERED');
    expectCode(() => new C.FileEncryptor(new Uint8Array(16) as FileKey), 'BAD_KEY');
  });

  it('refuses further use after finishing or failing', () => {
    const encryptor = new C.FileEncryptor(key);
    encryptor.final();
    expectCode(() => encryptor.update(new Uint8Array(1)), 'INVALID_ARGUMENT');
    const decryptor = new C.FileDecryptor(key);
    decryptor.update(flipped(C.encryptFile(content(10), key), 30));
    expectCode(() => decryptor.final(), 'TAMPERED');
    expectCode(() => decryptor.final(), 'INVALID_ARGUMENT');
    expectCode(() => decryptor.update(new Uint8Array(1)), 'INVALID_ARGUMENT');
  });
});
