// PostgreSQL's binary COPY format (https://www.postgresql.org/docs/current/sql-copy.html,
// "Binary Format"), for the few column types the console seed writes. Binary rather than text
// because a 10 KB report is 16 KiB of ciphertext: as hex text it would double what goes over
// the socket and what PostgreSQL must parse, 100,000 times.

/** "PGCOPY\n\377\r\n\0", then flags (0) and the header extension's length (0). */
export const COPY_HEADER = Buffer.concat([
  Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]),
  Buffer.alloc(8),
]);

/** A field count of -1 ends the data. */
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01T00:00:00Z). */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);

/** One column value in its binary send format; null is SQL NULL. */
export type CopyValue = Buffer | null;

export const copyUuid = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export function copyInt4(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeInt32BE(value);
  return out;
}

export function copyInt2(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeInt16BE(value);
  return out;
}

export const copyBool = (value: boolean): Buffer => Buffer.from([value ? 1 : 0]);

/** timestamptz: microseconds since 2000-01-01 UTC, as a signed 64-bit integer. */
export function copyTimestamp(at: Date): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64BE(BigInt(at.getTime() - POSTGRES_EPOCH_MS) * 1000n);
  return out;
}

export const copyText = (value: string): Buffer => Buffer.from(value, 'utf8');

/** One row: the field count, then each field as its length (-1 for NULL) and its bytes. */
export function copyTuple(values: readonly CopyValue[]): Buffer {
  let size = 2;
  for (const v of values) size += 4 + (v === null ? 0 : v.length);
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt16BE(values.length, 0);
  for (const v of values) {
    if (v === null) {
      at = out.writeInt32BE(-1, at);
    } else {
      at = out.writeInt32BE(v.length, at);
      at += v.copy(out, at);
    }
  }
  return out;
}
