/**
 * Runs once per `vitest run`:
 * - without TEST_DATABASE_URL, starts one embedded PostgreSQL for the whole run (each test
 *   file still makes its own database on it) and removes it afterwards;
 * - builds the client when it is missing or stale, for the browser tests.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded-postgres.js';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildIfNeeded } from '../scripts/build-if-needed.mjs';

let embedded: EmbeddedPostgres | undefined;
let dataDir: string | undefined;

export async function setup(): Promise<void> {
  (buildIfNeeded as (names: string[]) => void)(['client']);
  if (process.env.TEST_DATABASE_URL) return;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-test-db-'));
  embedded = await startEmbeddedPostgres({ dataDir, databaseName: 'postgres' });
  process.env.CONFIDE_TEST_EMBEDDED_URL = embedded.url;
}

export async function teardown(): Promise<void> {
  if (!embedded || !dataDir) return;
  await embedded.stop();
  await fs.rm(embedded.clusterDir, { recursive: true, force: true });
  await fs.rm(dataDir, { recursive: true, force: true });
}
