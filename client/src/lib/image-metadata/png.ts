/** PNG (image-metadata.ts). */
import type { MessageDescriptor } from '@lingui/core';

import {
  ascii,
  be32,
  ByteWriter,
  ImageMetadataError,
  PNG_SIGNATURE,
  readAscii,
  startsWith,
  u32be,
  type StrippedBytes,
} from './bytes.js';
import { minimalOrientationTiff, readExifOrientation } from './exif.js';
import { inWords, REMOVED } from './words.js';

/**
 * Chunks that change which pixels appear or how they look, plus APNG animation. Everything
 * else ancillary is dropped; critical chunks (first letter upper case) are always kept.
 */
const PNG_KEEP = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'cHRM',
  'gAMA',
  'iCCP',
  'sBIT',
  'sRGB',
  'cICP',
  'mDCv',
  'cLLi',
  'bKGD',
  'hIST',
  'pHYs',
  'sPLT',
  'acTL',
  'fcTL',
  'fdAT',
]);

function describePngChunk(type: string): MessageDescriptor {
  switch (type) {
    case 'tEXt':
    case 'zTXt':
    case 'iTXt':
      return REMOVED.text;
    case 'tIME':
      return REMOVED.time;
    case 'eXIf':
      return REMOVED.exif;
    default:
      return REMOVED.other;
  }
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309) as PNG chunks use it, over type and data. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = (crcTable[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: readonly number[]): number[] {
  const typeAndData = new Uint8Array([...ascii(type), ...data]);
  return [...be32(data.length), ...typeAndData, ...be32(crc32(typeAndData))];
}

/**
 * A PNG with only the chunks of PNG_KEEP (and unknown critical ones), ending at IEND.
 *
 *   89 50 4E 47 0D 0A 1A 0A | { length u32 | type 4 | data | crc32(type || data) }*
 */
export function stripPng(bytes: Uint8Array): StrippedBytes {
  if (!startsWith(bytes, PNG_SIGNATURE)) throw new ImageMetadataError('not a PNG: wrong signature');
  const out = new ByteWriter(bytes.length);
  const removed = new Set<MessageDescriptor>();
  out.push(PNG_SIGNATURE);
  let pos: number = PNG_SIGNATURE.length;
  let sawEnd = false;
  let first = true;
  let orientation: number | undefined;
  while (pos + 12 <= bytes.length) {
    const length = u32be(bytes, pos);
    const type = readAscii(bytes, pos + 4, 4);
    const end = pos + 12 + length;
    if (end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) {
      throw new ImageMetadataError(`PNG: malformed chunk at byte ${pos}`);
    }
    if (first && type !== 'IHDR') throw new ImageMetadataError('PNG: the first chunk is not IHDR');
    first = false;
    const critical = type.charCodeAt(0) < 0x61; // upper-case first letter
    if (type === 'IDAT' && orientation !== undefined) {
      // eXIf must come before the first IDAT.
      out.push(pngChunk('eXIf', minimalOrientationTiff(orientation)));
      orientation = undefined;
    }
    if (PNG_KEEP.has(type) || critical) {
      out.push(bytes.subarray(pos, end));
    } else {
      if (type === 'eXIf') orientation = readExifOrientation(bytes.subarray(pos + 8, pos + 8 + length));
      removed.add(describePngChunk(type));
    }
    pos = end;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) throw new ImageMetadataError('PNG: no IEND chunk');
  if (pos < bytes.length) removed.add(REMOVED.appended);
  return { bytes: out.result(), removed: inWords(removed) };
}
