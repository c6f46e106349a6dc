/** WebP (image-metadata.ts). */
import type { MessageDescriptor } from '@lingui/core';

import {
  ascii,
  ByteWriter,
  ImageMetadataError,
  le32,
  readAscii,
  startsWith,
  u32le,
  type StrippedBytes,
} from './bytes.js';
import { inWords, REMOVED } from './words.js';

const WEBP_KEEP = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_FLAG_EXIF = 0x08;
const VP8X_FLAG_XMP = 0x04;

/**
 * A WebP without EXIF, XMP or unknown chunks.
 *
 *   "RIFF" size32le "WEBP" | { fourcc | size32le | data | pad to even }*
 *   VP8X data[0] flags: ICC 0x20, alpha 0x10, EXIF 0x08, XMP 0x04, animation 0x02
 */
export function stripWebp(bytes: Uint8Array): StrippedBytes {
  if (!startsWith(bytes, ascii('RIFF')) || !startsWith(bytes, ascii('WEBP'), 8)) {
    throw new ImageMetadataError('not a WebP: wrong header');
  }
  const riffEnd = Math.min(bytes.length, 8 + u32le(bytes, 4));
  const out = new ByteWriter(bytes.length);
  const removed = new Set<MessageDescriptor>();
  out.push([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP')]);
  let pos = 12;
  let vp8xAt = -1;
  while (pos + 8 <= riffEnd) {
    const fourcc = readAscii(bytes, pos, 4);
    const size = u32le(bytes, pos + 4);
    const end = pos + 8 + size + (size & 1);
    if (pos + 8 + size > riffEnd)
      throw new ImageMetadataError(`WebP: chunk at byte ${pos} runs past the end`);
    if (WEBP_KEEP.has(fourcc)) {
      if (fourcc === 'VP8X') vp8xAt = out.length + 8;
      out.push(bytes.subarray(pos, Math.min(end, riffEnd)));
      if (end > riffEnd) out.push([0]); // a missing final pad byte
    } else {
      removed.add(fourcc === 'EXIF' ? REMOVED.exif : fourcc === 'XMP ' ? REMOVED.xmp : REMOVED.other);
    }
    pos = end;
  }
  const result = out.result();
  if (vp8xAt >= 0 && vp8xAt < result.length) {
    result[vp8xAt] = (result[vp8xAt] ?? 0) & ~(VP8X_FLAG_EXIF | VP8X_FLAG_XMP);
  }
  result.set(le32(result.length - 8), 4);
  if (riffEnd < bytes.length) removed.add(REMOVED.appended);
  return { bytes: result, removed: inWords(removed) };
}
