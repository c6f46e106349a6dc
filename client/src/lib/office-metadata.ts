/**
 * Removing hidden details from office documents before they are encrypted (file-cleaning.ts):
 * the names of who wrote and last changed a document, its company and manager, the software,
 * dates and total editing time, custom properties, a picture of its first page as last saved,
 * the folders it and its template were saved in, the data a document library or another program
 * attached to it (custom XML: names, e-mail addresses, server folders), the ids of the editing
 * sessions that wrote it (which match copies of one document to each other), the accounts of the
 * people who commented on it, the name of who set a workbook's password for changes, the printer
 * it was set up for, and the location and camera details of the photos in it.
 *
 * Word, Excel and PowerPoint files (.docx, .xlsx, .pptx, and .docm, .dotx...) and OpenDocument
 * files (.odt, .ods, .odp...) are ZIP archives of XML parts. Each is recognised by its parts,
 * never by its name: `[Content_Types].xml` with a `word/`, `xl/` or `ppt/` folder, or a
 * `mimetype` entry holding "application/vnd.oasis.opendocument.*". The archive is written anew:
 *
 *   - property parts are replaced by empty ones with the same root element and namespaces, so
 *     every relationship and manifest entry that names them stays valid (ooxml.ts, odf.ts);
 *   - the first-page picture and custom XML are removed together with their relationships,
 *     content-type overrides or manifest entries, and a document whose relationships would then
 *     name a missing part is refused (opc.ts); custom XML the document uses (content controls
 *     filled from it, citation sources, data queries) stays and is reported;
 *   - inside other parts, only elements and attributes that change nothing the document shows
 *     are dropped or rewritten (editing-session ids, accounts, printer settings: xml.ts reads
 *     the tags with their namespaces), and every other character stays as it was (an
 *     OpenDocument settings part it cannot read is replaced by an empty one);
 *   - pictures are cleaned by the image cleaner (image-metadata.ts), byte for byte as for a photo
 *     sent on its own; office documents embedded in the document are cleaned the same way;
 *   - every other part keeps its bytes exactly (its compressed form is copied), and every entry
 *     loses its timestamps, extra fields and comments (zip.ts).
 *
 * What cannot be removed without changing what the document says is left and reported, per
 * file, so the reporter decides: comments and tracked changes with their authors' names,
 * custom XML the document uses, editing-session ids in a part that cannot be read safely,
 * pictures or embedded files in formats this code cannot clean, sound and video.
 *
 * A recognised document that cannot be read is an OfficeDocumentError: the caller refuses it
 * rather than send it as it was. No dependency on the DOM: it runs in a page or in Node (tests).
 * What was removed and found is put into words through Lingui, in the page's language when the
 * document is cleaned, so it does not run in a Worker (whose build has no macro step).
 */
import { isEncryptedOdf, cleanOdf, odfMimeType } from './office-metadata/odf.js';
import { cleanOoxml, ooxmlFamily, ooxmlMimeType } from './office-metadata/ooxml.js';
import { DocumentPackage, OfficeDocumentError } from './office-metadata/package.js';
import { looksLikeZip, readZip, ZipError } from './office-metadata/zip.js';

export { OfficeDocumentError, isOleCompoundFile } from './office-metadata/package.js';
export { readZip, entryData, type ZipEntry } from './office-metadata/zip.js';

export type OfficeCleaning =
  /** Not an office document (not a ZIP, or a ZIP of something else): nothing was changed. */
  | { readonly status: 'not-office' }
  /** A password-protected OpenDocument file: its parts are encrypted and cannot be cleaned. */
  | { readonly status: 'encrypted'; readonly mimeType: string }
  | {
      readonly status: 'cleaned';
      readonly bytes: Uint8Array;
      readonly format: 'ooxml' | 'odf';
      readonly mimeType: string;
      /** What was removed, in words ("a preview picture of the first page"). */
      readonly removed: readonly string[];
      /** What is left that may name people, in sentences for the reporter. */
      readonly findings: readonly string[];
    };

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first ?? 0); i >= 0; i = haystack.indexOf(first ?? 0, i + 1)) {
    if (i + needle.length > haystack.length) return false;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Part names stored in plain text in every local header: an office document, even if damaged. */
function mentionsOfficeParts(bytes: Uint8Array): boolean {
  return (
    includesBytes(bytes, ascii('[Content_Types].xml')) ||
    includesBytes(bytes, ascii('mimetypeapplication/vnd.oasis.opendocument.'))
  );
}

function clean(bytes: Uint8Array, depth: number, budget: { left: number } | undefined): OfficeCleaning {
  if (!looksLikeZip(bytes)) return { status: 'not-office' };
  let pkg: DocumentPackage;
  try {
    pkg = new DocumentPackage(readZip(bytes), budget);
  } catch (caught) {
    if (!(caught instanceof ZipError)) throw caught;
    if (mentionsOfficeParts(bytes)) throw new OfficeDocumentError(caught.message);
    return { status: 'not-office' };
  }
  const shared = budget ?? pkg.budget;
  const cleanEmbedded = (inner: Uint8Array, innerDepth: number) => {
    const result = clean(inner, innerDepth, shared);
    if (result.status !== 'cleaned') throw new OfficeDocumentError('not an office document');
    return result;
  };

  const family = ooxmlFamily(pkg);
  if (family) {
    cleanOoxml(pkg, family, cleanEmbedded, depth);
    return {
      status: 'cleaned',
      bytes: pkg.write(),
      format: 'ooxml',
      mimeType: ooxmlMimeType(family),
      removed: [...pkg.removed],
      findings: [...pkg.findings],
    };
  }
  const mimeType = odfMimeType(pkg);
  if (mimeType === undefined) return { status: 'not-office' };
  if (isEncryptedOdf(pkg)) return { status: 'encrypted', mimeType };
  cleanOdf(pkg, cleanEmbedded, depth);
  return {
    status: 'cleaned',
    bytes: pkg.write(pkg.entry('mimetype')),
    format: 'odf',
    mimeType,
    removed: [...pkg.removed],
    findings: [...pkg.findings],
  };
}

/** Cleans an office document (see above). Throws OfficeDocumentError for a damaged one. */
export function cleanOfficeBytes(bytes: Uint8Array): OfficeCleaning {
  return clean(bytes, 0, undefined);
}
