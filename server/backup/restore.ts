/**
 * Restoring a backup into a new, empty database, all in one transaction: migrate to exactly the
 * migrations the backup was made with, load every table in foreign-key order, advance the
 * identity sequences, migrate to the latest schema, commit. The backup is checked to the end
 * (its FINAL chunk) before the commit, so a wrong passphrase, a damaged or cut-short file, or
 * any other failure leaves the target as it was.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Kysely, Migrator, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { decryptBackupStream, isConfideCryptoError, type BackupKeys } from '../../crypto/index.js';
import { migrations as knownMigrations } from '../../migrations/index.js';
import {
  advanceSequences,
  appliedMigrations,
  copyStatement,
  listTables,
  tablesWithRows,
  tablesWithUserTriggers,
  type TableInfo,
} from './catalog.js';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../db/migrate.js';
import { BackupFormatError, readFrames, type BackupManifest, type Frame } from './format.js';

export interface RestoreSummary {
  readonly tables: number;
  readonly rows: number;
  /** When the backup was made. */
  readonly createdAt: string;
  /** The migrations the backup was made with, and those applied after loading it. */
  readonly backupMigrations: readonly string[];
  readonly appliedAfter: readonly string[];
}

export interface RestoreTarget {
  readonly url: string;
  close(): Promise<void>;
}

export interface RestoreOptions {
  readonly file: string;
  /** The passphrase, or keys already derived for this backup. */
  readonly passphrase: string | BackupKeys;
  /** Opened once the backup's header and manifest have been read and checked. */
  readonly openTarget: () => Promise<RestoreTarget>;
  readonly log: (message: string) => void;
}

/** A backup that cannot be restored here, said in words an operator can act on. */
export class RestoreRefused extends Error {}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreSummary> {
  // Read in pieces of about one chunk (fs's default 64 KiB): decrypting more at a time would
  // only hold more plaintext in memory before the database takes it.
  const source = createReadStream(options.file);
  const frames = readFrames(decryptBackupStream(source, options.passphrase))[Symbol.asyncIterator]();
  let target: RestoreTarget | undefined;
  try {
    // The header, the passphrase and the manifest are checked before the target is touched.
    const first = await nextFrame(frames);
    if (first.type !== 'manifest') throw new BackupFormatError('the backup does not start with its manifest');
    const manifest = first.manifest;
    const lastMigration = checkMigrations(manifest.migrations);

    target = await options.openTarget();
    return await restoreInto(target.url, manifest, lastMigration, frames, options.log);
  } catch (error) {
    throw explain(error);
  } finally {
    source.destroy();
    await frames.return(undefined).catch(() => undefined);
    await target?.close();
  }
}

/**
 * The backup's migrations must be the first ones this code knows, in order: a name it does not
 * know means a newer version of Confide made the backup.
 */
function checkMigrations(backup: readonly string[]): string {
  const known = Object.keys(knownMigrations);
  const unknown = backup.find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new RestoreRefused(
      `This backup was made by a newer version of Confide: its database had migration "${unknown}", which this version does not know. Restore it with that version or a later one.`,
    );
  }
  const last = backup.at(-1);
  if (last === undefined || backup.some((name, i) => known[i] !== name)) {
    throw new RestoreRefused(
      `The backup's migrations (${backup.join(', ') || 'none'}) are not the first ones of this version of Confide (${known.join(', ')})`,
    );
  }
  return last;
}

async function restoreInto(
  url: string,
  manifest: BackupManifest,
  backupMigration: string,
  frames: AsyncIterator<Frame>,
  log: (message: string) => void,
): Promise<RestoreSummary> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  let committed = false;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0');
    await refuseUnlessEmpty(client, manifest.migrations);

    const db = kyselyOn(client);
    await migrate(db, backupMigration);
    compareSchema(await listTables(client), manifest.tables);

    // Foreign keys are checked as each COPY ends; the load order makes that work. Constraints
    // declared deferrable wait for the commit, for tables a cycle leaves out of order. Triggers
    // of the schema's own (none today) would act on rows they acted on when first written.
    await client.query('SET CONSTRAINTS ALL DEFERRED');
    const triggered = await tablesWithUserTriggers(client);
    for (const table of triggered)
      await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} DISABLE TRIGGER USER`);

    let rows = 0;
    for (const table of manifest.tables) {
      const loaded = await loadTable(client, table, frames);
      rows += loaded;
      log(`restored ${table.name} (${loaded} rows)`);
    }
    const end = await nextFrame(frames);
    if (end.type !== 'end' || end.tables !== manifest.tables.length || end.rows !== rows) {
      throw new BackupFormatError('the backup does not end as its manifest says');
    }
    // Reading on to the end of the stream checks the FINAL chunk: before it, the backup may
    // have been cut short, and nothing may be committed.
    if (!(await frames.next()).done) throw new BackupFormatError('the backup has content after its end');

    for (const table of triggered)
      await client.query(`ALTER TABLE ${pg.escapeIdentifier(table)} ENABLE TRIGGER USER`);
    await advanceSequences(client);
    const appliedAfter = await migrate(db, undefined);
    await client.query('COMMIT');
    committed = true;
    return {
      tables: manifest.tables.length,
      rows,
      createdAt: manifest.created_at,
      backupMigrations: manifest.migrations,
      appliedAfter,
    };
  } finally {
    // Without a COMMIT, ending the session rolls everything back, a COPY in progress included.
    if (!committed) await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * The target must hold no row in any table, and no migration the backup does not have: restore
 * adds to nothing, replaces nothing, and never migrates backwards.
 */
async function refuseUnlessEmpty(client: pg.Client, backupMigrations: readonly string[]): Promise<void> {
  const existing = await listTables(client);
  if (existing.length > 0) {
    // Nothing may be written to them while this transaction decides they are empty.
    await client.query(
      `LOCK TABLE ${existing.map((t) => pg.escapeIdentifier(t.name)).join(', ')} IN ACCESS EXCLUSIVE MODE`,
    );
  }
  const full = await tablesWithRows(
    client,
    existing.map((t) => t.name),
  );
  if (full.length > 0) {
    throw new RestoreRefused(
      `The target database already holds data (in ${full.join(', ')}). Restore only into a new, empty database (for the embedded database: a new, empty CONFIDE_DATA_DIR); nothing was changed.`,
    );
  }
  const applied = await appliedMigrations(client);
  if (applied.some((name, i) => backupMigrations[i] !== name)) {
    throw new RestoreRefused(
      `The target database was migrated further than the backup (${applied.join(', ')}; the backup has ${backupMigrations.join(', ')}). Restore into a new, empty database; nothing was changed.`,
    );
  }
}

/**
 * Kysely over the one connection that holds the restore's transaction: the Migrator runs there
 * (with its own transactions off), so the migrations commit or roll back with the data.
 */
function kyselyOn(client: pg.Client): Kysely<unknown> {
  const lent = {
    query: (...args: Parameters<pg.Client['query']>) => client.query(...args),
    release: () => undefined,
  } as unknown as PostgresPoolClient;
  const pool: PostgresPool = { connect: () => Promise.resolve(lent), end: () => Promise.resolve() };
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
}

/** To `name`, or to the latest when undefined; the names of the migrations applied. */
async function migrate(db: Kysely<unknown>, name: string | undefined): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(knownMigrations) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    disableTransactions: true,
  });
  const { error, results = [] } =
    name === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(name);
  const failed = results.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Binary COPY needs the same columns of the same types: the schema its migrations made. */
function compareSchema(actual: readonly TableInfo[], expected: readonly TableInfo[]): void {
  const describe = (t: TableInfo): string => t.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  const have = new Map(actual.map((t) => [t.name, describe(t)]));
  const want = new Map(expected.map((t) => [t.name, describe(t)]));
  const differences = [
    ...[...want].filter(([name, columns]) => have.get(name) !== columns).map(([name]) => name),
    ...[...have.keys()].filter((name) => !want.has(name)),
  ];
  if (differences.length > 0) {
    throw new RestoreRefused(
      `The backup's tables do not match the schema its migrations make (${[...new Set(differences)].join(', ')}): the source database was changed by hand, or this file was not made by "confide backup"`,
    );
  }
}

/** Streams one table's data frames into COPY FROM; returns the rows written. */
async function loadTable(client: pg.Client, table: TableInfo, frames: AsyncIterator<Frame>): Promise<number> {
  const start = await nextFrame(frames);
  if (start.type !== 'table' || start.name !== table.name) {
    throw new BackupFormatError(`the backup has no data for table ${table.name} where its manifest says`);
  }
  let expectedRows: number | undefined;
  const data = async function* (): AsyncGenerator<Uint8Array> {
    for (;;) {
      const frame = await nextFrame(frames);
      if (frame.type === 'data') {
        yield frame.bytes;
      } else if (frame.type === 'table-end') {
        expectedRows = frame.rows;
        return;
      } else {
        throw new BackupFormatError(
          `the data of table ${table.name} is interrupted by a ${frame.type} frame`,
        );
      }
    }
  };
  const copy = client.query(copyFrom(copyStatement(table, 'from')));
  await pipeline(data(), copy);
  if (copy.rowCount !== expectedRows) {
    throw new BackupFormatError(
      `table ${table.name}: ${copy.rowCount} rows loaded, the backup says ${String(expectedRows)}`,
    );
  }
  return copy.rowCount;
}

async function nextFrame(frames: AsyncIterator<Frame>): Promise<Frame> {
  const next = await frames.next();
  if (next.done === true) throw new BackupFormatError('the backup content ends early');
  return next.value;
}

/** Errors in the words of the command line; `cause` keeps the original. */
function explain(error: unknown): unknown {
  const nothing = 'Nothing was written to the database.';
  if (isConfideCryptoError(error)) {
    switch (error.code) {
      case 'WRONG_PASSPHRASE':
        return new RestoreRefused(
          `The passphrase does not open this backup (or its header is damaged). ${nothing}`,
          {
            cause: error,
          },
        );
      case 'TAMPERED':
      case 'FILE_TRUNCATED':
      case 'FILE_TRAILING_DATA':
        return new RestoreRefused(`${capitalized(error.message)}. ${nothing}`, {
          cause: error,
        });
      case 'BAD_ENCODING':
        return new RestoreRefused(`This file is not a Confide backup. ${nothing}`, { cause: error });
      case 'UNKNOWN_VERSION':
        return new RestoreRefused(
          `This backup was made by a newer version of Confide (${error.message}). ${nothing}`,
          { cause: error },
        );
      default:
        return new RestoreRefused(`${error.message}. ${nothing}`, { cause: error });
    }
  }
  if (error instanceof BackupFormatError) {
    return new RestoreRefused(`The backup's content is not as expected: ${error.message}. ${nothing}`, {
      cause: error,
    });
  }
  return error;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
