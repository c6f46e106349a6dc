/**
 * Test databases: each test file gets a database of its own, so files run in parallel.
 *
 * Against TEST_DATABASE_URL (CI: a real PostgreSQL server) when it is set; otherwise against
 * one embedded PostgreSQL that tests/global-setup.ts starts for the whole run and passes in
 * CONFIDE_TEST_EMBEDDED_URL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL ?? process.env.CONFIDE_TEST_EMBEDDED_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'No test database: set TEST_DATABASE_URL, or run through vitest so global-setup starts one',
    );
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server; `drop()` removes it. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const admin = serverUrl();
  const name = `confide_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `create database ${pg.escapeIdentifier(name)}`);
  return {
    url: withDatabase(admin, name),
    drop: () => adminQuery(admin, `drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
