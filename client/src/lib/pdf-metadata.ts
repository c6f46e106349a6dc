/**
 * What a PDF may reveal about who made it (file-cleaning.ts). PDFs are not cleaned: a PDF keeps
 * earlier versions of itself after every incremental save, packs objects into compressed object
 * streams, and carries names in annotations, forms and attachments, so rewriting one safely is a
 * PDF library's job, not a few hundred lines'. Instead the file is read, and the reporter is
 * told what it says, before deciding to send it as it is:
 *
 *   - the document information dictionary (the trailer's /Info, and any like it left by earlier
 *     versions): Author, Creator (the program it was written in), Producer (the program that
 *     made the PDF), Title, Subject, Keywords, CreationDate, ModDate;
 *   - XMP metadata (/Metadata streams, <x:xmpmeta>), with the names and programs in it;
 *   - how many times it was saved: each incremental update adds a section ending in %%EOF, and
 *     the earlier text stays in the file even where it no longer shows;
 *   - comments and markings (annotations) with their authors' names (/T);
 *   - attached files, and photos that still carry EXIF (location, time, camera).
 *
 * Objects are read where they are written plainly and inside FlateDecode object streams
 * (fflate), with limits on how much is decompressed. An encrypted PDF, or one that cannot be
 * read, still gets the general warning. No dependency on the DOM. What it finds is put into words
 * through Lingui, in the page's language when the file is read; what the file says (names,
 * programs, titles) is given as it is.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { Unzlib } from 'fflate';

import {
  nameOf,
  PdfReader,
  PdfRef,
  PdfString,
  textOf,
  type PdfDict,
  type PdfValue,
} from './pdf-metadata/objects.js';

/** Files larger than this are not looked through: the page would run out of memory first. */
const MAX_SCANNED_BYTES = 128 * 1024 * 1024;
/** Decompressed bytes read from the object and metadata streams of one file, all together. */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
/** Objects read from one file (a large report has tens of thousands). */
const MAX_OBJECTS = 500_000;
/** Values of one kind shown (earlier versions can leave several authors). */
const MAX_VALUES = 3;

/** What any PDF may show, said with every PDF whatever was found in it (translated where shown). */
export const PDF_CAVEAT: MessageDescriptor = msg`Confide cannot remove hidden details from PDFs, so this file is sent as it is. A PDF can show who made it, the software used, when it was written and changed, and earlier versions of its text.`;

/** A PDF starts with "%PDF-" (readers allow some bytes before it). */
export function isPdf(bytes: Uint8Array): boolean {
  return latin1(bytes.subarray(0, 1024)).includes('%PDF-');
}

function latin1(bytes: Uint8Array): string {
  // windows-1252 decodes every byte to one UTF-16 unit, so offsets in the text are offsets in the bytes.
  return new TextDecoder('windows-1252').decode(bytes);
}

/** Decompresses a FlateDecode stream, keeping at most `limit` bytes (a small file can inflate to gigabytes). */
export function inflateBounded(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Unzlib((chunk) => {
    if (total < limit) chunks.push(chunk.subarray(0, limit - total));
    total += chunk.length;
  });
  try {
    // Not marked final until the end, so a cut stream still gives what it holds before failing.
    for (let at = 0; at < data.length && total < limit; at += 4096) stream.push(data.subarray(at, at + 4096));
    if (total < limit) stream.push(new Uint8Array(0), true);
  } catch {
    // A damaged stream: what came out before the damage is still worth reading.
  }
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

interface Found {
  /** Every dictionary object, by "num gen" (several when later versions redefine an object). */
  readonly objects: Map<string, PdfDict[]>;
  /** Trailer dictionaries: the classic ones and those of cross-reference streams. */
  readonly trailers: PdfDict[];
  /** Decompressed text of metadata streams. */
  readonly xmp: string[];
}

function isFlate(dict: PdfDict): boolean {
  const filter = dict.get('Filter');
  if (Array.isArray(filter)) return filter.length === 1 && nameOf(filter[0]) === 'FlateDecode';
  return nameOf(filter) === 'FlateDecode';
}

/** The bytes of the stream after a dictionary, given where the keyword "stream" ends. */
function streamData(bytes: Uint8Array, text: string, dict: PdfDict, afterKeyword: number): Uint8Array {
  let start = afterKeyword;
  if (bytes[start] === 0x0d) start++;
  if (bytes[start] === 0x0a) start++;
  const length = dict.get('Length');
  if (typeof length === 'number' && length >= 0 && start + length <= bytes.length) {
    return bytes.subarray(start, start + length);
  }
  const end = text.indexOf('endstream', start);
  return bytes.subarray(start, end < 0 ? bytes.length : end);
}

function addObject(found: Found, key: string, dict: PdfDict): void {
  const list = found.objects.get(key);
  if (list) list.push(dict);
  else found.objects.set(key, [dict]);
}

/**
 * The objects of an object stream: /N pairs "number offset" then the objects, from /First.
 * Each is generation 0 (ISO 32000 7.5.7).
 */
function readObjectStream(found: Found, dict: PdfDict, data: Uint8Array): void {
  const count = dict.get('N');
  const first = dict.get('First');
  if (typeof count !== 'number' || typeof first !== 'number') return;
  const header = new PdfReader(data);
  for (let i = 0; i < count && found.objects.size < MAX_OBJECTS; i++) {
    let num: PdfValue;
    let offset: PdfValue;
    try {
      num = header.value();
      offset = header.value();
    } catch {
      return;
    }
    if (typeof num !== 'number' || typeof offset !== 'number') return;
    try {
      const value = new PdfReader(data, first + offset).value();
      if (value instanceof Map) addObject(found, `${num} 0`, value);
    } catch {
      // One damaged object: read the others.
    }
  }
}

function readObjects(bytes: Uint8Array, text: string): Found {
  const found: Found = { objects: new Map(), trailers: [], xmp: [] };
  let inflateLeft = MAX_INFLATED_BYTES;
  let read = 0;
  for (const match of text.matchAll(/(?<!\d)(\d{1,10})\s+(\d{1,5})\s+obj\b/g)) {
    if (++read > MAX_OBJECTS) break;
    const reader = new PdfReader(bytes, match.index + match[0].length);
    let value: PdfValue;
    try {
      value = reader.value();
    } catch {
      continue; // a damaged object, or bytes inside a stream that looked like one
    }
    if (!(value instanceof Map)) continue;
    addObject(found, `${match[1] ?? ''} ${match[2] ?? ''}`, value);
    const type = nameOf(value.get('Type'));
    if (type === 'XRef') found.trailers.push(value);
    reader.skipSpace();
    if (reader.word(true) !== 'stream' || (type !== 'ObjStm' && type !== 'Metadata')) continue;
    let data = streamData(bytes, text, value, reader.pos + 6);
    if (value.has('Filter')) {
      if (!isFlate(value) || inflateLeft <= 0) continue;
      data = inflateBounded(data, inflateLeft);
      inflateLeft -= data.length;
    }
    if (type === 'ObjStm') readObjectStream(found, value, data);
    else found.xmp.push(latin1(data));
  }
  for (const match of text.matchAll(/trailer\s*<</g)) {
    try {
      const value = new PdfReader(bytes, match.index + match[0].length - 2).value();
      if (value instanceof Map) found.trailers.push(value);
    } catch {
      // A damaged trailer: the objects are still read.
    }
  }
  return found;
}

/** Keys of the document information dictionary, in the order they are reported. */
const INFO_KEYS = [
  'Author',
  'Creator',
  'Producer',
  'Title',
  'Subject',
  'Keywords',
  'CreationDate',
  'ModDate',
];

/**
 * Information dictionaries: those the trailers name, and any other dictionary that looks like
 * one (an earlier version's, left in the file when a later save wrote a new one).
 */
function infoDictionaries(found: Found): PdfDict[] {
  const dicts = new Set<PdfDict>();
  for (const trailer of found.trailers) {
    const info = trailer.get('Info');
    if (info instanceof PdfRef) for (const d of found.objects.get(info.key) ?? []) dicts.add(d);
    else if (info instanceof Map) dicts.add(info);
  }
  for (const list of found.objects.values()) {
    for (const d of list) {
      const structural = d.has('Type') || d.has('Subtype') || d.has('Parent');
      const says = ['Author', 'Creator', 'Producer', 'CreationDate', 'ModDate'].some(
        (k) => d.get(k) instanceof PdfString,
      );
      if (says && !structural) dicts.add(d);
    }
  }
  return [...dicts];
}

/**
 * Month names for the dates a PDF gives (which may stop at the month or the year), put together
 * with the day and year by the messages in pdfDate, so translators set the order. Not Intl with
 * the page's locale: its English writes "March 1, 2024", and these findings read "1 March 2024".
 */
const MONTHS: readonly MessageDescriptor[] = [
  msg({ message: 'January', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'February', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'March', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'April', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'May', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'June', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'July', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'August', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'September', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'October', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'November', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
  msg({ message: 'December', context: 'month', comment: 'A month, in a date such as “1 March 2024”' }),
];

/** "D:20240301093000+01'00'" as "1 March 2024", in the page's language. */
function pdfDate(value: string): string | undefined {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value.trim());
  if (!match) return undefined;
  const year = match[1] ?? '';
  const monthName = MONTHS[Number(match[2] ?? '1') - 1];
  if (!monthName) return year;
  const month = i18n._(monthName);
  if (!match[3]) {
    return i18n._(msg({ message: `${month} ${year}`, comment: 'A date in a PDF: “March 2024”' }));
  }
  const day = String(Number(match[3]));
  return i18n._(msg({ message: `${day} ${month} ${year}`, comment: 'A date in a PDF: “1 March 2024”' }));
}

function shortText(value: string, max = 80): string {
  const oneLine = value.replace(/[\s\0]+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function addValue(values: Map<string, Set<string>>, key: string, value: string | undefined): void {
  const text = value === undefined ? '' : shortText(value);
  if (text === '') return;
  const set = values.get(key) ?? new Set<string>();
  set.add(text);
  values.set(key, set);
}

/** Names and programs in XMP packets: dc:creator, xmp:CreatorTool, pdf:Producer. */
function readXmp(packets: readonly string[], values: Map<string, Set<string>>): void {
  for (const packet of packets) {
    for (const creator of packet.matchAll(/<dc:creator\b[^>]*>([\s\S]*?)<\/dc:creator>/g)) {
      for (const li of (creator[1] ?? '').matchAll(/<rdf:li\b[^>]*>([^<]*)<\/rdf:li>/g)) {
        addValue(values, 'Author', decodeXmlText(li[1] ?? ''));
      }
    }
    for (const [key, tag] of [
      ['Creator', 'xmp:CreatorTool'],
      ['Producer', 'pdf:Producer'],
    ] as const) {
      for (const m of packet.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>|\\b${tag}="([^"]*)"`, 'g'))) {
        addValue(values, key, decodeXmlText(m[1] ?? m[2] ?? ''));
      }
    }
  }
}

function decodeXmlText(text: string): string {
  const utf8 = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  return new TextDecoder()
    .decode(utf8)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Annotation types that people make (comments, highlights, drawings), which name their author in /T. */
const MARKUP = new Set([
  'Text',
  'FreeText',
  'Line',
  'Square',
  'Circle',
  'Polygon',
  'PolyLine',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Stamp',
  'Caret',
  'Ink',
  'Popup',
  'FileAttachment',
  'Sound',
  'Redact',
]);

/** Up to MAX_VALUES values, as the file gives them ("Jane Doe; J. D. and 2 more"). */
function list(values: Set<string> | undefined): string | undefined {
  if (!values || values.size === 0) return undefined;
  const shown = [...values].slice(0, MAX_VALUES).join('; ');
  const more = values.size - MAX_VALUES;
  return more > 0 ? i18n._(msg`${shown} and ${plural(more, { one: '# more', other: '# more' })}`) : shown;
}

function countMatches(text: string, pattern: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(pattern)) n++;
  return n;
}

/**
 * What a PDF says about who made it and how, in sentences for the reporter in the page's
 * language (see above). Never throws; an empty list when nothing specific was found (the caveat
 * still applies).
 */
export function scanPdf(bytes: Uint8Array): string[] {
  if (bytes.length > MAX_SCANNED_BYTES) {
    return [i18n._(msg`It is too large for Confide to look through.`)];
  }
  const text = latin1(bytes);
  const findings: string[] = [];
  let found: Found;
  try {
    found = readObjects(bytes, text);
  } catch {
    found = { objects: new Map(), trailers: [], xmp: [] };
  }
  const encrypted = found.trailers.some((t) => t.has('Encrypt'));

  const values = new Map<string, Set<string>>();
  if (!encrypted) {
    for (const info of infoDictionaries(found)) {
      for (const key of INFO_KEYS) {
        const value = textOf(info.get(key));
        addValue(values, key, key.endsWith('Date') && value !== undefined ? pdfDate(value) : value);
      }
    }
  }
  const xmpPresent = found.xmp.length > 0 || /<x:x[am]pmeta\b/.test(text);
  // Metadata streams written without compression are found by the object scan; unattached
  // packets too.
  readXmp(
    [...found.xmp, ...[...text.matchAll(/<x:x[am]pmeta\b[\s\S]*?<\/x:x[am]pmeta>/g)].map((m) => m[0])],
    values,
  );

  const author = list(values.get('Author'));
  if (author) findings.push(i18n._(msg`Author: ${author}`));
  const creator = list(values.get('Creator'));
  if (creator) findings.push(i18n._(msg`Made with ${creator}`));
  const producer = list(values.get('Producer'));
  if (producer && producer !== creator) findings.push(i18n._(msg`Turned into a PDF with ${producer}`));
  const title = list(values.get('Title'));
  if (title) findings.push(i18n._(msg`Title: ${title}`));
  const subject = list(values.get('Subject'));
  if (subject) findings.push(i18n._(msg`Subject: ${subject}`));
  const keywords = list(values.get('Keywords'));
  if (keywords) findings.push(i18n._(msg`Keywords: ${keywords}`));
  const created = list(values.get('CreationDate'));
  if (created) findings.push(i18n._(msg`Created on ${created}`));
  const changed = list(values.get('ModDate'));
  if (changed && changed !== created) findings.push(i18n._(msg`Last changed on ${changed}`));
  if (xmpPresent) {
    findings.push(
      i18n._(
        msg`A block of extra details (XMP), which can repeat the author and the software and keep an editing history`,
      ),
    );
  }

  // Each save adds a section ending in %%EOF; a "linearized" (fast web view) file has two from the start.
  const linearized = /\/Linearized\b/.test(text.slice(0, 2048));
  const versions = countMatches(text, /%%EOF/g) - (linearized ? 1 : 0);
  if (versions > 1) {
    findings.push(
      i18n._(
        msg`${plural(versions, {
          one: '# saved version is inside it: earlier versions of its text and details may still be in the file, even where they no longer show',
          other:
            '# saved versions are inside it: earlier versions of its text and details may still be in the file, even where they no longer show',
        })}`,
      ),
    );
  }

  const commenters = new Set<string>();
  let annotations = 0;
  let attachments = false;
  for (const dicts of found.objects.values()) {
    for (const d of dicts) {
      const subtype = nameOf(d.get('Subtype'));
      if (subtype !== undefined && MARKUP.has(subtype) && (d.has('Rect') || d.has('Parent'))) {
        annotations++;
        const name = encrypted ? undefined : textOf(d.get('T'));
        if (name !== undefined && shortText(name) !== '') commenters.add(shortText(name, 60));
      }
      const type = nameOf(d.get('Type'));
      if (type === 'EmbeddedFile' || d.has('EmbeddedFiles')) attachments = true;
    }
  }
  const people = list(commenters);
  if (people) {
    findings.push(i18n._(msg`Comments or markings by ${people}`));
  } else if (annotations > 0) {
    findings.push(i18n._(msg`Comments or markings, which may show who made them`));
  }
  if (attachments) findings.push(i18n._(msg`Other files attached inside it, which Confide did not check`));
  if (text.includes('Exif\0\0')) {
    findings.push(
      i18n._(msg`Photos that may still show where and when they were taken, and with which phone or camera`),
    );
  }
  if (encrypted) {
    findings.push(
      i18n._(msg`It is encrypted (perhaps with a password), so Confide could not read its details`),
    );
  } else if (found.objects.size === 0) {
    findings.push(i18n._(msg`Confide could not read this PDF’s details`));
  }
  return findings;
}
