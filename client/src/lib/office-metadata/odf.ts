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
 *   content.xml, styles.xml the document, with comments (office:annotation) and tracked changes;
 *                           LibreOffice marks its automatic styles with the editing session that
 *                           wrote them (officeooo:rsid, officeooo:paragraph-rsid)
 *   settings.xml            view and print settings: the printer's name and its driver's settings
 *                           (PrinterName, PrinterSetup, PrintFaxName), the editing sessions (Rsid,
 *                           RsidRoot), and options that change the layout, which stay
 *   Pictures/               the pictures in it
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { editingSessionsLeft, editingSessionsRemoved, peopleFindings } from './ooxml.js';
import { DocumentPackage, OfficeDocumentError, type CleanEmbedded } from './package.js';
import {
  decodeEntities,
  editXml,
  emptyRoot,
  localName,
  rewriteEmptyElements,
  rootStartTag,
  type XmlAttribute,
} from './xml.js';

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

const CONFIG = 'urn:oasis:names:tc:opendocument:xmlns:config:1.0';
const OOO = 'http://openoffice.org/2009/office';
const PRINTER_ITEMS = new Set(['PrinterName', 'PrinterSetup', 'PrintFaxName']);
const SESSION_ITEMS = new Set(['Rsid', 'RsidRoot']);

const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/**
 * Removes from settings.xml (the document's and each object's) the printer's name and settings
 * (PrinterSetup is the driver's own data, with the printer's and the driver's names) and the
 * editing sessions; LibreOffice then uses the default printer and starts a new session. Every
 * other setting stays: some change the layout. A settings part that cannot be read is replaced
 * by an empty one (LibreOffice opens a document whose settings are empty).
 */
function cleanSettings(pkg: DocumentPackage): { printer: boolean; sessions: boolean } {
  let printer = false;
  let sessions = false;
  for (const entry of pkg.entries) {
    if (baseName(entry.name) !== 'settings.xml' || pkg.isRemoved(entry)) continue;
    const xml = pkg.text(entry.name) ?? '';
    if (!/Print|Rsid/.test(xml)) continue;
    let found = { printer: false, sessions: false };
    let cleaned = editXml(xml, (element) => {
      if (element.namespace !== CONFIG || element.local !== 'config-item') return undefined;
      const name = element.attributes.find((a) => a.namespace === CONFIG && a.local === 'name');
      const item = name && decodeEntities(name.value);
      if (item === undefined) return undefined;
      if (PRINTER_ITEMS.has(item)) found.printer = true;
      else if (SESSION_ITEMS.has(item)) found.sessions = true;
      else return undefined;
      return 'drop';
    });
    if (cleaned === undefined) {
      const tag = rootStartTag(xml);
      if (!tag || localName(tag.qname) !== 'document-settings') {
        throw new OfficeDocumentError(`${entry.name} is not the settings part it should be`);
      }
      const version = [...tag.attributes.keys()].filter((n) => localName(n) === 'version');
      cleaned = emptyRoot(tag, version);
      found = {
        printer: /Printer(?:Name|Setup)|PrintFaxName/.test(xml),
        sessions: /"Rsid(?:Root)?"/.test(xml),
      };
    }
    if (cleaned === xml) continue;
    pkg.replace(entry, cleaned);
    printer ||= found.printer;
    sessions ||= found.sessions;
  }
  return { printer, sessions };
}

const isSessionMark = (attribute: XmlAttribute): boolean =>
  attribute.namespace === OOO && (attribute.local === 'rsid' || attribute.local === 'paragraph-rsid');

/** LibreOffice's marks of the editing session on automatic styles: optional, and dropped. */
function removeSessionMarks(pkg: DocumentPackage): { removed: boolean; left: boolean } {
  let removed = false;
  let left = false;
  for (const entry of pkg.entries) {
    const base = baseName(entry.name);
    if ((base !== 'content.xml' && base !== 'styles.xml') || pkg.isRemoved(entry)) continue;
    const xml = pkg.text(entry.name) ?? '';
    if (!xml.includes('rsid')) continue;
    const cleaned = editXml(xml, (element) =>
      element.attributes.some(isSessionMark)
        ? { attribute: (a) => (isSessionMark(a) ? null : undefined) }
        : undefined,
    );
    if (cleaned === undefined) {
      left = true;
    } else if (cleaned !== xml) {
      pkg.replace(entry, cleaned);
      removed = true;
    }
  }
  return { removed, left };
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
  const settings = cleanSettings(pkg);
  if (settings.printer) pkg.removed.add(i18n._(msg`the name and settings of the printer it was set up for`));
  const marks = removeSessionMarks(pkg);
  if (settings.sessions || marks.removed) pkg.removed.add(editingSessionsRemoved());
  if (marks.left) pkg.findings.add(editingSessionsLeft());
  for (const finding of findPeople(pkg)) pkg.findings.add(finding);
  // Embedded ODF objects are folders of this package (their meta.xml was emptied above); OLE
  // objects from other programs sit in "ObjectReplacements" (pictures) and "Object N" binaries.
  pkg.cleanEmbeddedFiles((name) => /^Object [^/]+$/.test(name), cleanEmbedded, depth);
}
