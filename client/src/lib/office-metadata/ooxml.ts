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
 *   customXml/item*.xml    data stores added by programs (a SharePoint library's columns: names,
 *                          e-mail addresses, server folders), each with an itemProps*.xml giving
 *                          its id, pointed at by the main part's relationships
 *   word/ | xl/ | ppt/     the document itself, its media/ and embeddings/; also:
 *     word/settings.xml    editing-session ids (w:rsids), the template (in its relationships)
 *     word/*.xml           the editing session each paragraph, run and row was written in (w:rsid*)
 *     word/people.xml      comment and revision authors, with their account (w15:presenceInfo)
 *     xl/workbook.xml      the folder it was saved in, the name of who set a password for changes
 *     xl/persons/          comment authors, with their account (userId, providerId)
 *     ppt/commentAuthors.xml, ppt/authors.xml   likewise
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import {
  checkRemovedParts,
  isRelationshipPart,
  packageRelationships,
  relationshipPartOf,
  removeParts,
} from './opc.js';
import { DocumentPackage, OfficeDocumentError, type CleanEmbedded } from './package.js';
import {
  decodeEntities,
  editXml,
  emptyRoot,
  listNames,
  localName,
  rewriteEmptyElements,
  rootStartTag,
  walkXml,
  type XmlAttribute,
  type XmlEdit,
  type XmlElement,
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
const CUSTOM_XML = /\/customXml$/;

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
  const present = new Set([...thumbnails].filter((name) => pkg.entry(name, true)));
  if (present.size === 0) return false;
  removeParts(pkg, present, (r) => r.rels.toLowerCase() === '_rels/.rels' && THUMBNAIL.test(r.type));
  return true;
}

/**
 * Custom XML that the document's own program needs to work as it did: Word's citation sources,
 * Excel's data queries (Power Query) and data model (Power Pivot). Found by the namespace of
 * the item's root element.
 */
const APPLICATION_DATA = [
  /^http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/bibliography$/,
  /^http:\/\/schemas\.microsoft\.com\/DataMashup$/,
  /^http:\/\/gemini\//,
];

function rootNamespace(xml: string): string | undefined {
  const tag = rootStartTag(xml);
  if (!tag) return undefined;
  const colon = tag.qname.indexOf(':');
  const declaration = colon < 0 ? 'xmlns' : `xmlns:${tag.qname.slice(0, colon)}`;
  const namespace = tag.attributes.get(declaration);
  return namespace === undefined ? undefined : decodeEntities(namespace);
}

const guid = (value: string): string =>
  value
    .trim()
    .replace(/^\{|\}$/g, '')
    .toUpperCase();

/**
 * The custom XML items that content controls are bound to (w:dataBinding w:storeItemID, which
 * names the id in an item's itemProps part): Word fills those controls from them, so they stay.
 * 'all' when a binding names no item (Word then looks in every one) or a part cannot be read.
 */
function boundItems(pkg: DocumentPackage): Set<string> | 'all' {
  const ids = new Set<string>();
  for (const entry of pkg.entries) {
    const name = entry.name.toLowerCase();
    // Only WordprocessingML binds content to custom XML.
    if (pkg.isRemoved(entry) || !name.startsWith('word/') || !name.endsWith('.xml')) continue;
    if (isRelationshipPart(name)) continue;
    const xml = pkg.text(entry.name) ?? '';
    if (!xml.includes('dataBinding')) continue;
    const unnamed: XmlElement[] = [];
    const read = walkXml(xml, (element) => {
      if (element.local !== 'dataBinding') return;
      const id = element.attributes.find((a) => a.local === 'storeItemID');
      if (id) ids.add(guid(decodeEntities(id.value)));
      else unnamed.push(element);
    });
    if (!read || unnamed.length > 0) return 'all';
  }
  return ids;
}

function itemId(pkg: DocumentPackage, part: string): string | undefined {
  let id: string | undefined;
  walkXml(pkg.text(part, true) ?? '', (element) => {
    if (element.local !== 'datastoreItem') return;
    const attribute = element.attributes.find((a) => a.local === 'itemID');
    if (attribute) id = guid(decodeEntities(attribute.value));
  });
  return id;
}

/**
 * Removes custom XML items with their properties, relationship parts, the relationships that
 * point at them and their content-type overrides, except those the document uses (bound to
 * content controls, its program's own data, or pointed at by anything but the usual
 * relationship): those stay, and `kept` says so.
 */
function removeCustomXml(pkg: DocumentPackage): { removed: boolean; kept: boolean } {
  const mentioned = pkg.entries.some((e) => {
    const name = e.name.toLowerCase();
    return (
      name.startsWith('customxml/') || (isRelationshipPart(name) && /customXml/.test(pkg.text(e.name) ?? ''))
    );
  });
  if (!mentioned) return { removed: false, kept: false };
  const relationships = packageRelationships(pkg);
  const exists = (part: string) => {
    const entry = pkg.entry(part, true);
    return entry !== undefined && !pkg.isRemoved(entry);
  };
  const items = new Set<string>();
  for (const r of relationships) if (CUSTOM_XML.test(r.type) && r.part && exists(r.part)) items.add(r.part);
  const propsParts = new Set(
    relationships.filter((r) => /\/customXmlProps$/.test(r.type) && r.part).map((r) => r.part ?? ''),
  );
  const folder = pkg.entries
    .map((e) => e.name.toLowerCase())
    .filter((name) => name.startsWith('customxml/') && !name.endsWith('/') && exists(name));
  for (const name of folder) {
    if (/^customxml\/[^/]+\.xml$/.test(name) && !propsParts.has(name)) items.add(name);
  }
  if (items.size === 0 && folder.length === 0) return { removed: false, kept: false };

  const bound = boundItems(pkg);
  const groups = [...items].map((item) => {
    const rels = relationshipPartOf(item).toLowerCase();
    const props = relationships
      .filter((r) => r.rels.toLowerCase() === rels && r.part)
      .map((r) => r.part ?? '');
    const members = new Set([item, rels, ...props].filter(exists));
    const id = props.map((p) => itemId(pkg, p)).find((i) => i !== undefined);
    const namespace = rootNamespace(pkg.text(item, true) ?? '');
    const used =
      bound === 'all' ||
      (id !== undefined && bound.has(id)) ||
      (namespace !== undefined && APPLICATION_DATA.some((pattern) => pattern.test(namespace)));
    return { members, kept: used };
  });
  const removal = new Set(folder);
  for (const group of groups) for (const part of group.members) removal.add(part);
  const keep = (part: string): void => {
    const group = groups.find((g) => g.members.has(part));
    if (group) group.kept = true;
    for (const p of group ? group.members : [part, relationshipPartOf(part).toLowerCase()]) removal.delete(p);
  };
  for (const group of groups) if (group.kept) for (const part of group.members) keep(part);
  // A part that anything else points at (not the usual custom XML relationship) is in use.
  for (let changed = true; changed;) {
    changed = false;
    for (const r of relationships) {
      if (!r.part || !removal.has(r.part) || removal.has(r.rels.toLowerCase())) continue;
      if (CUSTOM_XML.test(r.type) && items.has(r.part)) continue;
      keep(r.part);
      changed = true;
    }
  }
  if (removal.size > 0) removeParts(pkg, removal);
  return { removed: removal.size > 0, kept: groups.some((g) => g.kept) };
}

/**
 * Word keeps the full path of the template a document was made from
 * ("file:///C:\Users\jane\...\Normal.dotm"): only the file's name is kept. Word opens the
 * document the same way whether or not it finds the template.
 */
function shortenTemplatePath(pkg: DocumentPackage): boolean {
  let shortened = false;
  // The document's settings, and those of its building blocks (word/glossary/).
  for (const entry of pkg.entries) {
    if (!/^word\/(?:.*\/)?_rels\/settings\.xml\.rels$/i.test(entry.name) || pkg.isRemoved(entry)) continue;
    const xml = pkg.text(entry.name) ?? '';
    const cleaned = rewriteEmptyElements(xml, 'Relationship', (attributes, text) => {
      if (!ATTACHED_TEMPLATE.test(attributes.get('Type') ?? '')) return text;
      const target = rootTarget(decodeEntities(attributes.get('Target') ?? ''));
      const base = target.slice(Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\')) + 1);
      if (base === target) return text;
      const escaped = base.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
      return text.replace(/(\bTarget\s*=\s*)(?:"[^"]*"|'[^']*')/, (_, name: string) => `${name}"${escaped}"`);
    });
    if (cleaned === xml) continue;
    pkg.replace(entry, cleaned);
    shortened = true;
  }
  return shortened;
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

const SPREADSHEET = new Set([
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
  'http://purl.oclc.org/ooxml/spreadsheetml/main',
]);

/**
 * Excel keeps, with a password for changes ("reserved by"), the name of who set it
 * (<fileSharing userName="..." reservationPassword="..."/>): the element goes, and with it the
 * password, which only asked whoever opened the workbook to type it before changing it.
 */
function removeFileSharing(pkg: DocumentPackage): boolean {
  const entry = pkg.entry('xl/workbook.xml', true);
  const xml = entry && pkg.text(entry.name);
  if (!entry || xml === undefined || !xml.includes('fileSharing')) return false;
  const cleaned = editXml(xml, (element) =>
    SPREADSHEET.has(element.namespace) &&
    element.local === 'fileSharing' &&
    element.attributes.some((a) => a.local !== 'readOnlyRecommended')
      ? 'drop'
      : undefined,
  );
  if (cleaned === undefined) throw new OfficeDocumentError(`${entry.name} cannot be read`);
  if (cleaned === xml) return false;
  pkg.replace(entry, cleaned);
  return true;
}

const WORDPROCESSING = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);

const isRsid = (attribute: XmlAttribute): boolean =>
  WORDPROCESSING.has(attribute.namespace) && attribute.local.startsWith('rsid');

/**
 * Word numbers each editing session and marks every paragraph, run, table row and section with
 * the session that wrote it (w:rsidR, w:rsidRPr, w:rsidP...), listing them all in settings.xml
 * (w:rsids) and on each style (w:rsid): two copies of a document can be matched by them. All are
 * optional and Word starts new ones. `left` when a part holding them cannot be read safely.
 */
function removeRsids(pkg: DocumentPackage): { removed: boolean; left: boolean } {
  let removed = false;
  let left = false;
  for (const entry of pkg.entries) {
    const name = entry.name.toLowerCase();
    if (!name.startsWith('word/') || !name.endsWith('.xml') || isRelationshipPart(name)) continue;
    if (pkg.isRemoved(entry)) continue;
    const xml = pkg.text(entry.name) ?? '';
    if (!xml.includes('rsid')) continue;
    const cleaned = editXml(xml, (element) => {
      if (WORDPROCESSING.has(element.namespace) && (element.local === 'rsids' || element.local === 'rsid')) {
        return 'drop';
      }
      return element.attributes.some(isRsid)
        ? { attribute: (a) => (isRsid(a) ? null : undefined) }
        : undefined;
    });
    if (cleaned === undefined) {
      left = true;
    } else if (cleaned !== xml) {
      pkg.replace(entry, cleaned);
      removed = true;
    }
  }
  return { removed, left };
}

const W15 = 'http://schemas.microsoft.com/office/word/2012/wordml';
const PERSONS = 'http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments';
const P15 = 'http://schemas.microsoft.com/office/powerpoint/2012/main';
const P188 = 'http://schemas.microsoft.com/office/powerpoint/2018/8/main';

function value(element: XmlElement, local: string): string | undefined {
  const attribute = element.attributes.find((a) => a.local === local && a.namespace === '');
  return attribute && decodeEntities(attribute.value);
}

/**
 * An author's account in Excel's and PowerPoint's form, where both attributes may be required:
 * made the documented form for no account (providerId "None", userId the name shown).
 */
function withoutAccount(element: XmlElement, name: string | undefined): XmlEdit {
  const provider = value(element, 'providerId');
  const user = value(element, 'userId');
  if (provider === undefined && user === undefined) return undefined;
  if (provider === 'None' && user === (name ?? '')) return undefined;
  return {
    attribute: (a) => {
      if (a.namespace !== '') return undefined;
      if (a.local === 'providerId') return 'None';
      return a.local === 'userId' ? (name ?? '') : undefined;
    },
  };
}

/**
 * The people who commented on or changed a document are listed with the account they were signed
 * in with (an e-mail address, an Active Directory or Microsoft account id): the accounts go, the
 * names (which the comments show anyway) stay.
 */
function removeAccounts(pkg: DocumentPackage, family: OoxmlFamily): boolean {
  const lists: Readonly<Record<OoxmlFamily, RegExp>> = {
    word: /^word\/(?:.*\/)?people\.xml$/,
    xl: /^xl\/persons\/[^/]+\.xml$/,
    ppt: /^ppt\/(?:commentauthors|authors)\.xml$/,
  };
  let removed = false;
  for (const entry of pkg.entries) {
    if (!lists[family].test(entry.name.toLowerCase()) || pkg.isRemoved(entry)) continue;
    const xml = pkg.text(entry.name) ?? '';
    const cleaned = editXml(xml, (element, ancestors) => {
      if (element.local === 'presenceInfo' && element.namespace === W15) return 'drop';
      if (element.local === 'person' && element.namespace === PERSONS) {
        return withoutAccount(element, value(element, 'displayName'));
      }
      if (element.local === 'author' && element.namespace === P188) {
        return withoutAccount(element, value(element, 'name'));
      }
      if (element.local === 'presenceInfo' && element.namespace === P15) {
        const author = [...ancestors].reverse().find((a) => a.local === 'cmAuthor');
        return withoutAccount(element, author && value(author, 'name'));
      }
      return undefined;
    });
    if (cleaned === undefined) throw new OfficeDocumentError(`${entry.name} cannot be read`);
    if (cleaned === xml) continue;
    pkg.replace(entry, cleaned);
    removed = true;
  }
  return removed;
}

/** What is said of editing-session ids, in Word and OpenDocument files alike. */
export function editingSessionsRemoved(): string {
  return i18n._(msg`editing-session identifiers that can link it to other copies`);
}

export function editingSessionsLeft(): string {
  return i18n._(
    msg`It contains editing-session identifiers that can link this document to other copies of it, which Confide could not remove.`,
  );
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
  const customXml = removeCustomXml(pkg);
  if (customXml.removed) {
    pkg.removed.add(i18n._(msg`data attached to it by document libraries and other programs (custom XML)`));
  }
  if (shortenTemplatePath(pkg)) pkg.removed.add(i18n._(msg`the folder of the template it was made from`));
  if (emptyWorkbookPath(pkg)) pkg.removed.add(i18n._(msg`the folder it was saved in`));
  if (removeFileSharing(pkg)) {
    pkg.removed.add(i18n._(msg`its password for changes and the name of who set it`));
  }
  const rsids = removeRsids(pkg);
  if (rsids.removed) pkg.removed.add(editingSessionsRemoved());
  if (removeAccounts(pkg, family)) {
    pkg.removed.add(
      i18n._(msg`the e-mail addresses and account identifiers of people who commented on it or changed it`),
    );
  }
  checkRemovedParts(pkg);

  if (customXml.kept) {
    pkg.findings.add(
      i18n._(
        msg`It holds data attached by a document library or another program (custom XML) that the document itself uses, such as fields filled in from it, citation sources or data queries. Confide left it; it may contain names, e-mail addresses or folder paths.`,
      ),
    );
  }
  if (rsids.left) pkg.findings.add(editingSessionsLeft());
  for (const finding of findPeople(pkg, family)) pkg.findings.add(finding);
  pkg.cleanEmbeddedFiles((name) => EMBEDDING.test(name), cleanEmbedded, depth);
}
