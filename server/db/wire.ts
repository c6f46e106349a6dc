/**
 * Conversions between stored values and their wire form (base64url without padding,
 * RFC 3339 UTC times with seconds), used where rows become replies and requests become rows.
 */
export function toB64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Decodes a value the route schema has already checked is base64url of the right length. */
export function fromB64(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

export function toTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toTimeOrNull(date: Date | null): string | null {
  return date === null ? null : toTime(date);
}

export function envelopeFromRow(row: { payload_v: number; payload_nonce: Buffer; payload_ct: Buffer }) {
  return { v: row.payload_v, n: toB64(row.payload_nonce), c: toB64(row.payload_ct) };
}

/** A report's envelope, or null once the purge deleted its ciphertext (services/retention.ts). */
export function envelopeOrNull(row: {
  payload_v: number;
  payload_nonce: Buffer | null;
  payload_ct: Buffer | null;
}) {
  const { payload_v, payload_nonce, payload_ct } = row;
  return payload_nonce === null || payload_ct === null
    ? null
    : envelopeFromRow({ payload_v, payload_nonce, payload_ct });
}

/**
 * The only summary envelope version there is: intake refuses any other (services/intake.ts), so the
 * table stores none and every stored summary is served as this one.
 */
const SUMMARY_ENVELOPE_VERSION = 1;

/**
 * A report's summary envelope (docs/protocol.md 9.7), or null for a report written before summaries
 * and once the purge deleted it (the table's constraint keeps both columns null or both set).
 */
export function summaryOrNull(row: { summary_nonce: Buffer | null; summary_ct: Buffer | null }) {
  const { summary_nonce, summary_ct } = row;
  return summary_nonce === null || summary_ct === null
    ? null
    : { v: SUMMARY_ENVELOPE_VERSION, n: toB64(summary_nonce), c: toB64(summary_ct) };
}
