/**
 * Making a backup: every table in one snapshot, streamed through COPY into the encrypted file,
 * with no pg_dump (the embedded PostgreSQL ships none, and a system one older than the server
 * refuses to run).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { encryptBackupStream, type BackupKeys } from '../../crypto/index.js';
import { appliedMigrations, copyStatement, listTables, type TableInfo } from './catalog.js';
import { BACKUP_CONTENT_FORMAT, BACKUP_CONTENT_VERSION, encodeFrame, type BackupManifest } from './format.js';

export interface BackupSummary {
  readonly tables: number;
  readonly rows: number;
  /** Size of the backup file. */
  readonly bytes: number;
  readonly migrations: readonly string[];
}

export interface WriteBackupOptions {
  /** The database to back up. */
  readonly databaseUrl: string;
  /** Where to write; refused when something is there already. */
  readonly file: string;
  /** From deriveBackupKeys with a passphrase and fresh parameters. */
  readonly keys: BackupKeys;
  readonly log: (message: string) => void;
}

/**
 * Writes the backup to a temporary file beside `file` and links it into place only once it is
 * complete and on disk, so a failed or interrupted backup never leaves something that looks
 * like one. Never overwrites.
 */
export async function writeBackup(options: WriteBackupOptions): Promise<BackupSummary> {
  const file = path.resolve(options.file);
  if (await exists(file)) throw new Error(`${file} exists already; choose a new file name`);
  const partial = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(4).toString('hex')}.partial`,
  );

  const client = new pg.Client({ connectionString: options.databaseUrl });
  // A connection lost mid-backup fails the COPY or query in progress; unheard, pg's 'error'
  // event would end the process before that error is reported.
  client.on('error', () => undefined);
  await client.connect();
  try {
    // One snapshot for every table, read only: what is backed up is one moment of the database
    // while the server goes on serving. The server's timeouts are for requests, not for this.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(
      'SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0',
    );
    const tables = await listTables(client);
    const migrations = await appliedMigrations(client);
    if (migrations.length === 0) {
      throw new Error(
        'This database has no Confide schema (no migrations were applied): there is nothing to back up',
      );
    }
    // As pg_dump does: no migration may drop or change a table while it is being read.
    if (tables.length > 0) {
      await client.query(
        `LOCK TABLE ${tables.map((t) => pg.escapeIdentifier(t.name)).join(', ')} IN ACCESS SHARE MODE`,
      );
    }
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    const manifest: BackupManifest = {
      format: BACKUP_CONTENT_FORMAT,
      version: BACKUP_CONTENT_VERSION,
      created_at: new Date().toISOString(),
      postgres: version.rows[0]?.server_version ?? 'unknown',
      migrations,
      tables,
    };

    let rows = 0;
    const content = async function* (): AsyncGenerator<Uint8Array> {
      yield encodeFrame.manifest(manifest);
      for (const table of tables) {
        yield encodeFrame.table(table.name);
        const copied = copyTable(client, table, options.log);
        yield* copied.frames;
        const count = await copied.rowCount();
        rows += count;
        yield encodeFrame.tableEnd(count);
      }
      yield encodeFrame.end(tables.length, rows);
    };

    await pipeline(
      Readable.from(encryptBackupStream(content(), options.keys)),
      createWriteStream(partial, { flags: 'wx', mode: 0o600 }),
    );
    const handle = await fs.open(partial, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await client.query('COMMIT');
    await moveIntoPlace(partial, file);
    const { size } = await fs.stat(file);
    return { tables: tables.length, rows, bytes: size, migrations };
  } finally {
    await fs.rm(partial, { force: true });
    await client.end().catch(() => undefined);
  }
}

/**
 * The COPY of one table as data frames, pulled as the encryption and the file take them (the
 * stream pauses the connection meanwhile), and its row count once the COPY has completed.
 */
function copyTable(
  client: pg.Client,
  table: TableInfo,
  log: (message: string) => void,
): { frames: AsyncGenerator<Uint8Array>; rowCount: () => Promise<number> } {
  const stream = client.query(copyTo(copyStatement(table, 'to')));
  const frames = async function* (): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      yield encodeFrame.dataHeader(chunk.length);
      yield chunk;
    }
  };
  return {
    frames: frames(),
    async rowCount() {
      // pg-copy-streams reads the count from CommandComplete, which may come after the stream
      // ended; a next query on the same connection runs only after the COPY has fully completed.
      await client.query('SELECT 1');
      log(`backed up ${table.name} (${stream.rowCount} rows)`);
      return stream.rowCount;
    },
  };
}

/**
 * A hard link fails when `file` appeared meanwhile, so even then nothing is replaced. A file
 * system without hard links gets a rename after one more look.
 */
async function moveIntoPlace(partial: string, file: string): Promise<void> {
  try {
    await fs.link(partial, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(code)) throw error;
    if (await exists(file))
      throw new Error(`${file} exists already; choose a new file name`, { cause: error });
    await fs.rename(partial, file);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}
