/** JPEG (image-metadata.ts). */
import type { MessageDescriptor } from '@lingui/core';

import { ascii, ByteWriter, ImageMetadataError, startsWith, u16be, type StrippedBytes } from './bytes.js';
import { minimalOrientationTiff, readExifOrientation } from './exif.js';
import { inWords, REMOVED } from './words.js';

const JPEG_SOI = 0xd8;
const JPEG_EOI = 0xd9;
const JPEG_SOS = 0xda;
const JPEG_APP0 = 0xe0;
const JPEG_APP1 = 0xe1;
const JPEG_APP2 = 0xe2;
const JPEG_APP13 = 0xed;
const JPEG_APP14 = 0xee;
const JPEG_COM = 0xfe;

function describeJpegSegment(marker: number, payload: Uint8Array): MessageDescriptor {
  if (marker === JPEG_COM) return REMOVED.comments;
  if (marker === JPEG_APP1) {
    if (startsWith(payload, ascii('Exif\0'))) return REMOVED.exif;
    if (startsWith(payload, ascii('http://ns.adobe.com/'))) return REMOVED.xmp;
  }
  if (marker === JPEG_APP13) return REMOVED.iptc;
  if (marker === JPEG_APP0) return REMOVED.thumbnail;
  if (marker === JPEG_APP2) return REMOVED.extraImages;
  return REMOVED.other;
}

/**
 * A JPEG with every APPn segment removed except JFIF (thumbnail dropped), the ICC colour
 * profile and the Adobe colour-transform marker, no comments and nothing after EOI. A new
 * minimal EXIF block keeps the orientation when the original had one.
 *
 *   FF D8 | { FF marker [len16 incl. itself] payload }* | FF DA header | entropy data | ... | FF D9
 *
 * Inside entropy-coded data a literal FF is followed by 00, and restart markers are FF D0..D7;
 * any other FF xx starts the next segment (progressive JPEGs have several scans).
 */
export function stripJpeg(bytes: Uint8Array): StrippedBytes {
  if (!startsWith(bytes, [0xff, JPEG_SOI])) throw new ImageMetadataError('not a JPEG: no start marker');
  const out = new ByteWriter(bytes.length);
  const removed = new Set<MessageDescriptor>();
  const { orientation, jfif } = scanJpegHeader(bytes);
  // JFIF must come right after SOI, and EXIF before the image data: SOI, JFIF, orientation, rest.
  out.push([0xff, JPEG_SOI]);
  if (jfif) {
    const header = jfif.slice(0, 14);
    if ((header[12] ?? 0) > 0 || (header[13] ?? 0) > 0 || jfif.length > 14) removed.add(REMOVED.thumbnail);
    header[12] = 0; // thumbnail width
    header[13] = 0; // thumbnail height
    out.push([0xff, JPEG_APP0, 0x00, 16, ...header]);
  }
  if (orientation !== undefined) {
    const payload = [...ascii('Exif\0\0'), ...minimalOrientationTiff(orientation)];
    out.push([0xff, JPEG_APP1, ((payload.length + 2) >> 8) & 255, (payload.length + 2) & 255, ...payload]);
  }
  let pos = 2;
  let sawEoi = false;
  let jfifSeen = false;

  for (const segment of jpegSegments(bytes)) {
    pos = segment.end;
    const { marker, payload } = segment;
    if (marker === JPEG_EOI) {
      out.push([0xff, JPEG_EOI]);
      sawEoi = true;
      break;
    }
    const isApp = marker >= JPEG_APP0 && marker <= 0xef;
    if (!jfifSeen && isJfif(marker, payload)) {
      jfifSeen = true; // written above
    } else if (marker === JPEG_APP2 && startsWith(payload, ascii('ICC_PROFILE\0'))) {
      out.push(segment.bytes); // colour profile: needed to show the right colours
    } else if (marker === JPEG_APP14 && startsWith(payload, ascii('Adobe'))) {
      out.push(segment.bytes); // colour transform flag: needed to decode CMYK / YCCK
    } else if (isApp || marker === JPEG_COM) {
      removed.add(describeJpegSegment(marker, payload));
    } else {
      out.push(segment.bytes); // tables, frame and scan headers, restart markers, scan data
    }
  }
  if (!sawEoi) {
    // A file cut short after its image data still shows; close it properly.
    out.push([0xff, JPEG_EOI]);
  } else if (pos < bytes.length) {
    removed.add(REMOVED.appended);
  }
  return { bytes: out.result(), removed: inWords(removed) };
}

interface JpegSegment {
  readonly marker: number;
  /** The segment's payload (after the length); empty for markers without one. */
  readonly payload: Uint8Array;
  /** The whole segment as stored, with its scan data after an SOS. */
  readonly bytes: Uint8Array;
  /** Offset just after it. */
  readonly end: number;
}

/** The segments of a JPEG from after SOI up to and including EOI (or the end of the data). */
function* jpegSegments(bytes: Uint8Array): Generator<JpegSegment> {
  let pos = 2;
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) throw new ImageMetadataError(`JPEG: expected a marker at byte ${pos}`);
    const start = pos;
    while (bytes[pos] === 0xff) pos++; // fill bytes
    const marker = bytes[pos];
    if (marker === undefined) return;
    pos++;
    if (marker === JPEG_EOI) {
      yield { marker, payload: new Uint8Array(), bytes: bytes.subarray(start, pos), end: pos };
      return;
    }
    if (marker === JPEG_SOI || marker === 0x00) {
      throw new ImageMetadataError(`JPEG: unexpected marker ${marker.toString(16)} at byte ${pos - 1}`);
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      yield { marker, payload: new Uint8Array(), bytes: new Uint8Array([0xff, marker]), end: pos };
      continue;
    }
    if (pos + 2 > bytes.length) throw new ImageMetadataError('JPEG: truncated segment header');
    const length = u16be(bytes, pos);
    if (length < 2 || pos + length > bytes.length) {
      throw new ImageMetadataError(`JPEG: segment at byte ${pos - 2} runs past the end of the file`);
    }
    const headerStart = pos - 2;
    const payload = bytes.subarray(pos + 2, pos + length);
    pos += length;
    if (marker === JPEG_SOS) {
      // Entropy-coded data runs until the next marker that is not 00 or a restart.
      while (pos < bytes.length) {
        if (bytes[pos] === 0xff) {
          const next = bytes[pos + 1];
          if (next === 0x00 || (next !== undefined && next >= 0xd0 && next <= 0xd7)) {
            pos += 2;
            continue;
          }
          break;
        }
        pos++;
      }
      pos = Math.min(pos, bytes.length);
    }
    yield { marker, payload, bytes: bytes.subarray(headerStart, pos), end: pos };
  }
}

function isJfif(marker: number, payload: Uint8Array): boolean {
  return marker === JPEG_APP0 && startsWith(payload, ascii('JFIF\0')) && payload.length >= 14;
}

/** Before the image data: the first JFIF header, and the first EXIF orientation that says to turn. */
function scanJpegHeader(bytes: Uint8Array): { orientation?: number; jfif?: Uint8Array } {
  const found: { orientation?: number; jfif?: Uint8Array } = {};
  try {
    for (const { marker, payload } of jpegSegments(bytes)) {
      if (marker === JPEG_SOS || marker === JPEG_EOI) break;
      if (!found.jfif && isJfif(marker, payload)) found.jfif = payload;
      if (found.orientation === undefined && marker === JPEG_APP1 && startsWith(payload, ascii('Exif\0'))) {
        const orientation = readExifOrientation(payload.subarray(6));
        if (orientation !== undefined) found.orientation = orientation;
      }
    }
  } catch {
    // The main pass reports the problem.
  }
  return found;
}
