// A PostgreSQL for a suite: the server named by TEST_DATABASE_URL (or DATABASE_URL), or an
// embedded one started for the run and removed after it. Each suite then makes fresh
// databases on it with tests/helpers/databases.ts, as the tests do.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded-postgres.js';

export interface BenchPostgres {
  /** Stops the embedded server and removes its files; a no-op for an external server. */
  stop(): Promise<void>;
}

export async function benchPostgres(progress: (text: string) => void): Promise<BenchPostgres> {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL;
    return { stop: () => Promise.resolve() };
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-bench-'));
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, databaseName: 'postgres' });
  process.env.CONFIDE_TEST_EMBEDDED_URL = embedded.url;
  progress('using an embedded PostgreSQL (set TEST_DATABASE_URL to use a server)');
  return {
    async stop() {
      await embedded.stop();
      await fs.rm(embedded.clusterDir, { recursive: true, force: true });
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
