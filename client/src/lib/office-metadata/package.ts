/**
 * One office document being cleaned (office-metadata.ts): its ZIP entries, the parts replaced or
 * removed so far, what was removed and what was found and left, and the pictures and embedded
 * files that every format handles the same way.
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import { sniffImageFormat, stripImageBytes } from '../image-metadata.js';
import { ascii, startsWith } from '../image-metadata/bytes.js';
import { decodeXml, encodeXml, listNames } from './xml.js';
import { entryData, writeZip, ZipError, type ZipEntry, type ZipOutput } from './zip.js';

/** An office document that cannot be cleaned: damaged, or beyond what is read safely. */
export class OfficeDocumentError extends Error {
  override readonly name = 'OfficeDocumentError';
}

/**
 * Decompressed bytes read from one document, embedded documents included. Larger documents are
 * refused rather than cleaned in part: a page has only so much memory.
 */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** Office documents inside office documents (a spreadsheet behind a chart): cleaned this deep. */
export const MAX_EMBEDDING_DEPTH = 2;

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

export function isOleCompoundFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, [...OLE_SIGNATURE]);
}

const PICTURE_NAME = /\.(jpe?g|jfif|png|gif|webp|tiff?|heic|heif|avif|bmp)$/i;
const MEDIA_FOLDER = /(^|\/)(media|Pictures)\//i;
const AUDIO_VIDEO_NAME =
  /\.(mp4|m4v|mov|qt|3gp|avi|wmv|asf|mkv|webm|mpe?g|m4a|mp3|wav|wma|aac|ogg|oga|flac)$/i;
/** Picture formats that can hold a location but that the image cleaner does not parse. */
const isUncheckedPicture = (bytes: Uint8Array): boolean =>
  startsWith(bytes, ascii('II*\0')) ||
  startsWith(bytes, ascii('MM\0*')) ||
  (startsWith(bytes, ascii('ftyp'), 4) && /^(heic|heix|mif1|msf1|avif|heim|heis)$/.test(ascii4(bytes, 8)));

function ascii4(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

/** Cleans an office document found inside another (office-metadata.ts passes itself in). */
export type CleanEmbedded = (
  bytes: Uint8Array,
  depth: number,
) => {
  readonly bytes: Uint8Array;
  readonly removed: readonly string[];
  readonly findings: readonly string[];
};

export class DocumentPackage {
  readonly entries: readonly ZipEntry[];
  /** What was removed and what was found and left, in the page's language as it is cleaned. */
  readonly removed = new Set<string>();
  readonly findings = new Set<string>();
  readonly #byName = new Map<string, ZipEntry>();
  readonly #byLowerName = new Map<string, ZipEntry>();
  readonly #data = new Map<ZipEntry, Uint8Array>();
  /** New data for an entry, or null for an entry left out. */
  readonly #changes = new Map<ZipEntry, Uint8Array | null>();
  /** Decompressed bytes this document (and those embedded in it) may still read. */
  readonly budget: { left: number };

  constructor(entries: readonly ZipEntry[], budget: { left: number } = { left: MAX_INFLATED_BYTES }) {
    this.entries = entries;
    this.budget = budget;
    for (const entry of entries) {
      this.#byName.set(entry.name, entry);
      this.#byLowerName.set(entry.name.toLowerCase(), entry);
    }
  }

  /** The entry of a name; `caseless` for OOXML, whose part names ignore case. */
  entry(name: string, caseless = false): ZipEntry | undefined {
    return caseless ? this.#byLowerName.get(name.toLowerCase()) : this.#byName.get(name);
  }

  /** An entry's decompressed bytes (checked against its CRC). Throws OfficeDocumentError. */
  data(entry: ZipEntry): Uint8Array {
    const cached = this.#data.get(entry);
    if (cached) return cached;
    if (entry.size > this.budget.left) {
      throw new OfficeDocumentError('The document is too large for Confide to clean in this browser.');
    }
    this.budget.left -= entry.size;
    let data: Uint8Array;
    try {
      data = entryData(entry);
    } catch (caught) {
      if (caught instanceof ZipError) throw new OfficeDocumentError(caught.message);
      throw caught;
    }
    this.#data.set(entry, data);
    return data;
  }

  /** An XML part's text, as it is now (after any change made here); undefined if absent. */
  text(name: string, caseless = false): string | undefined {
    const entry = this.entry(name, caseless);
    if (!entry) return undefined;
    const changed = this.#changes.get(entry);
    if (changed === null) return undefined;
    return decodeXml(changed ?? this.data(entry));
  }

  replace(entry: ZipEntry, data: Uint8Array | string): void {
    this.#changes.set(entry, typeof data === 'string' ? encodeXml(data) : data);
  }

  remove(entry: ZipEntry): void {
    this.#changes.set(entry, null);
  }

  isRemoved(entry: ZipEntry): boolean {
    return this.#changes.get(entry) === null;
  }

  /**
   * Cleans the pictures in it with the image cleaner, notes pictures, sounds and videos it cannot
   * check, and cleans office documents embedded in it (or notes those it cannot).
   */
  cleanEmbeddedFiles(
    isEmbedding: (name: string) => boolean,
    cleanEmbedded: CleanEmbedded,
    depth: number,
  ): void {
    const picturesRemoved = new Set<string>();
    let picturesCleaned = 0;
    const picturesLeft: string[] = [];
    let audioVideo = 0;
    let embeddedLeft = 0;
    for (const entry of this.entries) {
      if (this.isRemoved(entry) || entry.name.endsWith('/')) continue;
      const base = entry.name.slice(entry.name.lastIndexOf('/') + 1);
      if (AUDIO_VIDEO_NAME.test(base)) {
        audioVideo++;
      } else if (isEmbedding(entry.name)) {
        const data = this.data(entry);
        try {
          if (depth >= MAX_EMBEDDING_DEPTH) throw new OfficeDocumentError('embedded too deep');
          const cleaned = cleanEmbedded(data, depth + 1);
          this.replace(entry, cleaned.bytes);
          for (const details of cleaned.removed) {
            this.removed.add(i18n._(msg`${details} from a file embedded in it`));
          }
          for (const finding of cleaned.findings) {
            this.findings.add(i18n._(msg`In a file embedded in it: ${finding}`));
          }
        } catch (caught) {
          if (!(caught instanceof OfficeDocumentError)) throw caught;
          embeddedLeft++;
        }
      } else if (PICTURE_NAME.test(base) || MEDIA_FOLDER.test(entry.name)) {
        const data = this.data(entry);
        if (sniffImageFormat(data) !== undefined) {
          try {
            const stripped = stripImageBytes(data);
            if (stripped.removed.length > 0) {
              this.replace(entry, stripped.bytes);
              picturesCleaned++;
              for (const r of stripped.removed) picturesRemoved.add(r);
            }
          } catch {
            picturesLeft.push(base);
          }
        } else if (isUncheckedPicture(data)) {
          picturesLeft.push(base);
        }
      }
    }
    if (picturesCleaned > 0) {
      const details = [...picturesRemoved].join(', ');
      this.removed.add(
        i18n._(
          msg`${details} from ${plural(picturesCleaned, { one: 'a picture', other: '# pictures' })} inside it`,
        ),
      );
    }
    if (picturesLeft.length > 0) {
      // The pictures' names inside the document, not translated.
      const pictures = listNames(picturesLeft);
      const pictureCount = picturesLeft.length;
      this.findings.add(
        i18n._(
          msg`${plural(pictureCount, {
            one: `A picture inside it (${pictures}) could not be cleaned and may still show where and when it was taken.`,
            other: `# pictures inside it (${pictures}) could not be cleaned and may still show where and when they were taken.`,
          })}`,
        ),
      );
    }
    if (audioVideo > 0) {
      this.findings.add(
        i18n._(
          msg`${plural(audioVideo, {
            one: 'It contains a sound or video file, which Confide did not check: a video can show where it was filmed and with which phone.',
            other:
              'It contains # sound or video files, which Confide did not check: a video can show where it was filmed and with which phone.',
          })}`,
        ),
      );
    }
    if (embeddedLeft > 0) {
      this.findings.add(
        i18n._(
          msg`${plural(embeddedLeft, {
            one: 'A file is embedded in it (such as a spreadsheet behind a chart) that Confide could not clean; it may show who made it.',
            other:
              '# files are embedded in it (such as a spreadsheet behind a chart) that Confide could not clean; they may show who made them.',
          })}`,
        ),
      );
    }
  }

  /**
   * The cleaned archive: every entry in its original order (`first` moved to the front, stored
   * uncompressed, as ODF requires of its mimetype), unchanged entries copied as they were stored.
   */
  write(first?: ZipEntry): Uint8Array {
    const outputs: ZipOutput[] = [];
    const ordered = first ? [first, ...this.entries.filter((e) => e !== first)] : this.entries;
    for (const entry of ordered) {
      const change = this.#changes.get(entry);
      if (change === null) continue;
      if (entry === first) outputs.push({ entry, data: this.data(entry), compress: false });
      else if (change) outputs.push({ entry, data: change, compress: true });
      else outputs.push({ entry });
    }
    try {
      return writeZip(outputs);
    } catch (caught) {
      if (caught instanceof ZipError) throw new OfficeDocumentError(caught.message);
      throw caught;
    }
  }
}
