/**
 * Word, Excel and PowerPoint documents (.docx, .xlsx, .pptx and their macro and template
 * variants): Office Open XML packages (office-metadata.ts).
 *
 *   [Content_Types].xml    the type of every part
 *   _rels/.rels            the package's relationships: main document, properties, thumbnail
 *   docProps/core.xml      author, last modified by, dates, title, subject, keywords, revision
 *   docProps/app.xml       company, manager, application, template, total editing time
 *   docProps/custom.xml    properties added by people or programs (often names, ids, paths)
 *   docProps/thumbnail.*   a picture of the first page as it was last saved
 *   word/ | xl/ | ppt/     the document itself, its media/ and embeddings/
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { DocumentPackage, OfficeDocumentError, type CleanEmbedded } from './package.js';
import {
  decodeEntities,
  emptyRoot,
  listNames,
  localName,
  rewriteEmptyElements,
  rootStartTag,
} from './xml.js';

export type OoxmlFamily = 'word' | 'xl' | 'ppt';

const FAMILY_TYPES: Readonly<Record<OoxmlFamily, string>> = {
  word: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xl: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** The kind of document, if the entries are an Office Open XML package. */
export function ooxmlFamily(pkg: DocumentPackage): OoxmlFamily | undefined {
  if (!pkg.entry('[Content_Types].xml', true)) return undefined;
  for (const family of ['word', 'xl', 'ppt'] as const) {
    if (pkg.entries.some((e) => e.name.toLowerCase().startsWith(`${family}/`))) return family;
  }
  return undefined;
}

export function ooxmlMimeType(family: OoxmlFamily): string {
  return FAMILY_TYPES[family];
}

// Relationship types end the same way in Transitional and Strict documents.
const CORE = /\/metadata\/core-properties$/;
const APP = /\/(extended-properties|extendedProperties)$/;
const CUSTOM = /\/(custom-properties|customProperties)$/;
const THUMBNAIL = /\/metadata\/thumbnail$/;
const ATTACHED_TEMPLATE = /\/attachedTemplate$/;

/** A package-relative part name from a relationship target of `_rels/.rels`. */
function rootTarget(target: string): string {
  let name = target.replace(/^\//, '');
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded after all: keep it as written.
  }
  return name;
}

interface Relationship {
  readonly type: string;
  readonly target: string;
}

function relationships(xml: string): Relationship[] {
  const found: Relationship[] = [];
  rewriteEmptyElements(xml, 'Relationship', (attributes, text) => {
    found.push({
      type: attributes.get('Type') ?? '',
      target: decodeEntities(attributes.get('Target') ?? ''),
    });
    return text;
  });
  return found;
}

/** The part names the package's relationships give a type, plus the usual one if it is there. */
function partsOfType(pkg: DocumentPackage, rels: readonly Relationship[], type: RegExp, usual: string) {
  const names = new Set(rels.filter((r) => type.test(r.type)).map((r) => rootTarget(r.target).toLowerCase()));
  names.add(usual);
  return [...names].flatMap((name) => {
    const entry = pkg.entry(name, true);
    return entry && !pkg.isRemoved(entry) ? [entry] : [];
  });
}

/** Replaces a properties part by an empty one of the same root; true if it held anything. */
function emptyProperties(
  pkg: DocumentPackage,
  rels: readonly Relationship[],
  type: RegExp,
  usual: string,
  root: string,
  keepChildren?: RegExp,
): boolean {
  let held = false;
  for (const entry of partsOfType(pkg, rels, type, usual)) {
    const xml = pkg.text(entry.name) ?? '';
    const tag = rootStartTag(xml);
    if (!tag || localName(tag.qname) !== root) {
      throw new OfficeDocumentError(`${entry.name} is not the properties part it should be`);
    }
    const kept = keepChildren ? [...xml.matchAll(keepChildren)].map((m) => m[0]).join('') : '';
    const empty = emptyRoot(tag, [], kept);
    pkg.replace(entry, empty);
    // Cleaning a cleaned document removes nothing more.
    held ||= tag.hasContent && empty !== xml;
  }
  return held;
}

/** Removes the first-page picture, its relationship and its content-type override. */
function removeThumbnail(pkg: DocumentPackage, rels: readonly Relationship[]): boolean {
  const thumbnails = new Set(
    rels.filter((r) => THUMBNAIL.test(r.type)).map((r) => rootTarget(r.target).toLowerCase()),
  );
  for (const entry of pkg.entries) {
    if (/^docprops\/thumbnail\.[^/]+$/.test(entry.name.toLowerCase()))
      thumbnails.add(entry.name.toLowerCase());
  }
  const present = [...thumbnails].filter((name) => pkg.entry(name, true));
  if (present.length === 0) return false;
  for (const name of present) {
    const entry = pkg.entry(name, true);
    if (entry) pkg.remove(entry);
  }
  const relsEntry = pkg.entry('_rels/.rels', true);
  const relsXml = relsEntry && pkg.text(relsEntry.name);
  if (relsEntry && relsXml !== undefined) {
    const cleaned = rewriteEmptyElements(relsXml, 'Relationship', (attributes, text) => {
      const target = rootTarget(decodeEntities(attributes.get('Target') ?? '')).toLowerCase();
      return THUMBNAIL.test(attributes.get('Type') ?? '') || present.includes(target) ? '' : text;
    });
    // A relationship written in a form not recognised above would now point at nothing.
    if (relationships(cleaned).some((r) => present.includes(rootTarget(r.target).toLowerCase()))) {
      throw new OfficeDocumentError('the preview picture could not be removed cleanly');
    }
    pkg.replace(relsEntry, cleaned);
  }
  const typesEntry = pkg.entry('[Content_Types].xml', true);
  const typesXml = typesEntry && pkg.text(typesEntry.name);
  if (typesEntry && typesXml !== undefined) {
    pkg.replace(
      typesEntry,
      rewriteEmptyElements(typesXml, 'Override', (attributes, text) =>
        present.includes(rootTarget(decodeEntities(attributes.get('PartName') ?? '')).toLowerCase())
          ? ''
          : text,
      ),
    );
  }
  return true;
}

/**
 * Word keeps the full path of the template a document was made from
 * ("file:///C:\Users\jane\...\Normal.dotm"): only the file's name is kept. Word opens the
 * document the same way whether or not it finds the template.
 */
function shortenTemplatePath(pkg: DocumentPackage): boolean {
  const entry = pkg.entry('word/_rels/settings.xml.rels', true);
  const xml = entry && pkg.text(entry.name);
  if (!entry || xml === undefined) return false;
  const cleaned = rewriteEmptyElements(xml, 'Relationship', (attributes, text) => {
    if (!ATTACHED_TEMPLATE.test(attributes.get('Type') ?? '')) return text;
    const target = rootTarget(decodeEntities(attributes.get('Target') ?? ''));
    const base = target.slice(Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\')) + 1);
    if (base === target) return text;
    const escaped = base.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    return text.replace(/(\bTarget\s*=\s*)(?:"[^"]*"|'[^']*')/, (_, name: string) => `${name}"${escaped}"`);
  });
  if (cleaned === xml) return false;
  pkg.replace(entry, cleaned);
  return true;
}

/** Excel keeps the folder a workbook was last saved in (x15ac:absPath): emptied. */
function emptyWorkbookPath(pkg: DocumentPackage): boolean {
  const entry = pkg.entry('xl/workbook.xml', true);
  const xml = entry && pkg.text(entry.name);
  if (!entry || xml === undefined) return false;
  const cleaned = xml.replace(/(<(?:[\w.-]+:)?absPath\b[^>]*?\burl\s*=\s*)("[^"]*"|'[^']*')/g, '$1""');
  if (cleaned === xml) return false;
  pkg.replace(entry, cleaned);
  return true;
}

function namesIn(xml: string, pattern: RegExp): string[] {
  return [...xml.matchAll(pattern)].map((m) => decodeEntities(m[1] ?? ''));
}

/** Comments and tracked changes, which carry people's names and are part of what the document says. */
function findPeople(pkg: DocumentPackage, family: OoxmlFamily): string[] {
  const commentNames: string[] = [];
  const changeNames: string[] = [];
  let comments = false;
  let changes = false;
  for (const entry of pkg.entries) {
    const name = entry.name.toLowerCase();
    if (!name.endsWith('.xml') || pkg.isRemoved(entry)) continue;
    if (family === 'word' && name.startsWith('word/')) {
      if (/^word\/comments[^/]*\.xml$/.test(name)) {
        const xml = pkg.text(entry.name) ?? '';
        if (/<(?:[\w.-]+:)?comment\b/.test(xml)) comments = true;
        commentNames.push(...namesIn(xml, /\s[\w.-]*:?author\s*=\s*"([^"]*)"/g));
      } else if (name === 'word/people.xml') {
        commentNames.push(...namesIn(pkg.text(entry.name) ?? '', /\s[\w.-]*:?author\s*=\s*"([^"]*)"/g));
      } else if (!name.includes('/_rels/')) {
        // In the text, only revisions (w:ins, w:del, w:rPrChange...) carry an author.
        const found = namesIn(pkg.text(entry.name) ?? '', /\s[\w.-]*:?author\s*=\s*"([^"]*)"/g);
        if (found.length > 0) changes = true;
        changeNames.push(...found);
      }
    } else if (family === 'xl') {
      if (/^xl\/comments[^/]*\.xml$/.test(name)) {
        comments = true;
        commentNames.push(...namesIn(pkg.text(entry.name) ?? '', /<(?:[\w.-]+:)?author>([^<]*)</g));
      } else if (name.startsWith('xl/threadedcomments/')) {
        comments = true;
      } else if (name.startsWith('xl/persons/')) {
        commentNames.push(...namesIn(pkg.text(entry.name) ?? '', /\sdisplayName\s*=\s*"([^"]*)"/g));
      } else if (name.startsWith('xl/revisions/')) {
        changes = true;
        changeNames.push(...namesIn(pkg.text(entry.name) ?? '', /\suserName\s*=\s*"([^"]*)"/g));
      }
    } else if (family === 'ppt') {
      if (name.startsWith('ppt/comments/')) {
        comments = true;
      } else if (name === 'ppt/commentauthors.xml' || name === 'ppt/authors.xml') {
        commentNames.push(...namesIn(pkg.text(entry.name) ?? '', /\sname\s*=\s*"([^"]*)"/g));
      }
    }
  }
  return peopleFindings(comments, changes, [...commentNames, ...changeNames]);
}

/**
 * The sentences for comments and tracked changes left in a document (OOXML and ODF alike), in the
 * page's language; the names are the document's.
 */
export function peopleFindings(comments: boolean, changes: boolean, names: readonly string[]): string[] {
  const who = listNames(names);
  if (!comments && !changes) {
    return who === ''
      ? []
      : [
          i18n._(
            msg`This document still lists the names of people who commented on it or changed it (${who}). Confide did not remove them, because that would change the document.`,
          ),
        ];
  }
  if (who === '') {
    if (comments && changes) {
      return [
        i18n._(
          msg`This document contains comments and tracked changes that show the names of the people who made them. Confide did not remove them, because that would change the document.`,
        ),
      ];
    }
    return [
      comments
        ? i18n._(
            msg`This document contains comments that show the names of the people who made them. Confide did not remove them, because that would change the document.`,
          )
        : i18n._(
            msg`This document contains tracked changes that show the names of the people who made them. Confide did not remove them, because that would change the document.`,
          ),
    ];
  }
  if (comments && changes) {
    return [
      i18n._(
        msg`This document contains comments and tracked changes that show the names of the people who made them (${who}). Confide did not remove them, because that would change the document.`,
      ),
    ];
  }
  return [
    comments
      ? i18n._(
          msg`This document contains comments that show the names of the people who made them (${who}). Confide did not remove them, because that would change the document.`,
        )
      : i18n._(
          msg`This document contains tracked changes that show the names of the people who made them (${who}). Confide did not remove them, because that would change the document.`,
        ),
  ];
}

const EMBEDDING = /^(word|xl|ppt)\/embeddings\//i;

/** Cleans an Office Open XML package in place (see the top of this file). */
export function cleanOoxml(
  pkg: DocumentPackage,
  family: OoxmlFamily,
  cleanEmbedded: CleanEmbedded,
  depth: number,
): void {
  const relsXml = pkg.text('_rels/.rels', true);
  if (relsXml === undefined) throw new OfficeDocumentError('the package has no _rels/.rels');
  const rels = relationships(relsXml);

  if (emptyProperties(pkg, rels, CORE, 'docprops/core.xml', 'coreProperties')) {
    pkg.removed.add(
      i18n._(
        msg`the names of the author and of who last changed it, dates, title and keywords (document properties)`,
      ),
    );
  }
  // HyperlinkBase stays: relative links in the text are resolved against it.
  const hyperlinkBase = /<((?:[\w.-]+:)?HyperlinkBase)\b[^>]*>[^<]*<\/\1\s*>/g;
  if (emptyProperties(pkg, rels, APP, 'docprops/app.xml', 'Properties', hyperlinkBase)) {
    pkg.removed.add(i18n._(msg`the company, manager, software, template and total editing time`));
  }
  if (emptyProperties(pkg, rels, CUSTOM, 'docprops/custom.xml', 'Properties')) {
    pkg.removed.add(i18n._(msg`custom properties`));
  }
  if (removeThumbnail(pkg, rels)) pkg.removed.add(i18n._(msg`a preview picture of the first page`));
  if (shortenTemplatePath(pkg)) pkg.removed.add(i18n._(msg`the folder of the template it was made from`));
  if (emptyWorkbookPath(pkg)) pkg.removed.add(i18n._(msg`the folder it was saved in`));

  for (const finding of findPeople(pkg, family)) pkg.findings.add(finding);
  pkg.cleanEmbeddedFiles((name) => EMBEDDING.test(name), cleanEmbedded, depth);
}
