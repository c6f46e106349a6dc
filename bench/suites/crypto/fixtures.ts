// Inputs for the crypto suite: report bodies of an exact size, team ids, and
// file chunks generated on the fly.

import { randomUUID } from 'node:crypto';

const FILLER =
  'On the talk page of the article he kept replying to every edit I made within minutes, ' +
  'quoting my user name and calling me a vandal; then the messages moved to my user talk page ' +
  'and to an email address I had never published. ';

/**
 * A report body (PROTOCOL.md, "The report body") whose JSON text is exactly
 * `size` bytes of UTF-8. Text, not random bytes: that is what a reporter sends,
 * and it is what OpenPGP.js would compress if it compressed (v6 does not by default).
 */
export function reportBody(size: number): {
  readonly object: Readonly<Record<string, unknown>>;
  readonly text: string;
  readonly bytes: Uint8Array;
} {
  const body = {
    schema: 'confide/report/v1',
    reporter_role: 'target',
    kinds: ['personal_attack', 'unwanted_contact', 'doxing'],
    summary: 'Repeated personal attacks and an outing attempt after an edit dispute',
    what_happened: '',
    where: 'en.wikipedia.org, article talk page and my user talk page',
    links: [{ url: 'https://en.wikipedia.org/wiki/Talk:Example', note: 'first reply' }],
    involved: [{ name: 'Example User', role: 'alleged_harasser' }],
    private_info_exposed: true,
    danger: 'none',
    contact: { by: 'receipt' },
    language: 'en',
    attachments: [],
    submitted_at: '2026-11-24T06:41:00Z',
  };
  const base = Buffer.byteLength(JSON.stringify(body));
  if (base > size) throw new Error(`a report body needs at least ${base} bytes`);
  let text = '';
  while (text.length < size - base) text += FILLER;
  body.what_happened = text.slice(0, size - base);
  const json = JSON.stringify(body);
  const bytes = new TextEncoder().encode(json);
  if (bytes.length !== size) throw new Error(`report body is ${bytes.length} bytes, wanted ${size}`);
  return { object: JSON.parse(json) as Record<string, unknown>, text: json, bytes };
}

/** A fresh lower-case UUID v4 (report ids, member ids, team ids). */
export const uuid = (): string => randomUUID();

/** Plaintext bytes per attachment chunk (PROTOCOL.md, "Attachments"). */
export const FILE_CHUNK_BYTES = 65536;

/** One plaintext chunk of a file, and whether it is the last one (it then gets the FINAL tag). */
export interface FileChunk {
  readonly bytes: Uint8Array;
  readonly last: boolean;
}

/**
 * `total` bytes of file content as chunks of `chunkSize`, generated one at a
 * time into a reused buffer: the whole file never exists in memory, and a
 * consumer must not keep a chunk after asking for the next one. The content
 * changes with every chunk (a counter stamped into it) so nothing can be cached.
 */
export function* generatedChunks(total: number, chunkSize: number): Generator<FileChunk> {
  const buffer = new Uint8Array(chunkSize);
  for (let i = 0; i < chunkSize; i++) buffer[i] = (i * 31 + 7) & 0xff;
  const view = new DataView(buffer.buffer);
  if (total === 0) yield { bytes: buffer.subarray(0, 0), last: true };
  let offset = 0;
  let index = 0;
  while (offset < total) {
    const size = Math.min(chunkSize, total - offset);
    for (let at = 0; at + 4 <= size; at += 4096) view.setUint32(at, index, true);
    index++;
    offset += size;
    yield { bytes: size === chunkSize ? buffer : buffer.subarray(0, size), last: offset === total };
  }
}

/** Splits an in-memory file into chunks (views, no copies). */
export function* sliceChunks(data: Uint8Array, chunkSize: number): Generator<FileChunk> {
  if (data.length === 0) yield { bytes: data, last: true };
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    const end = Math.min(offset + chunkSize, data.length);
    yield { bytes: data.subarray(offset, end), last: end === data.length };
  }
}
