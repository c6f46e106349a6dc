/**
 * Removing hidden details from images before they are encrypted (PROTOCOL.md, Attachments):
 * where a photo was taken (GPS), when, with which phone, the owner's name, editing history,
 * embedded thumbnails of the uncropped original, comments.
 *
 * The approach keeps the pixels exactly as they are: each container is parsed and only the
 * segments or chunks needed to draw the image are copied.
 *
 *   JPEG  SOI, then segments `FF xx [len16] payload` until SOS, entropy-coded data, EOI.
 *         Kept: tables, frame and scan headers, JFIF (with its thumbnail removed), ICC colour
 *         profile, Adobe colour transform. Dropped: every other APPn (EXIF, XMP, IPTC/Photoshop,
 *         MPF, FlashPix...), COM, anything after EOI.
 *   PNG   signature, then chunks `[len32] type data crc32` until IEND. Kept: critical chunks and
 *         the ancillary ones that change how pixels look or animate. Dropped: tEXt, zTXt, iTXt,
 *         tIME, eXIf and any chunk this file does not know, anything after IEND.
 *   WebP  `RIFF size WEBP` then chunks `fourcc [len32 LE] data [pad]`. Dropped: EXIF, XMP and
 *         unknown chunks; the VP8X flags and the RIFF size are rewritten to match.
 *   GIF   header, screen descriptor, blocks. Dropped: comment extensions and application
 *         extensions other than the animation-loop ones (XMP, ICC, vendor data).
 *
 * A phone photo is often stored sideways with an EXIF "orientation" tag that tells viewers
 * to turn it. Dropping the tag would show evidence rotated, so JPEG (and PNG eXIf) keep a
 * new, minimal EXIF block holding that one number and nothing else.
 *
 * Other image types (HEIC, AVIF, BMP, TIFF...) are redrawn through a canvas and saved as PNG
 * where the browser can decode them (`stripImageMetadata`); canvases need no change to the
 * Content-Security-Policy. When that fails too, the caller must not send the file as it is.
 *
 * The byte-level functions have no dependency on the DOM, so they run in a page, a Worker or
 * Node (the unit tests).
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

/** A file that claims to be a format but does not parse as it. */
export class ImageMetadataError extends Error {
  override readonly name = 'ImageMetadataError';
}

export interface StrippedBytes {
  readonly bytes: Uint8Array;
  /** What was removed, in words a person can read ("location and camera details (EXIF)"). */
  readonly removed: readonly string[];
}

// ---------------------------------------------------------------------------
// Sniffing
// ---------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

function readAscii(bytes: Uint8Array, at: number, length: number): string {
  let s = '';
  for (let i = at; i < at + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

/** The format from the file's first bytes (never from its name or declared type, which can lie). */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  return undefined;
}

/** Strips the format `sniffImageFormat` finds; ImageMetadataError if it does not parse. */
export function stripImageBytes(bytes: Uint8Array): StrippedBytes & { format: ImageFormat } {
  const format = sniffImageFormat(bytes);
  switch (format) {
    case 'jpeg':
      return { format, ...stripJpeg(bytes) };
    case 'png':
      return { format, ...stripPng(bytes) };
    case 'webp':
      return { format, ...stripWebp(bytes) };
    case 'gif':
      return { format, ...stripGif(bytes) };
    case undefined:
      throw new ImageMetadataError('not a JPEG, PNG, WebP or GIF image');
  }
}

// ---------------------------------------------------------------------------
// Output buffer
// ---------------------------------------------------------------------------

class ByteWriter {
  #buffer: Uint8Array;
  #length = 0;

  constructor(capacity: number) {
    this.#buffer = new Uint8Array(Math.max(capacity, 64));
  }

  push(bytes: Uint8Array | readonly number[]): void {
    const needed = this.#length + bytes.length;
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.#buffer.length * 2));
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(bytes, this.#length);
    this.#length = needed;
  }

  get length(): number {
    return this.#length;
  }

  result(): Uint8Array {
    return this.#buffer.slice(0, this.#length);
  }
}

function u16be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function u32be(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) |
      ((bytes[at + 1] ?? 0) << 16) |
      ((bytes[at + 2] ?? 0) << 8) |
      (bytes[at + 3] ?? 0)) >>>
    0
  );
}

function u32le(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at + 3] ?? 0) << 24) |
      ((bytes[at + 2] ?? 0) << 16) |
      ((bytes[at + 1] ?? 0) << 8) |
      (bytes[at] ?? 0)) >>>
    0
  );
}

function be32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function le32(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

// ---------------------------------------------------------------------------
// EXIF orientation: the one value worth keeping
// ---------------------------------------------------------------------------

/**
 * Reads tag 0x0112 (Orientation) from IFD0 of a TIFF structure (the body of an EXIF block
 * after "Exif\0\0", or a PNG eXIf chunk). Returns 2..8, or undefined for 1, absent or unreadable.
 *
 *   TIFF header: "II" 2A 00 | "MM" 00 2A, then the IFD0 offset (u32)
 *   IFD: count (u16), count x 12-byte entries { tag u16, type u16, count u32, value/offset u32 }
 */
export function readExifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d;
  if (!little && !big) return undefined;
  const u16 = (at: number) => (little ? ((tiff[at + 1] ?? 0) << 8) | (tiff[at] ?? 0) : u16be(tiff, at));
  const u32 = (at: number) => (little ? u32le(tiff, at) : u32be(tiff, at));
  if (u16(2) !== 42) return undefined;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 2 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** A new big-endian TIFF structure holding only IFD0 with the Orientation tag (26 bytes). */
function minimalOrientationTiff(orientation: number): number[] {
  return [
    ...ascii('MM'),
    0x00,
    0x2a,
    ...be32(8), // IFD0 right after the header
    0x00,
    0x01, // one entry
    0x01,
    0x12, // tag 0x0112 Orientation
    0x00,
    0x03, // type SHORT
    ...be32(1), // count
    0x00,
    orientation,
    0x00,
    0x00, // value, left-justified in the 4-byte field
    ...be32(0), // no next IFD
  ];
}

// ---------------------------------------------------------------------------
// JPEG
// ---------------------------------------------------------------------------

const JPEG_SOI = 0xd8;
const JPEG_EOI = 0xd9;
const JPEG_SOS = 0xda;
const JPEG_APP0 = 0xe0;
const JPEG_APP1 = 0xe1;
const JPEG_APP2 = 0xe2;
const JPEG_APP13 = 0xed;
const JPEG_APP14 = 0xee;
const JPEG_COM = 0xfe;

function describeJpegSegment(marker: number, payload: Uint8Array): string {
  if (marker === JPEG_COM) return 'comments';
  if (marker === JPEG_APP1) {
    if (startsWith(payload, ascii('Exif\0'))) return 'camera, time and location details (EXIF)';
    if (startsWith(payload, ascii('http://ns.adobe.com/'))) return 'editing details (XMP)';
  }
  if (marker === JPEG_APP13) return 'captions, names and keywords (IPTC)';
  if (marker === JPEG_APP0) return 'an embedded thumbnail';
  if (marker === JPEG_APP2) return 'extra images or camera data (MPF, FlashPix)';
  return 'other embedded data';
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
  const removed = new Set<string>();
  const { orientation, jfif } = scanJpegHeader(bytes);
  // JFIF must come right after SOI, and EXIF before the image data: SOI, JFIF, orientation, rest.
  out.push([0xff, JPEG_SOI]);
  if (jfif) {
    const header = jfif.slice(0, 14);
    if ((header[12] ?? 0) > 0 || (header[13] ?? 0) > 0 || jfif.length > 14)
      removed.add('an embedded thumbnail');
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
    removed.add('data appended after the image');
  }
  return { bytes: out.result(), removed: [...removed] };
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

// ---------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------

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

function describePngChunk(type: string): string {
  switch (type) {
    case 'tEXt':
    case 'zTXt':
    case 'iTXt':
      return 'text details (author, software, comments)';
    case 'tIME':
      return 'the time it was last changed';
    case 'eXIf':
      return 'camera, time and location details (EXIF)';
    default:
      return 'other embedded data';
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
  const removed = new Set<string>();
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
  if (pos < bytes.length) removed.add('data appended after the image');
  return { bytes: out.result(), removed: [...removed] };
}

// ---------------------------------------------------------------------------
// WebP
// ---------------------------------------------------------------------------

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
  const removed = new Set<string>();
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
      removed.add(
        fourcc === 'EXIF'
          ? 'camera, time and location details (EXIF)'
          : fourcc === 'XMP '
            ? 'editing details (XMP)'
            : 'other embedded data',
      );
    }
    pos = end;
  }
  const result = out.result();
  if (vp8xAt >= 0 && vp8xAt < result.length) {
    result[vp8xAt] = (result[vp8xAt] ?? 0) & ~(VP8X_FLAG_EXIF | VP8X_FLAG_XMP);
  }
  result.set(le32(result.length - 8), 4);
  if (riffEnd < bytes.length) removed.add('data appended after the image');
  return { bytes: result, removed: [...removed] };
}

// ---------------------------------------------------------------------------
// GIF
// ---------------------------------------------------------------------------

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
  if (sniffImageFormat(bytes) !== 'gif' || bytes.length < 13) throw new ImageMetadataError('not a GIF');
  const out = new ByteWriter(bytes.length);
  const removed = new Set<string>();
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
        if (!keep)
          removed.add(identifier.startsWith('XMP') ? 'editing details (XMP)' : 'other embedded data');
      } else if (label === 0xfe) {
        removed.add('comments');
      } else if (!keep) {
        removed.add('other embedded data');
      }
      if (keep) out.push(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    throw new ImageMetadataError(`GIF: unexpected block ${introducer.toString(16)} at byte ${pos}`);
  }
  if (pos < bytes.length) removed.add('data appended after the image');
  return { bytes: out.result(), removed: [...removed] };
}

// ---------------------------------------------------------------------------
// Files, in a browser
// ---------------------------------------------------------------------------

export type StripOutcome =
  /** An image, cleaned: send `file` instead of the original. */
  | {
      readonly status: 'cleaned';
      readonly file: Blob;
      readonly name: string;
      readonly type: string;
      readonly removed: readonly string[];
      /** 'parsed' kept every pixel; 'redrawn' went through a canvas and is now a PNG. */
      readonly method: 'parsed' | 'redrawn';
    }
  /** Not an image: nothing was changed. */
  | { readonly status: 'not-image' }
  /** An image whose hidden details could not be removed: do not send it as it is. */
  | { readonly status: 'failed'; readonly reason: string };

const MIME: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};

/**
 * Cleans one file before it is encrypted: by parsing for JPEG, PNG, WebP and GIF; by redrawing
 * other images (declared `image/*`) as PNG where this browser can decode them. Never throws.
 */
export async function stripImageMetadata(file: Blob, name: string): Promise<StripOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { status: 'failed', reason: 'The file could not be read.' };
  }
  const format = sniffImageFormat(bytes);
  if (format !== undefined) {
    try {
      const stripped = stripImageBytes(bytes);
      return {
        status: 'cleaned',
        file: new Blob([stripped.bytes as Uint8Array<ArrayBuffer>], { type: MIME[format] }),
        name,
        type: MIME[format],
        removed: stripped.removed,
        method: 'parsed',
      };
    } catch {
      // A damaged container: try redrawing it below.
    }
  } else if (!file.type.startsWith('image/')) {
    return { status: 'not-image' };
  }
  return redrawAsPng(file, name);
}

// Minimal shapes of the canvas APIs, so this file type-checks without the DOM library too.
interface BitmapLike {
  readonly width: number;
  readonly height: number;
  close(): void;
}
interface Context2dLike {
  drawImage(image: BitmapLike, x: number, y: number): void;
}
interface OffscreenCanvasLike {
  getContext(kind: '2d'): Context2dLike | null;
  convertToBlob(options: { type: string }): Promise<Blob>;
}
interface CanvasGlobals {
  createImageBitmap?: (image: Blob, options?: { imageOrientation?: 'from-image' }) => Promise<BitmapLike>;
  OffscreenCanvas?: new (width: number, height: number) => OffscreenCanvasLike;
}

const MAX_REDRAW_PIXELS = 100_000_000;

async function redrawAsPng(file: Blob, name: string): Promise<StripOutcome> {
  const failed: StripOutcome = {
    status: 'failed',
    reason:
      'This browser cannot remove the hidden details (such as where a photo was taken) from this type of image.',
  };
  const g = globalThis as CanvasGlobals;
  if (!g.createImageBitmap || !g.OffscreenCanvas) return failed;
  let bitmap: BitmapLike | undefined;
  try {
    // Honours the EXIF orientation, so the pixels are drawn the way people see the photo.
    bitmap = await g.createImageBitmap(file, { imageOrientation: 'from-image' });
    if (bitmap.width * bitmap.height > MAX_REDRAW_PIXELS) return failed;
    const canvas = new g.OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) return failed;
    context.drawImage(bitmap, 0, 0);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    return {
      status: 'cleaned',
      file: png,
      name: `${name.replace(/\.[^./\\]{1,8}$/, '')}.png`,
      type: 'image/png',
      removed: ['all hidden details (the image was redrawn)'],
      method: 'redrawn',
    };
  } catch {
    return failed;
  } finally {
    bitmap?.close();
  }
}
