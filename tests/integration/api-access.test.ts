/**
 * Who may reach what: a member removed by a signed `remove` entry loses everything at once
 * (even a session opened before); a member of another team learns nothing about this one; a
 * receipt opens its own case only, never another, never internal notes or their files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateId, ready, toBase64Url, randomBytes } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberCaseView,
  type MemberSession,
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
  postMemberItem,
  prepareMemberItem,
  prepareReporterItem,
  readReceiptCase,
  removeMember,
  reporterWithoutReceipt,
  signIn,
  signInFast,
  signRosterEntryFor,
  rosterMemberOf,
  enrolIdentity,
  submitReport,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let cai: JoinedMember;
let reporter: ReporterIdentity;
let reporterBrowser: Agent;
let report: SubmittedReport;
let anaView: MemberCaseView;
let message: PreparedItem;
let note: PreparedItem;

const CAI_PASSPHRASE = 'cai signs in the long way';

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
  cai = await joinTeam(ana, { name: 'Cai', passphrase: CAI_PASSPHRASE });
  reporter = reporterWithoutReceipt();
  reporterBrowser = injectAgent(t.app);
  report = await submitReport(reporterBrowser, team.slug, { reporter, attachments: [file('report.txt')] });
  anaView = await openCase(ana, report.caseId);
  message = await postMemberItem(ana, anaView, {
    kind: 'message',
    text: 'a question',
    attachments: [file('m.txt')],
  });
  note = await postMemberItem(ana, anaView, {
    kind: 'note',
    text: 'between us',
    attachments: [file('n.txt')],
  });
  expectReply(await openReceiptSession(reporterBrowser, reporter), 200, 'receipt session');
});
afterAll(async () => {
  await t.close();
});

function expectStatus(res: ApiResponse, statuses: readonly number[], what: string): void {
  expect(statuses, `${what}: ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
  expect(res.json<ErrorJson>().error.code, what).toEqual(expect.any(String));
}

describe('a removed member', () => {
  it('loses everything at once, including with a session opened before the removal', async () => {
    const ben = await joinTeam(ana, { name: 'Ben', role: 'admin' });
    // Ben signs in on a second device too, and uses the case while still a member.
    const secondDevice = await signInFast(injectAgent(t.app), team.slug, ben.identity);
    const benView = await openCase(ben.session, report.caseId);
    expect(benView.items.map((i) => i.body.text)).toEqual(['a question', 'between us']);
    const item = await prepareMemberItem(ben.session, benView, {
      kind: 'note',
      text: 'written before removal',
    });

    await removeMember(ana, ben.identity.id);

    const [reportFile] = report.attachments;
    if (reportFile === undefined) throw new Error('no file');
    const eve = enrolIdentity({ team: team.id, name: 'Eve' });
    for (const session of [ben.session, secondDevice]) {
      const agent = session.agent;
      const attempts: [string, Promise<ApiResponse>][] = [
        ['GET /api/session', agent.get('/api/session')],
        ['GET /api/cases', agent.get('/api/cases')],
        ['GET /api/cases/{id}', agent.get(`/api/cases/${report.caseId}`)],
        ['PATCH /api/cases/{id}', agent.patch(`/api/cases/${report.caseId}`, { status: 'closed' })],
        ['POST /api/cases/{id}/items', agent.post(`/api/cases/${report.caseId}/items`, item.item)],
        ['GET /api/attachments/{id}', agent.get(`/api/attachments/${reportFile.id}`)],
        ['GET /api/teams/{slug}/members', agent.get(`/api/teams/${team.slug}/members`)],
        [
          'POST /api/teams/{slug}/invitations',
          agent.post(`/api/teams/${team.slug}/invitations`, { role: 'admin' }),
        ],
        [
          'POST /api/teams/{slug}/roster',
          signRosterEntryFor(ana, 'add', rosterMemberOf(eve, 'admin')).then((row) =>
            agent.post(`/api/teams/${team.slug}/roster`, {
              row: { ...row, entry: { ...row.entry, by: ben.identity.id } },
            }),
          ),
        ],
        ['GET /api/regrants', agent.get(`/api/regrants?member=${cai.identity.id}`)],
        [
          'POST /api/regrants',
          agent.post('/api/regrants', {
            member: cai.identity.id,
            grants: [{ object: report.caseId, k: toBase64Url(randomBytes(80)) }],
          }),
        ],
        ['GET /api/audit', agent.get('/api/audit')],
        [
          'DELETE /api/teams/{slug}/members/{id}',
          agent.delete(`/api/teams/${team.slug}/members/${cai.identity.id}`),
        ],
      ];
      for (const [what, attempt] of attempts) expectStatus(await attempt, [401, 404], what);
    }
    // Signing in again fails exactly like a wrong passphrase.
    const again = await injectAgent(t.app).post('/api/session', {
      team: team.slug,
      name: 'Ben',
      auth: ben.identity.credentials.auth,
    });
    const wrong = await injectAgent(t.app).post('/api/session', {
      team: team.slug,
      name: 'Ana',
      auth: toBase64Url(randomBytes(32)),
    });
    expect(again.status).toBe(401);
    expect(again.json()).toEqual(wrong.json());
    // Nothing changed on his way out (Ana's message acknowledged the case before he came).
    const view = await openCase(ana, report.caseId);
    expect(view.raw.status).toBe('acknowledged');
    expect(view.items.map((i) => i.body.text)).toEqual(['a question', 'between us']);
    expect(
      await t.db
        .selectFrom('sessions')
        .select('token_hash')
        .where('member_id', '=', ben.identity.id)
        .execute(),
    ).toEqual([]);
  });

  it('is dropped from assignments and from the recipients of new items', async () => {
    const dee = await joinTeam(ana, { name: 'Dee' });
    expectReply(
      await ana.agent.patch(`/api/cases/${report.caseId}`, { assignee: dee.identity.id }),
      200,
      'assign',
    );
    expect((await openCase(dee.session, report.caseId)).raw.assignee).toBe(dee.identity.id);
    await removeMember(ana, dee.identity.id);
    expect((await openCase(ana, report.caseId)).raw.assignee).toBeNull();
    // An item still granted to Dee is refused; one without her is fine.
    const fresh = await prepareMemberItem(ana, anaView, { kind: 'note', text: 'after Dee left' });
    expect(fresh.item.grants.map((g) => g.to)).not.toContain(dee.identity.id);
    const withDee = {
      ...fresh.item,
      grants: [...fresh.item.grants, { to: dee.identity.id, k: toBase64Url(randomBytes(80)) }],
    };
    expect((await ana.agent.post(`/api/cases/${report.caseId}/items`, withDee)).status).toBe(409);
    expectReply(
      await ana.agent.post(`/api/cases/${report.caseId}/items`, fresh.item),
      201,
      'item without Dee',
    );
  });
});

describe('a member of another team', () => {
  it("gets 404 for the first team's cases, files, members, invitations and roster", async () => {
    const other = await createTeamWithService(t.db, { adminName: 'Zed' });
    const zed = await signInFast(injectAgent(t.app), other.slug, other.admin);
    const missingCase = await zed.agent.get(`/api/cases/${generateId()}`);
    const [reportFile] = report.attachments;
    const [noteFile] = note.attachments;
    if (reportFile === undefined || noteFile === undefined) throw new Error('no file');
    const attempts: [string, ApiResponse, number][] = [
      ['GET /api/cases/{id}', await zed.agent.get(`/api/cases/${report.caseId}`), 404],
      [
        'PATCH /api/cases/{id}',
        await zed.agent.patch(`/api/cases/${report.caseId}`, { status: 'closed' }),
        404,
      ],
      [
        'POST /api/cases/{id}/items',
        await zed.agent.post(`/api/cases/${report.caseId}/items`, message.item),
        404,
      ],
      ['GET /api/attachments/{report file}', await zed.agent.get(`/api/attachments/${reportFile.id}`), 404],
      ['GET /api/attachments/{note file}', await zed.agent.get(`/api/attachments/${noteFile.id}`), 404],
      ['GET /api/teams/{slug}/members', await zed.agent.get(`/api/teams/${team.slug}/members`), 404],
      [
        'POST /api/teams/{slug}/invitations',
        await zed.agent.post(`/api/teams/${team.slug}/invitations`, { role: 'admin' }),
        404,
      ],
      [
        'POST /api/teams/{slug}/roster',
        await zed.agent.post(`/api/teams/${team.slug}/roster`, {
          row: await signRosterEntryFor(
            ana,
            'add',
            rosterMemberOf(enrolIdentity({ team: team.id, name: 'Mole' }), 'admin'),
          ),
        }),
        404,
      ],
      [
        'DELETE /api/teams/{slug}/members/{id}',
        await zed.agent.delete(`/api/teams/${team.slug}/members/${cai.identity.id}`),
        404,
      ],
      ['GET /api/regrants', await zed.agent.get(`/api/regrants?member=${cai.identity.id}`), 404],
      [
        'POST /api/regrants',
        await zed.agent.post('/api/regrants', {
          member: cai.identity.id,
          grants: [{ object: report.caseId, k: toBase64Url(randomBytes(80)) }],
        }),
        404,
      ],
    ];
    for (const [what, res, status] of attempts) {
      expect(res.status, `${what}: ${res.text}`).toBe(status);
    }
    expect(attempts[0]?.[1].json()).toEqual(missingCase.json());
    expect((await listCases(zed)).cases).toEqual([]);
    const audit = await zed.agent.get('/api/audit');
    expect(audit.status).toBe(200);
    expect(audit.text).not.toContain(team.id);
    expect(audit.text).not.toContain(report.caseId);
    expect(audit.text).not.toContain(cai.identity.id);
    // And nothing happened to the first team.
    const members = await t.db.selectFrom('members').select('name').where('team_id', '=', team.id).execute();
    expect(members.map((m) => m.name)).not.toContain('Mole');
  });
});

describe('a receipt session', () => {
  it('reads its own case and the files addressed to the reporter', async () => {
    const mine = await readReceiptCase(reporterBrowser, reporter);
    expect(mine.raw.id).toBe(report.caseId);
    expect(mine.items.map((i) => [i.authorName, i.body.text])).toEqual([['Ana', 'a question']]);
    for (const ref of [...report.attachments, ...message.attachments]) {
      expect(await downloadAttachment(reporterBrowser, ref)).toEqual(
        new TextEncoder().encode(`contents of ${ref.name}`),
      );
    }
  });

  it('never sees internal notes, nor their files', async () => {
    const raw = await reporterBrowser.get('/api/receipt/case');
    expect(raw.text).not.toContain(note.item.id);
    expect(raw.text).not.toContain(note.item.payload.c.slice(0, 40));
    const [noteFile] = note.attachments;
    if (noteFile === undefined) throw new Error('no file');
    const res = await reporterBrowser.get(`/api/attachments/${noteFile.id}`);
    expect(res.status).toBe(404);
    expect(res.json()).toEqual((await reporterBrowser.get(`/api/attachments/${generateId()}`)).json());
  });

  it('cannot read another case or its files, nor write to it', async () => {
    const other = reporterWithoutReceipt();
    const otherBrowser = injectAgent(t.app);
    const otherReport = await submitReport(otherBrowser, team.slug, {
      reporter: other,
      attachments: [file('other.txt')],
    });
    expectReply(await openReceiptSession(otherBrowser, other), 200, 'other receipt');
    const theirs = await readReceiptCase(otherBrowser, other);
    expect(theirs.raw.id).toBe(otherReport.caseId);
    // The first reporter's files are not theirs.
    for (const ref of [...report.attachments, ...message.attachments, ...note.attachments]) {
      expect((await otherBrowser.get(`/api/attachments/${ref.id}`)).status).toBe(404);
    }
    // Nor the other way round.
    const [otherFile] = otherReport.attachments;
    if (otherFile === undefined) throw new Error('no file');
    expect((await reporterBrowser.get(`/api/attachments/${otherFile.id}`)).status).toBe(404);
    // An item for the first case, signed with the first reporter's key, sent in the second session.
    const mine = await readReceiptCase(reporterBrowser, reporter);
    const item = await prepareReporterItem(reporterBrowser, reporter, mine, {
      text: 'through the wrong door',
    });
    const res = await otherBrowser.post('/api/receipt/items', item.item);
    expect(res.status).toBe(400);
    expect(await t.db.selectFrom('items').select('id').where('id', '=', item.item.id).execute()).toEqual([]);
    // A receipt session is not a member session.
    for (const path of ['/api/cases', `/api/cases/${report.caseId}`, `/api/teams/${team.slug}/members`]) {
      expect((await otherBrowser.get(path)).status).toBe(401);
    }
  });

  it('is not opened by a member session, nor kept after signing out', async () => {
    expect((await ana.agent.get('/api/receipt/case')).status).toBe(401);
    const browser = injectAgent(t.app);
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session');
    expect((await browser.get('/api/receipt/case')).status).toBe(200);
    const cookie = [...browser.cookies.entries()];
    expect((await browser.delete('/api/session')).status).toBe(204);
    expect((await browser.get('/api/receipt/case')).status).toBe(401);
    // The old cookie, replayed, opens nothing either.
    const replay = injectAgent(t.app);
    for (const [name, value] of cookie) replay.cookies.set(name, value);
    expect((await replay.get('/api/receipt/case')).status).toBe(401);
  });

  it('of a withdrawn report can still read but no longer write', async () => {
    const withdrawing = reporterWithoutReceipt();
    const browser = injectAgent(t.app);
    await submitReport(browser, team.slug, { reporter: withdrawing });
    expectReply(await openReceiptSession(browser, withdrawing), 200, 'receipt session');
    expectReply(await browser.post('/api/receipt/withdraw'), 200, 'withdraw');
    const mine = await readReceiptCase(browser, withdrawing);
    expect(mine.raw.status).toBe('withdrawn');
    const item = await prepareReporterItem(browser, withdrawing, mine, { text: 'one more thing' });
    expect((await browser.post('/api/receipt/items', item.item)).status).toBe(409);
  });
});

describe('a member who signs out', () => {
  it('cannot use the old session cookie again', async () => {
    const browser = injectAgent(t.app);
    const session = await signIn(browser, team.slug, 'Cai', CAI_PASSPHRASE);
    expect((await listCases(session)).cases.length).toBeGreaterThan(0);
    const cookie = [...browser.cookies.entries()];
    expect((await browser.delete('/api/session')).status).toBe(204);
    // Only the known-device cookie stays (it exempts this browser from the per-name sign-in
    // limit, and opens nothing: the replay below carries it too).
    expect([...browser.cookies.keys()]).toEqual(['confide_device']);
    const replay = injectAgent(t.app);
    for (const [name, value] of cookie) replay.cookies.set(name, value);
    expect((await replay.get('/api/cases')).status).toBe(401);
  });
});
