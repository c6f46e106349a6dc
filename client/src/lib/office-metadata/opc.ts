/**
 * The structure of Office Open XML packages (ooxml.ts): which part points at which, so that a part
 * can be removed together with everything that names it, and the package checked afterwards.
 *
 *   _rels/.rels, dir/_rels/name.xml.rels
 *       the relationships of the package and of dir/name.xml, each
 *       <Relationship Id="rId1" Type=".../image" Target="media/image1.png"/>: a target relative to
 *       the folder of its source part (or to the package, with a leading "/"), percent-encoded;
 *       TargetMode="External" for a file or an address outside the package
 *   [Content_Types].xml
 *       <Default Extension="xml" .../> for every part of an extension, <Override PartName="/x.xml"
 *       .../> for one part; an override must name a part that exists
 *
 * Part names ignore case, so they are compared lower-cased.
 */
import { OfficeDocumentError, type DocumentPackage } from './package.js';
import { decodeEntities, editXml, walkXml, type XmlElement } from './xml.js';

export interface PartRelationship {
  /** The relationship part it is written in, as stored ("word/_rels/document.xml.rels"). */
  readonly rels: string;
  readonly type: string;
  /** The part it points at, lower-cased; undefined for an external target. */
  readonly part: string | undefined;
}

const RELS = /^(.*\/)?_rels\/([^/]*)\.rels$/i;

export function isRelationshipPart(name: string): boolean {
  return RELS.test(name);
}

/** The relationship part of a part ("word/_rels/document.xml.rels" for "word/document.xml"). */
export function relationshipPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** The part name a target points at from a folder ("word/"), lower-cased; undefined if outside. */
export function resolveTarget(folder: string, target: string): string | undefined {
  let path = target.split('#')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not percent-encoded after all: keep it as written.
  }
  const segments: string[] = [];
  for (const segment of (path.startsWith('/') ? path : folder + path).split('/')) {
    if (segment === '..') {
      if (segments.pop() === undefined) return undefined;
    } else if (segment !== '.' && segment !== '') {
      segments.push(segment);
    }
  }
  return segments.length > 0 ? segments.join('/').toLowerCase() : undefined;
}

function attribute(element: XmlElement, name: string): string | undefined {
  const found = element.attributes.find((a) => a.qname === name);
  return found && decodeEntities(found.value);
}

function readRelationship(rels: string, folder: string, element: XmlElement): PartRelationship {
  const external = attribute(element, 'TargetMode') === 'External';
  const target = attribute(element, 'Target') ?? '';
  return {
    rels,
    type: attribute(element, 'Type') ?? '',
    part: external ? undefined : resolveTarget(folder, target),
  };
}

/** Every relationship of every relationship part still in the package. */
export function packageRelationships(pkg: DocumentPackage): PartRelationship[] {
  const found: PartRelationship[] = [];
  for (const entry of pkg.entries) {
    const match = RELS.exec(entry.name);
    if (!match || pkg.isRemoved(entry)) continue;
    const folder = match[1] ?? '';
    const xml = pkg.text(entry.name) ?? '';
    const read = walkXml(xml, (element) => {
      if (element.local === 'Relationship') found.push(readRelationship(entry.name, folder, element));
    });
    if (!read) throw new OfficeDocumentError(`${entry.name} cannot be read`);
  }
  return found;
}

/**
 * Removes parts (lower-cased names) with their own relationship parts, the relationships that
 * point at them (and those `alsoDrop` names) and their content-type overrides.
 */
export function removeParts(
  pkg: DocumentPackage,
  parts: ReadonlySet<string>,
  alsoDrop: (relationship: PartRelationship) => boolean = () => false,
): void {
  const gone = new Set(parts);
  for (const part of parts) gone.add(relationshipPartOf(part).toLowerCase());
  for (const entry of pkg.entries) {
    if (gone.has(entry.name.toLowerCase())) pkg.remove(entry);
  }
  for (const entry of pkg.entries) {
    const match = RELS.exec(entry.name);
    if (!match || pkg.isRemoved(entry)) continue;
    const folder = match[1] ?? '';
    const xml = pkg.text(entry.name) ?? '';
    const cleaned = editXml(xml, (element) => {
      if (element.local !== 'Relationship') return undefined;
      const relationship = readRelationship(entry.name, folder, element);
      const points = relationship.part !== undefined && gone.has(relationship.part);
      return points || alsoDrop(relationship) ? 'drop' : undefined;
    });
    if (cleaned === undefined) throw new OfficeDocumentError(`${entry.name} cannot be read`);
    if (cleaned !== xml) pkg.replace(entry, cleaned);
  }
  const types = pkg.entry('[Content_Types].xml', true);
  const typesXml = types && pkg.text(types.name);
  if (types && typesXml !== undefined) {
    const cleaned = editXml(typesXml, (element) => {
      if (element.local !== 'Override') return undefined;
      const part = resolveTarget('', attribute(element, 'PartName') ?? '');
      return part !== undefined && gone.has(part) ? 'drop' : undefined;
    });
    if (cleaned === undefined) throw new OfficeDocumentError(`${types.name} cannot be read`);
    if (cleaned !== typesXml) pkg.replace(types, cleaned);
  }
}

/**
 * After parts were removed: no relationship and no content-type override left may name one of
 * them (a reader would find it missing). A package that fails this is refused, not sent broken.
 */
export function checkRemovedParts(pkg: DocumentPackage): void {
  const removed = new Set(pkg.entries.filter((e) => pkg.isRemoved(e)).map((e) => e.name.toLowerCase()));
  if (removed.size === 0) return;
  for (const relationship of packageRelationships(pkg)) {
    if (relationship.part !== undefined && removed.has(relationship.part)) {
      throw new OfficeDocumentError(`${relationship.rels} points at a part that was removed`);
    }
  }
  const types = pkg.entry('[Content_Types].xml', true);
  const typesXml = types && pkg.text(types.name);
  if (types && typesXml !== undefined) {
    const read = walkXml(typesXml, (element) => {
      if (element.local !== 'Override') return;
      const part = resolveTarget('', attribute(element, 'PartName') ?? '');
      if (part !== undefined && removed.has(part)) {
        throw new OfficeDocumentError(`${types.name} names a part that was removed`);
      }
    });
    if (!read) throw new OfficeDocumentError(`${types.name} cannot be read`);
  }
}
