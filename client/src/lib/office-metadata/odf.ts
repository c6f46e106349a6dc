/**
 * OpenDocument files (.odt, .ods, .odp and the rest: LibreOffice, Google Docs exports):
 * office-metadata.ts.
 *
 *   mimetype                first in the archive and stored uncompressed, so the type can be read
 *                           at a fixed offset: "application/vnd.oasis.opendocument.text"
 *   META-INF/manifest.xml   every part, its type, and encryption details for a password
 *   meta.xml                author, initial author, dates, editing time and cycles, generator,
 *                           statistics, user-defined fields (also in each "Object N/")
 *   Thumbnails/thumbnail.png  a picture of the first page as it was last saved
 *   content.xml, styles.xml the document, with comments (office:annotation) and tracked changes
 *   Pictures/               the pictures in it
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { peopleFindings } from './ooxml.js';
import { DocumentPackage, OfficeDocumentError, type CleanEmbedded } from './package.js';
import { decodeEntities, emptyRoot, localName, rewriteEmptyElements, rootStartTag } from './xml.js';

const MIMETYPE_PREFIX = 'application/vnd.oasis.opendocument.';

/** The document's type if the entries are an OpenDocument package; undefined otherwise. */
export function odfMimeType(pkg: DocumentPackage): string | undefined {
  const entry = pkg.entry('mimetype');
  // A mimetype entry is a few dozen bytes; anything larger is not one.
  if (!entry || entry.size > 200) return undefined;
  const text = new TextDecoder().decode(pkg.data(entry)).trim();
  return text.startsWith(MIMETYPE_PREFIX) && /^[\w.+-]+\/[\w.+-]+$/.test(text) ? text : undefined;
}

/** A password-protected document: its parts are encrypted, so they cannot be read or replaced. */
export function isEncryptedOdf(pkg: DocumentPackage): boolean {
  return /<(?:[\w.-]+:)?encryption-data\b/.test(pkg.text('META-INF/manifest.xml') ?? '');
}

function emptyMeta(pkg: DocumentPackage): boolean {
  let held = false;
  for (const entry of pkg.entries) {
    if (entry.name !== 'meta.xml' && !entry.name.endsWith('/meta.xml')) continue;
    const xml = pkg.text(entry.name) ?? '';
    const tag = rootStartTag(xml);
    if (!tag || localName(tag.qname) !== 'document-meta') {
      throw new OfficeDocumentError(`${entry.name} is not the properties part it should be`);
    }
    const prefix = tag.qname.includes(':') ? tag.qname.slice(0, tag.qname.indexOf(':') + 1) : '';
    const version = [...tag.attributes.keys()].filter((name) => localName(name) === 'version');
    const empty = emptyRoot(tag, version, `<${prefix}meta/>`);
    pkg.replace(entry, empty);
    held ||= empty !== xml;
  }
  return held;
}

function removeThumbnails(pkg: DocumentPackage): boolean {
  const thumbnails = pkg.entries.filter((e) => e.name.startsWith('Thumbnails/'));
  if (thumbnails.length === 0) return false;
  for (const entry of thumbnails) pkg.remove(entry);
  const manifest = pkg.entry('META-INF/manifest.xml');
  const xml = manifest && pkg.text(manifest.name);
  if (manifest && xml !== undefined) {
    const isThumbnail = (attributes: Map<string, string>): boolean =>
      [...attributes].some(
        ([name, value]) => localName(name) === 'full-path' && decodeEntities(value).startsWith('Thumbnails/'),
      );
    const cleaned = rewriteEmptyElements(xml, 'file-entry', (attributes, text) =>
      isThumbnail(attributes) ? '' : text,
    );
    // An entry written in a form not recognised above would list a part that is gone.
    if (/full-path\s*=\s*["']Thumbnails\//.test(cleaned)) {
      throw new OfficeDocumentError('the preview picture could not be removed cleanly');
    }
    pkg.replace(manifest, cleaned);
  }
  return true;
}

/** Comments (office:annotation) and tracked changes, with the names in their dc:creator. */
function findPeople(pkg: DocumentPackage): string[] {
  let comments = false;
  let changes = false;
  const names: string[] = [];
  for (const entry of pkg.entries) {
    const base = entry.name.slice(entry.name.lastIndexOf('/') + 1);
    if (base !== 'content.xml' && base !== 'styles.xml') continue;
    const xml = pkg.text(entry.name) ?? '';
    if (/<(?:[\w.-]+:)?annotation[\s>]/.test(xml)) comments = true;
    if (/<(?:[\w.-]+:)?changed-region\b/.test(xml)) changes = true;
    // In the body, only annotations and change records name a creator.
    names.push(
      ...[...xml.matchAll(/<(?:[\w.-]+:)?creator>([^<]*)</g)].map((m) => decodeEntities(m[1] ?? '')),
    );
  }
  return peopleFindings(comments, changes, names);
}

/** Cleans an OpenDocument package in place (see the top of this file). */
export function cleanOdf(pkg: DocumentPackage, cleanEmbedded: CleanEmbedded, depth: number): void {
  if (emptyMeta(pkg)) {
    pkg.removed.add(
      i18n._(
        msg`the names of the author and of who last changed it, dates, editing time and the software used (document properties)`,
      ),
    );
  }
  if (removeThumbnails(pkg)) pkg.removed.add(i18n._(msg`a preview picture of the first page`));
  for (const finding of findPeople(pkg)) pkg.findings.add(finding);
  // Embedded ODF objects are folders of this package (their meta.xml was emptied above); OLE
  // objects from other programs sit in "ObjectReplacements" (pictures) and "Object N" binaries.
  pkg.cleanEmbeddedFiles((name) => /^Object [^/]+$/.test(name), cleanEmbedded, depth);
}
