/**
 * Exclusions (docs/protocol.md 9.3): a member the reporter excluded never sees the case: not in
 * lists, not by id, not through its files, not as an assignee, not through a re-grant, not in
 * workload counts or the audit log. The rest of the team sees who was excluded.
 *
 * Ben is an admin, so that the admin-only ways in (re-grants, audit) are tried too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateId, grantKey, ready, unwrapReportKey } from '../../crypto/index.js';
import { up as migrateLegacyRegrants } from '../../migrations/0007_legacy_regrant_events.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type AuditEventJson,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberCaseView,
  type MemberSession,
  type MemberViewJson,
  type PreparedItem,
  type ReporterIdentity,
  type SubmittedReport,
  createTeamWithService,
  downloadAttachment,
  expectReply,
  injectAgent,
  joinTeam,
  listCases,
  openCase,
  openReceiptSession,
  patchCase,
  postMemberItem,
  postReport,
  postReporterItem,
  prepareMemberItem,
  prepareReport,
  prepareReporterItem,
  readReceiptCase,
  regrant,
  reporterWithoutReceipt,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let dee: JoinedMember;
let reporter: ReporterIdentity;
let reporterBrowser: Agent;
/** Excludes Ben. */
let hidden: SubmittedReport;
/** Excludes nobody. */
let open: SubmittedReport;
let anaView: MemberCaseView;
let message: PreparedItem;
let note: PreparedItem;
let answer: PreparedItem;

const file = (name: string) => ({
  name,
  type: 'text/plain',
  bytes: new TextEncoder().encode(`contents of ${name}`),
});

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben', role: 'admin' });
  cai = await joinTeam(ana, { name: 'Cai' });
  dee = await joinTeam(ana, { name: 'Dee' });
  reporter = reporterWithoutReceipt();
  reporterBrowser = injectAgent(t.app);
  hidden = await submitReport(reporterBrowser, team.slug, {
    reporter,
    exclude: [ben.identity.id],
    attachments: [file('report.txt')],
  });
  open = await submitReport(injectAgent(t.app), team.slug, { attachments: [file('open.txt')] });
  anaView = await openCase(ana, hidden.caseId);
  message = await postMemberItem(ana, anaView, {
    kind: 'message',
    text: 'to the reporter',
    attachments: [file('m.txt')],
  });
  note = await postMemberItem(ana, anaView, { kind: 'note', text: 'internal', attachments: [file('n.txt')] });
  expectReply(await openReceiptSession(reporterBrowser, reporter), 200, 'receipt session');
  answer = await postReporterItem(
    reporterBrowser,
    reporter,
    await readReceiptCase(reporterBrowser, reporter),
    {
      text: 'the answer',
      attachments: [file('a.txt')],
    },
  );
});
afterAll(async () => {
  await t.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An audit reply with what must differ between two teams built alike put aside: each id becomes
 * the order in which it first appears, the slug a word, and the times (the clock moved on) go.
 * Everything else, numbers included, is kept as sent.
 */
function sameWhereverTeamsDiffer(events: readonly Record<string, unknown>[], slug: string): unknown[] {
  const ids = new Map<string, string>();
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value === slug) return 'the slug';
      if (!UUID.test(value)) return value;
      if (!ids.has(value)) ids.set(value, `id ${ids.size + 1}`);
      return ids.get(value);
    }
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visit(inner)]));
    }
    return value;
  };
  return events.map(({ at, ...rest }) => {
    expect(typeof at === 'string' && !Number.isNaN(Date.parse(at)), String(at)).toBe(true);
    return visit(rest);
  });
}

/** What Ben gets for the hidden case must be exactly what anyone gets for a case that does not exist. */
function expectSameAsMissing(res: ApiResponse, missing: ApiResponse): void {
  expect(res.status, res.text).toBe(404);
  expect(res.json<ErrorJson>()).toEqual(missing.json<ErrorJson>());
}

describe('the rest of the team', () => {
  it('sees who was excluded, in the list, on the case and in the body', async () => {
    const list = await listCases(ana);
    const summary = list.cases.find((c) => c.summary.id === hidden.caseId);
    expect(summary?.summary.excluded).toEqual([ben.identity.id]);
    expect(list.cases.find((c) => c.summary.id === open.caseId)?.summary.excluded).toEqual([]);
    const view = await openCase(cai.session, hidden.caseId);
    expect(view.raw.excluded).toEqual([ben.identity.id]);
    expect(view.body.excluded).toEqual([ben.identity.id]);
    expect(view.items.map((i) => i.body.text)).toEqual(['to the reporter', 'internal', 'the answer']);
  });

  it('and so does the reporter', async () => {
    const mine = await readReceiptCase(reporterBrowser, reporter);
    expect(mine.raw.excluded).toEqual([ben.identity.id]);
  });
});

describe('an excluded member', () => {
  it('does not find the case in the list, but still finds the others', async () => {
    const list = await listCases(ben.session);
    expect(list.cases.map((c) => c.summary.id)).toEqual([open.caseId]);
    expect(list.raw.next).toBeNull();
    // Nor learns that it exists from the list's count.
    expect(list.raw.total).toBe(1);
  });

  it('gets the same 404 for the case as for a case that does not exist', async () => {
    const missing = await ben.session.agent.get(`/api/cases/${generateId()}`);
    expectSameAsMissing(await ben.session.agent.get(`/api/cases/${hidden.caseId}`), missing);
  });

  it('gets a 404 for every file of the case: the report, the message, the note, the answer', async () => {
    const missing = await ben.session.agent.get(`/api/attachments/${generateId()}`);
    const files = [...hidden.attachments, ...message.attachments, ...note.attachments, ...answer.attachments];
    expect(files).toHaveLength(4);
    for (const ref of files) {
      expectSameAsMissing(await ben.session.agent.get(`/api/attachments/${ref.id}`), missing);
      // Ana can fetch each one: the 404 is about Ben.
      expect(await downloadAttachment(ana.agent, ref)).toEqual(
        new TextEncoder().encode(`contents of ${ref.name}`),
      );
    }
    const [openFile] = open.attachments;
    if (openFile === undefined) throw new Error('no file');
    expect(await downloadAttachment(ben.session.agent, openFile)).toEqual(
      new TextEncoder().encode('contents of open.txt'),
    );
  });

  it('cannot change the case or write to it', async () => {
    const missing = await ben.session.agent.patch(`/api/cases/${generateId()}`, { status: 'closed' });
    expectSameAsMissing(await patchCase(ben.session, hidden.caseId, { status: 'closed' }), missing);
    expectSameAsMissing(await patchCase(ben.session, hidden.caseId, { assignee: ben.identity.id }), missing);
    const item = await prepareMemberItem(
      ben.session,
      { ...anaView, excluded: [] },
      { kind: 'note', text: 'mine' },
    );
    const res = await ben.session.agent.post(`/api/cases/${hidden.caseId}/items`, item.item);
    expect(res.status).toBe(404);
    // Ana's message acknowledged the case; nothing Ben tried moved it further.
    expect((await openCase(ana, hidden.caseId)).raw.status).toBe('acknowledged');
  });

  it('cannot be assigned the case', async () => {
    const res = await patchCase(ana, hidden.caseId, { assignee: ben.identity.id });
    expect(res.status).toBe(400);
    expect(res.json<ErrorJson>().error.code).toBe('assignee_not_allowed');
    expect((await openCase(ana, hidden.caseId)).raw.assignee).toBeNull();
  });

  it('is never granted a new item of the case, by a member or by the reporter', async () => {
    const withBen = { ...anaView, excluded: [] };
    const item = await prepareMemberItem(ana, withBen, { kind: 'note', text: 'for Ben too' });
    expect(item.item.grants.map((g) => g.to)).toContain(ben.identity.id);
    const res = await ana.agent.post(`/api/cases/${hidden.caseId}/items`, item.item);
    expect(res.status).toBe(409);

    const mine = await readReceiptCase(reporterBrowser, reporter);
    const fromReporter = await prepareReporterItem(
      reporterBrowser,
      reporter,
      { ...mine, excluded: [] },
      { text: 'to all' },
    );
    expect(fromReporter.item.grants.map((g) => g.to)).toContain(ben.identity.id);
    expect((await reporterBrowser.post('/api/receipt/items', fromReporter.item)).status).toBe(409);
  });

  it('cannot be re-granted the case or its items, by any admin', async () => {
    // What Ana's browser is offered to re-grant to Ben: nothing of the hidden case.
    const work = expectReply<{ objects: { object: string; case: string }[] }>(
      await ana.agent.get(`/api/regrants?member=${ben.identity.id}`),
      200,
      'GET /api/regrants',
    );
    expect(work.objects.filter((o) => o.case === hidden.caseId)).toEqual([]);

    // Ana's browser re-grants anyway, with keys it can open: the case, each item.
    const objects = [
      { id: hidden.caseId, grant: anaView.raw.grant },
      ...anaView.raw.items.map((i) => ({ id: i.id, grant: i.grant })),
    ];
    for (const object of objects) {
      const key = unwrapReportKey(object.grant, ana.keys.enc);
      const [grant] = grantKey(key, [{ id: ben.identity.id, boxPublicKey: ben.identity.keys.enc.publicKey }]);
      const res = await ana.agent.post('/api/regrants', {
        member: ben.identity.id,
        grants: [{ object: object.id, k: grant?.k }],
      });
      expect(res.status, res.text).toBe(400);
    }
    const bens = await t.db
      .selectFrom('grants')
      .select('object_id')
      .where('case_id', '=', hidden.caseId)
      .where('recipient', '=', ben.identity.id)
      .execute();
    expect(bens).toEqual([]);
    expect((await ben.session.agent.get(`/api/cases/${hidden.caseId}`)).status).toBe(404);
  });

  it('does not see the case in what it could re-grant to a newcomer', async () => {
    const eve = await joinTeam(ana, { name: 'Eve', regrant: false });
    const work = expectReply<{ objects: { case: string }[] }>(
      await ben.session.agent.get(`/api/regrants?member=${eve.identity.id}`),
      200,
      'GET /api/regrants',
    );
    expect(work.objects.map((o) => o.case)).not.toContain(hidden.caseId);
    // While Ana re-grants it, items included, and Eve reads everything.
    await regrant(ana, eve.identity.id);
    const view = await openCase(eve.session, hidden.caseId);
    expect(view.body.what_happened).toBe(hidden.body.what_happened);
    expect(view.items.map((i) => i.body.text)).toEqual(['to the reporter', 'internal', 'the answer']);
  });

  it('does not see the case counted in anyone’s workload', async () => {
    expectReply(await patchCase(ana, hidden.caseId, { assignee: cai.identity.id }), 200, 'assign hidden');
    expectReply(await patchCase(ana, open.caseId, { assignee: dee.identity.id }), 200, 'assign open');
    const load = async (viewer: MemberSession): Promise<Record<string, number>> => {
      const { members } = expectReply<{ members: MemberViewJson[] }>(
        await viewer.agent.get(`/api/teams/${team.slug}/members`),
        200,
        'GET /api/teams/{slug}/members',
      );
      return Object.fromEntries(members.map((m) => [m.name, m.open_cases]));
    };
    expect(await load(ana)).toMatchObject({ Cai: 1, Dee: 1 });
    expect(await load(ben.session)).toMatchObject({ Cai: 0, Dee: 1 });
  });

  it('does not find the case in the audit log, though other admins do', async () => {
    expectReply(await patchCase(ana, hidden.caseId, { status: 'investigating' }), 200, 'PATCH');
    const audit = async (viewer: MemberSession) =>
      expectReply<{ events: AuditEventJson[] }>(await viewer.agent.get('/api/audit'), 200, 'GET /api/audit');
    const anas = await audit(ana);
    expect(anas.events.filter((e) => e.case === hidden.caseId).map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.opened', 'item.message', 'item.note', 'case.updated']),
    );
    const res = await ben.session.agent.get('/api/audit');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(hidden.caseId);
    for (const ref of [
      ...hidden.attachments,
      ...message.attachments,
      ...note.attachments,
      ...answer.attachments,
    ]) {
      expect(res.text).not.toContain(ref.id);
    }
    for (const item of [message, note, answer]) expect(res.text).not.toContain(item.item.id);
    // The log itself is not withheld: events of the case Ben may see are there.
    expect(res.json<{ events: AuditEventJson[] }>().events.some((e) => e.case === open.caseId)).toBe(true);
  });

  it('does not learn from a re-grant that a hidden case exists', async () => {
    // Fay joins after both cases; Ana's re-grant gives her the hidden case and the open one.
    const fay = await joinTeam(ana, { name: 'Fay' });
    const regrants = (events: AuditEventJson[]) =>
      events.filter((e) => e.action === 'case.regranted' && e.details.member === fay.identity.id);
    const audit = async (viewer: MemberSession) =>
      expectReply<{ events: AuditEventJson[] }>(await viewer.agent.get('/api/audit'), 200, 'GET /api/audit')
        .events;
    // Ana sees one event per case, each naming its case.
    expect(regrants(await audit(ana)).map((e) => e.case)).toEqual(
      expect.arrayContaining([hidden.caseId, open.caseId]),
    );
    // Ben sees the open case's, and nothing that counts the hidden case's objects.
    const bens = regrants(await audit(ben.session));
    expect(bens.map((e) => e.case)).toContain(open.caseId);
    expect(bens.map((e) => e.case)).not.toContain(hidden.caseId);
    expect(bens.every((e) => e.case !== null)).toBe(true);
  });

  it('does not learn of the hidden case from a re-grant logged before events were per case', async () => {
    // Logs written before re-grants were recorded per case hold one team-wide event per request,
    // counting every object re-granted; migration 0007 scrubs the count. One such event from
    // before the hidden case arrived, and one from after (which may have covered it).
    const { created_at: hiddenAt } = await t.db
      .selectFrom('cases')
      .select('created_at')
      .where('id', '=', hidden.caseId)
      .executeTakeFirstOrThrow();
    const legacy = (at: Date, objects: number) => ({
      team_id: team.id,
      member_id: ana.member.id,
      case_id: null,
      action: 'cases.regranted',
      details: JSON.stringify({ member: dee.identity.id, objects }),
      at,
    });
    const beforeAt = new Date(hiddenAt.getTime() - 60_000);
    const afterAt = new Date(hiddenAt.getTime() + 1);
    await t.db
      .insertInto('audit_events')
      .values([legacy(beforeAt, 3), legacy(afterAt, 7)])
      .execute();
    await migrateLegacyRegrants(t.db);
    // Stored: who re-granted, to whom and when, and no count.
    const stored = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'case_id', 'action', 'details', 'at'])
      .where('action', '=', 'cases.regranted')
      .orderBy('id')
      .execute();
    expect(stored).toEqual(
      [beforeAt, afterAt].map((at) => ({
        member_id: ana.member.id,
        case_id: null,
        action: 'cases.regranted',
        details: { member: dee.identity.id },
        at,
      })),
    );

    // The reply carries no id, so the two are told apart by their time (sent to the second).
    const [before, after] = [beforeAt, afterAt].map((at) => at.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const legacyEvents = async (viewer: MemberSession) => {
      const res = await viewer.agent.get('/api/audit?action=cases.regranted');
      const { events } = expectReply<{ events: AuditEventJson[] }>(res, 200, 'GET /api/audit');
      return events.map((e) => ({ at: e.at, case: e.case, details: e.details }));
    };
    // The rest of the team keeps the record of both re-grants.
    expect(await legacyEvents(ana)).toEqual([
      { at: after, case: null, details: { member: dee.identity.id } },
      { at: before, case: null, details: { member: dee.identity.id } },
    ]);
    // Ben sees the one from before the hidden case, without a count, and not the later one.
    expect(await legacyEvents(ben.session)).toEqual([
      { at: before, case: null, details: { member: dee.identity.id } },
    ]);
    const whole = await ben.session.agent.get('/api/audit');
    expect(whole.status).toBe(200);
    const bens = whole
      .json<{ events: AuditEventJson[] }>()
      .events.filter((e) => e.action === 'cases.regranted');
    expect(bens.map((e) => e.at)).toEqual([before]);
    expect(bens.filter((e) => 'objects' in e.details)).toEqual([]);
  });

  it('cannot tell from the audit log that events were withheld: it reads as if the case never was', async () => {
    // Two teams built step by step alike, each with admins Ana and Ben. In the first, a case that
    // excludes Ben is worked on between events he sees; the second never had that case. It is the
    // newest case, so the visible cases keep the same numbers in both: a gap in case numbers is
    // the one trace left, the same as in the case list (docs/threat-model.md 3.8).
    const bensLog = async (withHiddenCase: boolean) => {
      const twin = await createTeamWithService(t.db, { adminName: 'Ana' });
      const admin = await signInFast(injectAgent(t.app), twin.slug, twin.admin);
      const other = await joinTeam(admin, { name: 'Ben', role: 'admin' });
      const seen = await submitReport(injectAgent(t.app), twin.slug);
      await openCase(admin, seen.caseId);
      if (withHiddenCase) {
        const unseen = await submitReport(injectAgent(t.app), twin.slug, { exclude: [other.identity.id] });
        const view = await openCase(admin, unseen.caseId);
        await postMemberItem(admin, view, { kind: 'note', text: 'between' });
        expectReply(await patchCase(admin, unseen.caseId, { status: 'investigating' }), 200, 'PATCH');
      }
      expectReply(
        await admin.agent.post(`/api/cases/${seen.caseId}/local-actions`, { action: 'printed' }),
        204,
        'printed',
      );
      await openCase(other.session, seen.caseId);
      const { events } = expectReply<{ events: Record<string, unknown>[] }>(
        await other.session.agent.get('/api/audit'),
        200,
        'GET /api/audit',
      );
      return { events, slug: twin.slug };
    };
    const withHidden = await bensLog(true);
    const without = await bensLog(false);
    expect(withHidden.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.opened', 'case.printed']),
    );
    // No event carries a number of its own (an id, a position in a sequence) whose gaps could count
    // what was left out: only these fields, of which `case_number` is the team's case number.
    for (const event of [...withHidden.events, ...without.events]) {
      expect(Object.keys(event).sort()).toEqual(['action', 'at', 'case', 'case_number', 'details', 'member']);
    }
    expect(sameWhereverTeamsDiffer(withHidden.events, withHidden.slug)).toEqual(
      sameWhereverTeamsDiffer(without.events, without.slug),
    );
  });
});

describe('exclusions that cannot be honoured', () => {
  it('refuses to exclude someone who is not an active member with a 409', async () => {
    const report = await prepareReport(injectAgent(t.app), team.slug);
    for (const stranger of [generateId(), team.id]) {
      const res = await postReport(injectAgent(t.app), { ...report.submission, excluded: [stranger] });
      expect(res.status, res.text).toBe(409);
      expect(res.json<ErrorJson>().error.code).toBe('excluded_not_member');
    }
  });

  it('refuses to exclude everyone with a 400', async () => {
    const report = await prepareReport(injectAgent(t.app), team.slug);
    const everyone = report.submission.grants.map((g) => g.to).filter((to) => to !== 'reporter');
    const res = await postReport(injectAgent(t.app), {
      ...report.submission,
      excluded: everyone,
      grants: report.submission.grants.filter((g) => g.to === 'reporter'),
    });
    expect(res.status, res.text).toBe(400);
    expect(res.json<ErrorJson>().error.code).toBe('no_recipient_left');
  });

  it('refuses an excluded member who is still granted, or a granted one left out, with a 409', async () => {
    const report = await prepareReport(injectAgent(t.app), team.slug);
    // Ben excluded, but his grant kept.
    const res = await postReport(injectAgent(t.app), { ...report.submission, excluded: [ben.identity.id] });
    expect(res.status).toBe(409);
    // Ben's grant dropped, but Cai named as the excluded one.
    const swapped = await postReport(injectAgent(t.app), {
      ...report.submission,
      excluded: [cai.identity.id],
      grants: report.submission.grants.filter((g) => g.to !== ben.identity.id),
    });
    expect(swapped.status).toBe(409);
  });
});
