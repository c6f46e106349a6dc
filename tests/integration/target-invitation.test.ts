/**
 * The target invited in (docs/protocol.md 8.5, issue 13 item 2), over the real API on PostgreSQL
 * with real cryptography. On a third-party report a member's browser makes a receipt for the
 * person targeted and signs its public keys over the case; the target opens the case with it and
 * reads and writes only their own thread with the team, never the report or the reporter's
 * thread, and the reporter is told the target was invited without ever seeing that thread.
 *
 * Ana is an admin; Ben is a member; Cai is a member the reporter excludes from the first case.
 * Every refusal is checked by its status, its code, and the database holding nothing of it.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateId,
  keyToBase64,
  randomBytes,
  toBase64Url,
  verifyTargetInvitation,
} from '../../crypto/index.js';
import * as caseReceiptsMigration from '../../migrations/0013_case_receipts.js';
import type { TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
  type MemberTargetView,
  type ReporterIdentity,
  type SubmittedReport,
  type TargetCaseView,
  createTeamWithService,
  downloadAttachment,
  expectError,
  expectReply,
  injectAgent,
  inviteTarget,
  joinTeam,
  newReporter,
  openCaseWithTarget,
  openReceiptSession,
  openTargetSession,
  postCaseItem,
  postMemberItem,
  postReporterItem,
  postTargetInvitation,
  prepareMemberItem,
  prepareMemberTargetItem,
  prepareReporterItem,
  prepareTargetItem,
  readReceiptCase,
  readTargetCase,
  reporterWithoutReceipt,
  signInFast,
  submitReport,
  targetInvitation,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
/** The admin of another team on the same server. */
let zoe: MemberSession;

interface ErrorShape {
  error: { code: string; message: string };
}

/** A refusal in the error shape: the status, the code, and a message a person can act on. */
function expectRefusal(res: ApiResponse, status: number, code: string): void {
  expectError(res, status, code);
  expect(res.json<ErrorShape>().error.message).toMatch(/\w/);
}

/** A third-party report (the reporter saw it happen to someone else). */
function thirdPartyReport(draft: Parameters<typeof submitReport>[2] = {}): Promise<SubmittedReport> {
  return submitReport(injectAgent(t.app), team.slug, {
    ...draft,
    body: {
      reporter_role: 'third_party',
      summary: 'Someone is being hounded on their talk page',
      ...draft.body,
    },
  });
}

/** A browser holding a receipt session opened with `receipt` (a reporter's or a target's). */
async function receiptBrowser(receipt: ReporterIdentity): Promise<{ agent: Agent; reply: unknown }> {
  const agent = injectAgent(t.app);
  const reply = expectReply(await openReceiptSession(agent, receipt), 200, 'POST /api/receipt/session');
  return { agent, reply };
}

/** Everything an invitation stores for a case: its target receipt row, case event and audit event. */
async function invitationTraces(caseId: string) {
  const receipts = await t.db
    .selectFrom('case_receipts')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('role', '=', 'target')
    .execute();
  const events = await t.db
    .selectFrom('case_events')
    .select(['actor'])
    .where('case_id', '=', caseId)
    .where('kind', '=', 'target_invited')
    .execute();
  const audits = await t.db
    .selectFrom('audit_events')
    .select(['member_id'])
    .where('case_id', '=', caseId)
    .where('action', '=', 'case.target_invited')
    .execute();
  return { receipts, events, audits };
}

async function expectNoInvitation(caseId: string): Promise<void> {
  expect(await invitationTraces(caseId)).toEqual({ receipts: [], events: [], audits: [] });
}

/** The ids of a case's items, with how many grants each has: what a refused item must not change. */
async function storedItems(caseId: string): Promise<Record<string, number>> {
  const rows = await t.db
    .selectFrom('items')
    .leftJoin('grants', 'grants.object_id', 'items.id')
    .select(['items.id', (eb) => eb.fn.count<string>('grants.recipient').as('grants')])
    .where('items.case_id', '=', caseId)
    .groupBy('items.id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.id, Number(row.grants)]));
}

async function expectNotStored(itemId: string): Promise<void> {
  const items = await t.db.selectFrom('items').select('id').where('id', '=', itemId).execute();
  const grants = await t.db
    .selectFrom('grants')
    .select('recipient')
    .where('object_id', '=', itemId)
    .execute();
  expect({ items, grants }).toEqual({ items: [], grants: [] });
}

async function caseStatus(caseId: string): Promise<string> {
  const row = await t.db
    .selectFrom('cases')
    .select('status')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** A case with a target invited in by Ana: the reporter's and the target's browsers, signed in. */
async function invitedCase() {
  const report = await thirdPartyReport();
  const target = reporterWithoutReceipt();
  await inviteTarget(ana, report.caseId, target);
  const reporterBrowser = (await receiptBrowser(report.reporter)).agent;
  const targetBrowser = (await receiptBrowser(target)).agent;
  return { report, target, reporterBrowser, targetBrowser };
}

beforeAll(async () => {
  const started = await startTeamApp(['Ben', 'Cai']);
  ({ t, team, ana } = started);
  [ben, cai] = started.members;
  const other = await createTeamWithService(t.db, { adminName: 'Zoe' });
  zoe = await signInFast(injectAgent(t.app), other.slug, other.admin);
});
afterAll(async () => {
  await t.close();
});

describe('a member invites the target in, who then has a thread of their own with the team', () => {
  const reportFile = { name: 'screenshot.png', type: 'image/png', bytes: randomBytes(700) };
  const targetFile = { name: 'my-side.txt', type: 'text/plain', bytes: new TextEncoder().encode('my side') };
  const answerFile = {
    name: 'answer.txt',
    type: 'text/plain',
    bytes: new TextEncoder().encode('the answer'),
  };
  let report: SubmittedReport;
  /** A real receipt, made and derived as a reporter's is. */
  let target: ReporterIdentity;
  let invitedAt: string;
  let reporterBrowser: Agent;
  let targetBrowser: Agent;
  let toReporterId: string;
  let toTargetId: string;
  let answerId: string;
  let memberView: MemberTargetView;
  let targetView: TargetCaseView;

  beforeAll(async () => {
    report = await thirdPartyReport({
      reporter: newReporter(),
      exclude: [cai.identity.id],
      attachments: [reportFile],
    });
    target = newReporter();
    reporterBrowser = (await receiptBrowser(report.reporter)).agent;
    // Ben answers the reporter first: the reporter's thread, which the target must never see.
    const view = await openCaseWithTarget(ben.session, report.caseId);
    const toReporter = await postMemberItem(
      ben.session,
      { raw: view.raw, excluded: view.excluded, reporterBoxPk: view.raw.reporter.box_pk },
      { text: 'Thank you for telling us; we are looking into it.' },
    );
    toReporterId = toReporter.item.id;
  });

  it('refuses a message to the target before anyone was invited (400 no_target), storing nothing', async () => {
    const view = await openCaseWithTarget(ben.session, report.caseId);
    expect(view.target).toBeNull();
    const made = reporterWithoutReceipt();
    // As a client would seal it had it some target's key: the server must refuse the audience.
    const prepared = await prepareMemberTargetItem(
      ben.session,
      {
        ...view,
        target: { boxPk: keyToBase64(made.keys.box.publicKey), signPublicKey: made.keys.sign.publicKey },
      },
      { text: 'Hello, are you all right?' },
    );
    const before = await storedItems(report.caseId);
    expectRefusal(await postCaseItem(ben.session, report.caseId, prepared.item), 400, 'no_target');
    await expectNotStored(prepared.item.id);
    expect(await storedItems(report.caseId)).toEqual(before);
  });

  it('stores the invitation: 201 with invited_at, the receipt row, a case event and an audit event', async () => {
    const statusBefore = await caseStatus(report.caseId);
    invitedAt = await inviteTarget(ana, report.caseId, target);
    expect(invitedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const { receipts, events, audits } = await invitationTraces(report.caseId);
    expect(receipts).toHaveLength(1);
    const row = receipts[0];
    expect(row?.invited_by).toBe(ana.member.id);
    // Only the lookup's hash and the public keys: the receipt itself never left Ana's browser.
    expect(new Uint8Array(row?.lookup_hash ?? Buffer.alloc(0))).toEqual(target.keys.lookupHash);
    expect(new Uint8Array(row?.box_pk ?? Buffer.alloc(0))).toEqual(target.keys.box.publicKey);
    expect(new Uint8Array(row?.sign_pk ?? Buffer.alloc(0))).toEqual(target.keys.sign.publicKey);
    expect(row?.invitation_sig).toHaveLength(64);
    expect(events).toEqual([{ actor: ana.member.id }]);
    expect(audits).toEqual([{ member_id: ana.member.id }]);
    // An invitation is no step of the reporter's story.
    expect(await caseStatus(report.caseId)).toBe(statusBefore);
  });

  it("gives members the target's keys, signed by the inviter over this case and by nobody else", async () => {
    memberView = await openCaseWithTarget(ben.session, report.caseId);
    const served = memberView.raw.target;
    expect(served).toEqual({
      box_pk: keyToBase64(target.keys.box.publicKey),
      sign_pk: keyToBase64(target.keys.sign.publicKey),
      invited_by: ana.member.id,
      invited_at: invitedAt,
      sig: expect.any(String) as string,
    });
    if (served === null) throw new Error('no target served');
    const claim = { case: report.caseId, box_pk: served.box_pk, sign_pk: served.sign_pk };
    expect(verifyTargetInvitation(keyToBase64(ana.keys.sign.publicKey), served.sig, claim)).toBe(true);
    expect(verifyTargetInvitation(keyToBase64(ben.session.keys.sign.publicKey), served.sig, claim)).toBe(
      false,
    );
    expect(
      verifyTargetInvitation(keyToBase64(ana.keys.sign.publicKey), served.sig, {
        ...claim,
        case: generateId(),
      }),
    ).toBe(false);
    expect(memberView.raw.events).toContainEqual(
      expect.objectContaining({ kind: 'target_invited', actor: ana.member.id }),
    );
  });

  it('opens a receipt session for the target in the role target', async () => {
    targetBrowser = injectAgent(t.app);
    const res = await openTargetSession(targetBrowser, target);
    expect(expectReply(res, 200, 'POST /api/receipt/session')).toEqual({
      case: report.caseId,
      role: 'target',
    });
    // The reporter's receipt still opens the same case as its reporter.
    const again = await openReceiptSession(injectAgent(t.app), report.reporter);
    expect(expectReply(again, 200, 'POST /api/receipt/session')).toEqual({
      case: report.caseId,
      role: 'reporter',
    });
  });

  it("lets a member write to the target, sealed to the team and the target's invited keys", async () => {
    const statusBefore = await caseStatus(report.caseId);
    const prepared = await prepareMemberTargetItem(ben.session, memberView, {
      text: 'We were told you are being harassed. Can we help?',
      attachments: [targetFile],
    });
    expectReply(
      await postCaseItem(ben.session, report.caseId, prepared.item),
      201,
      'POST /api/cases/{id}/items',
    );
    toTargetId = prepared.item.id;
    const grants = await t.db
      .selectFrom('grants')
      .select('recipient')
      .where('object_id', '=', toTargetId)
      .execute();
    expect(grants.map((g) => g.recipient).sort()).toEqual([ana.member.id, ben.identity.id, 'target'].sort());
    const stored = await t.db
      .selectFrom('items')
      .select(['audience', 'author'])
      .where('id', '=', toTargetId)
      .execute();
    expect(stored).toEqual([{ audience: 'target', author: ben.identity.id }]);
    // The target's thread moves no status: the status tells the reporter's story.
    expect(await caseStatus(report.caseId)).toBe(statusBefore);
  });

  it("shows the target only its own thread: never the report, its signature or the reporter's messages", async () => {
    targetView = await readTargetCase(targetBrowser, target);
    const { raw } = targetView;
    expect(raw).toMatchObject({
      id: report.caseId,
      role: 'target',
      target_invited_at: invitedAt,
      payload: null,
      summary: null,
      grant: null,
      sig: null,
    });
    expect(raw.items.map((item) => item.id)).toEqual([toTargetId]);
    expect(raw.items.map((item) => item.id)).not.toContain(toReporterId);
    const [message] = targetView.items;
    expect(message?.authorName).toBe('Ben');
    expect(message?.body.text).toBe('We were told you are being harassed. Can we help?');
    // Nothing granted to the reporter is served to the target, by any route.
    const reporterGrants = await t.db
      .selectFrom('grants')
      .select('object_id')
      .where('case_id', '=', report.caseId)
      .where('recipient', '=', 'reporter')
      .execute();
    expect(reporterGrants.length).toBeGreaterThan(0);
    for (const { object_id } of reporterGrants)
      expect(raw.items.map((item) => item.id)).not.toContain(object_id);
  });

  it("lets the target download the files of its own thread (200), never the report's (404)", async () => {
    const ref = targetView.items[0]?.body.attachments?.[0];
    if (ref === undefined) throw new Error('the message to the target carries no file');
    expect(await downloadAttachment(targetBrowser, ref)).toEqual(targetFile.bytes);
    const reportRef = report.attachments[0];
    if (reportRef === undefined) throw new Error('the report carries no file');
    expectRefusal(await targetBrowser.get(`/api/attachments/${reportRef.id}`), 404, 'not_found');
    // The reporter still downloads the report's file, and never the target thread's.
    expect(await downloadAttachment(reporterBrowser, reportRef)).toEqual(reportFile.bytes);
    expectRefusal(await reporterBrowser.get(`/api/attachments/${ref.id}`), 404, 'not_found');
  });

  it("takes the target's answer (author target), which members verify with the invited keys", async () => {
    const statusBefore = await caseStatus(report.caseId);
    const prepared = await prepareTargetItem(targetBrowser, target, targetView, {
      text: 'Thank you. Here is my side.',
      attachments: [answerFile],
    });
    expectReply(
      await targetBrowser.post('/api/receipt/items', prepared.item),
      201,
      'POST /api/receipt/items',
    );
    answerId = prepared.item.id;
    const stored = await t.db
      .selectFrom('items')
      .select(['audience', 'author', 'kind'])
      .where('id', '=', answerId)
      .execute();
    expect(stored).toEqual([{ audience: 'target', author: 'target', kind: 'message' }]);
    expect(await caseStatus(report.caseId)).toBe(statusBefore);

    for (const member of [ana, ben.session]) {
      const view = await openCaseWithTarget(member, report.caseId);
      const answer = view.items.find((item) => item.raw.id === answerId);
      expect(answer?.authorName).toBe('target');
      expect(answer?.body.text).toBe('Thank you. Here is my side.');
      const ref = answer?.body.attachments?.[0];
      if (ref === undefined) throw new Error("the target's answer carries no file");
      expect(await downloadAttachment(member.agent, ref)).toEqual(answerFile.bytes);
    }
    // The target reads its answer back in its thread.
    const again = await readTargetCase(targetBrowser, target);
    expect(again.items.map((item) => item.raw.id)).toEqual([toTargetId, answerId]);
  });

  it("tells the reporter the target was invited, never showing the target's thread", async () => {
    const view = await readReceiptCase(reporterBrowser, report.reporter);
    const raw = view.raw as typeof view.raw & { role: string; target_invited_at: string | null };
    expect(raw.role).toBe('reporter');
    expect(raw.target_invited_at).toBe(invitedAt);
    const ids = view.items.map((item) => item.raw.id);
    expect(ids).toContain(toReporterId);
    expect(ids).not.toContain(toTargetId);
    expect(ids).not.toContain(answerId);
    expect(view.items.every((item) => item.raw.audience === 'reporter')).toBe(true);
  });

  it("re-grants the target's thread to a member who joins later, and the target then writes to them too", async () => {
    const dee = await joinTeam(ana, { name: 'Dee' });
    const view = await openCaseWithTarget(dee.session, report.caseId);
    const thread = view.items.filter((item) => item.raw.audience === 'target');
    expect(thread.map((item) => [item.raw.id, item.body.text])).toEqual([
      [toTargetId, 'We were told you are being harassed. Can we help?'],
      [answerId, 'Thank you. Here is my side.'],
    ]);
    const current = await readTargetCase(targetBrowser, target);
    const prepared = await prepareTargetItem(targetBrowser, target, current, { text: 'One more thing.' });
    expectReply(
      await targetBrowser.post('/api/receipt/items', prepared.item),
      201,
      'POST /api/receipt/items',
    );
    const grants = await t.db
      .selectFrom('grants')
      .select('recipient')
      .where('object_id', '=', prepared.item.id)
      .execute();
    expect(grants.map((g) => g.recipient).sort()).toEqual(
      [ana.member.id, ben.identity.id, dee.identity.id, 'target'].sort(),
    );
  });

  it('keeps the excluded member out of the target thread as out of the rest of the case', async () => {
    for (const id of [toTargetId, answerId]) {
      const grants = await t.db
        .selectFrom('grants')
        .select('recipient')
        .where('object_id', '=', id)
        .execute();
      expect(grants.map((g) => g.recipient)).not.toContain(cai.identity.id);
    }
    expectRefusal(await cai.session.agent.get(`/api/cases/${report.caseId}`), 404, 'not_found');
  });
});

describe('an invitation refused', () => {
  it('400 bad_signature when signed over another case, over other keys, or by another member; nothing stored', async () => {
    const { caseId } = await thirdPartyReport();
    const other = await thirdPartyReport();
    const target = reporterWithoutReceipt();
    const otherKeys = reporterWithoutReceipt();
    const genuine = targetInvitation(ana, caseId, target);
    const forgeries = [
      targetInvitation(ana, caseId, target, { signedCase: other.caseId }),
      { ...genuine, box_pk: keyToBase64(otherKeys.keys.box.publicKey) },
      { ...genuine, sign_pk: keyToBase64(otherKeys.keys.sign.publicKey) },
      targetInvitation(ana, caseId, target, { signer: ben.session.keys.sign.secretKey }),
    ];
    for (const forged of forgeries) {
      expectRefusal(await postTargetInvitation(ana, caseId, forged), 400, 'bad_signature');
    }
    await expectNoInvitation(caseId);
    // Nothing of the receipt was kept: the genuine invitation with the same receipt goes through.
    expectReply(await postTargetInvitation(ana, caseId, genuine), 201, 'the genuine invitation');
    expect((await invitationTraces(caseId)).receipts).toHaveLength(1);
  });

  it('409 target_already_invited for a second invitation, the first one kept', async () => {
    const { caseId } = await thirdPartyReport();
    const first = reporterWithoutReceipt();
    await inviteTarget(ana, caseId, first);
    const second = reporterWithoutReceipt();
    expectRefusal(
      await postTargetInvitation(ben.session, caseId, targetInvitation(ben.session, caseId, second)),
      409,
      'target_already_invited',
    );
    const { receipts, events, audits } = await invitationTraces(caseId);
    expect(receipts.map((r) => [r.invited_by, new Uint8Array(r.lookup_hash)])).toEqual([
      [ana.member.id, first.keys.lookupHash],
    ]);
    expect(events).toHaveLength(1);
    expect(audits).toHaveLength(1);
    // The second receipt opens nothing.
    expectRefusal(await openTargetSession(injectAgent(t.app), second), 401, 'receipt_unknown');
  });

  it('takes one of two invitations sent to one case at once, refusing the other with 409 target_already_invited', async () => {
    const { caseId } = await thirdPartyReport();
    const targets = [reporterWithoutReceipt(), reporterWithoutReceipt()];
    const replies = await Promise.all(
      targets.map((target) => postTargetInvitation(ana, caseId, targetInvitation(ana, caseId, target))),
    );
    expect(replies.map((res) => res.status).sort()).toEqual([201, 409]);
    const refused = replies.find((res) => res.status === 409);
    if (refused) expectRefusal(refused, 409, 'target_already_invited');
    const { receipts, events, audits } = await invitationTraces(caseId);
    expect([receipts.length, events.length, audits.length]).toEqual([1, 1, 1]);
  });

  it('takes one receipt into only one of two cases it is invited into at once (409 receipt_in_use)', async () => {
    // Rounds, because a race shows only sometimes: each must end with the receipt opening one case.
    for (let round = 0; round < 5; round += 1) {
      const cases = [await thirdPartyReport(), await thirdPartyReport()];
      const target = reporterWithoutReceipt();
      const replies = await Promise.all(
        cases.map(({ caseId }) => postTargetInvitation(ana, caseId, targetInvitation(ana, caseId, target))),
      );
      expect(replies.map((res) => res.status).sort(), `round ${round}`).toEqual([201, 409]);
      const refused = replies.find((res) => res.status === 409);
      if (refused) expectRefusal(refused, 409, 'receipt_in_use');
      const opened = await t.db
        .selectFrom('case_receipts')
        .select('case_id')
        .where('lookup_hash', '=', Buffer.from(target.keys.lookupHash))
        .execute();
      expect(opened, `round ${round}`).toHaveLength(1);
    }
  });

  it('409 receipt_in_use for a receipt that opens a case already: a report, its own, or another target', async () => {
    const { caseId, reporter } = await thirdPartyReport();
    const elsewhere = await thirdPartyReport();
    const otherTarget = reporterWithoutReceipt();
    await inviteTarget(ana, elsewhere.caseId, otherTarget);
    for (const used of [elsewhere.reporter, reporter, otherTarget]) {
      expectRefusal(
        await postTargetInvitation(ana, caseId, targetInvitation(ana, caseId, used)),
        409,
        'receipt_in_use',
      );
    }
    await expectNoInvitation(caseId);
    // Each receipt still opens what it opened before.
    const asReporter = await openReceiptSession(injectAgent(t.app), elsewhere.reporter);
    expect(expectReply(asReporter, 200, 'the reporter’s receipt')).toEqual({
      case: elsewhere.caseId,
      role: 'reporter',
    });
  });

  it('404 for an excluded member, a member of another team, and a case that does not exist', async () => {
    const { caseId } = await thirdPartyReport({ exclude: [cai.identity.id] });
    const target = reporterWithoutReceipt();
    expectRefusal(
      await postTargetInvitation(cai.session, caseId, targetInvitation(cai.session, caseId, target)),
      404,
      'not_found',
    );
    expectRefusal(
      await postTargetInvitation(zoe, caseId, targetInvitation(zoe, caseId, target)),
      404,
      'not_found',
    );
    const nowhere = generateId();
    expectRefusal(
      await postTargetInvitation(ana, nowhere, targetInvitation(ana, nowhere, target)),
      404,
      'not_found',
    );
    await expectNoInvitation(caseId);
    expectRefusal(await openTargetSession(injectAgent(t.app), target), 401, 'receipt_unknown');
  });

  it('409 case_withdrawn on a withdrawn case', async () => {
    const { caseId, reporter } = await thirdPartyReport();
    const { agent } = await receiptBrowser(reporter);
    expectReply(await agent.post('/api/receipt/withdraw'), 200, 'POST /api/receipt/withdraw');
    const target = reporterWithoutReceipt();
    expectRefusal(
      await postTargetInvitation(ana, caseId, targetInvitation(ana, caseId, target)),
      409,
      'case_withdrawn',
    );
    await expectNoInvitation(caseId);
  });

  it('400 invalid_request for a malformed body: an extra field, a short key, a missing field', async () => {
    const { caseId } = await thirdPartyReport();
    const genuine = targetInvitation(ana, caseId, reporterWithoutReceipt());
    const { sig: _sig, ...unsigned } = genuine;
    const malformed: unknown[] = [
      { ...genuine, receipt: 'ABCD-EFGH' },
      { ...genuine, box_pk: toBase64Url(randomBytes(16)) },
      { ...genuine, lookup_hash: toBase64Url(randomBytes(31)) },
      unsigned,
      {},
    ];
    for (const body of malformed) {
      expectRefusal(await postTargetInvitation(ana, caseId, body), 400, 'invalid_request');
    }
    await expectNoInvitation(caseId);
  });

  it('401 without a member session, a receipt session being none', async () => {
    const { caseId, reporter } = await thirdPartyReport();
    const body = targetInvitation(ana, caseId, reporterWithoutReceipt());
    expectRefusal(await injectAgent(t.app).post(`/api/cases/${caseId}/target`, body), 401, 'unauthorized');
    const { agent } = await receiptBrowser(reporter);
    expectRefusal(await agent.post(`/api/cases/${caseId}/target`, body), 401, 'unauthorized');
    await expectNoInvitation(caseId);
  });
});

describe('what the holder of a receipt may not write or do', () => {
  let report: SubmittedReport;
  let target: ReporterIdentity;
  let reporterBrowser: Agent;
  let targetBrowser: Agent;
  let view: TargetCaseView;

  beforeAll(async () => {
    ({ report, target, reporterBrowser, targetBrowser } = await invitedCase());
    view = await readTargetCase(targetBrowser, target);
  });

  /** Posts the target's item, expecting the refusal and that nothing of it was stored. */
  async function expectTargetRefused(item: { id: string }, status: number, code: string): Promise<void> {
    const before = await storedItems(report.caseId);
    expectRefusal(await targetBrowser.post('/api/receipt/items', item), status, code);
    await expectNotStored(item.id);
    expect(await storedItems(report.caseId)).toEqual(before);
  }

  it('400 reporter_messages_only for a note or a record from the target', async () => {
    for (const kind of ['note', 'record'] as const) {
      const prepared = await prepareTargetItem(targetBrowser, target, view, { kind, text: 'internal?' });
      await expectTargetRefused(prepared.item, 400, 'reporter_messages_only');
    }
  });

  it("400 bad_audience for a target's message to the reporter's thread or to the team alone", async () => {
    for (const audience of ['reporter', 'team'] as const) {
      const prepared = await prepareTargetItem(targetBrowser, target, view, { audience, text: 'hello' });
      await expectTargetRefused(prepared.item, 400, 'bad_audience');
    }
  });

  it('400 wrong_case for an item naming another case (the target receipt used on another case)', async () => {
    const elsewhere = await thirdPartyReport();
    const prepared = await prepareTargetItem(targetBrowser, target, view, {
      caseId: elsewhere.caseId,
      text: 'Is this about me too?',
    });
    const beforeElsewhere = await storedItems(elsewhere.caseId);
    await expectTargetRefused(prepared.item, 400, 'wrong_case');
    expect(await storedItems(elsewhere.caseId)).toEqual(beforeElsewhere);
  });

  it('400 wrong_author when the target names the reporter as author', async () => {
    const prepared = await prepareTargetItem(targetBrowser, target, view, {
      author: 'reporter',
      text: 'I am the reporter',
    });
    await expectTargetRefused(prepared.item, 400, 'wrong_author');
  });

  it("400 bad_signature for an answer signed with the reporter's key; 409 for grants that leave the target out", async () => {
    const signedByReporter = await prepareTargetItem(targetBrowser, target, view, {
      signSecretKey: report.reporter.keys.sign.secretKey,
      text: 'signed with the wrong key',
    });
    await expectTargetRefused(signedByReporter.item, 400, 'bad_signature');
    const prepared = await prepareTargetItem(targetBrowser, target, view, { text: 'to the team only' });
    const withoutTarget = { ...prepared.item, grants: prepared.item.grants.filter((g) => g.to !== 'target') };
    await expectTargetRefused(withoutTarget, 409, 'grants_do_not_match_roster');
  });

  it('403 reporter_only when the target tries to withdraw the report; the status stays', async () => {
    const before = await caseStatus(report.caseId);
    expectRefusal(await targetBrowser.post('/api/receipt/withdraw'), 403, 'reporter_only');
    expect(await caseStatus(report.caseId)).toBe(before);
    expect(before).not.toBe('withdrawn');
    const withdrawals = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('case_id', '=', report.caseId)
      .where('action', 'like', '%withdr%')
      .execute();
    expect(withdrawals).toEqual([]);
  });

  it("400 bad_audience when the reporter writes into the target's thread", async () => {
    const reporterView = await readReceiptCase(reporterBrowser, report.reporter);
    const prepared = await prepareReporterItem(reporterBrowser, report.reporter, reporterView, {
      text: 'to the target',
    });
    const before = await storedItems(report.caseId);
    expectRefusal(
      await reporterBrowser.post('/api/receipt/items', { ...prepared.item, audience: 'target' }),
      400,
      'bad_audience',
    );
    await expectNotStored(prepared.item.id);
    expect(await storedItems(report.caseId)).toEqual(before);
    // Its own thread still takes the same answer.
    await postReporterItem(reporterBrowser, report.reporter, reporterView, { text: 'to the team' });
  });

  it("400 bad_audience for a member's note addressed to the target", async () => {
    const memberView = await openCaseWithTarget(ben.session, report.caseId);
    const prepared = await prepareMemberTargetItem(ben.session, memberView, { kind: 'note', text: 'a note' });
    const before = await storedItems(report.caseId);
    expectRefusal(await postCaseItem(ben.session, report.caseId, prepared.item), 400, 'bad_audience');
    await expectNotStored(prepared.item.id);
    expect(await storedItems(report.caseId)).toEqual(before);
    // A member's note to the team alone is as before.
    const note = await prepareMemberItem(
      ben.session,
      { raw: memberView.raw, excluded: memberView.excluded, reporterBoxPk: memberView.raw.reporter.box_pk },
      { kind: 'note', text: 'a note' },
    );
    expectReply(await postCaseItem(ben.session, report.caseId, note.item), 201, 'a note to the team');
  });
});

describe("the target's receipt session follows its receipt", () => {
  it('answers 401 once the receipt row is gone, and the receipt opens nothing any more', async () => {
    const { report, target, targetBrowser } = await invitedCase();
    expectReply(await targetBrowser.get('/api/receipt/case'), 200, 'GET /api/receipt/case');
    await t.db
      .deleteFrom('case_receipts')
      .where('case_id', '=', report.caseId)
      .where('role', '=', 'target')
      .execute();
    expectRefusal(await targetBrowser.get('/api/receipt/case'), 401, 'unauthorized');
    expectRefusal(await targetBrowser.post('/api/receipt/withdraw'), 401, 'unauthorized');
    expectRefusal(await openTargetSession(injectAgent(t.app), target), 401, 'receipt_unknown');
  });
});

describe('every case has its reporter receipt', () => {
  /** The reporter receipts of a case, against the keys its row keeps. */
  async function reporterReceipts(caseId: string) {
    const row = await t.db
      .selectFrom('cases')
      .select(['lookup_hash', 'reporter_box_pk', 'reporter_sign_pk'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const receipts = await t.db
      .selectFrom('case_receipts')
      .select(['lookup_hash', 'box_pk', 'sign_pk', 'invited_by', 'invitation_sig'])
      .where('case_id', '=', caseId)
      .where('role', '=', 'reporter')
      .execute();
    return {
      expected: [
        {
          lookup_hash: row.lookup_hash,
          box_pk: row.reporter_box_pk,
          sign_pk: row.reporter_sign_pk,
          invited_by: null,
          invitation_sig: null,
        },
      ],
      receipts,
    };
  }

  async function everyCaseHasOneReporterReceipt(): Promise<void> {
    const missing = await t.db
      .selectFrom('cases')
      .leftJoin('case_receipts', (join) =>
        join.onRef('case_receipts.case_id', '=', 'cases.id').on('case_receipts.role', '=', 'reporter'),
      )
      .select(['cases.id', (eb) => eb.fn.count<string>('case_receipts.lookup_hash').as('n')])
      .groupBy('cases.id')
      .having((eb) => eb.fn.count('case_receipts.lookup_hash'), '!=', 1)
      .execute();
    expect(missing).toEqual([]);
  }

  it('is written by intake with the report: one reporter row, its lookup hash and keys', async () => {
    const reports = [
      await thirdPartyReport(),
      await thirdPartyReport({ reporter: reporterWithoutReceipt() }),
    ];
    for (const { caseId, reporter } of reports) {
      const { expected, receipts } = await reporterReceipts(caseId);
      expect(receipts).toEqual(expected);
      expect(new Uint8Array(receipts[0]?.lookup_hash ?? Buffer.alloc(0))).toEqual(reporter.keys.lookupHash);
    }
    await everyCaseHasOneReporterReceipt();
  });

  it("is backfilled by the migration for every case, and the reporters' sessions stay open", async () => {
    const { report, reporterBrowser, targetBrowser } = await invitedCase();
    const db = t.db as unknown as Kysely<unknown>;
    // 0013 undone and done again, in one transaction: the rows it writes come from `cases` alone.
    await db.transaction().execute(async (tx) => {
      await caseReceiptsMigration.down(tx);
      await caseReceiptsMigration.up(tx);
    });
    await everyCaseHasOneReporterReceipt();
    const { expected, receipts } = await reporterReceipts(report.caseId);
    expect(receipts).toEqual(expected);
    // Undoing 0013 deleted the target's receipt; the reporter's session got its receipt back.
    expect((await invitationTraces(report.caseId)).receipts).toEqual([]);
    const reopened = expectReply<{ role: string }>(
      await reporterBrowser.get('/api/receipt/case'),
      200,
      'GET /api/receipt/case after the backfill',
    );
    expect(reopened.role).toBe('reporter');
    expectRefusal(await targetBrowser.get('/api/receipt/case'), 401, 'unauthorized');
  });
});
