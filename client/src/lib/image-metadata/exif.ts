/** EXIF orientation: the one value worth keeping (image-metadata.ts). */
import { ascii, be32, u16be, u32be, u32le } from './bytes.js';

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
export function minimalOrientationTiff(orientation: number): number[] {
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
