/**
 * Appeals (docs/protocol.md 10.9), over the real API on PostgreSQL with real cryptography: the
 * reference a member makes for a closed case, the public check of it, the appeal sent as a report
 * that carries it (linked to the original, within the team's limits, race-free), and the rule
 * that members who voted on the original do not decide the appeal.
 *
 * Ana is an admin; Ben and Cai vote on the original case (the team's quorum is the default, 2);
 * Dee did not vote on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProtocolTime, generateId, hashAppealReference } from '../../crypto/index.js';
import { purgeDueCases } from '../../server/services/retention.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import { makeDueForPurge } from '../helpers/retention.js';
import {
  type ApiResponse,
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
  closeWithSummary,
  createTeamWithService,
  expectError,
  expectReply,
  injectAgent,
  listCaseSummaries,
  postReport,
  prepareReport,
  submitReport,
  voteOn,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let dee: JoinedMember;

interface CaseLinkJson {
  id: string;
  number: number;
}
interface AppealCaseJson {
  id: string;
  number: number;
  appeal_of: CaseLinkJson | null;
  appeals: CaseLinkJson[];
  voted_on_original: boolean;
}
interface ErrorShape {
  error: { code: string; message: string; appeal_after?: string | null };
}

/** A refusal in the error shape: the status, the code, and a message a person can act on. */
function expectRefusal(res: ApiResponse, status: number, code: string): ErrorShape['error'] {
  expectError(res, status, code);
  const { error } = res.json<ErrorShape>();
  expect(error.message).toMatch(/\w/);
  return error;
}

/** A case Ben and Cai voted on, then closed by Ana. */
async function decidedCase(): Promise<string> {
  const { caseId } = await submitReport(injectAgent(t.app), team.slug);
  expectReply(await ben.session.agent.post(`/api/cases/${caseId}/rounds`), 201, 'open round');
  expectReply(await voteOn(ben.session, caseId, 1), 201, 'Ben votes');
  expectReply(await voteOn(cai.session, caseId, 1), 201, 'Cai votes');
  await closeWithSummary(ana, caseId);
  return caseId;
}

function makeReference(session: MemberSession, caseId: string): Promise<ApiResponse> {
  return session.agent.post(`/api/cases/${caseId}/appeal-reference`);
}

async function referenceFor(caseId: string): Promise<string> {
  return expectReply<{ reference: string }>(await makeReference(ana, caseId), 201, 'appeal reference')
    .reference;
}

function check(reference: string): Promise<ApiResponse> {
  return injectAgent(t.app).post('/api/appeals/check', { reference });
}

/** The appellant's browser: a report like any other, carrying the reference. */
async function sendAppeal(reference: string, slug = team.slug): Promise<{ res: ApiResponse; id: string }> {
  const agent = injectAgent(t.app);
  const prepared = await prepareReport(agent, slug, {
    body: { summary: 'I appeal the ban', what_happened: 'I was banned for something I did not do.' },
  });
  const submission = { ...prepared.submission, appeal_reference: reference };
  return { res: await postReport(agent, submission), id: submission.id };
}

async function caseCount(): Promise<number> {
  const row = await t.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function setAppealSettings(settings: { appeals_per_case?: number; appeal_wait_days?: number }) {
  expectReply(await ana.agent.patch('/api/team/settings', settings), 200, 'PATCH /api/team/settings');
}

function openAppealCase(session: MemberSession, caseId: string): Promise<AppealCaseJson> {
  return session.agent
    .get(`/api/cases/${caseId}`)
    .then((res) => expectReply<AppealCaseJson>(res, 200, 'GET /api/cases/{id}'));
}

beforeAll(async () => {
  const started = await startTeamApp(['Ben', 'Cai', 'Dee']);
  ({ t, team, ana } = started);
  [ben, cai, dee] = started.members;
});
afterAll(async () => {
  await t.close();
});

describe('the appeal reference', () => {
  it('is made for a closed case the member may see, shown once, stored only as a hash', async () => {
    const caseId = await decidedCase();
    const reference = await referenceFor(caseId);
    expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    const rows = await t.db
      .selectFrom('appeal_references')
      .selectAll()
      .where('case_id', '=', caseId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.created_by).toBe(ana.member.id);
    expect(rows[0]?.reference_hash).toHaveLength(32);
    // Not the reference: only its hash under the protocol's prefix (crypto/appeal-references.ts).
    const stored = rows[0]?.reference_hash ?? Buffer.alloc(0);
    expect(stored.toString('hex')).not.toContain(Buffer.from(reference.replaceAll('-', '')).toString('hex'));
    expect(new Uint8Array(stored)).toEqual(hashAppealReference(reference));
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'case_id'])
      .where('action', '=', 'appeal.reference_created')
      .execute();
    expect(audit).toContainEqual({ member_id: ana.member.id, case_id: caseId });
  });

  it('is refused for an open case (409), a case the member may not see or that does not exist (404)', async () => {
    const open = await submitReport(injectAgent(t.app), team.slug);
    expectRefusal(await makeReference(ana, open.caseId), 409, 'case_not_finished');
    const hidden = await submitReport(injectAgent(t.app), team.slug, { exclude: [dee.identity.id] });
    expectRefusal(await makeReference(dee.session, hidden.caseId), 404, 'not_found');
    expectRefusal(await makeReference(ana, generateId()), 404, 'not_found');
    const rows = await t.db
      .selectFrom('appeal_references')
      .select('case_id')
      .where('case_id', 'in', [open.caseId, hidden.caseId])
      .execute();
    expect(rows).toEqual([]);
  });

  it('is refused while the team takes no appeals (appeals_per_case 0)', async () => {
    const caseId = await decidedCase();
    await setAppealSettings({ appeals_per_case: 0 });
    try {
      expectRefusal(await makeReference(ana, caseId), 409, 'appeals_off');
    } finally {
      await setAppealSettings({ appeals_per_case: 1 });
    }
  });
});

describe('an appeal', () => {
  let originalId: string;
  let reference: string;
  let appealId: string;

  beforeAll(async () => {
    originalId = await decidedCase();
    reference = await referenceFor(originalId);
  });

  it('is checked anonymously: the team to send it to, as typed or in lower case with spaces', async () => {
    expect(expectReply(await check(reference), 200, 'check')).toEqual({
      team: team.slug,
      appeal_after: null,
    });
    const typed = ` ${reference.toLowerCase().replaceAll('-', ' ')} `;
    expect(expectReply(await check(typed), 200, 'check as typed')).toEqual({
      team: team.slug,
      appeal_after: null,
    });
  });

  it('answers an unknown or malformed reference with the same 404', async () => {
    const unknown = 'ABCD-EFGH-JKMN-PQRS-TVWX';
    for (const bad of [unknown, 'not a reference', 'ABCD-EFGH', 'U'.repeat(20)]) {
      expectRefusal(await check(bad), 404, 'appeal_reference_unknown');
    }
    expectRefusal(await injectAgent(t.app).post('/api/appeals/check', {}), 400, 'invalid_request');
  });

  it('sent with an unknown reference is refused with 404 and nothing is stored', async () => {
    const before = await caseCount();
    const { res, id } = await sendAppeal('ABCD-EFGH-JKMN-PQRS-TVWX');
    expectRefusal(res, 404, 'appeal_reference_unknown');
    expect(await caseCount()).toBe(before);
    expect(await t.db.selectFrom('grants').select('case_id').where('case_id', '=', id).execute()).toEqual([]);
  });

  it('sent to another team than the case’s is refused with 400 and nothing is stored', async () => {
    const other = await createTeamWithService(t.db, { adminName: 'Oz' });
    const before = await caseCount();
    const { res } = await sendAppeal(reference, other.slug);
    expectRefusal(res, 400, 'appeal_wrong_team');
    expect(await caseCount()).toBe(before);
  });

  it('is stored as a case linked to the original, and audited', async () => {
    const { res, id } = await sendAppeal(reference);
    expectReply(res, 201, 'POST /api/reports (appeal)');
    appealId = id;
    const row = await t.db
      .selectFrom('cases')
      .select('appeal_of')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.appeal_of).toBe(originalId);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('case_id', '=', id)
      .where('action', '=', 'appeal.received')
      .execute();
    expect(audit).toEqual([{ member_id: null, details: { appeal_of: originalId } }]);
  });

  it('shows the link both ways: appeal_of on the list and the detail, appeals on the original', async () => {
    const original = await openAppealCase(ana, originalId);
    const appeal = await openAppealCase(ana, appealId);
    expect(appeal.appeal_of).toEqual({ id: originalId, number: original.number });
    expect(original.appeal_of).toBeNull();
    expect(original.appeals).toEqual([{ id: appealId, number: appeal.number }]);
    const { raw } = await listCaseSummaries(ana, '?limit=100');
    const listed = (raw as unknown as { cases: AppealCaseJson[] }).cases;
    expect(listed.find((c) => c.id === appealId)?.appeal_of).toEqual({
      id: originalId,
      number: original.number,
    });
    expect(listed.find((c) => c.id === originalId)?.appeal_of).toBeNull();
  });

  it('reached the limit of one per case: the check and a second appeal say so, nothing stored', async () => {
    expectRefusal(await check(reference), 409, 'appeal_limit_reached');
    const before = await caseCount();
    const { res } = await sendAppeal(reference);
    expectRefusal(res, 409, 'appeal_limit_reached');
    expect(await caseCount()).toBe(before);
  });

  it('is decided without the members who voted on the original: their vote refused, another’s taken', async () => {
    expect((await openAppealCase(ben.session, appealId)).voted_on_original).toBe(true);
    expect((await openAppealCase(dee.session, appealId)).voted_on_original).toBe(false);
    expect((await openAppealCase(ben.session, originalId)).voted_on_original).toBe(false);
    expectReply(await dee.session.agent.post(`/api/cases/${appealId}/rounds`), 201, 'open round');
    const refused = expectRefusal(await voteOn(ben.session, appealId, 1), 409, 'voted_on_original');
    expect(refused.message).toMatch(/voted on the decision this appeal is about/);
    expectRefusal(await voteOn(cai.session, appealId, 1), 409, 'voted_on_original');
    const votes = await t.db
      .selectFrom('votes')
      .select('member_id')
      .where('case_id', '=', appealId)
      .execute();
    expect(votes).toEqual([]);
    expectReply(await voteOn(dee.session, appealId, 1), 201, 'Dee votes');
    expectReply(await voteOn(ana, appealId, 1), 201, 'Ana votes');
  });
});

describe('the team’s limits', () => {
  it('takes exactly one of two appeals racing for a limit of one', async () => {
    const originalId = await decidedCase();
    const reference = await referenceFor(originalId);
    const results = await Promise.all([sendAppeal(reference), sendAppeal(reference)]);
    const statuses = results.map((r) => r.res.status).sort();
    expect(statuses).toEqual([201, 409]);
    const refused = results.find((r) => r.res.status === 409);
    if (refused) expectRefusal(refused.res, 409, 'appeal_limit_reached');
    const appeals = await t.db.selectFrom('cases').select('id').where('appeal_of', '=', originalId).execute();
    expect(appeals).toHaveLength(1);
  });

  it('takes more appeals per case when the team allows them', async () => {
    const originalId = await decidedCase();
    const reference = await referenceFor(originalId);
    await setAppealSettings({ appeals_per_case: 2 });
    try {
      expectReply((await sendAppeal(reference)).res, 201, 'first appeal');
      expectReply((await sendAppeal(reference)).res, 201, 'second appeal');
      expectRefusal((await sendAppeal(reference)).res, 409, 'appeal_limit_reached');
    } finally {
      await setAppealSettings({ appeals_per_case: 1 });
    }
  });

  it('waits the team’s period after closing: 409 appeal_too_early with appeal_after, then taken', async () => {
    const originalId = await decidedCase();
    const reference = await referenceFor(originalId);
    await setAppealSettings({ appeal_wait_days: 3 });
    try {
      const early = expectRefusal(await check(reference), 409, 'appeal_too_early');
      const { finished_at } = await t.db
        .selectFrom('cases')
        .select('finished_at')
        .where('id', '=', originalId)
        .executeTakeFirstOrThrow();
      const after = new Date((finished_at as Date).getTime() + 3 * 86_400_000);
      expect(early.appeal_after).toBe(formatProtocolTime(after));
      const before = await caseCount();
      expectRefusal((await sendAppeal(reference)).res, 409, 'appeal_too_early');
      expect(await caseCount()).toBe(before);
      // Four days later, as far as the case is concerned.
      const closedEarlier = new Date(Date.now() - 4 * 86_400_000);
      await t.db
        .updateTable('cases')
        .set({ finished_at: closedEarlier })
        .where('id', '=', originalId)
        .execute();
      const ok = expectReply<{ team: string; appeal_after: string | null }>(
        await check(reference),
        200,
        'check',
      );
      expect(ok.team).toBe(team.slug);
      expect(Date.parse(ok.appeal_after ?? '')).toBeLessThan(Date.now());
      expectReply((await sendAppeal(reference)).res, 201, 'appeal after the wait');
    } finally {
      await setAppealSettings({ appeal_wait_days: 0 });
    }
  });

  it('refuses every appeal, checked or sent, while the team takes none', async () => {
    const originalId = await decidedCase();
    const reference = await referenceFor(originalId);
    await setAppealSettings({ appeals_per_case: 0 });
    try {
      expectRefusal(await check(reference), 409, 'appeals_off');
      expectRefusal((await sendAppeal(reference)).res, 409, 'appeals_off');
    } finally {
      await setAppealSettings({ appeals_per_case: 1 });
    }
  });

  it('are read and changed through the team settings, and refused out of range', async () => {
    const read = () =>
      ana.agent
        .get('/api/team/settings')
        .then((res) =>
          expectReply<{ appeals_per_case: number; appeal_wait_days: number }>(res, 200, 'settings'),
        );
    expect(await read()).toMatchObject({ appeals_per_case: 1, appeal_wait_days: 0 });
    await setAppealSettings({ appeals_per_case: 3, appeal_wait_days: 14 });
    expect(await read()).toMatchObject({ appeals_per_case: 3, appeal_wait_days: 14 });
    for (const bad of [{ appeals_per_case: -1 }, { appeal_wait_days: 1.5 }, { appeals_per_case: 101 }]) {
      expectRefusal(await ana.agent.patch('/api/team/settings', bad), 400, 'invalid_request');
    }
    expectRefusal(
      await ben.session.agent.patch('/api/team/settings', { appeals_per_case: 0 }),
      403,
      'admin_only',
    );
    await setAppealSettings({ appeals_per_case: 1, appeal_wait_days: 0 });
    expect(await read()).toMatchObject({ appeals_per_case: 1, appeal_wait_days: 0 });
  });
});

describe('the check over its rate limit', () => {
  let limited: TestApp;

  beforeAll(async () => {
    limited = await buildTestApp({ env: { TRUST_PROXY: '127.0.0.1', CONFIDE_PROOF_OF_WORK_BITS: '8' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('asks for a proof of work, as the receipt session does', async () => {
    const agent = injectAgent(limited.app, { headers: { 'x-forwarded-for': '203.0.113.77' } });
    for (let i = 0; i < 10; i++) {
      expectRefusal(
        await agent.post('/api/appeals/check', { reference: 'ABCD-EFGH-JKMN-PQRS-TVWX' }),
        404,
        'appeal_reference_unknown',
      );
    }
    const res = await agent.post('/api/appeals/check', { reference: 'ABCD-EFGH-JKMN-PQRS-TVWX' });
    const error = expectRefusal(res, 429, 'proof_of_work_required') as ErrorShape['error'] & {
      challenge?: { token: string; bits: number };
    };
    expect(error.challenge?.bits).toBe(8);
  });
});

describe('retention', () => {
  it('keeps a case while an appeal of it is decided, then purges it as due', async () => {
    await t.db.updateTable('teams').set({ quorum: 0, retention_days: 1 }).where('id', '=', team.id).execute();
    try {
      await setAppealSettings({ appeals_per_case: 1, appeal_wait_days: 0 });
      const caseId = await decidedCase();
      const appeal = await sendAppeal(await referenceFor(caseId));
      expectReply(appeal.res, 201, 'the appeal');
      await makeDueForPurge(t.db, ana, caseId);
      // Due by its age, but the appeal is open: its voters must stay known, so nothing is purged.
      expect(await purgeDueCases(t.db)).toBe(0);

      await closeWithSummary(ana, appeal.id);
      expect(await purgeDueCases(t.db)).toBe(1);
      const original = await t.db
        .selectFrom('cases')
        .select('purged_at')
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      expect(original.purged_at).not.toBeNull();
    } finally {
      await t.db
        .updateTable('teams')
        .set({ quorum: 2, retention_days: null })
        .where('id', '=', team.id)
        .execute();
    }
  });
});
