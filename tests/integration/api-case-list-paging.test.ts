/**
 * GET /api/cases page by page. Intake writes the reports that arrive together in one statement,
 * so they share created_at to the microsecond; the cursor must still lead past each of them
 * exactly once (it once kept only milliseconds and skipped the cases sharing a page's last
 * instant).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type CreatedTeam,
  type MemberSession,
  createTeamWithService,
  injectAgent,
  listCaseSummaries,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
const submitted: string[] = [];

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  const reporter = injectAgent(t.app);
  for (let i = 0; i < 9; i++) {
    const report = await submitReport(reporter, team.slug, { body: { summary: `paged report ${i}` } });
    submitted.push(report.caseId);
  }
});

afterAll(async () => {
  await t.close();
});

async function everyPage(limit: number): Promise<string[]> {
  const seen: string[] = [];
  let query = `?limit=${limit}`;
  for (let pages = 0; pages < 50; pages++) {
    const { raw } = await listCaseSummaries(ana, query);
    seen.push(...raw.cases.map((c) => c.id));
    if (raw.next === null) return seen;
    query = `?limit=${limit}&cursor=${raw.next}`;
  }
  throw new Error('the cursor never ended');
}

describe('GET /api/cases, page by page', () => {
  it('lists every case once when cases share created_at to the microsecond', async () => {
    // Six of the nine at one instant with microseconds (as one intake statement writes them),
    // the others a little earlier and later.
    await sql`update cases set created_at = '2026-12-01T10:00:00.123456Z' where id = any(${submitted.slice(2, 8)}::uuid[])`.execute(
      t.db,
    );
    await sql`update cases set created_at = '2026-12-01T09:00:00Z' where id = any(${submitted.slice(0, 2)}::uuid[])`.execute(
      t.db,
    );
    for (const limit of [1, 2, 4, 5]) {
      const seen = await everyPage(limit);
      expect(seen.toSorted(), `limit ${limit}`).toEqual(submitted.toSorted());
    }
  });

  it('keeps the newest first, and the same order on every page size', async () => {
    const all = await everyPage(1000);
    expect(await everyPage(2)).toEqual(all);
    expect(all[0]).toBe(submitted[8]);
  });

  it('tells on the first page how many cases there are in all, and only there', async () => {
    const first = await listCaseSummaries(ana, '?limit=2');
    expect(first.raw.total).toBe(submitted.length);
    expect(first.raw.cases).toHaveLength(2);
    const second = await listCaseSummaries(ana, `?limit=2&cursor=${first.raw.next ?? ''}`);
    expect(second.raw.total).toBeUndefined();
  });
});
