/**
 * One database code path: Kysely over `pg`, against a PostgreSQL server (DATABASE_URL) or the
 * embedded one. Both run the same migrations at start-up.
 */
import { Kysely, PostgresDialect, sql, type PostgresPool, type PostgresPoolClient } from 'kysely';
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

/**
 * How long one statement of the server's may run (CONFIDE_DB_STATEMENT_TIMEOUT_SECONDS). A
 * request's statements take milliseconds; one that takes this long is stuck behind a lock or
 * a database in trouble, and the request is better answered 503 than kept waiting.
 */
export const DEFAULT_STATEMENT_TIMEOUT_SECONDS = 10;

/**
 * How much longer than the statement timeout the server waits for any reply at all. Past the
 * statement timeout a live PostgreSQL cancels the statement itself (57014) and the connection
 * stays usable; no reply even after this margin means the database (or the network to it) is
 * frozen, and the connection is dropped.
 */
export const QUERY_TIMEOUT_MARGIN_MS = 2_000;

/** Idle time before TCP keep-alive probes start on a connection to the database. */
const KEEP_ALIVE_DELAY_MS = 10_000;

export interface StatementTimeouts {
  /** PostgreSQL's statement_timeout on every connection, in ms; 0: none. */
  readonly statementTimeoutMs: number;
  /**
   * pg's query_timeout: with no reply this long after a statement was sent, it fails here with
   * "Query read timeout" and its connection is dropped; 0: none.
   */
  readonly queryTimeoutMs: number;
}

/** The timeouts of the pool that serves requests and maintenance jobs. */
export function requestTimeouts(
  statementTimeoutSeconds = DEFAULT_STATEMENT_TIMEOUT_SECONDS,
): StatementTimeouts {
  return {
    statementTimeoutMs: statementTimeoutSeconds * 1000,
    queryTimeoutMs: statementTimeoutSeconds * 1000 + QUERY_TIMEOUT_MARGIN_MS,
  };
}

/**
 * For migrations, which may rewrite a large table and must not be cut off half-way by a limit
 * meant for requests. (Backup and restore use connections of their own, without limits either.)
 */
export const NO_TIMEOUTS: StatementTimeouts = { statementTimeoutMs: 0, queryTimeoutMs: 0 };

/** What pg says when a statement got no reply within query_timeout. */
const READ_TIMEOUT_MESSAGE = 'Query read timeout';

function isReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === READ_TIMEOUT_MESSAGE;
}

/**
 * The pool as Kysely sees it, except that a connection whose statement got no reply in time is
 * never used again. pg leaves that statement in flight on the connection: the next statement on
 * it (the transaction's rollback, or the next request's, once back in the pool) would queue
 * behind it and wait as long again. So every later statement on it fails at once, and on release
 * the pool drops it (pg closes the socket of a connection with a statement in flight). New
 * connections replace it; a PostgreSQL that was frozen sees the closed socket when it resumes,
 * and rolls back whatever that connection had begun.
 */
function dropConnectionsThatTimeOut(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      let timedOut: Error | undefined;
      const wrapped = {
        query(text: string, parameters: readonly unknown[]) {
          if (timedOut) return Promise.reject(timedOut);
          return client.query(text, [...parameters]).catch((error: unknown) => {
            if (isReadTimeout(error)) timedOut = error as Error;
            throw error;
          });
        },
        release() {
          client.release(timedOut);
        },
      };
      // Kysely's type also names a cursor form of query(); no cursor is configured here.
      return wrapped as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

export function createKysely(
  connectionString: string,
  poolSize = 10,
  acquireTimeoutMs = POOL_ACQUIRE_TIMEOUT_MS,
  timeouts: StatementTimeouts = requestTimeouts(),
): Database {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: acquireTimeoutMs,
    // A connection whose peer vanished without a word (a host gone, a network black hole) is
    // found out by the kernel's probes instead of looking idle and healthy forever.
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS,
    ...(timeouts.statementTimeoutMs > 0 ? { statement_timeout: timeouts.statementTimeoutMs } : {}),
    ...(timeouts.queryTimeoutMs > 0 ? { query_timeout: timeouts.queryTimeoutMs } : {}),
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor one that loses it while checked out (a restart, a failover, pg_terminate_backend): pg
  // emits 'error' on the client itself, and unheard that ends the process. Its query fails
  // with the same error, so the request gets a 503 (errors.ts), and the pool drops the client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: dropConnectionsThatTimeOut(pool) }) });
}

export async function openDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'dbStatementTimeoutSeconds'>>,
  log: (message: string) => void,
): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  const url =
    config.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log })).url;
  // Migrations run on connections of their own, without the limits meant for requests.
  const migrating = createKysely(url, 2, POOL_ACQUIRE_TIMEOUT_MS, NO_TIMEOUTS);
  try {
    const { applied } = await migrateToLatest(migrating as Kysely<unknown>);
    if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    await migrating.destroy();
    await embedded?.stop();
    throw error;
  }
  await migrating.destroy();
  const db = createKysely(
    url,
    10,
    POOL_ACQUIRE_TIMEOUT_MS,
    requestTimeouts(config.dbStatementTimeoutSeconds),
  );
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
