/**
 * The enumerations of the wire format (contract/enumerations.ts) against the CHECK constraints
 * of the migrated schema: the migrations are frozen and keep their own copies of the lists, so a
 * value added on one side only would be refused by the other (a status the database rejects, or
 * a stored value the client cannot show). Read from pg_constraint on a freshly migrated database.
 * The community label's pattern is held the same way, by asking both sides about the same labels,
 * and the index-key epoch's range by reading the CHECKs and column types that keep copies of it.
 */
import { sql, type Kysely } from 'kysely';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIENCES,
  CASE_EVENT_KINDS,
  CASE_STATUSES,
  CASE_TAG_KINDS,
  ITEM_KINDS,
  MEMBER_STATUSES,
  ROLES,
} from '#contract/enumerations';
import { IndexEpoch } from '#contract/index-keys';
import { Community } from '#contract/teams';
import { createKysely } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

let database: TestDatabase;
let db: Kysely<unknown>;

beforeAll(async () => {
  database = await createTestDatabase('contract');
  db = createKysely(database.url, 2) as Kysely<unknown>;
  await migrateToLatest(db);
});

afterAll(async () => {
  await db.destroy();
  await database.drop();
});

/**
 * The values the CHECK constraints on `table.column` allow. Each must be a plain list
 * (`column in (...)`, which PostgreSQL keeps as `column = ANY (ARRAY[...])`): any other shape
 * fails here rather than being half-read.
 */
async function allowedValues(table: string, column: string): Promise<string[]> {
  const { rows } = await sql<{ definition: string }>`
    select pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    join pg_attribute a on a.attrelid = t.oid and a.attnum = any (c.conkey)
    where c.contype = 'c' and n.nspname = 'public' and t.relname = ${table} and a.attname = ${column}
    order by c.conname`.execute(db);
  expect(rows, `CHECK constraints on ${table}.${column}`).toHaveLength(1);
  const definition = rows[0]?.definition ?? '';
  const list = new RegExp(`^CHECK \\(\\(${column} = ANY \\(ARRAY\\[(.*)\\]\\)\\)\\)$`).exec(definition)?.[1];
  expect(list, `${table}.${column}: ${definition}`).toBeDefined();
  const values = (list ?? '').split(', ').map((item) => {
    const value = /^'([a-z_]+)'::text$/.exec(item)?.[1];
    expect(value, `${table}.${column}: ${item}`).toBeDefined();
    return value ?? '';
  });
  return values.sort();
}

const sorted = (values: readonly string[]): string[] => [...values].sort();

describe('the CHECK constraints of the migrated schema', () => {
  it.each([
    ['cases', 'status', CASE_STATUSES],
    ['members', 'role', ROLES],
    ['members', 'status', MEMBER_STATUSES],
    ['invitations', 'role', ROLES],
    ['items', 'kind', ITEM_KINDS],
    ['items', 'audience', AUDIENCES],
    ['case_events', 'kind', CASE_EVENT_KINDS],
    ['case_tags', 'kind', CASE_TAG_KINDS],
  ] as const)('allow on %s.%s exactly the values of the contract', async (table, column, contract) => {
    expect(await allowedValues(table, column)).toEqual(sorted(contract));
  });
});

describe('the community label', () => {
  const LABELS = [
    'en.wikipedia',
    'global',
    'wikimedia-commons',
    'g',
    '42',
    'a.b-c.d',
    'a'.repeat(64),
    'a'.repeat(65),
    '',
    'Global',
    'en wikipedia',
    '.global',
    'global.',
    '-global',
    'global-',
    'en_wikipedia',
    'fr.wikipédia',
    'global\n',
    '\nglobal',
  ];
  const TEAM_ID = '3f0c2a64-1b7e-4d59-9a8c-5e6f7a8b9c0d';

  beforeAll(async () => {
    await sql`insert into teams (id, slug, name) values (${TEAM_ID}, 'label-check', 'Label check')`.execute(
      db,
    );
  });

  it.each(LABELS)('%j: the CHECK constraint on teams.community agrees with the contract', async (label) => {
    const stored = await sql`update teams set community = ${label} where id = ${TEAM_ID}`.execute(db).then(
      () => true,
      (error: unknown) => {
        expect((error as { constraint?: string }).constraint).toBe('teams_community_label');
        return false;
      },
    );
    expect(stored).toBe(Value.Check(Community, label));
  });
});

describe('the index-key epoch', () => {
  /** The definitions of the CHECK constraints on `table.column`, and the column's type. */
  async function column(table: string, name: string): Promise<{ checks: string[]; type: string }> {
    const { rows } = await sql<{ definition: string }>`
      select pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = any (c.conkey)
      where c.contype = 'c' and n.nspname = 'public' and t.relname = ${table} and a.attname = ${name}
      order by c.conname`.execute(db);
    const types = await sql<{ data_type: string }>`
      select data_type from information_schema.columns
      where table_schema = 'public' and table_name = ${table} and column_name = ${name}`.execute(db);
    return { checks: rows.map((r) => r.definition), type: types.rows[0]?.data_type ?? '' };
  }

  it("is held to the contract's range wherever the schema stores one", async () => {
    // From 1 (the CHECKs) to PostgreSQL's integer (the columns' type).
    expect([0, 1, 2 ** 31 - 1, 2 ** 31].map((epoch) => Value.Check(IndexEpoch, epoch))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    for (const [table, name] of [
      ['index_key_grants', 'epoch'],
      ['case_tags', 'epoch'],
      ['cases', 'tag_epoch'],
    ] as const) {
      expect(await column(table, name), `${table}.${name}`).toEqual({
        checks: [`CHECK ((${name} >= 1))`],
        type: 'integer',
      });
    }
    // A team's epoch is 0 before its first signed key.
    expect(await column('teams', 'index_epoch')).toEqual({
      checks: ['CHECK ((index_epoch >= 0))'],
      type: 'integer',
    });
  });
});
