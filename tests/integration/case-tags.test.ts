/**
 * Blind-index tags of cases (issue 13, docs/protocol.md 12) over the real API and a real
 * PostgreSQL: PUT /api/cases/{id}/tags replaces a case's tags, GET /api/cases/{id}/seen-before
 * names the other cases carrying them, and only those the member's case list shows them: same
 * team, same epoch, a grant on the case (on its retained record once purged), no exclusion.
 *
 * Tags are made as a console makes them, with the team's index key from the member's session.
 * Time is moved by setting created_at and finished_at in the database: data set-up, nothing is
 * mocked.
 *
 * Ana is an admin; Ben and Cai are members. Otto is the admin of another team.
 */
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CasesWithTag, MAX_CASES_PER_TAG, SeenBefore } from '#contract/tags';
import { blindIndexTagBase64, generateId } from '../../crypto/index.js';
import type { TestApp } from '../helpers/app-server.js';
import { purgeCase } from '../helpers/retention.js';
import {
  type Agent,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberSession,
  type ReportDraft,
  createTeamWithService,
  expectError,
  expectReply,
  injectAgent,
  joinTeam,
  regrant,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

const DAY_MS = 24 * 3600_000;

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let otherTeam: CreatedTeam;
let otto: MemberSession;
let reporterBrowser: Agent;

beforeAll(async () => {
  const started = await startTeamApp(['Ben', 'Cai']);
  ({ t, team, ana } = started);
  [ben, cai] = started.members;
  // Closing needs no vote here, and details are kept one day after a case finished.
  await t.db.updateTable('teams').set({ quorum: 0, retention_days: 1 }).where('id', '=', team.id).execute();
  otherTeam = await createTeamWithService(t.db, { adminName: 'Otto' });
  otto = await signInFast(injectAgent(t.app), otherTeam.slug, otherTeam.admin);
  reporterBrowser = injectAgent(t.app);
});
afterAll(async () => {
  await t.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** The tag Ana's console makes for an account name, with her team's index key. */
function tagOf(name: string): string {
  if (ana.indexKey === null) throw new Error("Ana's session holds no index key");
  return blindIndexTagBase64(name, ana.indexKey);
}

async function newCase(draft: ReportDraft = {}, slug = team.slug): Promise<string> {
  return (await submitReport(reporterBrowser, slug, draft)).caseId;
}

interface TagsBody {
  epoch: number;
  involved: string[];
  reporter: string[];
}

function putTags(session: MemberSession, caseId: string, body: unknown, options: { csrf?: boolean } = {}) {
  return session.agent.request('PUT', `/api/cases/${caseId}/tags`, { json: body, ...options });
}

async function tag(session: MemberSession, caseId: string, body: Partial<TagsBody>): Promise<void> {
  const full: TagsBody = { epoch: 1, involved: [], reporter: [], ...body };
  expectReply(await putTags(session, caseId, full), 204, 'PUT /api/cases/{id}/tags');
}

/** GET seen-before, checked against the contract's reply schema. */
async function seenBefore(session: MemberSession, caseId: string): Promise<SeenBefore> {
  const reply = expectReply<SeenBefore>(
    await session.agent.get(`/api/cases/${caseId}/seen-before`),
    200,
    'GET /api/cases/{id}/seen-before',
  );
  expect(Value.Check(SeenBefore, reply), JSON.stringify(reply)).toBe(true);
  return reply;
}

/** The matches as (tag, kind) → [case id, its kind] pairs, for comparisons that ignore metadata. */
function matchIds(reply: SeenBefore): Record<string, [string, string][]> {
  return Object.fromEntries(
    reply.matches.map((m) => [`${m.kind}:${m.tag}`, m.cases.map((c): [string, string] => [c.id, c.kind])]),
  );
}

/** The ids of the other cases listed under the case's involved tag `tag`, in the reply's order. */
async function casesMatching(session: MemberSession, caseId: string, tag: string): Promise<string[]> {
  const match = (await seenBefore(session, caseId)).matches.find(
    (m) => m.kind === 'involved' && m.tag === tag,
  );
  return match?.cases.map((c) => c.id) ?? [];
}

/** The case's stored tags, as (kind, base64url tag, epoch), sorted. */
async function storedTags(caseId: string): Promise<string[]> {
  const rows = await t.db.selectFrom('case_tags').selectAll().where('case_id', '=', caseId).execute();
  return rows.map((r) => `${r.kind}:${r.tag.toString('base64url')}:${r.epoch}`).sort();
}

function caseRow(caseId: string) {
  return t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

/** Closes, keeps and purges the case as two days of the console and the purge job would. */
async function purge(caseId: string): Promise<void> {
  await purgeCase(t.db, ana, caseId);
  expect((await caseRow(caseId)).purged_at).not.toBeNull();
}

// ---------------------------------------------------------------------------------------------

describe('storing and looking up tags', () => {
  const jane = () => tagOf('Jane_Doe');
  const vandal = () => tagOf('Vandal Example');
  const reporterAccount = () => tagOf('Reporter Account');
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = await newCase();
    second = await newCase();
  });

  it('answers epoch null and no matches for a case without tags', async () => {
    expect(await seenBefore(ana, first)).toEqual({ epoch: null, matches: [] });
  });

  it('stores the tags and finds the other case carrying one, in both directions', async () => {
    await tag(ana, first, { involved: [jane(), vandal()], reporter: [reporterAccount()] });
    await tag(ben.session, second, { involved: [tagOf(' jane  doe ')] });
    expect(await storedTags(first)).toEqual(
      [`involved:${jane()}:1`, `involved:${vandal()}:1`, `reporter:${reporterAccount()}:1`].sort(),
    );

    const fromFirst = await seenBefore(ana, first);
    const secondRow = await caseRow(second);
    // Only the tag another case carries is listed; the case as the case list would show it.
    expect(fromFirst).toEqual({
      epoch: 1,
      matches: [
        {
          tag: jane(),
          kind: 'involved',
          cases: [
            {
              id: second,
              number: secondRow.number,
              status: 'received',
              created_at: secondRow.created_at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
              kind: 'involved',
            },
          ],
        },
      ],
    });
    expect(matchIds(await seenBefore(ben.session, second))).toEqual({
      [`involved:${jane()}`]: [[first, 'involved']],
    });
  });

  it('replaces the whole set: old tags stop matching, new ones start', async () => {
    await tag(ben.session, second, { involved: [vandal()] });
    expect(await storedTags(second)).toEqual([`involved:${vandal()}:1`]);
    expect(matchIds(await seenBefore(ana, first))).toEqual({
      [`involved:${vandal()}`]: [[second, 'involved']],
    });

    await tag(ben.session, second, {});
    expect(await storedTags(second)).toEqual([]);
    expect(await seenBefore(ana, second)).toEqual({ epoch: null, matches: [] });
    expect(await seenBefore(ana, first)).toEqual({ epoch: 1, matches: [] });
  });

  it('compares only tags of the same epoch', async () => {
    const later = await newCase();
    // Data set-up: the case carries the same bytes as of a later key (PUT takes only the team's
    // epoch; tests/integration/index-keys.test.ts moves a team to a new key for real).
    await t.db
      .insertInto('case_tags')
      .values({
        case_id: later,
        team_id: team.id,
        epoch: 2,
        kind: 'involved',
        tag: Buffer.from(jane(), 'base64url'),
      })
      .execute();
    expect(await seenBefore(ana, later)).toEqual({ epoch: 2, matches: [] });
    expect(await seenBefore(ana, first)).toEqual({ epoch: 1, matches: [] });
    // Re-tagged with the first case's epoch, they match.
    await tag(ana, later, { epoch: 1, involved: [jane()] });
    expect(matchIds(await seenBefore(ana, first))).toEqual({ [`involved:${jane()}`]: [[later, 'involved']] });
    await tag(ana, later, {});
  });

  it("matches across kinds, giving each side's kind; a case with both kinds is listed once for each", async () => {
    // The first case's reporter was involved in this one, and this one's reporter is Jane.
    const crossed = await newCase();
    await tag(cai.session, crossed, { involved: [reporterAccount()], reporter: [jane()] });
    expect(matchIds(await seenBefore(ana, first))).toEqual({
      [`involved:${jane()}`]: [[crossed, 'reporter']],
      [`reporter:${reporterAccount()}`]: [[crossed, 'involved']],
    });
    expect(matchIds(await seenBefore(ana, crossed))).toEqual({
      [`involved:${reporterAccount()}`]: [[first, 'reporter']],
      [`reporter:${jane()}`]: [[first, 'involved']],
    });

    await tag(cai.session, crossed, { involved: [jane()], reporter: [jane()] });
    expect(matchIds(await seenBefore(ana, first))).toEqual({
      [`involved:${jane()}`]: [
        [crossed, 'involved'],
        [crossed, 'reporter'],
      ],
    });
    await tag(cai.session, crossed, {});
  });
});

describe('who sees what', () => {
  const shared = () => tagOf('Repeat Harasser');
  let mine: string;
  /** The reporter excluded Ben from it. */
  let hidden: string;
  /** Cai recused himself from it. */
  let recused: string;
  let ottosCase: string;

  beforeAll(async () => {
    mine = await newCase();
    hidden = await newCase({ exclude: [ben.identity.id] });
    recused = await newCase();
    ottosCase = await newCase({}, otherTeam.slug);
    await tag(ana, mine, { involved: [shared()] });
    await tag(ana, hidden, { involved: [shared()] });
    await tag(ana, recused, { involved: [shared()] });
    // The same bytes in another team (whose index key would never give them for the same name).
    await tag(otto, ottosCase, { involved: [shared()] });
    expectReply(await cai.session.agent.post(`/api/cases/${recused}/recusal`), 204, 'recusal');
  });

  it('shows a member every other case of their team they may see', async () => {
    expect((await casesMatching(ana, mine, shared())).sort()).toEqual([hidden, recused].sort());
  });

  it('leaves out a case the reporter excluded the member from, and refuses them that case', async () => {
    expect(await casesMatching(ben.session, mine, shared())).toEqual([recused]);
    expectError(
      await ben.session.agent.get(`/api/cases/${hidden}/seen-before`),
      404,
      'not_found',
      'excluded GET',
    );
    expectError(
      await putTags(ben.session, hidden, { epoch: 1, involved: [], reporter: [] }),
      404,
      'not_found',
    );
    expect(await storedTags(hidden)).toEqual([`involved:${shared()}:1`]);
  });

  it('filters the list by account: the cases of the tag each member may see, and nothing of another team', async () => {
    const found = async (session: MemberSession, slug = team.slug, tagText = shared()) =>
      expectReply<CasesWithTag>(
        await session.agent.get(`/api/teams/${slug}/cases-with-tag?tag=${tagText}`),
        200,
        'GET cases-with-tag',
      );
    const anas = await found(ana);
    expect(Value.Check(CasesWithTag, anas)).toBe(true);
    expect(anas.epoch).toBe(1);
    expect(anas.cases.sort()).toEqual([mine, hidden, recused].sort());
    expect(anas.more).toBe(false);
    // Ben was excluded from `hidden`: the filter does not count it for him.
    expect((await found(ben.session)).cases.sort()).toEqual([mine, recused].sort());
    // Otto's team carries the same bytes; his query sees only his own case, and ours is not his.
    expect((await found(otto, otherTeam.slug)).cases).toEqual([ottosCase]);
    expectError(
      await otto.agent.get(`/api/teams/${team.slug}/cases-with-tag?tag=${shared()}`),
      404,
      'not_found',
    );
    expect((await found(ana, team.slug, tagOf('Nobody Named'))).cases).toEqual([]);
  });

  it('leaves out a case the member is excluded from even where a grant reached them anyway', async () => {
    // Data set-up: a stray grant of the report to Ben (the server never makes one; an old client's
    // re-grant could have). The exclusion alone must still hide the case, as in the case list.
    await t.db
      .insertInto('grants')
      .values({ case_id: hidden, object_id: hidden, recipient: ben.identity.id, sealed: Buffer.alloc(80, 1) })
      .execute();
    try {
      expect(await casesMatching(ben.session, mine, shared())).toEqual([recused]);
      expectError(await ben.session.agent.get(`/api/cases/${hidden}/seen-before`), 404, 'not_found');
    } finally {
      await t.db
        .deleteFrom('grants')
        .where('object_id', '=', hidden)
        .where('recipient', '=', ben.identity.id)
        .execute();
    }
  });

  it('leaves out a case the member recused themselves from, and refuses them that case', async () => {
    expect(await casesMatching(cai.session, mine, shared())).toEqual([hidden]);
    expectError(await cai.session.agent.get(`/api/cases/${recused}/seen-before`), 404, 'not_found');
    expectError(
      await putTags(cai.session, recused, { epoch: 1, involved: [], reporter: [] }),
      404,
      'not_found',
    );
  });

  it("never matches another team's case, and refuses a member of another team both routes", async () => {
    expect(await seenBefore(otto, ottosCase)).toEqual({ epoch: 1, matches: [] });
    for (const caseId of [mine, hidden]) {
      expectError(await otto.agent.get(`/api/cases/${caseId}/seen-before`), 404, 'not_found', 'GET');
      expectError(
        await putTags(otto, caseId, { epoch: 1, involved: [shared()], reporter: [] }),
        404,
        'not_found',
        'PUT',
      );
    }
    expectError(await ana.agent.get(`/api/cases/${ottosCase}/seen-before`), 404, 'not_found');
    expect(await storedTags(mine)).toEqual([`involved:${shared()}:1`]);
  });

  it('answers 404 for a case that does not exist', async () => {
    const nowhere = generateId();
    expectError(await ana.agent.get(`/api/cases/${nowhere}/seen-before`), 404, 'not_found');
    expectError(await putTags(ana, nowhere, { epoch: 1, involved: [], reporter: [] }), 404, 'not_found');
  });
});

describe('a purged case', () => {
  const party = () => tagOf('Vandal Of Old');
  let purged: string;
  let current: string;

  beforeAll(async () => {
    purged = await newCase();
    current = await newCase();
    await tag(ana, purged, { involved: [party()] });
    await tag(ana, current, { involved: [party()] });
    await purge(purged);
  });

  it('keeps its tags, and is matched through the grants on its retained record', async () => {
    expect(await storedTags(purged)).toEqual([`involved:${party()}:1`]);
    const { retained_item_id } = await caseRow(purged);
    const objects = await t.db
      .selectFrom('grants')
      .select('object_id')
      .where('case_id', '=', purged)
      .execute();
    expect(new Set(objects.map((o) => o.object_id))).toEqual(new Set([retained_item_id]));
    for (const session of [ana, ben.session]) {
      const reply = await seenBefore(session, current);
      expect(matchIds(reply)).toEqual({ [`involved:${party()}`]: [[purged, 'involved']] });
      expect(reply.matches[0]?.cases[0]?.status).toBe('closed');
    }
  });

  it('is matched for a member who joined later only once the retained record is re-granted to them', async () => {
    const dee = await joinTeam(ana, { name: 'Dee', regrant: false });
    // A case reported after Dee joined is sealed to her; the two older ones are not yet.
    const fresh = await newCase();
    await tag(ana, fresh, { involved: [party()] });
    expect(await seenBefore(dee.session, fresh)).toEqual({ epoch: 1, matches: [] });
    expectError(await dee.session.agent.get(`/api/cases/${purged}/seen-before`), 404, 'not_found');

    expect(await regrant(ana, dee.identity.id)).toBeGreaterThan(0);
    expect(matchIds(await seenBefore(dee.session, fresh))).toEqual({
      [`involved:${party()}`]: [
        [current, 'involved'],
        [purged, 'involved'],
      ],
    });
  });

  it('can be tagged again, and looked up, by a member holding its retained record', async () => {
    const another = tagOf('Another Party');
    await tag(ben.session, purged, { involved: [party(), another], reporter: [] });
    expect(await storedTags(purged)).toEqual([`involved:${another}:1`, `involved:${party()}:1`].sort());
    expect(await casesMatching(ben.session, purged, party())).toContain(current);
  });
});

describe('many cases carrying one tag', () => {
  const common = () => tagOf('Common Name');
  const OTHERS = MAX_CASES_PER_TAG + 2;
  let asking: string;
  /** The other cases, newest first, as the reply must order them. */
  let newestFirst: string[];

  beforeAll(async () => {
    asking = await newCase();
    await tag(ana, asking, { involved: [common()] });
    const others: string[] = [];
    for (let i = 0; i < OTHERS; i++) {
      const caseId = await newCase();
      others.push(caseId);
      await tag(ana, caseId, { involved: [common()] });
    }
    // Distinct days, except the two newest, which share one instant (as the reports one intake
    // statement writes do): those two are ordered by id, highest first.
    const base = Date.parse('2026-06-01T00:00:00Z');
    for (const [i, caseId] of others.entries()) {
      const at = i >= OTHERS - 2 ? base + OTHERS * DAY_MS : base + i * DAY_MS;
      await t.db
        .updateTable('cases')
        .set({ created_at: new Date(at) })
        .where('id', '=', caseId)
        .execute();
    }
    const lastTwo = others.slice(-2).sort().reverse();
    newestFirst = [...lastTwo, ...others.slice(0, -2).reverse()];
  });

  it(`lists at most ${MAX_CASES_PER_TAG} per tag, the newest first`, async () => {
    const reply = await seenBefore(ana, asking);
    expect(reply.matches).toHaveLength(1);
    const listed = reply.matches[0]?.cases.map((c) => c.id);
    expect(listed).toEqual(newestFirst.slice(0, MAX_CASES_PER_TAG));
  });
});

describe('refusals', () => {
  const kept = () => tagOf('Kept Account');
  let caseId: string;

  beforeAll(async () => {
    caseId = await newCase();
    await tag(ana, caseId, { involved: [kept()], reporter: [kept()] });
  });

  const tagOfBytes = (fill: number) => Buffer.alloc(16, fill).toString('base64url');

  it.each([
    ['a tag one character short', () => ({ epoch: 1, involved: [tagOfBytes(1).slice(0, 21)], reporter: [] })],
    ['a tag one character long', () => ({ epoch: 1, involved: [`${tagOfBytes(1)}A`], reporter: [] })],
    [
      'a tag of 32 bytes',
      () => ({ epoch: 1, involved: [Buffer.alloc(32, 1).toString('base64url')], reporter: [] }),
    ],
    ['padding', () => ({ epoch: 1, involved: [`${tagOfBytes(1)}==`], reporter: [] })],
    ['standard base64 letters', () => ({ epoch: 1, involved: ['+/+/+/+/+/+/+/+/+/+/+A'], reporter: [] })],
    [
      // 0x01 × 16 ends in "AQ": the last character spelled with its unused bits set.
      'a non-canonical last character',
      () => ({ epoch: 1, involved: [`${tagOfBytes(1).slice(0, 21)}R`], reporter: [] }),
    ],
    [
      '101 involved tags',
      () => ({
        epoch: 1,
        involved: Array.from({ length: 101 }, (_, i) => tagOfBytes(i)),
        reporter: [],
      }),
    ],
    ['a duplicated involved tag', () => ({ epoch: 1, involved: [kept(), kept()], reporter: [] })],
    ['two reporter tags', () => ({ epoch: 1, involved: [], reporter: [tagOfBytes(1), tagOfBytes(2)] })],
    ['epoch 0', () => ({ epoch: 0, involved: [], reporter: [] })],
    ['epoch past 2^31 - 1', () => ({ epoch: 2 ** 31, involved: [], reporter: [] })],
    ['a fractional epoch', () => ({ epoch: 1.5, involved: [], reporter: [] })],
    ['an epoch as a string', () => ({ epoch: '1', involved: [], reporter: [] })],
    ['no epoch', () => ({ involved: [], reporter: [] })],
    ['no reporter list', () => ({ epoch: 1, involved: [] })],
    ['an extra property', () => ({ epoch: 1, involved: [], reporter: [], names: ['Jane Doe'] })],
    ['a tag that is not a string', () => ({ epoch: 1, involved: [42], reporter: [] })],
    ['an array body', () => [{ epoch: 1, involved: [], reporter: [] }]],
  ])('refuses %s with 400 invalid_request and stores nothing', async (_what, body) => {
    expectError(await putTags(ana, caseId, body()), 400, 'invalid_request');
    expect(await storedTags(caseId)).toEqual([`involved:${kept()}:1`, `reporter:${kept()}:1`]);
  });

  it.each([
    ['no tag', ''],
    ['a tag one character short', `?tag=${tagOfBytes(1).slice(0, 21)}`],
    ['a non-canonical last character', `?tag=${tagOfBytes(1).slice(0, 21)}R`],
    ['a name instead of a tag', '?tag=Jane%20Doe'],
    ['two tags', `?tag=${tagOfBytes(1)}&tag=${tagOfBytes(2)}`],
    ['another parameter', `?tag=${tagOfBytes(1)}&name=Jane`],
  ])('refuses a filter by account with %s: 400 invalid_request', async (_what, query) => {
    expectError(
      await ana.agent.get(`/api/teams/${team.slug}/cases-with-tag${query}`),
      400,
      'invalid_request',
    );
  });

  it("refuses tags of another epoch than the team's with 409 and the team's epoch, and stores nothing", async () => {
    for (const epoch of [2, 3, 2 ** 31 - 1]) {
      const res = await putTags(ana, caseId, { epoch, involved: [tagOfBytes(3)], reporter: [] });
      expectError(res, 409, 'index_epoch_changed');
      expect(res.json<ErrorJson>().error.index_epoch).toBe(1);
    }
    expect(await storedTags(caseId)).toEqual([`involved:${kept()}:1`, `reporter:${kept()}:1`]);
    expect((await caseRow(caseId)).tag_epoch).toBe(1);
  });

  it('refuses a body that is not JSON with 400, and one of another type with 415', async () => {
    const path = `/api/cases/${caseId}/tags`;
    expectError(
      await ana.agent.request('PUT', path, { body: '{"epoch": 1,', contentType: 'application/json' }),
      400,
      'malformed_json',
    );
    expectError(
      await ana.agent.request('PUT', path, {
        body: 'epoch=1',
        contentType: 'application/x-www-form-urlencoded',
      }),
      415,
      'unsupported_media_type',
    );
    expect(await storedTags(caseId)).toEqual([`involved:${kept()}:1`, `reporter:${kept()}:1`]);
  });

  it('refuses a case id that is not a UUID with 400', async () => {
    expectError(await ana.agent.get('/api/cases/not-a-uuid/seen-before'), 400, 'invalid_request');
    expectError(
      await putTags(ana, 'not-a-uuid', { epoch: 1, involved: [], reporter: [] }),
      400,
      'invalid_request',
    );
  });

  it('refuses both routes without a session (401), and the PUT without the CSRF header (403)', async () => {
    const stranger = injectAgent(t.app);
    expectError(await stranger.get(`/api/cases/${caseId}/seen-before`), 401, 'unauthorized');
    expectError(
      await stranger.request('PUT', `/api/cases/${caseId}/tags`, {
        json: { epoch: 1, involved: [], reporter: [] },
      }),
      401,
      'unauthorized',
    );
    expectError(
      await putTags(ana, caseId, { epoch: 1, involved: [], reporter: [] }, { csrf: false }),
      403,
      'missing_csrf_header',
    );
    expect(await storedTags(caseId)).toEqual([`involved:${kept()}:1`, `reporter:${kept()}:1`]);
  });

  it('takes two replacements of one case at once one after the other', async () => {
    const sets = [
      { epoch: 1, involved: [kept(), tagOfBytes(7)], reporter: [] },
      { epoch: 1, involved: [tagOfBytes(7), kept()], reporter: [kept()] },
    ];
    const replies = await Promise.all([...sets, ...sets].map((body) => putTags(ana, caseId, body)));
    expect(replies.map((r) => r.status)).toEqual([204, 204, 204, 204]);
    // Whichever came last, the case holds one whole set, never a mix of two.
    const stored = await storedTags(caseId);
    expect([
      [`involved:${kept()}:1`, `involved:${tagOfBytes(7)}:1`].sort(),
      [`involved:${kept()}:1`, `involved:${tagOfBytes(7)}:1`, `reporter:${kept()}:1`].sort(),
    ]).toContainEqual(stored);
  });
});
