/**
 * The console's background routes for many cases at once (docs/http-api.md 10.5 and 10.16), over
 * the real API and a real PostgreSQL: GET /api/cases/bodies reads the report bodies of up to 50
 * cases, exactly as GET /api/cases/{id} would serve each to the member and recording no opening;
 * PUT /api/teams/{slug}/case-tags stores the blind-index tags of up to 200 cases in one
 * transaction, skipping the cases the member may not see.
 *
 * Who may see what is checked against the single-case routes themselves: for every member and
 * case, the batch read serves the case exactly when GET /api/cases/{id} answers it with a body.
 *
 * Ana is an admin; Ben and Cai are members. Otto is the admin of another team. The reporter
 * excluded Ben from `hidden`; Cai recused himself from `recused`; `purged` was closed, kept its
 * retained record and was purged.
 */
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseBodies, MAX_CASE_BODIES, type CaseBody } from '#contract/cases';
import { CaseTagsStored, MAX_CASE_TAGS_BATCH } from '#contract/tags';
import {
  blindIndexTagBase64,
  generateId,
  openReport,
  randomBytes,
  toBase64Url,
  unwrapReportKey,
} from '../../crypto/index.js';
import type { TestApp } from '../helpers/app-server.js';
import { purgeCase } from '../helpers/retention.js';
import { startTeamApp } from '../helpers/team-app.js';
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
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let otherTeam: CreatedTeam;
let otto: MemberSession;
let reporterBrowser: Agent;

/** Cases every member of the team may see. */
let first: string;
let second: string;
/** The reporter excluded Ben from it. */
let hidden: string;
/** Cai recused himself from it. */
let recused: string;
/** Closed, its retained record kept, then purged: its body is gone. */
let purged: string;
/** A case of Otto's team. */
let ottosCase: string;

beforeAll(async () => {
  const started = await startTeamApp(['Ben', 'Cai']);
  ({ t, team, ana } = started);
  [ben, cai] = started.members;
  // Closing needs no vote here, and details are kept one day after a case finished.
  await t.db.updateTable('teams').set({ quorum: 0, retention_days: 1 }).where('id', '=', team.id).execute();
  otherTeam = await createTeamWithService(t.db, { adminName: 'Otto' });
  otto = await signInFast(injectAgent(t.app), otherTeam.slug, otherTeam.admin);
  reporterBrowser = injectAgent(t.app);

  first = await newCase();
  second = await newCase();
  hidden = await newCase({ exclude: [ben.identity.id] });
  recused = await newCase();
  expectReply(await cai.session.agent.post(`/api/cases/${recused}/recusal`), 204, 'recusal');
  purged = await newCase();
  await purge(purged);
  ottosCase = await newCase({}, otherTeam.slug);
});
afterAll(async () => {
  await t.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function newCase(draft: ReportDraft = {}, slug = team.slug): Promise<string> {
  return (await submitReport(reporterBrowser, slug, draft)).caseId;
}

function caseRow(caseId: string) {
  return t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

/** Closes, keeps and purges the case as two days of the console and the purge job would. */
async function purge(caseId: string): Promise<void> {
  await purgeCase(t.db, ana, caseId);
  expect((await caseRow(caseId)).purged_at).not.toBeNull();
}

/** GET /api/cases/bodies?ids=…, checked against the contract's reply schema. */
async function bodies(session: MemberSession, caseIds: readonly string[]): Promise<CaseBody[]> {
  const reply = expectReply<CaseBodies>(
    await session.agent.get(`/api/cases/bodies?ids=${caseIds.join(',')}`),
    200,
    'GET /api/cases/bodies',
  );
  expect(Value.Check(CaseBodies, reply), JSON.stringify(reply).slice(0, 300)).toBe(true);
  return reply.cases;
}

/** The four fields GET /api/cases/{id}?background=1 serves, or null when it serves no body (404, purged). */
async function servedAlone(session: MemberSession, caseId: string): Promise<CaseBody | null> {
  const res = await session.agent.get(`/api/cases/${caseId}?background=1`);
  if (res.status === 404) return null;
  const detail = expectReply<CaseBody>(res, 200, 'GET /api/cases/{id}?background=1');
  if (detail.payload === null) return null;
  return { id: detail.id, excluded: detail.excluded, payload: detail.payload, grant: detail.grant };
}

/** The member's read marks and case.opened events, to see that a read recorded nothing. */
async function openingsOf(memberId: string) {
  const reads = await t.db
    .selectFrom('case_reads')
    .select(['case_id', 'read_at'])
    .where('member_id', '=', memberId)
    .orderBy('case_id')
    .execute();
  const audited = await t.db
    .selectFrom('audit_events')
    .select('id')
    .where('member_id', '=', memberId)
    .where('action', '=', 'case.opened')
    .execute();
  return { reads, audited: audited.length };
}

/** A tag of 16 random bytes, as a console sends one (canonical base64url). */
const randomTag = () => toBase64Url(randomBytes(16));

interface Entry {
  case: string;
  involved: string[];
  reporter: string[];
}

function putBatch(session: MemberSession, body: unknown, options: { slug?: string; csrf?: boolean } = {}) {
  const { slug = team.slug, ...rest } = options;
  return session.agent.request('PUT', `/api/teams/${slug}/case-tags`, { json: body, ...rest });
}

async function storeBatch(session: MemberSession, cases: Entry[], epoch = 1): Promise<CaseTagsStored> {
  const reply = expectReply<CaseTagsStored>(
    await putBatch(session, { epoch, cases }),
    200,
    'PUT /api/teams/{slug}/case-tags',
  );
  expect(Value.Check(CaseTagsStored, reply), JSON.stringify(reply)).toBe(true);
  return reply;
}

/** The case's stored tags, as (kind, base64url tag, epoch), sorted. */
async function storedTags(caseId: string): Promise<string[]> {
  const rows = await t.db.selectFrom('case_tags').selectAll().where('case_id', '=', caseId).execute();
  return rows.map((r) => `${r.kind}:${r.tag.toString('base64url')}:${r.epoch}`).sort();
}

/** What `storedTags` holds after the entry's tags were stored at `epoch`. */
function expected(entry: Entry, epoch = 1): string[] {
  return [
    ...entry.involved.map((tag) => `involved:${tag}:${epoch}`),
    ...entry.reporter.map((tag) => `reporter:${tag}:${epoch}`),
  ].sort();
}

// ---------------------------------------------------------------------------------------------

describe('GET /api/cases/bodies', () => {
  it('serves each body as GET /api/cases/{id} does, in the order asked, and it opens', async () => {
    const served = await bodies(ben.session, [second, first]);
    expect(served.map((c) => c.id)).toEqual([second, first]);
    for (const body of served) {
      expect(body).toEqual(await servedAlone(ben.session, body.id));
      if (body.payload === null || body.grant === null) throw new Error('a body without payload or grant');
      const { v, n, c } = body.payload;
      if (v !== 1) throw new Error(`an envelope of version ${v}`);
      const opened = openReport(
        { team: team.id, id: body.id, payload: { v, n, c } },
        unwrapReportKey(body.grant, ben.session.keys.enc),
      );
      expect(typeof opened.summary).toBe('string');
    }
    // The exclusions come with the body, as the case page serves them.
    const [withExclusion] = await bodies(ana, [hidden]);
    expect(withExclusion?.excluded).toEqual([ben.identity.id]);
  });

  it('serves a case exactly when GET /api/cases/{id} serves its body to that member', async () => {
    const everyCase = [first, hidden, recused, purged, ottosCase, generateId(), second];
    for (const session of [ana, ben.session, cai.session, otto]) {
      const alone = (await Promise.all(everyCase.map((id) => servedAlone(session, id)))).filter(
        (c): c is CaseBody => c !== null,
      );
      expect(await bodies(session, everyCase)).toEqual(alone);
    }
    // Spelled out: what each was left without.
    const ids = async (session: MemberSession) => (await bodies(session, everyCase)).map((c) => c.id);
    expect(await ids(ana)).toEqual([first, hidden, recused, second]);
    expect(await ids(ben.session)).toEqual([first, recused, second]);
    expect(await ids(cai.session)).toEqual([first, hidden, second]);
    expect(await ids(otto)).toEqual([ottosCase]);
  });

  it('leaves out a case the member is excluded from, or recused from, even where a grant reached them', async () => {
    // Data set-up: stray grants of the reports (the server never makes them; an old client's
    // re-grant could have). The exclusion and the recusal alone must still hide the cases, as
    // GET /api/cases/{id} hides them.
    const stray = [
      { case_id: hidden, object_id: hidden, recipient: ben.identity.id, sealed: Buffer.alloc(80, 1) },
      { case_id: recused, object_id: recused, recipient: cai.identity.id, sealed: Buffer.alloc(80, 2) },
    ];
    await t.db.insertInto('grants').values(stray).execute();
    try {
      expect(await bodies(ben.session, [hidden, first])).toEqual([await servedAlone(ben.session, first)]);
      expect(await bodies(cai.session, [recused])).toEqual([]);
      expect(await servedAlone(ben.session, hidden)).toBeNull();
      expect(await servedAlone(cai.session, recused)).toBeNull();
    } finally {
      for (const grant of stray) {
        await t.db
          .deleteFrom('grants')
          .where('object_id', '=', grant.object_id)
          .where('recipient', '=', grant.recipient)
          .execute();
      }
    }
  });

  it('answers an empty list, not a 404, when it may serve none of them', async () => {
    expect(await bodies(otto, [first, second])).toEqual([]);
    expect(await bodies(ana, [generateId()])).toEqual([]);
    expect(await bodies(ana, [purged])).toEqual([]);
  });

  it('records no opening: neither a read mark nor a case.opened event', async () => {
    const before = await openingsOf(ben.identity.id);
    await bodies(ben.session, [first, second, recused]);
    expect(await openingsOf(ben.identity.id)).toEqual(before);
    // Where opening the case itself records both, so the comparison above could fail.
    expectReply(await ben.session.agent.get(`/api/cases/${first}`), 200, 'GET /api/cases/{id}');
    const after = await openingsOf(ben.identity.id);
    expect(after.audited).toBe(before.audited + 1);
    expect(after.reads.map((r) => r.case_id)).toContain(first);
  });

  it(`serves ${MAX_CASE_BODIES} at once`, async () => {
    const unknown = Array.from({ length: MAX_CASE_BODIES - 2 }, () => generateId());
    expect((await bodies(ana, [...unknown, first, second])).map((c) => c.id)).toEqual([first, second]);
  });

  it('is its own route, never taken for GET /api/cases/{id} with the id "bodies"', async () => {
    // Fastify's router prefers the static segment; both answers are in the shapes of their routes.
    expect(await bodies(ana, [first])).toHaveLength(1);
    const missing = await ana.agent.get('/api/cases/bodies');
    expectError(missing, 400, 'invalid_request');
    expect(missing.json<ErrorJson>().error.message).toMatch(/ids/);
    expectReply(await ana.agent.get(`/api/cases/${first}?background=1`), 200, 'GET /api/cases/{id}');
    expectError(await ana.agent.get('/api/cases/bodies?background=1'), 400, 'invalid_request');
  });

  it.each([
    ['no ids', ''],
    ['empty ids', '?ids='],
    ['an id that is not a UUID', '?ids=not-a-uuid'],
    ['an upper-case UUID', () => `?ids=${first.toUpperCase()}`],
    ['a UUID of another version', '?ids=6ba7b810-9dad-11d1-80b4-00c04fd430c8'],
    ['a trailing comma', () => `?ids=${first},`],
    ['a leading comma', () => `?ids=,${first}`],
    ['a space after a comma', () => `?ids=${first},%20${second}`],
    ['a repeated id', () => `?ids=${first},${second},${first}`],
    [
      `${MAX_CASE_BODIES + 1} ids`,
      () => `?ids=${Array.from({ length: MAX_CASE_BODIES + 1 }, () => generateId()).join(',')}`,
    ],
    ['ids given twice', () => `?ids=${first}&ids=${second}`],
    ['another parameter', () => `?ids=${first}&limit=1`],
    ['a path in the list', () => `?ids=${first},..%2F..%2Fetc`],
  ])('refuses %s with 400 invalid_request', async (_what, query) => {
    const text = typeof query === 'string' ? query : query();
    expectError(await ana.agent.get(`/api/cases/bodies${text}`), 400, 'invalid_request');
  });

  it('refuses a request without a session with 401', async () => {
    expectError(await injectAgent(t.app).get(`/api/cases/bodies?ids=${first}`), 401, 'unauthorized');
  });
});

describe('PUT /api/teams/{slug}/case-tags', () => {
  const entry = (caseId: string, involved = [randomTag()], reporter: string[] = []): Entry => ({
    case: caseId,
    involved,
    reporter,
  });

  it("stores the tags of the cases the member may see and skips the others, each list in the request's order", async () => {
    const untouched = entry(hidden, [randomTag()]);
    await storeBatch(ana, [untouched]);
    expectReply(
      await putBatch(otto, { epoch: 1, cases: [entry(ottosCase)] }, { slug: otherTeam.slug }),
      200,
      "Otto's batch",
    );
    const ottos = await storedTags(ottosCase);
    const unknown = generateId();
    const sent = [
      entry(second, [randomTag(), randomTag()], [randomTag()]),
      entry(hidden),
      entry(ottosCase),
      entry(first, []),
      entry(unknown),
      // A purged case may be tagged, as through PUT /api/cases/{id}/tags: Ben holds its record.
      entry(purged),
    ];
    expect(await storeBatch(ben.session, sent)).toEqual({
      stored: [second, first, purged],
      skipped: [hidden, ottosCase, unknown],
    });
    for (const stored of [sent[0], sent[3], sent[5]]) {
      if (!stored) throw new Error('missing entry');
      expect(await storedTags(stored.case)).toEqual(expected(stored));
      expect((await caseRow(stored.case)).tag_epoch).toBe(1);
    }
    expect(await storedTags(hidden)).toEqual(expected(untouched));
    expect(await storedTags(ottosCase)).toEqual(ottos);
    expect(await t.db.selectFrom('cases').select('id').where('id', '=', unknown).execute()).toEqual([]);
  });

  it('skips a case the member recused from, as the single route refuses it', async () => {
    const before = await storedTags(recused);
    expect(await storeBatch(cai.session, [entry(recused), entry(first)])).toEqual({
      stored: [first],
      skipped: [recused],
    });
    expect(await storedTags(recused)).toEqual(before);
    expectError(
      await cai.session.agent.request('PUT', `/api/cases/${recused}/tags`, {
        json: { epoch: 1, involved: [], reporter: [] },
      }),
      404,
      'not_found',
    );
  });

  it('replaces each whole set: tags the new set leaves out are gone, empty lists leave none', async () => {
    const kept = randomTag();
    await storeBatch(ana, [entry(first, [kept, randomTag()]), entry(second, [randomTag()], [kept])]);
    const next = [entry(first, [kept]), entry(second, [], [])];
    expect((await storeBatch(ana, next)).stored).toEqual([first, second]);
    expect(await storedTags(first)).toEqual([`involved:${kept}:1`]);
    expect(await storedTags(second)).toEqual([]);
    expect((await caseRow(second)).tag_epoch).toBe(1);
  });

  it('tags the same as the single route: the tags a console makes of a name match across both', async () => {
    if (ana.indexKey === null) throw new Error("Ana's session holds no index key");
    const jane = blindIndexTagBase64('Jane_Doe', ana.indexKey);
    await storeBatch(ana, [entry(first, [jane])]);
    expectReply(
      await ana.agent.request('PUT', `/api/cases/${second}/tags`, {
        json: { epoch: 1, involved: [blindIndexTagBase64(' jane doe ', ana.indexKey)], reporter: [] },
      }),
      204,
      'PUT /api/cases/{id}/tags',
    );
    const seen = expectReply<{ matches: { cases: { id: string }[] }[] }>(
      await ana.agent.get(`/api/cases/${first}/seen-before`),
      200,
      'seen-before',
    );
    expect(seen.matches.flatMap((m) => m.cases.map((c) => c.id))).toEqual([second]);
    await storeBatch(ana, [entry(first, []), entry(second, [])]);
  });

  it("refuses the whole batch with 409 and the team's epoch when the tags are of another epoch", async () => {
    const before = [await storedTags(first), await storedTags(second)];
    for (const epoch of [2, 2 ** 31 - 1]) {
      // Also when every case would be skipped: the console learns that its key moved on.
      for (const cases of [[entry(first), entry(second)], [entry(generateId())]]) {
        const res = await putBatch(ana, { epoch, cases });
        expectError(res, 409, 'index_epoch_changed');
        expect(res.json<ErrorJson>().error.index_epoch).toBe(1);
      }
    }
    expect([await storedTags(first), await storedTags(second)]).toEqual(before);
  });

  it("answers 404 for another team's address, and stores nothing there", async () => {
    const before = await storedTags(ottosCase);
    expectError(
      await putBatch(ana, { epoch: 1, cases: [entry(ottosCase)] }, { slug: otherTeam.slug }),
      404,
      'not_found',
    );
    expectError(await putBatch(otto, { epoch: 1, cases: [entry(first)] }), 404, 'not_found');
    expectError(
      await putBatch(ana, { epoch: 1, cases: [entry(first)] }, { slug: 'no-such-team' }),
      404,
      'not_found',
    );
    expect(await storedTags(ottosCase)).toEqual(before);
  });

  it(`stores ${MAX_CASE_TAGS_BATCH} cases of 100 involved tags and a reporter tag in one request`, async () => {
    // 20,200 rows: past PostgreSQL's 65,535 parameters had they been sent as one VALUES list.
    const many: string[] = [];
    for (let i = 0; i < MAX_CASE_TAGS_BATCH; i++) many.push(await newCase());
    const sent = many.map((caseId) =>
      entry(
        caseId,
        Array.from({ length: 100 }, () => randomTag()),
        [randomTag()],
      ),
    );
    expect(await storeBatch(ana, sent)).toEqual({ stored: many, skipped: [] });
    const count = await t.db
      .selectFrom('case_tags')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('case_id', 'in', many)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(MAX_CASE_TAGS_BATCH * 101);
    const last = sent.at(-1);
    if (last) expect(await storedTags(last.case)).toEqual(expected(last));
  }, 120_000);

  it('takes batches over the same cases in any order, and single PUTs beside them, without a deadlock', async () => {
    const cases = [first, second, await newCase(), await newCase()];
    const sets = cases.map(() => [randomTag(), randomTag()]);
    const forward = cases.map((caseId, i) => entry(caseId, sets[i]));
    const backward = [...forward].reverse();
    const replies = await Promise.all(
      Array.from({ length: 4 }, (_, round) => [
        putBatch(ana, { epoch: 1, cases: round % 2 === 0 ? forward : backward }),
        putBatch(ben.session, { epoch: 1, cases: round % 2 === 0 ? backward : forward }),
        ana.agent.request('PUT', `/api/cases/${cases[1]}/tags`, {
          json: { epoch: 1, involved: sets[1], reporter: [] },
        }),
      ]).flat(),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([
      ...Array.from({ length: 8 }, () => 200),
      ...Array.from({ length: 4 }, () => 204),
    ]);
    for (const [i, caseId] of cases.entries()) {
      expect(await storedTags(caseId)).toEqual(expected(entry(caseId, sets[i])));
    }
  });

  const tagOfBytes = (fill: number) => Buffer.alloc(16, fill).toString('base64url');

  it.each([
    ['no cases', () => ({ epoch: 1, cases: [] })],
    [
      `${MAX_CASE_TAGS_BATCH + 1} cases`,
      () => ({
        epoch: 1,
        cases: Array.from({ length: MAX_CASE_TAGS_BATCH + 1 }, () => entry(generateId(), [])),
      }),
    ],
    ['a case twice', () => ({ epoch: 1, cases: [entry(first), entry(second), entry(first)] })],
    ['a case id that is not a UUID', () => ({ epoch: 1, cases: [entry('not-a-uuid')] })],
    ['an upper-case case id', () => ({ epoch: 1, cases: [entry(first.toUpperCase())] })],
    ['no epoch', () => ({ cases: [entry(first)] })],
    ['epoch 0', () => ({ epoch: 0, cases: [entry(first)] })],
    ['an epoch as a string', () => ({ epoch: '1', cases: [entry(first)] })],
    ['an epoch in an entry', () => ({ epoch: 1, cases: [{ ...entry(first), epoch: 1 }] })],
    ['an extra property', () => ({ epoch: 1, cases: [entry(first)], names: ['Jane'] })],
    ['an entry without a case', () => ({ epoch: 1, cases: [{ involved: [], reporter: [] }] })],
    ['an entry without its reporter list', () => ({ epoch: 1, cases: [{ case: first, involved: [] }] })],
    ['a tag one character short', () => ({ epoch: 1, cases: [entry(first, [tagOfBytes(1).slice(0, 21)])] })],
    [
      'a non-canonical last character',
      () => ({ epoch: 1, cases: [entry(first, [`${tagOfBytes(1).slice(0, 21)}R`])] }),
    ],
    ['a repeated involved tag', () => ({ epoch: 1, cases: [entry(first, [tagOfBytes(1), tagOfBytes(1)])] })],
    [
      '101 involved tags',
      () => ({
        epoch: 1,
        cases: [
          entry(
            first,
            Array.from({ length: 101 }, (_, i) => tagOfBytes(i)),
          ),
        ],
      }),
    ],
    ['two reporter tags', () => ({ epoch: 1, cases: [entry(first, [], [tagOfBytes(1), tagOfBytes(2)])] })],
    ['an array body', () => [{ epoch: 1, cases: [entry(first)] }]],
  ])('refuses %s with 400 invalid_request and stores nothing', async (_what, body) => {
    const before = await storedTags(first);
    expectError(await putBatch(ana, body()), 400, 'invalid_request');
    expect(await storedTags(first)).toEqual(before);
  });

  it('refuses a body that is not JSON (400), of another type (415), without CSRF header (403) or session (401)', async () => {
    const before = await storedTags(first);
    const path = `/api/teams/${team.slug}/case-tags`;
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
    expectError(
      await putBatch(ana, { epoch: 1, cases: [entry(first)] }, { csrf: false }),
      403,
      'missing_csrf_header',
    );
    expectError(
      await injectAgent(t.app).request('PUT', path, { json: { epoch: 1, cases: [entry(first)] } }),
      401,
      'unauthorized',
    );
    expect(await storedTags(first)).toEqual(before);
  });
});
