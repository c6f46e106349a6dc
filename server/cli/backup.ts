/**
 * `npm run confide -- backup FILE` and `npm run confide -- restore FILE`.
 *
 * The passphrase comes from CONFIDE_BACKUP_PASSPHRASE, or is asked for on a terminal (twice when
 * making a backup). The database is DATABASE_URL's, or the embedded one in CONFIDE_DATA_DIR,
 * which the Confide server must not be using meanwhile.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { deriveBackupKeys, disposeBackupKeys, generateBackupKdfParams, ready } from '../../crypto/index.js';
import { loadConfig } from '../config.js';
import { openBackupDatabase } from '../backup/database.js';
import { restoreBackup } from '../backup/restore.js';
import { writeBackup } from '../backup/write.js';
import { readPassphrase } from './passphrase.js';

export const BACKUP_USAGE = `npm run confide -- backup FILE
  npm run confide -- restore FILE`;

const PASSPHRASE_VARIABLE = 'CONFIDE_BACKUP_PASSPHRASE';
const MIN_PASSPHRASE_LENGTH = 12;

const log = (message: string): void => {
  process.stderr.write(`confide: ${message}\n`);
};

export async function backupCommand(file: string): Promise<void> {
  const target = path.resolve(file);
  const [existing, folder] = await Promise.all([
    fs.lstat(target).catch(() => undefined),
    fs.stat(path.dirname(target)).catch(() => undefined),
  ]);
  if (existing !== undefined) throw new Error(`${target} exists already; choose a new file name`);
  if (folder?.isDirectory() !== true) {
    throw new Error(`There is no folder ${path.dirname(target)} to write the backup into`);
  }
  const fromEnvironment = (process.env[PASSPHRASE_VARIABLE] ?? '') !== '';
  const passphrase = await readPassphrase(PASSPHRASE_VARIABLE, 'Passphrase for the backup: ');
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`The backup passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  // Typed unseen, a mistake would make a backup nobody can open.
  if (
    !fromEnvironment &&
    (await readPassphrase(PASSPHRASE_VARIABLE, 'The same passphrase again: ')) !== passphrase
  ) {
    throw new Error('The two passphrases differ; no backup was made');
  }

  await ready();
  const database = await openBackupDatabase(loadConfig(), 'backup', log);
  try {
    log('deriving the backup key from the passphrase (Argon2id)');
    const keys = deriveBackupKeys(passphrase, generateBackupKdfParams());
    try {
      const summary = await writeBackup({ databaseUrl: database.url, file: target, keys, log });
      process.stdout.write(
        [
          `Backup written to ${target}: ${summary.tables} tables, ${summary.rows} rows, ${formatBytes(summary.bytes)}.`,
          'It is encrypted with the passphrase: without the passphrase nobody can read it or restore it, you included.',
          '',
        ].join('\n'),
      );
    } finally {
      disposeBackupKeys(keys);
    }
  } finally {
    await database.close();
  }
}

export async function restoreCommand(file: string): Promise<void> {
  const source = path.resolve(file);
  const stat = await fs.stat(source).catch(() => undefined);
  if (stat?.isFile() !== true) throw new Error(`There is no backup file at ${source}`);
  const passphrase = await readPassphrase(PASSPHRASE_VARIABLE, 'Passphrase of the backup: ');

  await ready();
  const config = loadConfig();
  log('deriving the backup key from the passphrase (Argon2id)');
  const summary = await restoreBackup({
    file: source,
    passphrase,
    openTarget: () => openBackupDatabase(config, 'restore', log),
    log,
  });
  const migrated =
    summary.appliedAfter.length === 0
      ? 'its schema was already the latest'
      : `then migrated (${summary.appliedAfter.join(', ')})`;
  process.stdout.write(
    `Restored ${source} (made ${summary.createdAt}): ${summary.tables} tables, ${summary.rows} rows; ${migrated}.\n`,
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}
