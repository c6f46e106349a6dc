import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../../migrations/index.js';

/** Kysely's bookkeeping of applied migrations (a backup leaves them out: restore migrates). */
export const MIGRATION_TABLE = 'confide_migrations';
export const MIGRATION_LOCK_TABLE = 'confide_migrations_lock';

export interface MigrationOutcome {
  applied: string[];
}

/** Applies every pending migration in one run; throws (and applies nothing more) on the first failure. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
