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
    await sql`insert into setup_tokens (token_hash, expires_at) values (${Buffer.from('survives-restart')}, now())`.execute(
      db1,
    );
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

describe('the connection pool', () => {
  it('survives a connection killed in the middle of a query: that query fails, and the pool carries on', async () => {
    const database = await createTestDatabase('killed');
    const db = createKysely(database.url, 2) as Kysely<unknown>;
    const other = createKysely(database.url, 1) as Kysely<unknown>;
    cleanups.push(async () => {
      await db.destroy();
      await other.destroy();
      await database.drop();
    });
    const marker = 'confide-test-killed-query';
    const slow = sql`select pg_sleep(30), ${marker} as marker`.execute(db);
    const settled = slow.then(
      () => 'finished',
      () => 'failed',
    );
    const inFlight = sql<{ pid: number }>`
      select pid from pg_stat_activity
      where query like ${`%pg_sleep(30)%`} and pid <> pg_backend_pid() and datname = current_database()`;
    for (let tries = 0; (await inFlight.execute(other)).rows.length === 0; tries++) {
      if (tries > 100) throw new Error('the slow query never started');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // What a restart or failover of PostgreSQL does to a connection that is busy.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where query like ${`%pg_sleep(30)%`} and pid <> pg_backend_pid() and datname = current_database()`.execute(
      other,
    );
    expect(await settled).toBe('failed');
    // The pool may hand out the dying client once more before its end is noticed (pg-pool takes
    // it back while it still looks usable); that one query fails too, and then the pool is whole.
    const next: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      next.push(
        await sql<{ one: number }>`select 1 as one`.execute(db).then(
          (result) => result.rows[0]?.one,
          () => 'failed',
        ),
      );
    }
    expect(next.filter((outcome) => outcome === 'failed').length).toBeLessThanOrEqual(1);
    expect(next.at(-1)).toBe(1);
  });
});
