/**
 * The little XML that cleaning office documents needs (office-metadata.ts): decoding a part,
 * the root element's start tag, attributes of empty elements, entities. Not a parser: the parts
 * read here are written by programs in a regular form, and anything unexpected makes the
 * caller fail rather than guess.
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

/** A part's text: UTF-8 unless it starts with a UTF-16 byte-order mark (both are allowed). */
export function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

export function encodeXml(text: string): Uint8Array {
  return new TextEncoder().encode(text);
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
