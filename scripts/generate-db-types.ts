/**
 * Regenerates server/db/schema.ts from the migrated schema with kysely-codegen, so the typed
 * `DB` interface and the migrations cannot drift. `--verify` fails if the committed file is
 * stale (CI runs it through tests/integration/database.test.ts).
 *
 * Needs a PostgreSQL server: TEST_DATABASE_URL, or DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { createKysely } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import { createTestDatabase } from '../tests/helpers/databases.js';

const run = promisify(execFile);

export const SCHEMA_FILE = 'server/db/schema.ts';

export async function generateDbTypes(mode: 'write' | 'verify'): Promise<{ ok: boolean; output: string }> {
  const scratch = await createTestDatabase('codegen');
  const db = createKysely(scratch.url, 2);
  try {
    await migrateToLatest(db as Kysely<unknown>);
    const args = [
      'kysely-codegen',
      '--dialect',
      'postgres',
      '--url',
      scratch.url,
      '--out-file',
      SCHEMA_FILE,
      '--exclude-pattern',
      'confide_migrations*',
      // server/db/database.ts parses int8 as a number (sizes and counters stay below 2^53).
      '--type-mapping',
      '{"int8":"number"}',
      ...(mode === 'verify' ? ['--verify'] : []),
    ];
    try {
      const { stdout, stderr } = await run('npx', args, { encoding: 'utf8' });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    await db.destroy();
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL;
  const mode = process.argv.includes('--verify') ? 'verify' : 'write';
  const result = await generateDbTypes(mode);
  console.log(result.output.trim());
  process.exit(result.ok ? 0 : 1);
}
