/**
 * Working a case (issue 10, docs/protocol.md 10.4–10.6): the status machine the server keeps on
 * PATCH /api/cases/{id}, with the item each move needs stored in the same request; the moves a
 * message makes; the quorum a close needs; assignment rules and hand-over notes; the case's
 * timeline; case numbers per team; read state; print and export in the audit log. Real
 * PostgreSQL, the real app, real encryption; vote rounds are written with SQL (their routes are
 * tested with them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseList, CaseMetadata } from '#contract/cases';
import { generateId } from '../../crypto/index.js';
import type { TestApp } from '../helpers/app-server.js';
import {
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberCaseView,
  type MemberSession,
  type ApiResponse,
  createTeamWithService,
  expectReply,
  injectAgent,
  openCase,
  openReceiptSession,
  postMemberItem,
  postReporterItem,
  prepareMemberItem,
  readReceiptCase,
  reporterWithoutReceipt,
  signInFast,
  submitReport,
  expectError,
  sealTeamRecord,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;

beforeAll(async () => {
  const started = await startTeamApp(['Ben', 'Cai']);
  ({ t, team, ana } = started);
  [ben, cai] = started.members;
});
afterAll(async () => {
  await t.close();
});

/** A new report to `team`, opened by Ana. */
async function newCase(): Promise<MemberCaseView> {
  const report = await submitReport(injectAgent(t.app), team.slug);
  return openCase(ana, report.caseId);
}

/** A record item (closing summary by default), sealed and signed by `session`, not sent. */
function prepareRecord(
  session: MemberSession,
  view: Pick<MemberCaseView, 'raw' | 'excluded'>,
  type = 'closing_summary',
) {
  return sealTeamRecord(
    session,
    view.raw.id,
    {
      type,
      about: 'what the case was about',
      investigators: 'Ana',
      findings: 'what they found',
      outcome: 'the outcome',
    },
    { withheld: view.excluded },
  );
}

const message = async (view: MemberCaseView, session = ana) =>
  (await prepareMemberItem(session, view, { kind: 'message', text: 'Thank you for telling us.' })).item;
const note = async (view: MemberCaseView, session = ana) =>
  (await prepareMemberItem(session, view, { kind: 'note', text: 'Why it reopens' })).item;

function patch(session: MemberSession, caseId: string, body: Record<string, unknown>): Promise<ApiResponse> {
  return session.agent.patch(`/api/cases/${caseId}`, body);
}

async function setQuorum(quorum: number): Promise<void> {
  await t.db.updateTable('teams').set({ quorum }).where('id', '=', team.id).execute();
}

async function caseRow(caseId: string) {
  return t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

async function events(caseId: string) {
  return t.db
    .selectFrom('case_events')
    .select(['kind', 'actor', 'from_value', 'to_value', 'item_id'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

async function audit(caseId: string) {
  return t.db
    .selectFrom('audit_events')
    .select(['action', 'member_id', 'details'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

async function itemIds(caseId: string): Promise<string[]> {
  const rows = await t.db.selectFrom('items').select('id').where('case_id', '=', caseId).execute();
  return rows.map((r) => r.id);
}

async function detail(session: MemberSession, caseId: string): Promise<CaseDetail> {
  return expectReply<CaseDetail>(await session.agent.get(`/api/cases/${caseId}`), 200, 'GET case');
}

/** Moves a new case to `status` the allowed way (quorum 0), returning its view. */
async function caseIn(status: 'acknowledged' | 'investigating' | 'awaiting_reporter' | 'closed') {
  const view = await newCase();
  const id = view.raw.id;
  if (status === 'acknowledged') {
    expectReply(await patch(ana, id, { status, item: await message(view) }), 200, 'acknowledge');
  } else if (status === 'closed') {
    await setQuorum(0);
    expectReply(await patch(ana, id, { status, item: await prepareRecord(ana, view) }), 200, 'close');
  } else {
    expectReply(await patch(ana, id, { status }), 200, status);
  }
  return view;
}

describe('the status machine on PATCH /api/cases/{id}', () => {
  it('acknowledges with the message in one request: item, status, date, timeline and audit together', async () => {
    const view = await newCase();
    const id = view.raw.id;
    const item = await message(view);
    const reply = expectReply<CaseMetadata>(
      await patch(ana, id, { status: 'acknowledged', check_in_by: '2031-03-01T00:00:00Z', item }),
      200,
      'acknowledge',
    );
    expect(reply).toMatchObject({ id, status: 'acknowledged', check_in_by: '2031-03-01T00:00:00Z' });
    expect(await itemIds(id)).toEqual([item.id]);
    const row = await caseRow(id);
    expect(row.team_replied_at).not.toBeNull();
    expect(row.reporter_replied_at).toBeNull();
    expect(await events(id)).toEqual([
      {
        kind: 'status',
        actor: ana.member.id,
        from_value: 'received',
        to_value: 'acknowledged',
        item_id: item.id,
      },
      {
        kind: 'check_in',
        actor: ana.member.id,
        from_value: null,
        to_value: '2031-03-01T00:00:00Z',
        item_id: null,
      },
    ]);
    expect((await audit(id)).filter((e) => e.action !== 'case.opened')).toEqual([
      {
        action: 'case.updated',
        member_id: ana.member.id,
        details: {
          before: { status: 'received', check_in_by: null },
          after: { status: 'acknowledged', check_in_by: '2031-03-01T00:00:00Z' },
          item: item.id,
        },
      },
    ]);
  });

  it('refuses acknowledging without a message, or with a note, and stores nothing', async () => {
    const view = await newCase();
    const id = view.raw.id;
    expectError(await patch(ana, id, { status: 'acknowledged' }), 400, 'item_required');
    expectError(
      await patch(ana, id, { status: 'acknowledged', item: await note(view) }),
      400,
      'wrong_item_kind',
    );
    expectError(
      await patch(ana, id, { status: 'acknowledged', item: await prepareRecord(ana, view) }),
      400,
      'wrong_item_kind',
    );
    expect(await itemIds(id)).toEqual([]);
    expect(await events(id)).toEqual([]);
    expect((await caseRow(id)).status).toBe('received');
    expect((await audit(id)).map((e) => e.action)).toEqual(['case.opened']);
  });

  it('lets a member set investigating or awaiting_reporter from any open status, without an item', async () => {
    for (const from of ['received', 'acknowledged', 'investigating', 'awaiting_reporter'] as const) {
      for (const to of ['investigating', 'awaiting_reporter'] as const) {
        const view = from === 'received' ? await newCase() : await caseIn(from);
        const reply = expectReply<CaseMetadata>(
          await patch(ana, view.raw.id, { status: to }),
          200,
          `${from}→${to}`,
        );
        expect(reply.status).toBe(to);
        const statusEvents = (await events(view.raw.id)).filter((e) => e.kind === 'status');
        // Asking for the status the case is in changes nothing and writes nothing.
        expect(statusEvents.at(-1)?.to_value).toBe(to);
        expect(statusEvents.filter((e) => e.from_value === from && e.to_value === to)).toHaveLength(
          from === to ? 0 : 1,
        );
      }
    }
  });

  it('refuses acknowledging a case that is past received with 409 status_change_not_allowed', async () => {
    for (const from of ['acknowledged', 'investigating', 'awaiting_reporter', 'closed'] as const) {
      const view = await caseIn(from);
      const res = await patch(ana, view.raw.id, { status: 'acknowledged', item: await message(view) });
      expectError(res, 409, 'status_change_not_allowed');
      expect(res.json<ErrorJson>().error.message).toContain(`from ${from} to acknowledged`);
      expect((await caseRow(view.raw.id)).status).toBe(from);
    }
  });

  it('closes an open case with the closing summary, and refuses closing without one or with another kind', async () => {
    await setQuorum(0);
    for (const from of ['received', 'acknowledged', 'investigating', 'awaiting_reporter'] as const) {
      const view = from === 'received' ? await newCase() : await caseIn(from);
      const id = view.raw.id;
      expectError(await patch(ana, id, { status: 'closed' }), 400, 'item_required');
      expectError(await patch(ana, id, { status: 'closed', item: await note(view) }), 400, 'wrong_item_kind');
      expectError(
        await patch(ana, id, { status: 'closed', item: await message(view) }),
        400,
        'wrong_item_kind',
      );
      const summary = await prepareRecord(ana, view);
      expectReply(await patch(ana, id, { status: 'closed', item: summary }), 200, `close from ${from}`);
      expect((await events(id)).at(-1)).toEqual({
        kind: 'status',
        actor: ana.member.id,
        from_value: from,
        to_value: 'closed',
        item_id: summary.id,
      });
    }
  });

  it('refuses every move from a closed case but a reopening, which needs a reason', async () => {
    const view = await caseIn('closed');
    const id = view.raw.id;
    expectError(await patch(ana, id, { status: 'awaiting_reporter' }), 409, 'status_change_not_allowed');
    expectError(
      await patch(ana, id, { status: 'closed', item: await prepareRecord(ana, view) }),
      409,
      'status_change_not_allowed',
    );
    expectError(await patch(ana, id, { status: 'investigating' }), 400, 'item_required');
    expectError(
      await patch(ana, id, { status: 'investigating', item: await message(view) }),
      400,
      'wrong_item_kind',
    );
    const reason = await note(view, ben.session);
    expectReply(await patch(ben.session, id, { status: 'investigating', item: reason }), 200, 'reopen');
    expect((await events(id)).at(-1)).toEqual({
      kind: 'status',
      actor: ben.identity.id,
      from_value: 'closed',
      to_value: 'investigating',
      item_id: reason.id,
    });
    // A record gives a reason too.
    const again = await caseIn('closed');
    expectReply(
      await patch(ana, again.raw.id, {
        status: 'investigating',
        item: await prepareRecord(ana, again, 'debrief'),
      }),
      200,
      'reopen with a record',
    );
  });

  it('refuses an item no change takes, and one that fails the item rules, storing nothing', async () => {
    const view = await caseIn('acknowledged');
    const id = view.raw.id;
    const before = await itemIds(id);
    expectError(
      await patch(ana, id, { status: 'investigating', item: await note(view) }),
      400,
      'wrong_item_kind',
    );
    expectError(
      await patch(ana, id, { check_in_by: '2031-05-01T00:00:00Z', item: await note(view) }),
      400,
      'wrong_item_kind',
    );
    // Same rules as POST /items: another case, another author, a bad signature, missing grants.
    const other = await newCase();
    expectError(
      await patch(ana, id, { status: 'investigating', item: await note(other) }),
      400,
      'wrong_case',
    );
    const closing = await caseIn('investigating');
    const summary = await prepareRecord(ana, closing);
    await setQuorum(0);
    expectError(
      await patch(ben.session, closing.raw.id, { status: 'closed', item: summary }),
      400,
      'wrong_author',
    );
    expectError(
      await patch(ana, closing.raw.id, {
        status: 'closed',
        item: { ...summary, sig: (await prepareRecord(ana, closing)).sig },
      }),
      400,
      'bad_signature',
    );
    expectError(
      await patch(ana, closing.raw.id, {
        status: 'closed',
        item: { ...summary, grants: summary.grants.slice(1) },
      }),
      409,
      'grants_do_not_match_roster',
    );
    expect(await itemIds(id)).toEqual(before);
    expect((await caseRow(id)).check_in_by).toBeNull();
    expect((await caseRow(closing.raw.id)).status).toBe('investigating');
  });

  it('refuses a second item with the same id with 409 duplicate_item, and changes nothing', async () => {
    const view = await caseIn('investigating');
    const posted = await postMemberItem(ana, view, { kind: 'note', text: 'a note' });
    await setQuorum(0);
    const res = await patch(ana, view.raw.id, { assignee: ben.identity.id, item: posted.item });
    expectError(res, 409, 'duplicate_item');
    expect((await caseRow(view.raw.id)).assignee).toBeNull();
  });
});

describe('closing where the team votes', () => {
  async function round(caseId: string, view: MemberCaseView, number: number, voters: MemberSession[]) {
    await t.db
      .insertInto('vote_rounds')
      .values({ case_id: caseId, number, opened_by: ana.member.id })
      .execute();
    for (const voter of voters) {
      const vote = await prepareRecord(voter, view, 'vote');
      expectReply(await voter.agent.post(`/api/cases/${caseId}/items`, vote), 201, 'vote item');
      await t.db
        .insertInto('votes')
        .values({ case_id: caseId, round: number, member_id: voter.member.id, item_id: vote.id })
        .execute();
    }
  }

  it('refuses to close before the latest round reached the quorum, with 409 quorum_not_reached', async () => {
    await setQuorum(2);
    const view = await caseIn('investigating');
    const id = view.raw.id;
    const close = async () => patch(ana, id, { status: 'closed', item: await prepareRecord(ana, view) });
    const none = await close();
    expectError(none, 409, 'quorum_not_reached');
    await round(id, view, 1, [ana, ben.session]);
    await round(id, view, 2, [ana]);
    // Round 1 reached the quorum, but the latest (a tie-break) did not.
    const short = await close();
    expectError(short, 409, 'quorum_not_reached');
    expect(short.json<ErrorJson>().error.message).toContain('1 of the 2');
    expect((await caseRow(id)).status).toBe('investigating');
    await t.db
      .insertInto('votes')
      .values({
        case_id: id,
        round: 2,
        member_id: ben.identity.id,
        item_id: (
          await t.db
            .selectFrom('votes')
            .select('item_id')
            .where('case_id', '=', id)
            .where('round', '=', 1)
            .where('member_id', '=', ben.identity.id)
            .executeTakeFirstOrThrow()
        ).item_id,
      })
      .execute();
    expectReply(await close(), 200, 'close after quorum');
    const seen = await detail(ana, id);
    expect(seen.quorum).toBe(2);
    expect(seen.rounds.map((r) => [r.number, r.votes.length, r.reached, r.current])).toEqual([
      [1, 2, true, false],
      [2, 2, true, true],
    ]);
    expect(seen.status).toBe('closed');
  });

  it('needs no vote where the quorum is 0', async () => {
    await setQuorum(0);
    const view = await caseIn('investigating');
    expectReply(
      await patch(ana, view.raw.id, { status: 'closed', item: await prepareRecord(ana, view) }),
      200,
      'close',
    );
    expect((await detail(ana, view.raw.id)).quorum).toBe(0);
  });
});

describe('moves a message makes', () => {
  it("a member's message acknowledges a received case, in the same transaction, timeline and audit once", async () => {
    const view = await newCase();
    const id = view.raw.id;
    const posted = await postMemberItem(ben.session, view, { kind: 'message', text: 'We have your report.' });
    expect((await caseRow(id)).status).toBe('acknowledged');
    expect(await events(id)).toEqual([
      {
        kind: 'status',
        actor: ben.identity.id,
        from_value: 'received',
        to_value: 'acknowledged',
        item_id: posted.item.id,
      },
    ]);
    expect((await audit(id)).filter((e) => e.action !== 'case.opened')).toEqual([
      {
        action: 'item.message',
        member_id: ben.identity.id,
        details: { item: posted.item.id, audience: 'reporter' },
      },
      {
        action: 'case.status',
        member_id: ben.identity.id,
        details: { from: 'received', to: 'acknowledged', item: posted.item.id },
      },
    ]);
    // A second message moves nothing more.
    await postMemberItem(ana, view, { kind: 'message', text: 'One more thing.' });
    expect((await events(id)).filter((e) => e.kind === 'status')).toHaveLength(1);
  });

  it('a note moves nothing and is not a reply to the reporter', async () => {
    const view = await newCase();
    await postMemberItem(ana, view, { kind: 'note', text: 'internal' });
    const row = await caseRow(view.raw.id);
    expect(row.status).toBe('received');
    expect(row.team_replied_at).toBeNull();
    expect(await events(view.raw.id)).toEqual([]);
  });

  it("the reporter's answer puts a case awaiting them back under investigation, and their receipt shows it", async () => {
    const reporter = reporterWithoutReceipt();
    const browser = injectAgent(t.app);
    const report = await submitReport(browser, team.slug, { reporter });
    const view = await openCase(ana, report.caseId);
    expectReply(await patch(ana, report.caseId, { status: 'awaiting_reporter' }), 200, 'await');
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session');
    const mine = await readReceiptCase(browser, reporter);
    expect(mine.raw.status).toBe('awaiting_reporter');
    const answer = await postReporterItem(browser, reporter, mine, { text: 'Here is the link.' });
    expect((await readReceiptCase(browser, reporter)).raw.status).toBe('investigating');
    const row = await caseRow(report.caseId);
    expect(row.reporter_replied_at).not.toBeNull();
    expect((await events(report.caseId)).at(-1)).toEqual({
      kind: 'status',
      actor: 'reporter',
      from_value: 'awaiting_reporter',
      to_value: 'investigating',
      item_id: answer.item.id,
    });
    expect((await audit(report.caseId)).at(-1)).toEqual({
      action: 'case.status',
      member_id: null,
      details: { from: 'awaiting_reporter', to: 'investigating', item: answer.item.id },
    });
    // On any other status the reporter's answer moves nothing.
    await postReporterItem(browser, reporter, await readReceiptCase(browser, reporter), {
      text: 'And this.',
    });
    expect((await caseRow(report.caseId)).status).toBe('investigating');
    expect((await events(report.caseId)).filter((e) => e.actor === 'reporter')).toHaveLength(1);
    // The list shows that the reporter answered.
    const summary = (await detail(ana, view.raw.id)).reporter_replied_at;
    expect(summary).not.toBeNull();

    // Withdrawing is in the timeline too, and final.
    expectReply(await browser.post('/api/receipt/withdraw'), 200, 'withdraw');
    expect((await events(report.caseId)).at(-1)).toEqual({
      kind: 'status',
      actor: 'reporter',
      from_value: 'investigating',
      to_value: 'withdrawn',
      item_id: null,
    });
    expectError(
      await patch(ana, report.caseId, { follow_up_by: '2031-01-01T00:00:00Z' }),
      409,
      'case_withdrawn',
    );
    expectError(await patch(ana, report.caseId, { status: 'investigating' }), 409, 'case_withdrawn');
  });
});

describe('assignment, dates and the timeline', () => {
  it('hands a case over with a note, and writes each change once to the timeline', async () => {
    const view = await caseIn('investigating');
    const id = view.raw.id;
    expectReply(await patch(ana, id, { assignee: ana.member.id }), 200, 'assign');
    const handOver = await note(view);
    const reply = expectReply<CaseMetadata>(
      await patch(ana, id, {
        assignee: ben.identity.id,
        item: handOver,
        follow_up_by: '2031-06-01T00:00:00Z',
      }),
      200,
      'hand over',
    );
    expect(reply).toMatchObject({ assignee: ben.identity.id, follow_up_by: '2031-06-01T00:00:00Z' });
    expect(await itemIds(id)).toContain(handOver.id);
    expect((await events(id)).slice(-3)).toEqual([
      { kind: 'assignee', actor: ana.member.id, from_value: null, to_value: ana.member.id, item_id: null },
      {
        kind: 'assignee',
        actor: ana.member.id,
        from_value: ana.member.id,
        to_value: ben.identity.id,
        item_id: handOver.id,
      },
      {
        kind: 'follow_up',
        actor: ana.member.id,
        from_value: null,
        to_value: '2031-06-01T00:00:00Z',
        item_id: null,
      },
    ]);
    // A hand-over takes a note only.
    expectError(
      await patch(ana, id, { assignee: cai.identity.id, item: await message(view) }),
      400,
      'wrong_item_kind',
    );
    // The detail serves the timeline with who, when and from what to what.
    const served = await detail(ben.session, id);
    expect(served.events.slice(-2).map((e) => [e.kind, e.actor, e.from, e.to, e.item])).toEqual([
      ['assignee', ana.member.id, ana.member.id, ben.identity.id, handOver.id],
      ['follow_up', ana.member.id, null, '2031-06-01T00:00:00Z', null],
    ]);
    expect(served.events.every((e) => typeof e.at === 'string' && Number.isInteger(e.id))).toBe(true);
  });

  it('keeps a follow-up date on a closed case', async () => {
    const view = await caseIn('closed');
    const reply = expectReply<CaseMetadata>(
      await patch(ana, view.raw.id, {
        follow_up_by: '2031-09-01T00:00:00Z',
        check_in_by: '2031-08-01T00:00:00Z',
      }),
      200,
      'follow-up',
    );
    expect(reply).toMatchObject({ status: 'closed', follow_up_by: '2031-09-01T00:00:00Z' });
  });

  it('refuses to assign a member who recused themselves, with 409 member_recused', async () => {
    const view = await caseIn('investigating');
    await t.db
      .insertInto('case_recusals')
      .values({ case_id: view.raw.id, member_id: cai.identity.id })
      .execute();
    expectError(await patch(ana, view.raw.id, { assignee: cai.identity.id }), 409, 'member_recused');
    expect((await caseRow(view.raw.id)).assignee).toBeNull();
    expect((await detail(ana, view.raw.id)).recused).toEqual([cai.identity.id]);
    // New items leave a recused member out: a grant to them is refused.
    const withCai = await prepareMemberItem(ana, view, { kind: 'note', text: 'n' });
    expectError(
      await ana.agent.post(`/api/cases/${view.raw.id}/items`, withCai.item),
      409,
      'grants_do_not_match_roster',
    );
    await postMemberItem(
      ana,
      { ...view, excluded: [...view.excluded, cai.identity.id] },
      { kind: 'note', text: 'n' },
    );
  });
});

describe('case numbers, the list and read state', () => {
  it('numbers cases per team in order of arrival, each team from 1', async () => {
    const first = await submitReport(injectAgent(t.app), team.slug);
    const second = await submitReport(injectAgent(t.app), team.slug);
    const a = (await caseRow(first.caseId)).number;
    expect((await caseRow(second.caseId)).number).toBe(a + 1);
    const other = await createTeamWithService(t.db, { adminName: 'Zed' });
    const zed = await signInFast(injectAgent(t.app), other.slug, other.admin);
    const theirs = await submitReport(injectAgent(t.app), other.slug);
    expect((await detail(zed, theirs.caseId)).number).toBe(1);
    expect((await detail(ana, second.caseId)).number).toBe(a + 1);
  });

  it('serves number, dates, replies and the member’s own read_at in the list', async () => {
    const view = await caseIn('acknowledged');
    const list = async (session: MemberSession) =>
      expectReply<CaseList>(await session.agent.get('/api/cases'), 200, 'list').cases.find(
        (c) => c.id === view.raw.id,
      );
    const anas = await list(ana);
    const row = await caseRow(view.raw.id);
    expect(anas).toMatchObject({
      number: row.number,
      follow_up_by: null,
      reporter_replied_at: null,
      team_replied_at: row.team_replied_at?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    expect(anas?.read_at).not.toBeNull();
    // Ben never opened it.
    expect((await list(ben.session))?.read_at).toBeNull();
    const first = await detail(ben.session, view.raw.id);
    expect(first.read_at).toBeNull();
    const read = (await list(ben.session))?.read_at;
    expect(read).not.toBeNull();
    // The detail's read_at is the opening before this one: what is new since shows.
    expect((await detail(ben.session, view.raw.id)).read_at).toBe(read);
  });

  it('audits an opening once an hour, however often the member reloads', async () => {
    const view = await newCase();
    const id = view.raw.id;
    for (let i = 0; i < 5; i += 1) await detail(ben.session, id);
    const opened = async () =>
      (await audit(id)).filter((e) => e.action === 'case.opened').map((e) => e.member_id);
    expect(await opened()).toEqual([ana.member.id, ben.identity.id]);
    await t.db
      .updateTable('case_reads')
      .set({ read_at: new Date(Date.now() - 2 * 3600_000) })
      .where('case_id', '=', id)
      .where('member_id', '=', ben.identity.id)
      .execute();
    await detail(ben.session, id);
    expect(await opened()).toEqual([ana.member.id, ben.identity.id, ben.identity.id]);
  });
});

describe('POST /api/cases/{id}/local-actions', () => {
  it('records printing and exporting in the audit log', async () => {
    const view = await newCase();
    for (const action of ['printed', 'exported']) {
      const res = await ben.session.agent.post(`/api/cases/${view.raw.id}/local-actions`, { action });
      expect(res.status, res.text).toBe(204);
    }
    expect((await audit(view.raw.id)).slice(-2)).toEqual([
      { action: 'case.printed', member_id: ben.identity.id, details: {} },
      { action: 'case.exported', member_id: ben.identity.id, details: {} },
    ]);
  });

  it('refuses other actions, unknown cases and strangers', async () => {
    const view = await newCase();
    const url = `/api/cases/${view.raw.id}/local-actions`;
    expectError(await ana.agent.post(url, { action: 'shared' }), 400, 'invalid_request');
    expectError(await ana.agent.post(url, { action: 'printed', extra: 1 }), 400, 'invalid_request');
    expectError(
      await ana.agent.post(`/api/cases/${generateId()}/local-actions`, { action: 'printed' }),
      404,
      'not_found',
    );
    const other = await createTeamWithService(t.db, { adminName: 'Yan' });
    const yan = await signInFast(injectAgent(t.app), other.slug, other.admin);
    expectError(await yan.agent.post(url, { action: 'printed' }), 404, 'not_found');
    expectError(await injectAgent(t.app).post(url, { action: 'printed' }), 401, 'unauthorized');
    expect((await audit(view.raw.id)).map((e) => e.action)).toEqual(['case.opened']);
  });
});
