/**
 * One database code path: Kysely over `pg`, against a PostgreSQL server (DATABASE_URL) or the
 * embedded one. Both run the same migrations at start-up.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import type { DB } from './schema.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { migrateToLatest } from './migrate.js';

export type Database = Kysely<DB>;

export interface OpenDatabase {
  db: Database;
  /** Which kind of database serves this process; shown in logs, never a secret. */
  kind: 'server' | 'embedded';
  close(): Promise<void>;
}

// Return bigint columns (int8) as numbers: sizes and counters here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/**
 * How long a request waits for a free connection (or for a new one to open) before it is
 * answered 503: a pool held by something slow must refuse new work, not queue it forever.
 */
export const POOL_ACQUIRE_TIMEOUT_MS = 5_000;

export function createKysely(
  connectionString: string,
  poolSize = 10,
  acquireTimeoutMs = POOL_ACQUIRE_TIMEOUT_MS,
): Database {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: acquireTimeoutMs,
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor one that loses it while checked out (a restart, a failover, pg_terminate_backend): pg
  // emits 'error' on the client itself, and unheard that ends the process. Its query fails
  // with the same error, so the request gets a 503 (errors.ts), and the pool drops the client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

export async function openDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  log: (message: string) => void,
): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  const url =
    config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log })).url;
  const db = createKysely(url);
  try {
    const { applied } = await migrateToLatest(db as Kysely<unknown>);
    if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    kind: embedded ? 'embedded' : 'server',
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** One trivial statement: resolves when the database answers, throws when it cannot be reached. */
export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
