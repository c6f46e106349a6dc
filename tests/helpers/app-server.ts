/**
 * The real application for tests: a fresh database of its own (migrated), the real Fastify app,
 * log lines captured so tests can prove nothing sensitive was written.
 */
import { Writable } from 'node:stream';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { buildApp, type App } from '../../server/app.js';
import { loadConfig, type AppConfig } from '../../server/config.js';
import { createKysely, type Database } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestDatabase } from './databases.js';

export interface TestApp {
  app: App;
  db: Database;
  config: AppConfig;
  /** Every log line the server wrote, raw. */
  logs: string[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  extraRoutes?: (app: App) => void;
  /** Connections in the app's pool (default 5). */
  poolSize?: number;
  /** How long a request waits for a free connection before its 503 (default: the server's). */
  acquireTimeoutMs?: number;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(path.basename(process.env.VITEST_POOL_ID ?? 'app'));
  const db = createKysely(database.url, options.poolSize ?? 5, options.acquireTimeoutMs);
  await migrateToLatest(db as Kysely<unknown>);
  const config = loadConfig(
    {
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      CONFIDE_CLIENT_DIR: process.env.CONFIDE_TEST_BUILT_CLIENT ?? path.join(repoRoot, 'dist/client'),
      CONFIDE_DATA_DIR: path.join(repoRoot, 'data-test-unused'),
      ...options.env,
    },
    repoRoot,
  );
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await buildApp({
    config,
    db,
    logStream,
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
  });
  return {
    app,
    db,
    config,
    logs,
    async close() {
      await app.close();
      await db.destroy();
      await database.drop();
    },
  };
}

/** The app listening on a random loopback port, for browser tests and real HTTP clients. */
export async function startAppServer(options: TestAppOptions = {}): Promise<TestApp & { url: string }> {
  const testApp = await buildTestApp(options);
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const address = testApp.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server did not bind a TCP port');
  return { ...testApp, url: `http://127.0.0.1:${address.port}` };
}
