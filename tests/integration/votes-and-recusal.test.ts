/**
 * Votes and recusal (docs/protocol.md 10.7), over the real API with real cryptography: what the
 * server enforces without reading a vote (one vote per member per round, only in the current
 * round, a new round only once the current one reached the quorum, only on an open case) and
 * what a recusal does (grants deleted, the case hidden, the member left out of everything new).
 *
 * Ana is an admin (re-grants); Ben, Cai and Dee are members. The team's quorum is the default, 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateId, unwrapReportKey, grantKey } from '../../crypto/index.js';
import type { TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberSession,
  type ReporterIdentity,
  type SubmittedReport,
  expectReply,
  fetchTeam,
  injectAgent,
  itemRecipients,
  listCases,
  openCase,
  openReceiptSession,
  patchCase,
  postMemberItem,
  postVote,
  prepareItem,
  prepareMemberItem,
  reporterWithoutReceipt,
  submitReport,
  expectError,
  sealTeamRecord,
  voteOn,
  voteRecord,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let dee: JoinedMember;

interface VoteCastJson {
  round: number;
  votes: number;
  quorum: number;
  reached: boolean;
}

const errorCode = (res: ApiResponse): string => res.json<ErrorJson>().error.code;

function openRound(session: MemberSession, caseId: string) {
  return session.agent.post(`/api/cases/${caseId}/rounds`);
}

function recuse(session: MemberSession, caseId: string, body?: unknown) {
  return session.agent.post(`/api/cases/${caseId}/recusal`, body);
}

function setStatusInDatabase(caseId: string, status: 'closed' | 'referred') {
  // No API sets "referred" yet (the referral issue), and closing needs a summary and a vote
  // that are not what these tests are about: the row is changed directly.
  return t.db.updateTable('cases').set({ status }).where('id', '=', caseId).execute();
}

beforeAll(async () => {
  const started = await startTeamApp(['Ben', 'Cai', 'Dee']);
  ({ t, team, ana } = started);
  [ben, cai, dee] = started.members;
});
afterAll(async () => {
  await t.close();
});

describe('vote rounds and votes', () => {
  let report: SubmittedReport;
  let caseId: string;

  beforeAll(async () => {
    report = await submitReport(injectAgent(t.app), team.slug);
    caseId = report.caseId;
  });

  it('refuses a vote before any round is open', async () => {
    expectError(await voteOn(ana, caseId, 1), 409, 'no_open_round');
  });

  it('opens round 1, and writes it to the timeline and the audit log', async () => {
    const res = await openRound(ben.session, caseId);
    expect(expectReply(res, 201, 'POST rounds')).toEqual({ number: 1 });
    const events = await t.db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('kind', '=', 'round_opened')
      .execute();
    expect(events.map((e) => [e.actor, e.to_value])).toEqual([[ben.identity.id, '1']]);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.round_opened')
      .execute();
    expect(audit).toEqual([{ member_id: ben.identity.id, details: { round: 1 } }]);
  });

  it('refuses a new round while the current one has not reached the quorum', async () => {
    expectError(await openRound(ana, caseId), 409, 'round_not_finished');
  });

  it('refuses a body on opening a round, but takes an empty object', async () => {
    expectError(await ana.agent.post(`/api/cases/${caseId}/rounds`, { number: 7 }), 400, 'invalid_request');
    // {} is read as "nothing": still refused here, because of the quorum, not the body.
    expectError(await ana.agent.post(`/api/cases/${caseId}/rounds`, {}), 409, 'round_not_finished');
  });

  it('refuses a vote that is not a record item', async () => {
    // A note sealed to the team as a vote is, but not a record.
    const { roster } = await fetchTeam(ana.agent, ana.team.slug);
    const { item: note } = await prepareItem(ana.agent, {
      team: ana.team.id,
      caseId,
      author: ana.member.id,
      signSecretKey: ana.keys.sign.secretKey,
      recipients: itemRecipients(roster, [], null),
      draft: { kind: 'note', text: 'not a vote' },
    });
    expectError(await postVote(ana, caseId, 1, note), 400, 'wrong_item_kind');
  });

  it('refuses a vote in another round than the current one', async () => {
    expectError(await voteOn(ana, caseId, 2), 409, 'wrong_round');
    expectError(await voteOn(ana, caseId, 0), 400, 'invalid_request');
    expectError(await postVote(ana, caseId, 1.5, await voteRecord(ana, caseId, 1)), 400, 'invalid_request');
  });

  it('refuses a malformed submission', async () => {
    const item = await voteRecord(ana, caseId, 1);
    expectError(await ana.agent.post(`/api/cases/${caseId}/votes`, { round: 1 }), 400, 'invalid_request');
    expectError(
      await ana.agent.post(`/api/cases/${caseId}/votes`, { round: 1, item, choice: 'actionable' }),
      400,
      'invalid_request',
    );
    expectError(await ana.agent.post(`/api/cases/${caseId}/votes`, 'x'), 400, 'invalid_request');
  });

  it('refuses a vote signed by someone else, or whose signature does not verify', async () => {
    const bens = await voteRecord(ben.session, caseId, 1);
    expectError(await postVote(ana, caseId, 1, bens), 400, 'wrong_author');
    const forged = await sealTeamRecord(
      ben.session,
      caseId,
      { type: 'vote', round: 1, choice: 'malicious', note: '' },
      { author: ana.member.id },
    );
    expectError(await postVote(ana, caseId, 1, forged), 400, 'bad_signature');
    const elsewhere = await submitReport(injectAgent(t.app), team.slug);
    expectError(
      await postVote(ana, caseId, 1, await voteRecord(ana, elsewhere.caseId, 1)),
      400,
      'wrong_case',
    );
  });

  it('refuses a vote whose grants leave out a member who must read it', async () => {
    expectError(
      await voteOn(ana, caseId, 1, { withheld: [cai.identity.id] }),
      409,
      'grants_do_not_match_roster',
    );
  });

  it('counts a vote towards the quorum, and refuses a second vote in the round', async () => {
    const first = expectReply<VoteCastJson>(await voteOn(ana, caseId, 1), 201, 'vote');
    expect(first).toEqual({ round: 1, votes: 1, quorum: 2, reached: false });
    expectError(await voteOn(ana, caseId, 1), 409, 'already_voted');
    expectError(await openRound(ana, caseId), 409, 'round_not_finished');
    const second = expectReply<VoteCastJson>(await voteOn(ben.session, caseId, 1), 201, 'vote');
    expect(second).toEqual({ round: 1, votes: 2, quorum: 2, reached: true });
    // A round that reached the quorum still takes the votes of the others.
    const third = expectReply<VoteCastJson>(await voteOn(cai.session, caseId, 1), 201, 'vote');
    expect(third).toEqual({ round: 1, votes: 3, quorum: 2, reached: true });
  });

  it('stores who voted and which item, never how, and writes the timeline and the audit log', async () => {
    const votes = await t.db
      .selectFrom('votes')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('cast_at')
      .execute();
    expect(votes.map((v) => [v.round, v.member_id])).toEqual([
      [1, ana.member.id],
      [1, ben.identity.id],
      [1, cai.identity.id],
    ]);
    const items = await t.db
      .selectFrom('items')
      .select(['id', 'kind', 'author', 'audience'])
      .where(
        'id',
        'in',
        votes.map((v) => v.item_id),
      )
      .execute();
    expect(items.every((i) => i.kind === 'record' && i.audience === 'team')).toBe(true);
    const events = await t.db
      .selectFrom('case_events')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('kind', '=', 'vote_cast')
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.actor, e.to_value, e.item_id, e.from_value])).toEqual(
      votes.map((v) => [v.member_id, '1', v.item_id, null]),
    );
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.voted')
      .orderBy('id')
      .execute();
    expect(audit).toEqual(
      votes.map((v) => ({ member_id: v.member_id, details: { round: 1, item: v.item_id } })),
    );
    expect(JSON.stringify(audit)).not.toContain('actionable');
  });

  it('lets every member with access read the vote, and shows the rounds on the case', async () => {
    const view = await openCase(dee.session, caseId);
    const opened = view.items.filter((i) => i.raw.kind === 'record').map((i) => i.body);
    expect(opened).toHaveLength(3);
    expect(opened.every((body) => body.type === 'vote' && body.choice === 'actionable')).toBe(true);
    const rounds = (
      view.raw as unknown as { rounds?: { number: number; votes: unknown[]; reached: boolean }[] }
    ).rounds;
    expect(rounds?.map((r) => [r.number, r.votes.length, r.reached])).toEqual([[1, 3, true]]);
  });

  it('opens the next round once the current one reached the quorum; only it takes votes', async () => {
    expect(expectReply(await openRound(cai.session, caseId), 201, 'round 2')).toEqual({ number: 2 });
    expectError(await voteOn(dee.session, caseId, 1), 409, 'wrong_round');
    expectError(await openRound(ana, caseId), 409, 'round_not_finished');
  });

  it('takes one of two votes sent at once by the same member', async () => {
    const [a, b] = await Promise.all([voteOn(dee.session, caseId, 2), voteOn(dee.session, caseId, 2)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(errorCode(a.status === 409 ? a : b)).toBe('already_voted');
    const stored = await t.db
      .selectFrom('votes')
      .select('item_id')
      .where('case_id', '=', caseId)
      .where('round', '=', 2)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('opens only one of two rounds asked for at once', async () => {
    expectReply(await voteOn(ana, caseId, 2), 201, 'second vote of round 2');
    const [a, b] = await Promise.all([openRound(ana, caseId), openRound(ben.session, caseId)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(errorCode(a.status === 409 ? a : b)).toBe('round_not_finished');
  });

  it('refuses rounds and votes on a closed or referred case', async () => {
    const closed = await submitReport(injectAgent(t.app), team.slug);
    expectReply(await openRound(ana, closed.caseId), 201, 'round on the case before closing');
    for (const status of ['closed', 'referred'] as const) {
      await setStatusInDatabase(closed.caseId, status);
      expectError(await openRound(ana, closed.caseId), 409, 'case_finished');
      expectError(await voteOn(ana, closed.caseId, 1), 409, 'case_finished');
    }
  });

  it('refuses rounds, votes and recusals on a withdrawn case', async () => {
    const reporter: ReporterIdentity = reporterWithoutReceipt();
    const browser: Agent = injectAgent(t.app);
    const withdrawn = await submitReport(browser, team.slug, { reporter });
    expectReply(await openRound(ana, withdrawn.caseId), 201, 'round before withdrawal');
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session');
    expectReply(await browser.post('/api/receipt/withdraw'), 200, 'withdraw');
    expectError(await openRound(ana, withdrawn.caseId), 409, 'case_withdrawn');
    expectError(await voteOn(ana, withdrawn.caseId, 1), 409, 'case_withdrawn');
    expectError(await recuse(ana, withdrawn.caseId), 409, 'case_withdrawn');
  });

  it('answers 404 for a case that does not exist, and 401 without a session', async () => {
    const missing = generateId();
    expectError(await openRound(ana, missing), 404, 'not_found');
    expectError(await voteOn(ana, missing, 1), 404, 'not_found');
    expectError(await recuse(ana, missing), 404, 'not_found');
    const stranger = injectAgent(t.app);
    expectError(await stranger.post(`/api/cases/${caseId}/rounds`), 401, 'unauthorized');
    // A well-formed body: the schema is checked before the session.
    const item = await voteRecord(ana, caseId, 2);
    expectError(await stranger.post(`/api/cases/${caseId}/votes`, { round: 2, item }), 401, 'unauthorized');
    expectError(await stranger.post(`/api/cases/${caseId}/recusal`), 401, 'unauthorized');
  });
});

describe('recusal', () => {
  let caseId: string;
  let other: SubmittedReport;

  beforeAll(async () => {
    caseId = (await submitReport(injectAgent(t.app), team.slug)).caseId;
    other = await submitReport(injectAgent(t.app), team.slug);
    const view = await openCase(dee.session, caseId);
    await postMemberItem(dee.session, view, { kind: 'note', text: 'Dee knows the reported user' });
    await postMemberItem(ana, await openCase(ana, caseId), { kind: 'note', text: 'a note before' });
    expectReply(await patchCase(ana, caseId, { assignee: dee.identity.id }), 200, 'assign Dee');
    expectReply(await openRound(ana, caseId), 201, 'round 1');
  });

  it('refuses a body other than nothing or an empty object', async () => {
    expectError(await recuse(dee.session, caseId, { reason: 'conflict' }), 400, 'invalid_request');
    expectError(await recuse(dee.session, caseId, [1]), 400, 'invalid_request');
  });

  it('deletes every grant the member held on the case, unassigns them, and records it', async () => {
    const held = () =>
      t.db
        .selectFrom('grants')
        .select('object_id')
        .where('case_id', '=', caseId)
        .where('recipient', '=', dee.identity.id)
        .execute();
    expect((await held()).length).toBe(3);
    const res = await recuse(dee.session, caseId, {});
    expect(res.status, res.text).toBe(204);
    expect(await held()).toEqual([]);
    const row = await t.db
      .selectFrom('cases')
      .select('assignee')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row.assignee).toBeNull();
    const events = await t.db
      .selectFrom('case_events')
      .select(['kind', 'actor', 'from_value', 'to_value'])
      .where('case_id', '=', caseId)
      .where('kind', 'in', ['recused', 'assignee'])
      .orderBy('id')
      .execute();
    expect(events.slice(-2)).toEqual([
      { kind: 'recused', actor: dee.identity.id, from_value: null, to_value: null },
      { kind: 'assignee', actor: dee.identity.id, from_value: dee.identity.id, to_value: null },
    ]);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.recused')
      .execute();
    expect(audit).toEqual([{ member_id: dee.identity.id, details: { grants_removed: 3, unassigned: true } }]);
    // The rest of the team keeps theirs.
    const anas = await t.db
      .selectFrom('grants')
      .select('object_id')
      .where('case_id', '=', caseId)
      .where('recipient', '=', ana.member.id)
      .execute();
    expect(anas.length).toBe(3);
  });

  it('refuses a second recusal', async () => {
    expectError(await recuse(dee.session, caseId), 409, 'already_recused');
  });

  it('hides the case from the recused member like a case that does not exist', async () => {
    const missing = await dee.session.agent.get(`/api/cases/${generateId()}`);
    const res = await dee.session.agent.get(`/api/cases/${caseId}`);
    expect(res.status).toBe(404);
    expect(res.json()).toEqual(missing.json());
    const listed = (await listCases(dee.session)).cases.map((c) => c.summary.id);
    expect(listed).not.toContain(caseId);
    expect(listed).toContain(other.caseId);
  });

  it('refuses the recused member any item, round or vote on the case', async () => {
    const view = await openCase(ana, caseId);
    const note = await prepareMemberItem(dee.session, view, { kind: 'note', text: 'still here?' });
    expectError(await dee.session.agent.post(`/api/cases/${caseId}/items`, note.item), 404, 'not_found');
    expectError(await openRound(dee.session, caseId), 404, 'not_found');
    expectError(await voteOn(dee.session, caseId, 1, { withheld: [dee.identity.id] }), 404, 'not_found');
  });

  it('refuses assigning the case to the recused member', async () => {
    expectError(await patchCase(ana, caseId, { assignee: dee.identity.id }), 409, 'member_recused');
  });

  it("requires new items' and votes' grants to leave the recused member out", async () => {
    const view = await openCase(ana, caseId);
    // The helper seals to every active member minus the case's exclusions: Dee included.
    const withDee = await prepareMemberItem(ana, view, { kind: 'note', text: 'to all' });
    expectError(
      await ana.agent.post(`/api/cases/${caseId}/items`, withDee.item),
      409,
      'grants_do_not_match_roster',
    );
    const withoutDee = await prepareMemberItem(
      ana,
      { ...view, excluded: [dee.identity.id] },
      {
        kind: 'note',
        text: 'to all but Dee',
      },
    );
    expectReply(await ana.agent.post(`/api/cases/${caseId}/items`, withoutDee.item), 201, 'note without Dee');
    expectError(await voteOn(ana, caseId, 1), 409, 'grants_do_not_match_roster');
    expectReply(await voteOn(ana, caseId, 1, { withheld: [dee.identity.id] }), 201, 'vote without Dee');
    const deeGrants = await t.db
      .selectFrom('grants')
      .select('object_id')
      .where('case_id', '=', caseId)
      .where('recipient', '=', dee.identity.id)
      .execute();
    expect(deeGrants).toEqual([]);
  });

  it('leaves the case out of re-grants to the recused member, and refuses one made anyway', async () => {
    const work = expectReply<{ objects: { object: string; case: string; grant: string }[] }>(
      await ana.agent.get(`/api/regrants?member=${dee.identity.id}`),
      200,
      'GET /api/regrants',
    );
    expect(work.objects.map((o) => o.case)).not.toContain(caseId);
    const { roster } = await fetchTeam(ana.agent, team.slug);
    const deeKey = roster.active.get(dee.identity.id)?.encPublicKey;
    if (deeKey === undefined) throw new Error('Dee is not in the roster');
    const caseGrant = await t.db
      .selectFrom('grants')
      .select('sealed')
      .where('object_id', '=', caseId)
      .where('recipient', '=', ana.member.id)
      .executeTakeFirstOrThrow();
    const key = unwrapReportKey(caseGrant.sealed.toString('base64url'), ana.keys.enc);
    const [grant] = grantKey(key, [{ id: dee.identity.id, boxPublicKey: deeKey }]);
    expectError(
      await ana.agent.post('/api/regrants', {
        member: dee.identity.id,
        grants: [{ object: caseId, k: grant?.k }],
      }),
      400,
      'regrant_not_allowed',
    );
  });

  it('stops counting the votes of a member who recused after voting', async () => {
    const later = (await submitReport(injectAgent(t.app), team.slug)).caseId;
    expectReply(await openRound(ana, later), 201, 'round 1');
    expectReply(await voteOn(cai.session, later, 1), 201, "Cai's vote");
    expectReply(await voteOn(ana, later, 1), 201, "Ana's vote");
    const before = await ana.agent.get(`/api/cases/${later}`);
    const roundsBefore = before.json<{ rounds: { votes: unknown[]; reached: boolean }[] }>().rounds;
    expect(roundsBefore.map((r) => [r.votes.length, r.reached])).toEqual([[2, true]]);

    expect((await recuse(cai.session, later)).status).toBe(204);
    const after = await ana.agent.get(`/api/cases/${later}`);
    const roundsAfter = after.json<{ rounds: { votes: { member: string }[]; reached: boolean }[] }>().rounds;
    expect(roundsAfter.map((r) => [r.votes.map((v) => v.member), r.reached])).toEqual([
      [[ana.member.id], false],
    ]);
    // The round no longer reached the quorum, so the next one cannot open yet.
    expectError(await openRound(ana, later), 409, 'round_not_finished');
  });

  it('leaves the other members and cases as they were', async () => {
    const view = await openCase(ben.session, caseId);
    expect(view.raw.id).toBe(caseId);
    const recused = (view.raw as unknown as { recused?: string[] }).recused;
    expect(recused).toEqual([dee.identity.id]);
    expectReply(await dee.session.agent.get(`/api/cases/${other.caseId}`), 200, 'the other case');
    expectReply(await voteOn(ben.session, caseId, 1, { withheld: [dee.identity.id] }), 201, "Ben's vote");
  });
});
