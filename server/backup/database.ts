/**
 * The database a backup is made from or restored into: the PostgreSQL server DATABASE_URL names,
 * or the embedded one in CONFIDE_DATA_DIR, started here as `npm start` would start it. Unlike
 * openDatabase, nothing is migrated on opening: a backup records the schema as it is, and a
 * restore migrates inside its own transaction.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config.js';
import { assertEmbeddedNotInUse, IN_TREE_CLUSTER, readClusterPointer } from '../db/cluster-registry.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';

export interface BackupDatabase {
  readonly url: string;
  readonly kind: 'server' | 'embedded';
  close(): Promise<void>;
}

export async function openBackupDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  purpose: 'backup' | 'restore',
  log: (message: string) => void,
): Promise<BackupDatabase> {
  if (config.databaseUrl !== undefined) {
    return { url: config.databaseUrl, kind: 'server', close: () => Promise.resolve() };
  }
  assertEmbeddedNotInUse(config.dataDir, `a ${purpose}`);
  const clusterDir = readClusterPointer(config.dataDir) ?? path.join(config.dataDir, IN_TREE_CLUSTER);
  if (purpose === 'backup' && !existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    throw new Error(
      `There is no embedded database in ${config.dataDir} to back up: set CONFIDE_DATA_DIR to the data directory, or DATABASE_URL to a PostgreSQL server`,
    );
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
  return { url: embedded.url, kind: 'embedded', close: () => embedded.stop() };
}
