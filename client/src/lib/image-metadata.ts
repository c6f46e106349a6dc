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
 * The byte-level functions have no dependency on the DOM, so they run in a page or in Node (the
 * unit tests). Not in a Worker as they are: what they removed is put into words through Lingui
 * (image-metadata/words.ts), and the Worker builds have no macro step.
 */

// The parsers, one file a format, share the helpers of image-metadata/bytes.ts. With extensions,
// unlike most client files: the unit tests import this file under Node.
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import {
  ascii,
  ImageMetadataError,
  PNG_SIGNATURE,
  startsWith,
  type ImageFormat,
  type StrippedBytes,
} from './image-metadata/bytes.js';
import { isGif, stripGif } from './image-metadata/gif.js';
import { stripJpeg } from './image-metadata/jpeg.js';
import { stripPng } from './image-metadata/png.js';
import { stripWebp } from './image-metadata/webp.js';

export { ImageMetadataError, type ImageFormat, type StrippedBytes } from './image-metadata/bytes.js';
export { readExifOrientation } from './image-metadata/exif.js';
export { stripGif } from './image-metadata/gif.js';
export { stripJpeg } from './image-metadata/jpeg.js';
export { crc32, stripPng } from './image-metadata/png.js';
export { stripWebp } from './image-metadata/webp.js';

/** The format from the file's first bytes (never from its name or declared type, which can lie). */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (isGif(bytes)) return 'gif';
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
// Files, in a browser
// ---------------------------------------------------------------------------

export type StripOutcome =
  /** An image, cleaned: send `file` instead of the original. */
  | {
      readonly status: 'cleaned';
      readonly file: Blob;
      readonly name: string;
      readonly type: string;
      /** What was removed, in the page's language when it was cleaned. */
      readonly removed: readonly string[];
      /** 'parsed' kept every pixel; 'redrawn' went through a canvas and is now a PNG. */
      readonly method: 'parsed' | 'redrawn';
    }
  /** Not an image: nothing was changed. */
  | { readonly status: 'not-image' }
  /** An image whose hidden details could not be removed: do not send it as it is. Why, in words. */
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
    return { status: 'failed', reason: i18n._(msg`The file could not be read.`) };
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
    reason: i18n._(
      msg`This browser cannot remove the hidden details (such as where a photo was taken) from this type of image.`,
    ),
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
      removed: [
        i18n._(
          msg({
            message: 'all hidden details (the image was redrawn)',
            comment: 'What was removed from an image, after “Removed:”',
          }),
        ),
      ],
      method: 'redrawn',
    };
  } catch {
    return failed;
  } finally {
    bitmap?.close();
  }
}
