/**
 * GET /api/cases page by page. Intake writes the reports that arrive together in one statement,
 * so they share created_at to the microsecond; the cursor must still lead past each of them
 * exactly once (it once kept only milliseconds and skipped the cases sharing a page's last
 * instant).
 */
import { sql } from 'kysely';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseList } from '../../contract/cases.js';
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

/** The cases of one range of the list (`until` one boundary, `cursor` the one before), page by page. */
async function everyPageOfRange(
  cursor: string | null,
  until: string | null,
  limit: number,
): Promise<string[]> {
  const seen: string[] = [];
  let at = cursor;
  for (let pages = 0; pages < 50; pages++) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (at !== null) query.set('cursor', at);
    if (until !== null) query.set('until', until);
    const { raw } = await listCaseSummaries(ana, `?${query.toString()}`);
    seen.push(...raw.cases.map((c) => c.id));
    if (raw.next === null) return seen;
    at = raw.next;
  }
  throw new Error('the range never ended');
}

describe('GET /api/cases in ranges, from GET /api/cases/boundaries', () => {
  it('cuts the list every N cases, and its ranges hold every case once, in order', async () => {
    const all = await everyPage(1000);
    for (const every of [1, 2, 4, 8, 9, 10, 1000]) {
      const reply = await ana.agent.get(`/api/cases/boundaries?every=${every}`);
      expect(reply.status).toBe(200);
      const { total, boundaries } = reply.json<{ total: number; boundaries: string[] }>();
      expect(total).toBe(all.length);
      // A boundary at every N-th case before the last one: no range is empty.
      expect(boundaries).toHaveLength(Math.floor((all.length - 1) / every));
      const starts = [null, ...boundaries];
      const ends = [...boundaries, null];
      for (const limit of [1, 3, 1000]) {
        const ranges = await Promise.all(
          starts.map((start, i) => everyPageOfRange(start, ends[i] ?? null, limit)),
        );
        expect(ranges.flat(), `every ${every}, limit ${limit}`).toEqual(all);
        for (const range of ranges.slice(0, -1)) expect(range).toHaveLength(every);
      }
    }
  });

  it('refuses a forged `until` and an `every` out of its range', async () => {
    for (const query of ['/api/cases?until=abc', '/api/cases?until=' + 'A'.repeat(201)]) {
      const reply = await ana.agent.get(query);
      expect(reply.status, query).toBe(400);
    }
    for (const every of ['0', '10000', '-1', 'x']) {
      const reply = await ana.agent.get(`/api/cases/boundaries?every=${every}`);
      expect(reply.status, every).toBe(400);
      expect(reply.json<{ error: { code: string } }>().error.code).toMatch(/^(invalid_request|bad_cursor)$/);
    }
    expect((await ana.agent.get('/api/cases/boundaries')).status).toBe(400);
  });

  it('answers nobody but a signed-in member', async () => {
    const reply = await injectAgent(t.app).get('/api/cases/boundaries?every=10');
    expect(reply.status).toBe(401);
  });
});

/**
 * Every property of `value` that `schema` (TypeBox: objects, arrays, unions) does not name, as
 * paths. GET /api/cases is written with JSON.stringify (server/plugins/plain-json-reply.ts), which,
 * unlike the serializer compiled from the schema, would send a property nobody declared.
 */
function undeclared(schema: TSchema, value: unknown, path: string): string[] {
  const s = schema as {
    anyOf?: TSchema[];
    type?: string;
    properties?: Record<string, TSchema>;
    items?: TSchema;
  };
  if (s.anyOf) {
    // The branch of the value's own kind (the contract's unions are "X or null").
    const branch = s.anyOf.find((b) => Value.Check(b, value));
    return branch ? undeclared(branch, value, path) : [`${path} (matches no branch)`];
  }
  if (s.type === 'array' && Array.isArray(value) && s.items) {
    return value.flatMap((v, i) => undeclared(s.items as TSchema, v, `${path}[${i}]`));
  }
  if (s.type === 'object' && typeof value === 'object' && value !== null) {
    const properties = s.properties ?? {};
    return Object.entries(value).flatMap(([key, v]) => {
      const declared = properties[key];
      return declared ? undeclared(declared, v, `${path}.${key}`) : [`${path}.${key}`];
    });
  }
  return [];
}

describe('GET /api/cases, on the wire', () => {
  it('sends only what the contract declares', async () => {
    const reply = await ana.agent.get('/api/cases?limit=1000');
    const body: unknown = reply.json();
    expect(Value.Check(CaseList, body)).toBe(true);
    expect(undeclared(CaseList, body, '$')).toEqual([]);
    // The check itself finds a property the contract does not name.
    const tampered = structuredClone(body) as { cases: Record<string, unknown>[] };
    if (tampered.cases[0]) tampered.cases[0].lookup_hash = 'x';
    expect(undeclared(CaseList, tampered, '$')).toEqual(['$.cases[0].lookup_hash']);
  });
});
