/**
 * The little XML that cleaning office documents needs (office-metadata.ts): decoding a part,
 * the root element's start tag, attributes of empty elements, entities, and editXml, which walks
 * every tag of a part to drop elements or attributes. Not a full parser: the parts read here are
 * written by programs in a regular form, and anything unexpected (a DOCTYPE, a tag that does not
 * close) makes the caller fail or report rather than guess.
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

/** A part's text: UTF-8 unless it starts with a UTF-16 byte-order mark (both are allowed). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** A part's text as UTF-8; a declaration naming another encoding (UTF-16) is made to say so. */
export function encodeXml(text: string): Uint8Array {
  const declared = /^(<\?xml\s[^?]*?\bencoding\s*=\s*)(?:"([^"]*)"|'([^']*)')/.exec(text);
  const encoding = declared?.[2] ?? declared?.[3];
  const utf8 =
    declared && encoding !== undefined && encoding.toLowerCase() !== 'utf-8'
      ? `${declared[1] ?? ''}"UTF-8"${text.slice(declared[0].length)}`
      : text;
  return new TextEncoder().encode(utf8);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export interface StartTag {
  /** The qualified name ("cp:coreProperties"). */
  readonly qname: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Whether anything but white space follows the start tag inside the element. */
  readonly hasContent: boolean;
}

const NAME = '[A-Za-z_][\\w.-]*(?::[A-Za-z_][\\w.-]*)?';
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');

/** The attributes of a start tag's text (after its name), values as written (entities kept). */
export function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    attributes.set(match[1] ?? '', match[2] ?? match[3] ?? '');
  }
  return attributes;
}

/** The document element's start tag, after the declaration, comments and processing instructions. */
export function rootStartTag(xml: string): StartTag | undefined {
  const match = new RegExp(
    `^\\uFEFF?\\s*(?:<\\?[\\s\\S]*?\\?>\\s*|<!--[\\s\\S]*?-->\\s*)*<(${NAME})((?:\\s+[^>]*?)?)\\s*/?>`,
  ).exec(xml);
  if (!match) return undefined;
  const qname = match[1] ?? '';
  const rest = match[0].endsWith('/>') ? '' : xml.slice(match.index + match[0].length);
  return {
    qname,
    attributes: parseAttributes(match[2] ?? ''),
    hasContent: !new RegExp(`^\\s*(?:</${qname.replace(/\./g, '\\.')}\\s*>)?\\s*$`).test(rest),
  };
}

/** The local part of a qualified name ("coreProperties" of "cp:coreProperties"). */
export function localName(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

function escapeAttribute(value: string): string {
  // Values come from the original tag with their entities, so only the quote needs care.
  return value.replace(/"/g, '&quot;');
}

/**
 * An empty document element: the original's name and namespace declarations (so every reference
 * to the part stays valid), plus the attributes named in `keep`, and `children` inside it.
 */
export function emptyRoot(tag: StartTag, keep: readonly string[] = [], children = ''): string {
  const attributes = [...tag.attributes]
    .filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:') || keep.includes(name))
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  return children === ''
    ? `${XML_DECLARATION}<${tag.qname}${attributes}/>`
    : `${XML_DECLARATION}<${tag.qname}${attributes}>${children}</${tag.qname}>`;
}

/** The five predefined entities and character references, decoded. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = entity.startsWith('#x')
          ? Number.parseInt(entity.slice(2), 16)
          : Number.parseInt(entity.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      }
    }
  });
}

/**
 * Every empty element of a local name (`<Relationship .../>` or `<Relationship ...></Relationship>`,
 * with any prefix), with its attributes, so a caller can drop or rewrite some of them.
 */
export function rewriteEmptyElements(
  xml: string,
  local: string,
  rewrite: (attributes: Map<string, string>, text: string) => string,
): string {
  const pattern = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?${local})(\\s[^>]*?)?(?:/>|>\\s*</\\1\\s*>)`, 'g');
  return xml.replace(pattern, (text, _qname: string, attributes: string | undefined) =>
    rewrite(parseAttributes(attributes ?? ''), text),
  );
}

/** A short, single-line version of a value for people to read. */
export function shortText(value: string, max = 80): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/**
 * Up to `max` distinct names, joined in the page's language ("Jane Doe, Sam Lee and 2 others").
 * The names are what the document says, never translated.
 */
export function listNames(names: Iterable<string>, max = 4): string {
  const distinct = [...new Set([...names].map((n) => shortText(n, 60)).filter((n) => n !== ''))];
  if (distinct.length === 0) return '';
  const shown = distinct.slice(0, max);
  const others = distinct.length - shown.length;
  if (others > 0) {
    const shownNames = shown.join(', ');
    return i18n._(msg`${shownNames} and ${plural(others, { one: '# other', other: '# others' })}`);
  }
  if (shown.length === 1) return shown[0] ?? '';
  const firstNames = shown.slice(0, -1).join(', ');
  const lastName = shown[shown.length - 1] ?? '';
  return i18n._(msg`${firstNames} and ${lastName}`);
}

export interface XmlName {
  /** As written ("w:rsidR"). */
  readonly qname: string;
  /** The namespace its prefix is bound to where it is written ('' for none). */
  readonly namespace: string;
  readonly local: string;
}

export interface XmlAttribute extends XmlName {
  /** As written, entities kept. */
  readonly value: string;
}

export interface XmlElement extends XmlName {
  readonly attributes: readonly XmlAttribute[];
}

/**
 * What to do with an element: drop it with everything inside it, or rewrite some of its
 * attributes (`null` drops one, a string replaces its value, undefined keeps it as written).
 */
export type XmlEdit =
  'drop' | { readonly attribute: (attribute: XmlAttribute) => string | null | undefined } | undefined;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';
const NAME_START = 'A-Za-z_\\u00C0-\\uFFFF';
const NCNAME = `[${NAME_START}][${NAME_START}0-9.\\u00B7-]*`;
const QNAME = `${NCNAME}(?::${NCNAME})?`;
const START_NAME = new RegExp(`<(${QNAME})`, 'y');
// A value holding "<" is not well-formed XML: the tag is refused rather than cut short.
const TAG_ATTRIBUTE = new RegExp(`(\\s+)(${QNAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'y');
const TAG_END = /\s*(\/?)>/y;
const END_TAG = new RegExp(`</(${QNAME})\\s*>`, 'y');

function escapeValue(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

interface Open {
  readonly qname: string;
  readonly scope: ReadonlyMap<string, string>;
}

/**
 * Walks every start tag of a part, with its namespaces resolved as a reader would (so a prefix
 * bound elsewhere, or another prefix for the same namespace, is seen for what it is), and writes
 * the part again with the elements and attributes `edit` drops or rewrites; every other character
 * stays as it was. Comments, CDATA sections and processing instructions are skipped whole (what
 * looks like a tag inside them is not one). Returns undefined for a part this cannot read safely:
 * a DOCTYPE (it can declare entities and default attributes), a tag that does not end, an end
 * tag that does not match, a prefix never declared. Elements inside a dropped one are not shown
 * to `edit`; `ancestors` are the open elements around each one, outermost first.
 */
export function editXml(
  xml: string,
  edit: (element: XmlElement, ancestors: readonly XmlElement[]) => XmlEdit,
): string | undefined {
  const out: string[] = [];
  let copied = 0;
  const stack: Open[] = [];
  const ancestors: XmlElement[] = [];
  /** While an element is being dropped: the depth of the stack when it was opened. */
  let dropping = -1;
  let dropStart = 0;
  let rootSeen = false;
  let at = xml.charCodeAt(0) === 0xfeff ? 1 : 0;

  const resolve = (scope: ReadonlyMap<string, string>, qname: string, isElement: boolean) => {
    const colon = qname.indexOf(':');
    if (colon < 0) return { qname, namespace: isElement ? (scope.get('') ?? '') : '', local: qname };
    const prefix = qname.slice(0, colon);
    const namespace = prefix === 'xml' ? XML_NAMESPACE : scope.get(prefix);
    return namespace === undefined ? undefined : { qname, namespace, local: qname.slice(colon + 1) };
  };

  while (at < xml.length) {
    const lt = xml.indexOf('<', at);
    // Outside the document element only white space may stand between tags.
    if (stack.length === 0 && xml.slice(at, lt < 0 ? xml.length : lt).trim() !== '') return undefined;
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return undefined;
      at = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0 || stack.length === 0) return undefined;
      at = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) return undefined;
      at = end + 2;
    } else if (xml.startsWith('<!', lt)) {
      return undefined;
    } else if (xml.startsWith('</', lt)) {
      END_TAG.lastIndex = lt;
      const match = END_TAG.exec(xml);
      const open = stack.pop();
      ancestors.pop();
      if (!match || !open || match[1] !== open.qname) return undefined;
      at = END_TAG.lastIndex;
      if (dropping >= 0 && stack.length < dropping) {
        dropping = -1;
        out.push(xml.slice(copied, dropStart));
        copied = at;
      }
    } else {
      START_NAME.lastIndex = lt;
      const name = START_NAME.exec(xml);
      if (!name || (stack.length === 0 && rootSeen)) return undefined;
      rootSeen = true;
      const qname = name[1] ?? '';
      let cursor = START_NAME.lastIndex;
      const written: { space: string; qname: string; value: string; start: number; end: number }[] = [];
      for (;;) {
        TAG_ATTRIBUTE.lastIndex = cursor;
        const attribute = TAG_ATTRIBUTE.exec(xml);
        if (!attribute) break;
        written.push({
          space: attribute[1] ?? '',
          qname: attribute[2] ?? '',
          value: attribute[3] ?? attribute[4] ?? '',
          start: cursor,
          end: TAG_ATTRIBUTE.lastIndex,
        });
        cursor = TAG_ATTRIBUTE.lastIndex;
      }
      TAG_END.lastIndex = cursor;
      const end = TAG_END.exec(xml);
      if (!end) return undefined;
      const selfClosing = end[1] === '/';
      at = TAG_END.lastIndex;

      const parentScope = stack[stack.length - 1]?.scope ?? new Map<string, string>();
      let scope: Map<string, string> | undefined;
      for (const a of written) {
        if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) {
          scope ??= new Map(parentScope);
          scope.set(a.qname === 'xmlns' ? '' : a.qname.slice(6), decodeEntities(a.value));
        }
      }
      const inScope = scope ?? parentScope;
      const elementName = resolve(inScope, qname, true);
      if (!elementName) return undefined;
      const attributes: XmlAttribute[] = [];
      const seen = new Set<string>();
      for (const a of written) {
        if (seen.has(a.qname)) return undefined;
        seen.add(a.qname);
        const isDeclaration = a.qname === 'xmlns' || a.qname.startsWith('xmlns:');
        const resolved = isDeclaration
          ? { qname: a.qname, namespace: XMLNS_NAMESPACE, local: a.qname.slice(6) }
          : resolve(inScope, a.qname, false);
        if (!resolved) return undefined;
        attributes.push({ ...resolved, value: a.value });
      }
      const element: XmlElement = { ...elementName, attributes };

      if (dropping < 0) {
        const change = edit(element, ancestors);
        if (change === 'drop') {
          if (selfClosing) {
            out.push(xml.slice(copied, lt));
            copied = at;
          } else {
            dropping = stack.length + 1;
            dropStart = lt;
          }
        } else if (change) {
          let tag = `<${qname}`;
          let changed = false;
          for (const [i, a] of written.entries()) {
            const attribute = attributes[i];
            const next =
              attribute && attribute.namespace !== XMLNS_NAMESPACE ? change.attribute(attribute) : undefined;
            if (next === null) {
              changed = true;
            } else if (next !== undefined && next !== decodeEntities(a.value)) {
              changed = true;
              tag += `${a.space}${a.qname}="${escapeValue(next)}"`;
            } else {
              tag += xml.slice(a.start, a.end);
            }
          }
          if (changed) {
            out.push(xml.slice(copied, lt), tag, xml.slice(cursor, at));
            copied = at;
          }
        }
      }
      if (!selfClosing) {
        stack.push({ qname, scope: inScope });
        ancestors.push(element);
      }
    }
  }
  if (stack.length > 0 || !rootSeen) return undefined;
  out.push(xml.slice(copied));
  return out.join('');
}

/** Reads every start tag of a part (see editXml); false if the part cannot be read safely. */
export function walkXml(
  xml: string,
  visit: (element: XmlElement, ancestors: readonly XmlElement[]) => void,
): boolean {
  return (
    editXml(xml, (element, ancestors) => {
      visit(element, ancestors);
      return undefined;
    }) !== undefined
  );
}
