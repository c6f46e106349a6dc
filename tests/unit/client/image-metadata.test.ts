// Removing hidden details from images (client/src/lib/image-metadata.ts) on real files:
// a JPEG and a WebP that Chromium encoded from a canvas, a PNG made with zlib here, a GIF
// written by hand, each given the metadata a phone or an editor adds.
import { deflateSync, inflateSync } from 'node:zlib';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  crc32,
  ImageMetadataError,
  readExifOrientation,
  sniffImageFormat,
  stripGif,
  stripImageBytes,
  stripImageMetadata,
  stripJpeg,
  stripPng,
  stripWebp,
} from '../../../client/src/lib/image-metadata.js';

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/** 8x8 JPEG from Chromium's canvas.toDataURL('image/jpeg'): JFIF, ICC profile, tables, one scan. */
const CHROMIUM_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAfEAACAQIHAAAAAAAAAAAAAAAAEhQBBhEWJDJDYaH/xAAVAQEBAAAAAAAAAAAAAAAAAAAECP/EACARAAEDBAIDAAAAAAAAAAAAAAECBREDBBIhADEGE0H/2gAMAwEAAhEDEQA/AJ/u+781xNJFjvyOzL1TDb6AAt9fXDlcKurpWS1RJgDoADQAHQHzlzsTE3eMt1JpaaXroU5xTKlRkoqO1EqMqJOye4Guf//Z',
  'base64',
);

/** 8x8 WebP from Chromium's canvas.toDataURL('image/webp'): VP8X, ICCP, VP8. */
const CHROMIUM_WEBP = Buffer.from(
  'UklGRkQCAABXRUJQVlA4WAoAAAAgAAAABwAABwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggVgAAAHACAJ0BKggACAAAwBIlsAJ0ugCGAP6qDAOpgAAA/rn/+W//9Fn7+Wf8XOWi6f/VSG/9Wm1Poykxr/8Th/zcf+bNNcf/lb6vLLSWf/w/7/8P+/+E4AAA',
  'base64',
);

/** Strings a phone or an editor writes into a file; none may survive. */
const SECRETS = [
  'SecretPhone 12',
  'GPS 51.5007N 0.1246W',
  'Jane Doe',
  '12 Main Street',
  'PhotoEditor Pro',
  'Flat 3B',
] as const;

const text = (s: string): number[] => Array.from(Buffer.from(s, 'latin1'));
const bytes = (...parts: (number[] | Uint8Array)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => Array.from(p)));
const be16 = (n: number): number[] => [(n >> 8) & 255, n & 255];
const be32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le32 = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];

function contains(haystack: Uint8Array, needle: string | number[]): boolean {
  return Buffer.from(haystack).includes(Buffer.from(typeof needle === 'string' ? text(needle) : needle));
}

/** A little-endian TIFF block as a camera writes it: Make, Orientation, a GPS-looking string. */
function cameraTiff(orientation: number): number[] {
  const make = text('SecretPhone 12\0');
  const gps = text('GPS 51.5007N 0.1246W\0');
  const entries = 3;
  const dataAt = 8 + 2 + entries * 12 + 4;
  const le16 = (n: number) => [n & 255, (n >> 8) & 255];
  return [
    ...text('II'),
    42,
    0,
    ...le32(8),
    ...le16(entries),
    ...le16(0x010f), // Make
    ...le16(2),
    ...le32(make.length),
    ...le32(dataAt),
    ...le16(0x0112), // Orientation
    ...le16(3),
    ...le32(1),
    ...le16(orientation),
    0,
    0,
    ...le16(0x8825), // GPS IFD pointer (here: pointing at a string, enough for the test)
    ...le16(2),
    ...le32(gps.length),
    ...le32(dataAt + make.length),
    ...le32(0),
    ...make,
    ...gps,
  ];
}

function jpegSegment(marker: number, payload: number[]): number[] {
  return [0xff, marker, ...be16(payload.length + 2), ...payload];
}

const EXIF_APP1 = jpegSegment(0xe1, [...text('Exif\0\0'), ...cameraTiff(6)]);
const XMP_APP1 = jpegSegment(0xe1, [
  ...text('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>Jane Doe</dc:creator>'),
  ...text('<xmp:CreatorTool>PhotoEditor Pro</xmp:CreatorTool></x:xmpmeta>'),
]);
const IPTC_APP13 = jpegSegment(0xed, text('Photoshop 3.0\x008BIM\x04\x04\0\0\0\0\0\x10By-line: Jane Doe'));
const COMMENT = jpegSegment(0xfe, text('taken outside 12 Main Street'));
const MPF_APP2 = jpegSegment(0xe2, text('MPF\0II*\0 second image of Flat 3B'));
/** JFIF header with a 2x1 RGB thumbnail (6 bytes of pixels). */
const JFIF_WITH_THUMBNAIL = jpegSegment(0xe0, [
  ...text('JFIF\0'),
  1,
  1,
  0,
  0,
  1,
  0,
  1,
  2,
  1,
  ...[9, 9, 9, 8, 8, 8],
]);
const TRAILER = text('SEFT trailer: GPS 51.5007N 0.1246W');

/** Splits the Chromium JPEG: SOI, its JFIF APP0, and everything from the ICC profile on. */
const JFIF_LENGTH = 2 + be16Read(CHROMIUM_JPEG, 4);
function be16Read(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}
const SOI = [0xff, 0xd8];
const CLEAN_JFIF = Array.from(CHROMIUM_JPEG.subarray(2, 2 + JFIF_LENGTH));
const REST = Array.from(CHROMIUM_JPEG.subarray(2 + JFIF_LENGTH));
const REST_WITHOUT_EOI = REST.slice(0, -2);

/** A phone photo: every kind of metadata, around the real image data. */
function phoneJpeg(): Uint8Array {
  return bytes(
    SOI,
    EXIF_APP1,
    JFIF_WITH_THUMBNAIL,
    XMP_APP1,
    IPTC_APP13,
    MPF_APP2,
    COMMENT,
    REST_WITHOUT_EOI,
    COMMENT,
    [0xff, 0xd9],
    TRAILER,
  );
}

/** The minimal EXIF block stripJpeg writes to keep an orientation (big-endian, one entry). */
function orientationApp1(orientation: number): number[] {
  const tiff = [
    ...text('MM'),
    0,
    42,
    ...be32(8),
    0,
    1,
    0x01,
    0x12,
    0,
    3,
    ...be32(1),
    0,
    orientation,
    0,
    0,
    ...be32(0),
  ];
  return jpegSegment(0xe1, [...text('Exif\0\0'), ...tiff]);
}

// PNG ----------------------------------------------------------------------

function pngChunk(type: string, data: number[] | Uint8Array): number[] {
  const body = [...text(type), ...Array.from(data)];
  return [...be32(data.length), ...body, ...be32(crc32(new Uint8Array(body)))];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** 2x2 RGBA pixels, one filter byte (0) per row. */
const RAW_PIXELS = new Uint8Array([0, 255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 0, 255, 255, 255, 255]);
const IHDR = pngChunk('IHDR', [...be32(2), ...be32(2), 8, 6, 0, 0, 0]);
const IDAT = pngChunk('IDAT', deflateSync(RAW_PIXELS));
const IEND = pngChunk('IEND', []);

function screenshotPng(): Uint8Array {
  return bytes(
    PNG_SIGNATURE,
    IHDR,
    pngChunk('sRGB', [0]),
    pngChunk('tEXt', text('Author\0Jane Doe')),
    pngChunk('iTXt', text('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>PhotoEditor Pro</x:xmpmeta>')),
    pngChunk('zTXt', [...text('Comment\0'), 0, ...Array.from(deflateSync(Buffer.from('12 Main Street')))]),
    pngChunk('tIME', [0x07, 0xea, 11, 24, 9, 30, 0]),
    pngChunk('eXIf', cameraTiff(3)),
    pngChunk('prVt', text('Flat 3B')),
    IDAT,
    IEND,
    TRAILER,
  );
}

interface PngChunk {
  type: string;
  data: Uint8Array;
  crcOk: boolean;
}

function readPngChunks(png: Uint8Array): PngChunk[] {
  const chunks: PngChunk[] = [];
  let pos = 8;
  while (pos < png.length) {
    const length = Buffer.from(png).readUInt32BE(pos);
    const type = Buffer.from(png.subarray(pos + 4, pos + 8)).toString('latin1');
    const data = png.subarray(pos + 8, pos + 8 + length);
    const crc = Buffer.from(png).readUInt32BE(pos + 8 + length);
    chunks.push({ type, data, crcOk: crc === crc32(png.subarray(pos + 4, pos + 8 + length)) });
    pos += 12 + length;
  }
  return chunks;
}

// WebP ---------------------------------------------------------------------

function riffChunk(fourcc: string, data: number[]): number[] {
  return [...text(fourcc), ...le32(data.length), ...data, ...(data.length % 2 ? [0] : [])];
}

/** The Chromium WebP with EXIF and XMP chunks added and their VP8X flags set. */
function taggedWebp(): Uint8Array {
  const body = Array.from(CHROMIUM_WEBP.subarray(12));
  body[8] = (body[8] ?? 0) | 0x08 | 0x04; // VP8X flags: EXIF, XMP
  const chunks = [
    ...body,
    ...riffChunk('EXIF', cameraTiff(1)),
    ...riffChunk('XMP ', text('<x:xmpmeta>Jane Doe, PhotoEditor Pro</x:xmpmeta>')),
  ];
  return bytes(text('RIFF'), le32(chunks.length + 4), text('WEBP'), chunks);
}

// GIF ----------------------------------------------------------------------

/** A 1x1 GIF89a with a two-colour global table and one image. */
const GIF_HEAD = [...text('GIF89a'), 1, 0, 1, 0, 0x80, 0, 0, ...[0, 0, 0, 255, 255, 255]];
const GIF_LOOP = [0x21, 0xff, 11, ...text('NETSCAPE2.0'), 3, 1, 0, 0, 0];
const GIF_CONTROL = [0x21, 0xf9, 4, 0, 10, 0, 0, 0];
const GIF_IMAGE = [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4c, 0x01, 0];
const GIF_COMMENT = [0x21, 0xfe, 14, ...text('12 Main Street'), 0];
const GIF_XMP = [0x21, 0xff, 11, ...text('XMP DataXMP'), 8, ...text('Jane Doe'), 0];

// ---------------------------------------------------------------------------

describe('sniffImageFormat', () => {
  it('recognises formats by their first bytes, not their names', () => {
    expect(sniffImageFormat(CHROMIUM_JPEG)).toBe('jpeg');
    expect(sniffImageFormat(screenshotPng())).toBe('png');
    expect(sniffImageFormat(CHROMIUM_WEBP)).toBe('webp');
    expect(sniffImageFormat(bytes(GIF_HEAD))).toBe('gif');
    expect(sniffImageFormat(new Uint8Array(text('%PDF-1.7')))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array())).toBeUndefined();
  });
});

describe('stripJpeg', () => {
  it('leaves a JPEG without metadata byte for byte as it was', () => {
    const { bytes: out, removed } = stripJpeg(CHROMIUM_JPEG);
    expect(Buffer.from(out).equals(CHROMIUM_JPEG)).toBe(true);
    expect(removed).toEqual([]);
  });

  it("removes EXIF, XMP, IPTC, MPF, comments, the JFIF thumbnail and a trailer, and keeps every byte of the image's data", () => {
    const { bytes: out, removed } = stripJpeg(phoneJpeg());
    for (const secret of SECRETS) expect(contains(out, secret), secret).toBe(false);
    expect(contains(out, 'http://ns.adobe.com/')).toBe(false);
    expect(contains(out, 'Photoshop 3.0')).toBe(false);
    expect(contains(out, 'MPF\0')).toBe(false);
    // Exactly: SOI, JFIF without thumbnail, the orientation alone, then the original image data.
    expect(Array.from(out)).toEqual([...SOI, ...CLEAN_JFIF, ...orientationApp1(6), ...REST]);
    expect(removed).toEqual(
      expect.arrayContaining([
        'camera, time and location details (EXIF)',
        'editing details (XMP)',
        'captions, names and keywords (IPTC)',
        'comments',
        'an embedded thumbnail',
        'data appended after the image',
      ]),
    );
  });

  it('keeps the orientation so a sideways phone photo still shows upright', () => {
    const { bytes: out } = stripJpeg(phoneJpeg());
    const app1 = Buffer.from(out).indexOf(Buffer.from([0xff, 0xe1]));
    expect(readExifOrientation(out.subarray(app1 + 10))).toBe(6);
    const upright = bytes(SOI, jpegSegment(0xe1, [...text('Exif\0\0'), ...cameraTiff(1)]), REST);
    expect(Array.from(stripJpeg(upright).bytes)).toEqual([...SOI, ...REST]);
  });

  it('reads entropy-coded data with stuffed bytes and restart markers, and comments between scans', () => {
    const scanHeader = jpegSegment(0xda, [1, 1, 0, 0, 63, 0]);
    const entropy = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd7, 0x78];
    const input = bytes(SOI, scanHeader, entropy, COMMENT, scanHeader, entropy, [0xff, 0xff, 0xd9]);
    expect(Array.from(stripJpeg(input).bytes)).toEqual([
      ...SOI,
      ...scanHeader,
      ...entropy,
      ...scanHeader,
      ...entropy,
      0xff,
      0xd9,
    ]);
  });

  it('closes a file cut short inside its image data', () => {
    const cut = bytes(SOI, REST.slice(0, -10));
    const out = stripJpeg(cut).bytes;
    expect(Array.from(out.subarray(-2))).toEqual([0xff, 0xd9]);
    expect(Array.from(out.subarray(0, -2))).toEqual(Array.from(cut));
  });

  it('refuses what is not a JPEG, and a segment that runs past the end', () => {
    expect(() => stripJpeg(screenshotPng())).toThrow(ImageMetadataError);
    expect(() => stripJpeg(bytes(SOI, [0xff, 0xe1, 0x10, 0x00, 1, 2, 3]))).toThrow(/past the end/);
    expect(() => stripJpeg(bytes(SOI, [0x12, 0x34]))).toThrow(/expected a marker/);
  });

  it('for any arrangement of metadata segments, returns the same clean file (property)', () => {
    const metadata = [EXIF_APP1, XMP_APP1, IPTC_APP13, COMMENT, MPF_APP2, jpegSegment(0xef, text('Flat 3B'))];
    const clean = stripJpeg(bytes(SOI, EXIF_APP1, REST)).bytes;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...metadata), { maxLength: 8 }), (segments) => {
        const input = bytes(SOI, EXIF_APP1, ...segments, REST);
        const out = stripJpeg(input).bytes;
        expect(Array.from(out)).toEqual(Array.from(clean));
        for (const secret of SECRETS) expect(contains(out, secret)).toBe(false);
        // Stripping twice changes nothing more.
        expect(Array.from(stripJpeg(out).bytes)).toEqual(Array.from(out));
      }),
    );
  });
});

describe('stripPng', () => {
  it('removes text, time, EXIF and unknown chunks and keeps the pixels and colour information', () => {
    const { bytes: out, removed } = stripPng(screenshotPng());
    for (const secret of SECRETS) expect(contains(out, secret), secret).toBe(false);
    const chunks = readPngChunks(out);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'sRGB', 'eXIf', 'IDAT', 'IEND']);
    expect(chunks.every((c) => c.crcOk)).toBe(true);
    // The new eXIf holds the orientation and nothing else.
    const exif = chunks.find((c) => c.type === 'eXIf');
    expect(exif?.data.length).toBe(26);
    expect(readExifOrientation(exif?.data ?? new Uint8Array())).toBe(3);
    // Same compressed pixels, same decoded pixels.
    expect(Array.from(inflateSync(chunks.find((c) => c.type === 'IDAT')?.data ?? new Uint8Array()))).toEqual(
      Array.from(RAW_PIXELS),
    );
    expect(removed).toEqual(
      expect.arrayContaining([
        'text details (author, software, comments)',
        'the time it was last changed',
        'camera, time and location details (EXIF)',
        'other embedded data',
        'data appended after the image',
      ]),
    );
  });

  it('leaves a clean PNG as it was', () => {
    const clean = bytes(PNG_SIGNATURE, IHDR, IDAT, IEND);
    expect(Array.from(stripPng(clean).bytes)).toEqual(Array.from(clean));
    expect(stripPng(clean).removed).toEqual([]);
  });

  it('refuses a PNG without IEND or with a chunk that runs past the end', () => {
    expect(() => stripPng(bytes(PNG_SIGNATURE, IHDR, IDAT))).toThrow(/IEND/);
    expect(() => stripPng(bytes(PNG_SIGNATURE, IHDR, IDAT.slice(0, 20)))).toThrow(ImageMetadataError);
    expect(() => stripPng(bytes(PNG_SIGNATURE, IDAT, IHDR, IEND))).toThrow(/IHDR/);
  });
});

describe('stripWebp', () => {
  it('removes EXIF and XMP chunks, clears their flags and fixes the RIFF size', () => {
    const input = taggedWebp();
    const { bytes: out, removed } = stripWebp(input);
    for (const secret of SECRETS) expect(contains(out, secret), secret).toBe(false);
    expect(Array.from(out)).toEqual(Array.from(CHROMIUM_WEBP));
    expect(Buffer.from(out).readUInt32LE(4)).toBe(out.length - 8);
    expect(removed).toEqual(['camera, time and location details (EXIF)', 'editing details (XMP)']);
  });

  it('leaves a clean WebP as it was', () => {
    expect(Array.from(stripWebp(CHROMIUM_WEBP).bytes)).toEqual(Array.from(CHROMIUM_WEBP));
  });
});

describe('stripGif', () => {
  it('removes comments and XMP and keeps the loop, the frame timing and the image', () => {
    const input = bytes(GIF_HEAD, GIF_COMMENT, GIF_LOOP, GIF_XMP, GIF_CONTROL, GIF_IMAGE, [0x3b], TRAILER);
    const { bytes: out, removed } = stripGif(input);
    expect(Array.from(out)).toEqual([...GIF_HEAD, ...GIF_LOOP, ...GIF_CONTROL, ...GIF_IMAGE, 0x3b]);
    for (const secret of SECRETS) expect(contains(out, secret), secret).toBe(false);
    expect(removed).toEqual(
      expect.arrayContaining(['comments', 'editing details (XMP)', 'data appended after the image']),
    );
  });

  it('refuses a GIF without its trailer', () => {
    expect(() => stripGif(bytes(GIF_HEAD, GIF_IMAGE))).toThrow(/trailer/);
  });
});

describe('stripImageMetadata', () => {
  it('cleans an image file and says what it removed', async () => {
    const outcome = await stripImageMetadata(new Blob([phoneJpeg()], { type: 'image/jpeg' }), 'IMG_0001.jpg');
    expect(outcome.status).toBe('cleaned');
    if (outcome.status !== 'cleaned') return;
    expect(outcome.method).toBe('parsed');
    expect(outcome.type).toBe('image/jpeg');
    expect(outcome.name).toBe('IMG_0001.jpg');
    const out = new Uint8Array(await outcome.file.arrayBuffer());
    expect(Array.from(out)).toEqual(Array.from(stripImageBytes(phoneJpeg()).bytes));
  });

  it('goes by the bytes: a JPEG named .png is still cleaned as a JPEG', async () => {
    const outcome = await stripImageMetadata(new Blob([phoneJpeg()], { type: 'image/png' }), 'photo.png');
    expect(outcome.status === 'cleaned' && outcome.type).toBe('image/jpeg');
  });

  it('leaves files that are not images alone', async () => {
    const pdf = new Blob([new Uint8Array(text('%PDF-1.7 ...'))], { type: 'application/pdf' });
    expect(await stripImageMetadata(pdf, 'chat.pdf')).toEqual({ status: 'not-image' });
  });

  it('refuses an image it can neither parse nor redraw, instead of passing it on unchanged', async () => {
    // Node has no canvas: a HEIC photo (or a damaged JPEG) cannot be cleaned here.
    const heic = new Blob([new Uint8Array([0, 0, 0, 24, ...text('ftypheic'), ...text('GPS 51.5007N')])], {
      type: 'image/heic',
    });
    expect((await stripImageMetadata(heic, 'IMG_0002.HEIC')).status).toBe('failed');
    const damaged = new Blob([bytes(SOI, [0xff, 0xe1, 0x40, 0x00, ...text('Exif')])], { type: 'image/jpeg' });
    expect((await stripImageMetadata(damaged, 'x.jpg')).status).toBe('failed');
  });
});
