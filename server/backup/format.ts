/**
 * What a backup encrypts (docs/protocol.md, "Backups"): a sequence of frames.
 *
 *   frame = type (1 byte, ASCII) || length (4 bytes, unsigned big-endian) || payload
 *
 *   'M'  manifest, JSON: format, version, created_at, postgres, migrations, tables (load order)
 *   'T'  table, JSON {"name"}: the COPY data of this table follows
 *   'D'  data: a piece of the table's `COPY ... (FORMAT binary)` output, as PostgreSQL wrote it
 *   'E'  table end, JSON {"rows"}: how many rows the COPY wrote
 *   'Z'  end, JSON {"tables", "rows"}: nothing follows
 *
 * M first, then per table of the manifest in its order T, D..., E, then Z. Data frames pass
 * through without being gathered, so no table (attachment chunks can be gigabytes) is ever
 * whole in memory; only the small JSON frames are.
 */
import type { TableInfo } from './catalog.js';

export const BACKUP_CONTENT_FORMAT = 'confide-backup';
/** Version of the frames and the manifest. A new layout gets a new number; restore refuses others. */
export const BACKUP_CONTENT_VERSION = 1;

const FRAME_HEADER_BYTES = 5;
/** JSON frames are small; a larger one is not a backup this code wrote. */
const MAX_JSON_FRAME_BYTES = 16 * 1024 * 1024;

const TYPE = { manifest: 0x4d, table: 0x54, data: 0x44, tableEnd: 0x45, end: 0x5a } as const;

export interface BackupManifest {
  readonly format: typeof BACKUP_CONTENT_FORMAT;
  readonly version: typeof BACKUP_CONTENT_VERSION;
  /** When the snapshot was taken (ISO 8601). */
  readonly created_at: string;
  /** The source server's version, for the record. */
  readonly postgres: string;
  /** The migrations applied to the source, in order: restore migrates the target to exactly these first. */
  readonly migrations: readonly string[];
  /** Every table, in the order restore loads them. */
  readonly tables: readonly TableInfo[];
}

export type Frame =
  | { readonly type: 'manifest'; readonly manifest: BackupManifest }
  | { readonly type: 'table'; readonly name: string }
  | { readonly type: 'data'; readonly bytes: Uint8Array }
  | { readonly type: 'table-end'; readonly rows: number }
  | { readonly type: 'end'; readonly tables: number; readonly rows: number };

/** A backup's content that does not follow this layout. */
export class BackupFormatError extends Error {}

function header(type: number, length: number): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES);
  out[0] = type;
  new DataView(out.buffer).setUint32(1, length, false);
  return out;
}

function jsonFrame(type: number, value: unknown): Uint8Array {
  const payload = new TextEncoder().encode(JSON.stringify(value));
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  out.set(header(type, payload.length), 0);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

export const encodeFrame = {
  manifest: (manifest: BackupManifest): Uint8Array => jsonFrame(TYPE.manifest, manifest),
  table: (name: string): Uint8Array => jsonFrame(TYPE.table, { name }),
  /** The header of a data frame; the caller writes the bytes after it, uncopied. */
  dataHeader: (length: number): Uint8Array => header(TYPE.data, length),
  tableEnd: (rows: number): Uint8Array => jsonFrame(TYPE.tableEnd, { rows }),
  end: (tables: number, rows: number): Uint8Array => jsonFrame(TYPE.end, { tables, rows }),
};

/**
 * Frames from the decrypted content, as they arrive. A data frame's payload comes out in the
 * pieces it arrived in (views of them, not copies), so a data frame may give several `data`
 * frames in a row.
 */
export async function* readFrames(source: AsyncIterable<Uint8Array>): AsyncGenerator<Frame> {
  let rest: Uint8Array = new Uint8Array(0);
  let dataLeft = 0;
  for await (const piece of source) {
    const bytes = rest.length === 0 ? piece : concat(rest, piece);
    let offset = 0;
    while (offset < bytes.length) {
      if (dataLeft > 0) {
        const take = Math.min(dataLeft, bytes.length - offset);
        yield { type: 'data', bytes: bytes.subarray(offset, offset + take) };
        offset += take;
        dataLeft -= take;
        continue;
      }
      if (bytes.length - offset < FRAME_HEADER_BYTES) break;
      const type = bytes[offset] ?? 0;
      const length = new DataView(bytes.buffer, bytes.byteOffset + offset + 1, 4).getUint32(0, false);
      if (type === TYPE.data) {
        offset += FRAME_HEADER_BYTES;
        dataLeft = length;
        continue;
      }
      if (length > MAX_JSON_FRAME_BYTES) {
        throw new BackupFormatError(`a ${String.fromCharCode(type)} frame of ${length} bytes is too large`);
      }
      if (bytes.length - offset - FRAME_HEADER_BYTES < length) break;
      const payload = bytes.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
      yield decodeJsonFrame(type, payload);
      offset += FRAME_HEADER_BYTES + length;
    }
    // What is left is the start of a header or of a JSON frame: small, and copied so the piece
    // it came from is not held.
    rest = bytes.slice(offset);
  }
  if (rest.length > 0 || dataLeft > 0) throw new BackupFormatError('the backup content ends inside a frame');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function decodeJsonFrame(type: number, payload: Uint8Array): Frame {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new BackupFormatError(`a ${String.fromCharCode(type)} frame is not valid JSON`);
  }
  const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  switch (type) {
    case TYPE.manifest:
      return { type: 'manifest', manifest: checkManifest(object) };
    case TYPE.table:
      if (typeof object.name !== 'string') throw new BackupFormatError('a table frame has no name');
      return { type: 'table', name: object.name };
    case TYPE.tableEnd:
      return { type: 'table-end', rows: count(object.rows, 'rows') };
    case TYPE.end:
      return { type: 'end', tables: count(object.tables, 'tables'), rows: count(object.rows, 'rows') };
    default:
      throw new BackupFormatError(`unknown frame type ${type}`);
  }
}

function count(value: unknown, what: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new BackupFormatError(`${what} is not a count`);
  }
  return value as number;
}

function checkManifest(value: Record<string, unknown>): BackupManifest {
  if (value.format !== BACKUP_CONTENT_FORMAT)
    throw new BackupFormatError('the manifest is not a Confide backup manifest');
  if (value.version !== BACKUP_CONTENT_VERSION) {
    throw new BackupFormatError(
      `the backup's content is version ${String(value.version)}; this version of Confide reads version ${BACKUP_CONTENT_VERSION}`,
    );
  }
  const strings = (list: unknown): list is string[] =>
    Array.isArray(list) && list.every((s) => typeof s === 'string');
  const tables = value.tables;
  if (
    typeof value.created_at !== 'string' ||
    typeof value.postgres !== 'string' ||
    !strings(value.migrations) ||
    !Array.isArray(tables) ||
    !tables.every(
      (t: unknown) =>
        typeof t === 'object' &&
        t !== null &&
        typeof (t as TableInfo).name === 'string' &&
        Array.isArray((t as TableInfo).columns) &&
        (t as TableInfo).columns.every(
          (c: unknown) =>
            typeof c === 'object' &&
            c !== null &&
            typeof (c as { name?: unknown }).name === 'string' &&
            typeof (c as { type?: unknown }).type === 'string',
        ),
    )
  ) {
    throw new BackupFormatError('the manifest lacks a field or has one of the wrong type');
  }
  return value as unknown as BackupManifest;
}
