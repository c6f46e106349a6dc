/** GIF (image-metadata.ts). */
import type { MessageDescriptor } from '@lingui/core';

import { ascii, ByteWriter, ImageMetadataError, readAscii, startsWith, type StrippedBytes } from './bytes.js';
import { inWords, REMOVED } from './words.js';

/** "GIF87a" or "GIF89a". */
export function isGif(bytes: Uint8Array): boolean {
  return startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'));
}

/** Application extensions that only say how an animation loops. */
const GIF_KEEP_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0']);

/**
 * A GIF without comments or application data other than looping.
 *
 *   "GIF8?a" | screen descriptor (7) [global colour table] |
 *   { 0x2C image (9) [local table] lzw-size sub-blocks | 0x21 label sub-blocks }* | 0x3B
 *   sub-blocks: { size byte, size bytes }* then a 0 byte
 */
export function stripGif(bytes: Uint8Array): StrippedBytes {
  if (!isGif(bytes) || bytes.length < 13) throw new ImageMetadataError('not a GIF');
  const out = new ByteWriter(bytes.length);
  const removed = new Set<MessageDescriptor>();
  const flags = bytes[10] ?? 0;
  let pos = 13 + (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);
  if (pos > bytes.length) throw new ImageMetadataError('GIF: truncated colour table');
  out.push(bytes.subarray(0, pos));

  const skipSubBlocks = (from: number): number => {
    let at = from;
    for (;;) {
      const size = bytes[at];
      if (size === undefined) throw new ImageMetadataError('GIF: truncated data blocks');
      at += 1 + size;
      if (size === 0) return at;
    }
  };

  for (;;) {
    const introducer = bytes[pos];
    if (introducer === undefined) throw new ImageMetadataError('GIF: no trailer');
    if (introducer === 0x3b) {
      out.push([0x3b]);
      pos++;
      break;
    }
    if (introducer === 0x2c) {
      const descriptorEnd = pos + 10;
      const local = bytes[pos + 9] ?? 0;
      const tableEnd = descriptorEnd + (local & 0x80 ? 3 * (1 << ((local & 7) + 1)) : 0);
      const end = skipSubBlocks(tableEnd + 1); // +1: LZW minimum code size
      if (end > bytes.length) throw new ImageMetadataError('GIF: truncated image');
      out.push(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    if (introducer === 0x21) {
      const label = bytes[pos + 1];
      const end = skipSubBlocks(pos + 2);
      if (end > bytes.length) throw new ImageMetadataError('GIF: truncated extension');
      let keep = label === 0xf9 || label === 0x01; // graphic control, plain text
      if (label === 0xff) {
        const identifier = (bytes[pos + 2] ?? 0) >= 11 ? readAscii(bytes, pos + 3, 11) : '';
        keep = GIF_KEEP_APPLICATIONS.has(identifier);
        if (!keep) removed.add(identifier.startsWith('XMP') ? REMOVED.xmp : REMOVED.other);
      } else if (label === 0xfe) {
        removed.add(REMOVED.comments);
      } else if (!keep) {
        removed.add(REMOVED.other);
      }
      if (keep) out.push(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    throw new ImageMetadataError(`GIF: unexpected block ${introducer.toString(16)} at byte ${pos}`);
  }
  if (pos < bytes.length) removed.add(REMOVED.appended);
  return { bytes: out.result(), removed: inWords(removed) };
}
