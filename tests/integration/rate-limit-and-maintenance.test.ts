import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMaintenance } from '../../server/jobs.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const unknownLookup = 'A'.repeat(43);

describe('rate limits kept in PostgreSQL', () => {
  it('counts receipt attempts per client across requests and answers the excess with a 429 in the error shape', async () => {
    const attempt = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/receipt/session',
        remoteAddress,
        headers: { 'x-requested-with': 'confide' },
        payload: { lookup: unknownLookup },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt('198.51.100.7')).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const limited = await attempt('198.51.100.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'proof_of_work_required' } });
    // Another client is not affected.
    expect((await attempt('198.51.100.8')).statusCode).toBe(401);
  });

  it('stores no IP address in its counters', async () => {
    const rows = await t.db.selectFrom('rate_limit_buckets').select('key').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.key).not.toContain('198.51.100');
      expect(row.key).toContain('/api/receipt/session');
    }
  });
});

describe('maintenance', () => {
  it('deletes expired sessions, rate-limit counters and stale unbound attachments, and keeps live ones', async () => {
    await t.db
      .insertInto('rate_limit_buckets')
      .values({ key: 'old', count: 1, expires_at: sql`now() - interval '1 minute'` })
      .execute();
    await t.db
      .insertInto('rate_limit_buckets')
      .values({ key: 'live', count: 1, expires_at: sql`now() + interval '1 hour'` })
      .execute();
    await t.db
      .insertInto('attachments')
      .values([
        {
          id: '00000000-0000-4000-8000-000000000001',
          size: 41,
          created_at: sql`now() - interval '25 hours'`,
        },
        { id: '00000000-0000-4000-8000-000000000002', size: 41 },
      ])
      .execute();
    const deleted = await runMaintenance(t.db);
    expect(deleted.rate_limit_buckets).toBeGreaterThanOrEqual(1);
    expect(deleted.unbound_attachments).toBe(1);
    const keys = (await t.db.selectFrom('rate_limit_buckets').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('live');
    expect(keys).not.toContain('old');
    const attachments = (await t.db.selectFrom('attachments').select('id').execute()).map((r) => r.id);
    expect(attachments).toEqual(['00000000-0000-4000-8000-000000000002']);
  });
});
