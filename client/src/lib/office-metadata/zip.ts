/**
 * Reading and writing the ZIP container of office documents (office-metadata.ts). fflate does the
 * DEFLATE; the container is read here, because cleaning needs what fflate's unzip does not check
 * or keep: the order of the entries, the encryption flag, each entry's CRC, duplicate names.
 *
 *   local header   50 4B 03 04 | ver u16 | flags u16 | method u16 | time u16 | date u16 | crc u32
 *                  | compressed u32 | size u32 | name len u16 | extra len u16 | name | extra | data
 *   central entry  50 4B 01 02 | made by u16 | ver u16 | flags u16 | method u16 | time u16 | date u16
 *                  | crc u32 | compressed u32 | size u32 | name len u16 | extra len u16
 *                  | comment len u16 | disk u16 | int. attrs u16 | ext. attrs u32 | local offset u32
 *                  | name | extra | comment
 *   end record     50 4B 05 06 | disk u16 | cd disk u16 | entries here u16 | entries u16
 *                  | cd size u32 | cd offset u32 | comment len u16 | comment
 *
 * All little-endian. ZIP64 (files past 4 GiB) is refused rather than half-read.
 */
import { deflateSync, inflateSync } from 'fflate';

import { crc32 } from '../image-metadata/png.js';

/** A ZIP that cannot be read safely: damaged, encrypted, or beyond the limits below. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

/** Entries in one archive: far more than any real document, far fewer than a crafted one. */
const MAX_ENTRIES = 20_000;

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const STORED = 0;
const DEFLATED = 8;

export interface ZipEntry {
  /** The name as stored (kept byte for byte when written back). */
  readonly nameBytes: Uint8Array;
  /** The name decoded, for matching ("word/document.xml"). */
  readonly name: string;
  readonly utf8: boolean;
  readonly method: typeof STORED | typeof DEFLATED;
  readonly crc: number;
  readonly size: number;
  /** The entry's data as stored (compressed when method is DEFLATED). */
  readonly stored: Uint8Array;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

/** Whether the bytes start like a ZIP archive (a local header, or the end record of an empty one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && (u32(bytes, 0) === LOCAL_SIGNATURE || u32(bytes, 0) === END_SIGNATURE);
}

function findEndRecord(bytes: Uint8Array): number {
  // The end record is the last 22 bytes, unless an archive comment (at most 65535 bytes) follows it.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (u32(bytes, at) === END_SIGNATURE && at + 22 + u16(bytes, at + 20) === bytes.length) return at;
  }
  throw new ZipError('no end of central directory record');
}

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (!utf8) return latin1(bytes); // CP437 in theory; office documents name their parts in ASCII
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ZipError('an entry name is not valid UTF-8');
  }
}

/** The entries in central-directory order, their data still as stored. Throws ZipError. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const end = findEndRecord(bytes);
  const count = u16(bytes, end + 10);
  const directorySize = u32(bytes, end + 12);
  const directoryOffset = u32(bytes, end + 16);
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0 || u16(bytes, end + 8) !== count) {
    throw new ZipError('archives split over several files are not supported');
  }
  if (count === 0xffff || directoryOffset === 0xffffffff || directorySize === 0xffffffff) {
    throw new ZipError('ZIP64 archives are not supported');
  }
  if (count > MAX_ENTRIES) throw new ZipError('too many entries');
  if (directoryOffset + directorySize > end) throw new ZipError('the central directory runs past its end');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(bytes, at) !== CENTRAL_SIGNATURE) {
      throw new ZipError(`central directory entry ${i} is damaged`);
    }
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    const compressedSize = u32(bytes, at + 20);
    const size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const localOffset = u32(bytes, at + 42);
    const nameBytes = bytes.slice(at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (at > end) throw new ZipError(`central directory entry ${i} runs past its end`);

    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw new ZipError('an entry is encrypted');
    if (method !== STORED && method !== DEFLATED) throw new ZipError(`unknown compression method ${method}`);
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipError('ZIP64 entries are not supported');
    }
    const utf8 = (flags & FLAG_UTF8) !== 0;
    const name = decodeName(nameBytes, utf8);
    // Two entries of one name: programs disagree on which one they open.
    if (names.has(name)) throw new ZipError(`two entries are named ${name}`);
    names.add(name);

    if (localOffset + 30 > directoryOffset || u32(bytes, localOffset) !== LOCAL_SIGNATURE) {
      throw new ZipError(`the local header of ${name} is missing`);
    }
    const localNameLength = u16(bytes, localOffset + 26);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (localNameLength !== nameLength || !localName.every((b, j) => b === nameBytes[j])) {
      throw new ZipError(`the local header of ${name} names another file`);
    }
    const dataStart = localOffset + 30 + localNameLength + u16(bytes, localOffset + 28);
    if (dataStart + compressedSize > directoryOffset) throw new ZipError(`${name} runs past its end`);
    if (method === STORED && compressedSize !== size) throw new ZipError(`${name} has two sizes`);
    entries.push({
      nameBytes,
      name,
      utf8,
      method,
      crc,
      size,
      stored: bytes.subarray(dataStart, dataStart + compressedSize),
    });
  }
  return entries;
}

/** An entry's data, checked against its size and CRC. Throws ZipError. */
export function entryData(entry: ZipEntry): Uint8Array {
  let data: Uint8Array;
  try {
    data =
      entry.method === STORED ? entry.stored : inflateSync(entry.stored, { out: new Uint8Array(entry.size) });
  } catch {
    throw new ZipError(`${entry.name} cannot be decompressed`);
  }
  // fflate cuts a stream that is longer than announced: the CRC catches that too.
  if (data.length !== entry.size || crc32(data) !== entry.crc) {
    throw new ZipError(`${entry.name} is damaged (its checksum does not match)`);
  }
  return data;
}

/** An entry to write: either its original stored form, or new data to store or compress. */
export type ZipOutput =
  | { readonly entry: ZipEntry }
  | { readonly entry: ZipEntry; readonly data: Uint8Array; readonly compress: boolean };

/**
 * A new archive of the entries in the order given. Every entry gets the same date (1 January
 * 1980, the earliest ZIP can hold) and no extra fields or comments: the originals can hold the
 * time each part was saved, the owner's user id, or anything else.
 */
export function writeZip(outputs: readonly ZipOutput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const output of outputs) {
    const { entry } = output;
    let method: number = entry.method;
    let crc = entry.crc;
    let size = entry.size;
    let stored = entry.stored;
    if ('data' in output) {
      method = output.compress ? DEFLATED : STORED;
      crc = crc32(output.data);
      size = output.data.length;
      stored = output.compress ? deflateSync(output.data, { level: 6 }) : output.data;
    }
    const flags = entry.utf8 ? FLAG_UTF8 : 0;
    const header = (central: boolean): Uint8Array => {
      const length = central ? 46 : 30;
      const out = new Uint8Array(length + entry.nameBytes.length);
      const view = new DataView(out.buffer);
      let at = 0;
      view.setUint32(at, central ? CENTRAL_SIGNATURE : LOCAL_SIGNATURE, true);
      at += 4;
      if (central) {
        view.setUint16(at, 20, true); // made by: MS-DOS attributes, ZIP 2.0
        at += 2;
      }
      view.setUint16(at, 20, true); // version needed: 2.0 (deflate)
      view.setUint16(at + 2, flags, true);
      view.setUint16(at + 4, method, true);
      view.setUint16(at + 6, 0, true); // time 00:00:00
      view.setUint16(at + 8, (1 << 5) | 1, true); // date 1980-01-01
      view.setUint32(at + 10, crc, true);
      view.setUint32(at + 14, stored.length, true);
      view.setUint32(at + 18, size, true);
      view.setUint16(at + 22, entry.nameBytes.length, true);
      // extra length, and in the central entry comment length, disk, attributes: all 0
      if (central) view.setUint32(42, offset, true);
      out.set(entry.nameBytes, length);
      return out;
    };
    directory.push(header(true));
    const local = header(false);
    parts.push(local, stored);
    offset += local.length + stored.length;
    if (offset > 0xffffffff) throw new ZipError('the cleaned document would be too large');
  }
  if (outputs.length > 0xffff) throw new ZipError('too many entries');
  const directorySize = directory.reduce((sum, d) => sum + d.length, 0);
  const endRecord = new Uint8Array(22);
  const view = new DataView(endRecord.buffer);
  view.setUint32(0, END_SIGNATURE, true);
  view.setUint16(8, outputs.length, true);
  view.setUint16(10, outputs.length, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const part of [...parts, ...directory, endRecord]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
