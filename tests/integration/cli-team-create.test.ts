/**
 * `npm run confide -- team create` (protocol.md 15), run as an operator runs it: a team with its
 * founding admin and, when given, the community it serves, exactly as the set-up page makes one.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('cli');
});
afterAll(async () => {
  await database.drop();
});

async function teamRow(slug: string): Promise<{ name: string; community: string | null } | undefined> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<{ name: string; community: string | null }>(
      'select name, community from teams where slug = $1',
      [slug],
    );
    return result.rows[0];
  } finally {
    await client.end();
  }
}

const env = () => ({ DATABASE_URL: database.url, CONFIDE_PASSPHRASE: 'a passphrase long enough' });

describe('team create', () => {
  it('names the community the team serves, as the settings page writes it', async () => {
    const made = await runCli(
      [
        'team',
        'create',
        '--slug',
        'stewards',
        '--name',
        'Stewards',
        '--admin',
        'alice',
        '--community',
        ' EN.Wikipedia ',
        '--json',
      ],
      env(),
    );
    expect(made.code, made.stderr).toBe(0);
    const printed = JSON.parse(made.stdout.trim().split('\n').at(-1) ?? '') as { fingerprint: string };
    expect(printed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(await teamRow('stewards')).toEqual({ name: 'Stewards', community: 'en.wikipedia' });
  });

  it('names none when not asked to', async () => {
    const made = await runCli(
      ['team', 'create', '--slug', 'admins', '--name', 'Admins', '--admin', 'bob', '--json'],
      env(),
    );
    expect(made.code).toBe(0);
    expect(await teamRow('admins')).toEqual({ name: 'Admins', community: null });
  });

  it('refuses a label the settings would refuse, before asking anything, and makes no team', async () => {
    const made = await runCli(
      [
        'team',
        'create',
        '--slug',
        'wrong',
        '--name',
        'Wrong',
        '--admin',
        'cai',
        '--community',
        'En Wikipedia!',
      ],
      env(),
    );
    expect(made.code).toBe(2);
    expect(made.stderr).toContain('--community must be 1 to 64 lowercase letters');
    expect(await teamRow('wrong')).toBeUndefined();
  });
});
