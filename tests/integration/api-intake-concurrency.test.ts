/**
 * Intake under concurrency (services/intake.ts groups the reports that arrive together into
 * shared statements). Whatever shares a statement, every report gets its own answer: all of a
 * burst of valid reports are stored whole, a duplicate among them is refused alone, and a
 * report that breaks the statement for everyone costs only itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberSession,
  type PreparedReport,
  createTeamWithService,
  fetchTeam,
  injectAgent,
  joinTeam,
  listCases,
  openCase,
  postMemberItem,
  postReport,
  prepareReport,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let reporter: Agent;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben' });
  reporter = injectAgent(t.app);
});

afterAll(async () => {
  await t.close();
});

async function prepareMany(count: number, draft: Parameters<typeof prepareReport>[2] = {}, from = 0) {
  const verified = await fetchTeam(reporter, team.slug);
  const prepared: PreparedReport[] = [];
  for (let i = from; i < from + count; i++) {
    prepared.push(
      await prepareReport(reporter, team.slug, {
        ...draft,
        team: verified,
        body: { summary: `burst report ${i}`, what_happened: `what happened, number ${i}` },
      }),
    );
  }
  return prepared;
}

async function countRows(table: 'cases' | 'grants' | 'case_exclusions', caseIds: readonly string[]) {
  const column = table === 'cases' ? 'id' : 'case_id';
  const row = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(column, 'in', caseIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /api/reports, many at once', () => {
  it('stores every report of a burst whole: case, grants and exclusions, each readable', async () => {
    const burst = [
      ...(await prepareMany(30)),
      ...(await prepareMany(10, { exclude: [ben.identity.id] }, 30)),
    ];
    const replies = await Promise.all(burst.map((p) => postReport(reporter, p.submission)));
    expect(replies.map((r) => r.status)).toEqual(burst.map(() => 201));
    const ids = burst.map((p) => p.submission.id);
    expect(replies.map((r) => r.json<{ id: string }>().id)).toEqual(ids);
    expect(await countRows('cases', ids)).toBe(40);
    // Ana, Ben and the reporter for 30; Ana and the reporter for the 10 that exclude Ben.
    expect(await countRows('grants', ids)).toBe(30 * 3 + 10 * 2);
    expect(await countRows('case_exclusions', ids)).toBe(10);

    const listed = await listCases(ana, '?limit=100');
    const bodies = new Map(listed.cases.map((c) => [c.summary.id, c.body.what_happened]));
    burst.forEach((p, i) => expect(bodies.get(p.submission.id)).toBe(`what happened, number ${i}`));
  });

  it('refuses only the duplicates in a burst: a repeated id, and a repeated receipt', async () => {
    const burst = await prepareMany(12);
    const first = burst[0]!;
    const second = burst[1]!;
    const sameIdAgain = first.submission;
    const sameReceipt = (await prepareReport(reporter, team.slug, { reporter: second.reporter })).submission;
    const sent = [...burst.map((p) => p.submission), sameIdAgain, sameReceipt];
    const replies = await Promise.all(sent.map((s) => postReport(reporter, s)));
    const statuses = replies.map((r) => r.status);
    // Of each pair exactly one is stored, whichever came first; the other is a 409.
    expect([statuses[0], statuses[12]].sort()).toEqual([201, 409]);
    expect([statuses[1], statuses[13]].sort()).toEqual([201, 409]);
    expect(statuses.slice(2, 12)).toEqual(Array(10).fill(201));
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.json<ErrorJson>().error.code).toBe('duplicate_report');
    }
    const ids = sent.map((s) => s.id);
    expect(await countRows('cases', ids)).toBe(12);
    // No grant of a refused duplicate was written: three per stored case, none more.
    expect(await countRows('grants', ids)).toBe(12 * 3);
  });

  it('a report whose id collides with an item costs only itself, not the reports beside it', async () => {
    // Ids are chosen by clients: one may pick the id of an existing message, whose grants then
    // collide with the new report's. That breaks a shared statement; the others must not care.
    const stored = await submitReport(reporter, team.slug);
    const view = await openCase(ana, stored.caseId);
    const message = await postMemberItem(ana, view, { text: 'We have your report.' });
    const collider = (await prepareReport(reporter, team.slug, { id: message.item.id })).submission;
    const burst = await prepareMany(8);
    const replies = await Promise.all([
      ...burst.slice(0, 4).map((p) => postReport(reporter, p.submission)),
      postReport(reporter, collider),
      ...burst.slice(4).map((p) => postReport(reporter, p.submission)),
    ]);
    const statuses = replies.map((r) => r.status);
    expect(statuses).toEqual([201, 201, 201, 201, 409, 201, 201, 201, 201]);
    expect(replies[4]!.json<ErrorJson>().error.code).toBe('duplicate_report');
    expect(
      await countRows(
        'cases',
        burst.map((p) => p.submission.id),
      ),
    ).toBe(8);
    expect(await countRows('cases', [collider.id])).toBe(0);
  });
});
