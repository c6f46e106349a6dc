// Drivers for attachment encryption, chunk by chunk: the same loops for ours and
// the reference, so both pay the same harness overhead.

import type { FileChunk } from './fixtures.js';
import type { FileCrypto } from './subject.js';

export interface EncryptedFile {
  readonly header: Uint8Array;
  readonly pieces: readonly Uint8Array[];
}

/** Encrypts every chunk and keeps the pieces (for a decryption run afterwards). */
export function encryptChunks<K extends Uint8Array>(
  files: FileCrypto<K>,
  key: K,
  chunks: Iterable<FileChunk>,
): EncryptedFile {
  const encryptor = files.encryptor(key);
  const pieces: Uint8Array[] = [];
  for (const { bytes, last } of chunks) pieces.push(encryptor.push(bytes, last));
  return { header: encryptor.header, pieces };
}

/** Decrypts every piece and checks the end of the stream; returns the plaintext length. */
export function decryptChunks<K extends Uint8Array>(
  files: FileCrypto<K>,
  key: K,
  file: EncryptedFile,
): number {
  const decryptor = files.decryptor(key, file.header);
  let total = 0;
  for (const piece of file.pieces) total += decryptor.pull(piece).length;
  decryptor.finish();
  return total;
}
