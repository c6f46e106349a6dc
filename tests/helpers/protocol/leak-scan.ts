/**
 * Looking for leaks: the whole database dumped as searchable text, and the forms in which a
 * secret could sit in stored text or logs.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../server/db/schema.js';

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    return `hex:${bytes.toString('hex')} latin1:${bytes.toString('latin1')} utf8:${bytes.toString('utf8')}`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value) + decodedStrings(value);
  if (typeof value === 'string') return value + decodedStrings(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

/** Any string that looks like base64, decoded too: a plaintext stored encoded is still found. */
function decodedStrings(value: unknown): string {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const token of v.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []) {
        const bytes = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
        out.push(` b64:${bytes.toString('latin1')} b64utf8:${bytes.toString('utf8')}`);
      }
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (typeof v === 'object' && v !== null) {
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return out.join('');
}

/**
 * Every row of every table in the public schema, as text: one line per row, `table: column=value`,
 * bytea as hex and as raw latin1 and UTF-8 decodings, base64-looking strings decoded as well, so
 * a plaintext is found however it was stored.
 */
export async function dumpEverything(db: Kysely<DB>): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const lines: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db);
    lines.push(`## ${table_name} (${rows.rows.length} rows)`);
    for (const row of rows.rows) {
      lines.push(
        `${table_name}: ${Object.entries(row)
          .map(([column, value]) => `${column}=${describeValue(value)}`)
          .join(' | ')}`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * The ways a secret could sit in stored text or logs: as itself, JSON-escaped, hex, and base64
 * / base64url at each of the three alignments (the part that does not depend on neighbours).
 */
export function secretForms(secret: string | Uint8Array): string[] {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const forms = new Set<string>();
  if (typeof secret === 'string') {
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  forms.add(bytes.toString('hex'));
  forms.add(bytes.toString('latin1'));
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const core = b64.slice(offset === 0 ? 0 : 4, b64.length - 4);
    if (core.length >= 8) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((f) => f.length >= 4);
}

/** Labels of the secrets found in `haystack`, in any form of secretForms. */
export function findSecrets(haystack: string, secrets: Record<string, string | Uint8Array>): string[] {
  const found: string[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    const form = secretForms(secret).find((f) => haystack.includes(f));
    if (form !== undefined) found.push(`${label} (as ${JSON.stringify(form.slice(0, 40))})`);
  }
  return found;
}
