/**
 * What happens to a file before it is encrypted (PROTOCOL.md, Attachments): hidden details are
 * removed where Confide knows how, and where it does not, the person sending it is told what
 * the file may reveal and decides. The format comes from the file's bytes, never its name.
 *
 *   images (JPEG, PNG, WebP, GIF; others redrawn)   cleaned          image-metadata.ts
 *   Word, Excel, PowerPoint, OpenDocument            cleaned; comments and tracked changes
 *                                                    left and named   office-metadata.ts
 *   PDF                                              sent as it is, with what it shows
 *                                                                     pdf-metadata.ts
 *   older Office files, password-protected ones      sent as it is, with a warning
 *   anything else                                    sent as it is; "not checked"
 *
 * A file of a known format that cannot be read is never sent as it was without a word: a
 * damaged image or office document is refused, a damaged PDF is warned about.
 *
 * Loaded on demand (file-cleaning/on-demand.ts), on the page's main thread: what it finds is put
 * into words through Lingui, in the page's language when the file is checked, so it does not run
 * in a Worker (whose build has no macro step). With extensions, unlike most client files: the
 * unit tests import this file under Node.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { sniffImageFormat, stripImageMetadata } from './image-metadata.js';
import { cleanOfficeBytes, isOleCompoundFile, OfficeDocumentError } from './office-metadata.js';
import { isPdf, PDF_CAVEAT, scanPdf } from './pdf-metadata.js';

/** What a file sent as it is may reveal. */
export interface FileWarning {
  /**
   * What was found in this file, concretely ("Author: Jane Doe"), in the page's language when
   * the file was checked (with what the file says in it, as it says it); may be empty.
   */
  readonly findings: readonly string[];
  /**
   * What files of its kind can reveal in general, translated where it is shown
   * (upload-list.tsx); absent when the findings say it all.
   */
  readonly caveat?: MessageDescriptor;
}

export type CleanOutcome =
  /** Cleaned: send `file` instead of the original. */
  | {
      readonly status: 'cleaned';
      readonly file: Blob;
      readonly name: string;
      readonly type: string;
      /** What was removed, in words ("camera, time and location details (EXIF)"), like `findings`. */
      readonly removed: readonly string[];
      /** 'parsed' kept every pixel or part; 'redrawn' went through a canvas and is now a PNG. */
      readonly method: 'parsed' | 'redrawn';
      /** What is left that the person must agree to send (comments with names), if anything. */
      readonly warning?: FileWarning;
    }
  /** Sent as it is, once the person has agreed to what it may reveal. */
  | { readonly status: 'kept-with-warning'; readonly warning: FileWarning }
  /** A kind of file Confide does not know how to look inside: sent as it is, and said so. */
  | { readonly status: 'not-checked' }
  /** A file whose hidden details could not be removed: do not send it as it is. Why, in words. */
  | { readonly status: 'failed'; readonly reason: string };

/** How a file was handled, for lists of files: cleaned, sent as it is with a warning, or not looked inside. */
export type FileChecked = 'cleaned' | 'kept' | 'not-checked';

/** The warning a person must agree to before the file is sent, if any. */
export function warningOf(outcome: CleanOutcome): FileWarning | undefined {
  return outcome.status === 'cleaned' || outcome.status === 'kept-with-warning' ? outcome.warning : undefined;
}

const OFFICE_CAVEAT = msg`Office documents can show who wrote and edited them, the software used, when they were written, comments with names, and earlier versions of their text.`;

const OFFICE_FAILED = msg`Confide could not read this document to remove its hidden details, such as the name of whoever wrote it.`;

const PASSWORD_PROTECTED = msg`It is protected with a password, so Confide could not look inside it`;

function cleanOffice(bytes: Uint8Array, file: Blob, name: string): CleanOutcome | undefined {
  let result: ReturnType<typeof cleanOfficeBytes>;
  try {
    result = cleanOfficeBytes(bytes);
  } catch (caught) {
    if (caught instanceof OfficeDocumentError) return { status: 'failed', reason: i18n._(OFFICE_FAILED) };
    throw caught;
  }
  switch (result.status) {
    case 'not-office':
      return undefined;
    case 'encrypted':
      return {
        status: 'kept-with-warning',
        warning: { findings: [i18n._(PASSWORD_PROTECTED)], caveat: OFFICE_CAVEAT },
      };
    case 'cleaned': {
      // The bytes say what it is; a declared type is kept only when it is as precise (.docm, .dotx...).
      const type = file.type.startsWith('application/vnd.') ? file.type : result.mimeType;
      return {
        status: 'cleaned',
        file: new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type }),
        name,
        type,
        removed: result.removed,
        method: 'parsed',
        ...(result.findings.length > 0 ? { warning: { findings: result.findings } } : {}),
      };
    }
  }
}

/** "EncryptedPackage" as a compound file names its streams (UTF-16LE): a password-protected .docx, .xlsx... */
const ENCRYPTED_PACKAGE = Array.from('EncryptedPackage', (c) => [c.charCodeAt(0), 0]).flat();

function containsBytes(haystack: Uint8Array, needle: readonly number[]): boolean {
  const first = needle[0] ?? 0;
  outer: for (let i = haystack.indexOf(first); i >= 0; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Cleans one file before it is encrypted (see above). `name` is what the person called it and
 * stays as it is, unless an image had to be redrawn as PNG. Never throws.
 */
export async function cleanFile(file: Blob, name: string): Promise<CleanOutcome> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { status: 'failed', reason: i18n._(msg`The file could not be read.`) };
  }
  try {
    if (sniffImageFormat(bytes) !== undefined) return fromImage(await stripImageMetadata(file, name));
    if (isPdf(bytes)) {
      return { status: 'kept-with-warning', warning: { findings: scanPdf(bytes), caveat: PDF_CAVEAT } };
    }
    const office = cleanOffice(bytes, file, name);
    if (office) return office;
    if (isOleCompoundFile(bytes)) {
      return {
        status: 'kept-with-warning',
        warning: {
          findings: [
            containsBytes(bytes, ENCRYPTED_PACKAGE)
              ? i18n._(PASSWORD_PROTECTED)
              : i18n._(
                  msg`It is in an older Office format (such as .doc, .xls or .ppt) that Confide cannot clean`,
                ),
          ],
          caveat: OFFICE_CAVEAT,
        },
      };
    }
    // Images this code cannot parse (HEIC, AVIF, TIFF...): redrawn where the browser can.
    if (file.type.startsWith('image/')) return fromImage(await stripImageMetadata(file, name));
    return { status: 'not-checked' };
  } catch {
    // A bug here must not let a file through unexamined.
    return {
      status: 'failed',
      reason: i18n._(msg`Confide could not check this file for hidden details.`),
    };
  }
}

function fromImage(outcome: Awaited<ReturnType<typeof stripImageMetadata>>): CleanOutcome {
  return outcome.status === 'not-image' ? { status: 'not-checked' } : outcome;
}
