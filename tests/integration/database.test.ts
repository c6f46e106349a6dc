import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createKysely } from '../../server/db/database.js';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { migrations } from '../../migrations/index.js';
import { generateDbTypes } from '../../scripts/generate-db-types.js';
import { createTestDatabase } from '../helpers/databases.js';

async function schemaSnapshot(db: Kysely<unknown>): Promise<unknown[]> {
  const result = await sql<Record<string, unknown>>`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = 'public'
    order by table_name, column_name`.execute(db);
  return result.rows;
}

function postgresProcessesFor(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('postgres') && line.includes(dir));
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('migrations', () => {
  it('run on a PostgreSQL server, and a second run changes nothing', async () => {
    const database = await createTestDatabase('migrate');
    const db = createKysely(database.url, 2) as Kysely<unknown>;
    cleanups.push(async () => {
      await db.destroy();
      await database.drop();
    });
    const first = await migrateToLatest(db);
    expect(first.applied).toEqual(Object.keys(migrations));
    const before = await schemaSnapshot(db);
    const second = await migrateToLatest(db);
    expect(second.applied).toEqual([]);
    expect(await schemaSnapshot(db)).toEqual(before);
  });

  it('run on the embedded PostgreSQL, which keeps its data across a restart and leaves no process behind', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-embedded-'));
    let clusterDir = '';
    cleanups.push(async () => {
      if (clusterDir) await fs.rm(clusterDir, { recursive: true, force: true });
      await fs.rm(dataDir, { recursive: true, force: true });
    });

    const first = await startEmbeddedPostgres({ dataDir });
    clusterDir = first.clusterDir;
    const db1 = createKysely(first.url, 2) as Kysely<unknown>;
    expect((await migrateToLatest(db1)).applied).toEqual(Object.keys(migrations));
    const before = await schemaSnapshot(db1);
    await sql`insert into setup_tokens (token_hash) values (${Buffer.from('survives-restart')})`.execute(db1);
    await db1.destroy();
    await first.stop();
    expect(postgresProcessesFor(clusterDir)).toEqual([]);

    const second = await startEmbeddedPostgres({ dataDir });
    expect(second.clusterDir).toBe(clusterDir);
    const db2 = createKysely(second.url, 2) as Kysely<unknown>;
    expect((await migrateToLatest(db2)).applied).toEqual([]);
    expect(await schemaSnapshot(db2)).toEqual(before);
    const rows = await sql<{ n: number }>`select count(*)::int as n from setup_tokens`.execute(db2);
    expect(rows.rows[0]?.n).toBe(1);
    await db2.destroy();
    await second.stop();
    expect(postgresProcessesFor(clusterDir)).toEqual([]);
  });

  it('match the committed typed schema (server/db/schema.ts is regenerated, not hand-edited)', async () => {
    const result = await generateDbTypes('verify');
    expect(result.output).toContain('up-to-date');
    expect(result.ok).toBe(true);
  });
});
