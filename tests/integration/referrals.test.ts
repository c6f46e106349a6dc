/**
 * Referral of a case to another team, with the reporter's consent (issue 13 item 1), over the real
 * API on PostgreSQL with real cryptography. A member's browser seals a packet (the report's fields
 * and a `referral` object) to every active member of the receiving team and to the reporter, and
 * signs it; within one community it becomes a case of the receiving team at once, across
 * communities only once the reporter, with the receipt they already hold, consents (leaving out
 * whom they choose) or refuses (the packet is deleted).
 *
 * Three teams on one server: the Stewards (Ana, admin; Ben; Cai) and the Helpers (Zoe, admin;
 * Yves; Xia) serve `en.wikipedia`; the Wardens (Wim, admin; Vera) serve `de.wikipedia`. Every
 * refusal is checked by its status, its code, and the database holding nothing of it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateId,
  openReport,
  openReportSummary,
  recipientsFromRoster,
  toBase64Url,
  unwrapReportKey,
  type MemberKeys,
} from '../../crypto/index.js';
import type { TestApp } from '../helpers/app-server.js';
import { purgeCase } from '../helpers/retention.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type JoinedMember,
  type MadeReferral,
  type MemberSession,
  type PreparedReferral,
  type ReferralSubmissionJson,
  type ReferredCaseView,
  type ReporterIdentity,
  type SubmittedReport,
  answerReferral,
  closeWithSummary,
  createTeamWithService,
  downloadAttachment,
  dumpEverything,
  expectError,
  expectReply,
  fetchReceiptCase,
  fetchTeam,
  findSecrets,
  injectAgent,
  inviteTarget,
  joinTeam,
  listCaseSummaries,
  newReporter,
  openCase,
  openReceiptSession,
  openReferralPacket,
  openReferredCase,
  openTargetSession,
  postMemberItem,
  postReferral,
  prepareReferral,
  prepareMemberItem,
  prepareReferredReporterItem,
  prepareReport,
  postReport,
  readReferredReceiptCase,
  referCase,
  reporterWithoutReceipt,
  signInFast,
  submitReport,
  switchReceiptCase,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

let t: TestApp;
let stewards: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let helpers: CreatedTeam;
let zoe: MemberSession;
let yves: JoinedMember;
let xia: JoinedMember;
let wardens: CreatedTeam;
let wim: MemberSession;
let vera: JoinedMember;

/** Everything typed in this file that must never reach the database as plaintext. */
const typed = {
  report: 'Quokka-ridge harassment on the village pump, told only to the Stewards',
  referralSummary: 'Referral note Marmot-41: this belongs with the Helpers',
  contactReferrer: 'Reach Ana at the Axolotl-9 desk',
  contactReporter: 'Only through Confide, never by e-mail: Pangolin-3',
  preliminary: 'We checked the Narwhal-77 diffs and found three edits',
  consentSummary: 'Referral note Ibex-58: the Wardens know this account',
  refusedSummary: 'Referral note Okapi-12: never to be shared',
  helperMessage: 'Zoe of the Helpers here: Tapir-5, we have your case now',
  reporterAnswer: 'Thank you, Zoe: Wombat-8, here is what happened next',
  packetFile: 'Kinkajou-22 screenshot bytes',
};

interface ErrorShape {
  error: { code: string; message: string };
}

/** A refusal in the error shape: the status, the code, and a message a person can act on. */
function expectRefusal(res: ApiResponse, status: number, code: string): void {
  expectError(res, status, code);
  expect(res.json<ErrorShape>().error.message).toMatch(/\w/);
}

const fileOf = (name: string, text: string) => ({
  name,
  type: 'text/plain',
  bytes: new TextEncoder().encode(text),
});

/** A report to the Stewards; with a real receipt unless `reporter` says otherwise. */
function reportToStewards(draft: Parameters<typeof submitReport>[2] = {}): Promise<SubmittedReport> {
  return submitReport(injectAgent(t.app), stewards.slug, draft);
}

/** A browser holding a receipt session opened with `receipt`. */
async function receiptBrowser(receipt: ReporterIdentity): Promise<Agent> {
  const agent = injectAgent(t.app);
  expectReply(await openReceiptSession(agent, receipt), 200, 'POST /api/receipt/session');
  return agent;
}

async function setCommunity(admin: MemberSession, community: string): Promise<void> {
  expectReply(await admin.agent.patch('/api/team/settings', { community }), 200, 'PATCH /api/team/settings');
}

async function caseRow(caseId: string) {
  return t.db
    .selectFrom('cases')
    .select(['id', 'team_id', 'status', 'number', 'lookup_hash', 'reporter_box_pk', 'reporter_sign_pk'])
    .where('id', '=', caseId)
    .executeTakeFirst();
}

async function referralRow(id: string) {
  return t.db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

async function referralGrantRecipients(id: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('referral_grants')
    .select('recipient')
    .where('referral_id', '=', id)
    .execute();
  return rows.map((r) => r.recipient).sort();
}

async function caseGrantRecipients(caseId: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('grants')
    .select('recipient')
    .where('case_id', '=', caseId)
    .where('object_id', '=', caseId)
    .execute();
  return rows.map((r) => r.recipient).sort();
}

async function auditsOf(teamId: string, action: string) {
  return t.db
    .selectFrom('audit_events')
    .select(['member_id', 'case_id', 'details'])
    .where('team_id', '=', teamId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

/** Every audit event naming the referral `id`, in any team. */
async function auditsNaming(id: string) {
  return t.db
    .selectFrom('audit_events')
    .select(['team_id', 'action'])
    .where((eb) => eb.or([eb('case_id', '=', id), eb(sql<string>`details->>'referral'`, '=', id)]))
    .execute();
}

async function attachmentRows(ids: readonly string[]) {
  if (ids.length === 0) return [];
  return t.db
    .selectFrom('attachments')
    .select(['id', 'case_id', 'referral_id'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

/** What is held for a referral: whether its packet columns are set, its grants' recipients, its files. */
async function held(id: string, fileIds: readonly string[]) {
  const row = await referralRow(id);
  const packet = [row?.payload_ct, row?.payload_nonce, row?.summary_ct, row?.summary_nonce, row?.sig];
  return {
    packet: packet.some((column) => column !== null && column !== undefined),
    grants: await referralGrantRecipients(id),
    files: (await attachmentRows(fileIds)).map((f) => f.id),
  };
}

/** Whether `session`'s member is refused the case (404) and does not find it in their list. */
async function expectUnseen(session: MemberSession, caseId: string): Promise<void> {
  expectRefusal(await session.agent.get(`/api/cases/${caseId}`), 404, 'not_found');
  const { raw } = await listCaseSummaries(session);
  expect(raw.cases.map((c) => c.id)).not.toContain(caseId);
}

/** Nothing of a refused submission was kept: no referral, grant, case, audit, or held file. */
async function expectNothingStored(submission: ReferralSubmissionJson): Promise<void> {
  expect(await referralRow(submission.id)).toBeUndefined();
  expect(await referralGrantRecipients(submission.id)).toEqual([]);
  expect(await caseRow(submission.id)).toBeUndefined();
  expect(await auditsNaming(submission.id)).toEqual([]);
  for (const row of await attachmentRows(submission.attachments ?? [])) {
    expect(row).toMatchObject({ case_id: null, referral_id: null });
  }
}

/** What is stored under an id: the referral, its grants, the case, the grants to it, the audits naming it. */
async function idTraces(id: string): Promise<unknown[][]> {
  const referral = await referralRow(id);
  const made = await caseRow(id);
  return [
    referral === undefined ? [] : [referral],
    await referralGrantRecipients(id),
    made === undefined ? [] : [made],
    await caseGrantRecipients(id),
    await auditsNaming(id),
  ];
}

/** What a refused referral must not change on the case it was made from. */
async function caseState(caseId: string) {
  const row = await caseRow(caseId);
  const referrals = await t.db
    .selectFrom('referrals')
    .select(['id', 'state'])
    .where('from_case', '=', caseId)
    .orderBy('id')
    .execute();
  const audits = await t.db
    .selectFrom('audit_events')
    .select('action')
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return { status: row?.status, referrals, audits: audits.map((a) => a.action) };
}

/** Whether each grant of `grants` refuses to open with `keys` (a member the packet was not sealed to). */
function opensFor(grants: readonly string[], keys: MemberKeys['enc']): boolean[] {
  return grants.map((grant) => {
    try {
      unwrapReportKey(grant, keys);
      return true;
    } catch {
      return false;
    }
  });
}

beforeAll(async () => {
  const started = await startTeamApp(['Ben', 'Cai']);
  ({ t, ana } = started);
  stewards = started.team;
  [ben, cai] = started.members;
  helpers = await createTeamWithService(t.db, { adminName: 'Zoe', name: 'Helpers' });
  zoe = await signInFast(injectAgent(t.app), helpers.slug, helpers.admin);
  yves = await joinTeam(zoe, { name: 'Yves' });
  xia = await joinTeam(zoe, { name: 'Xia' });
  wardens = await createTeamWithService(t.db, { adminName: 'Wim', name: 'Wardens' });
  wim = await signInFast(injectAgent(t.app), wardens.slug, wardens.admin);
  vera = await joinTeam(wim, { name: 'Vera' });
  await setCommunity(ana, 'en.wikipedia');
  await setCommunity(zoe, 'en.wikipedia');
  await setCommunity(wim, 'de.wikipedia');
});
afterAll(async () => {
  await t.close();
});

describe('within one community: released at once, with the exclusions the member chose', () => {
  const file = fileOf('screenshot.txt', typed.packetFile);
  let report: SubmittedReport;
  let reporterBrowser: Agent;
  let referral: MadeReferral;
  let helperView: ReferredCaseView;
  let messageId: string;
  let answerId: string;

  beforeAll(async () => {
    report = await reportToStewards({
      reporter: newReporter(),
      body: { summary: 'Harassment on the village pump', what_happened: typed.report },
    });
    reporterBrowser = await receiptBrowser(report.reporter);
  });

  it('201 released: a case of the Helpers made from the packet, Xia left out', async () => {
    const before = await caseRow(report.caseId);
    const made = await referCase(ana, report.caseId, helpers.slug, {
      exclude: [xia.identity.id],
      attachments: [file],
      referral: {
        summary: typed.referralSummary,
        contact_referrer: typed.contactReferrer,
        contact_reporter: typed.contactReporter,
        preliminary_work: typed.preliminary,
        links: ['https://en.wikipedia.org/wiki/Wikipedia:Village_pump'],
        diffs: ['https://en.wikipedia.org/w/index.php?diff=1'],
      },
    });
    referral = made;
    expect(made.state).toBe('released');
    const id = made.submission.id;

    const row = await referralRow(id);
    expect(row).toMatchObject({
      from_case: report.caseId,
      from_team: stewards.id,
      to_team: helpers.id,
      state: 'released',
      needs_consent: false,
      excluded: [xia.identity.id],
      created_by: ana.member.id,
      payload_ct: null,
      payload_nonce: null,
      payload_v: null,
      summary_ct: null,
      summary_nonce: null,
      sig: null,
    });
    expect(row?.decided_at).toBeInstanceOf(Date);
    expect(await referralGrantRecipients(id)).toEqual([]);

    // The new case: the Helpers', the reporter's keys of the original, no lookup hash of its own.
    const newCase = await caseRow(id);
    expect(newCase).toMatchObject({ team_id: helpers.id, status: 'received', lookup_hash: null });
    expect(newCase?.reporter_box_pk).toEqual(before?.reporter_box_pk);
    expect(newCase?.reporter_sign_pk).toEqual(before?.reporter_sign_pk);
    expect(await caseGrantRecipients(id)).toEqual([zoe.member.id, yves.identity.id, 'reporter'].sort());
    const exclusions = await t.db
      .selectFrom('case_exclusions')
      .select('member_id')
      .where('case_id', '=', id)
      .execute();
    expect(exclusions).toEqual([{ member_id: xia.identity.id }]);
    // The receipt that opens the original opens the new case, as its reporter.
    const receipts = await t.db
      .selectFrom('case_receipts')
      .select(['case_id', 'role', 'lookup_hash'])
      .where('lookup_hash', '=', Buffer.from(report.reporter.keys.lookupHash))
      .orderBy('created_at')
      .execute();
    expect(receipts.map((r) => [r.case_id, r.role])).toEqual([
      [report.caseId, 'reporter'],
      [id, 'reporter'],
    ]);
    expect(await attachmentRows(made.attachments.map((a) => a.id))).toEqual([
      { id: made.attachments[0]?.id, case_id: id, referral_id: id },
    ]);
  });

  it('the Helpers who were not left out open it: signed by Ana, the packet and its origin', async () => {
    const id = referral.submission.id;
    for (const member of [zoe, yves.session]) {
      const view = await openReferredCase(member, id);
      expect(view.body.what_happened).toBe(typed.report);
      expect(view.body.referral).toEqual(referral.body.referral);
      expect(view.body.referral).toMatchObject({
        summary: typed.referralSummary,
        contact_referrer: typed.contactReferrer,
        contact_reporter: typed.contactReporter,
        preliminary_work: typed.preliminary,
      });
      expect(view.summary).toEqual(referral.summary);
      expect(view.reporterBoxPk).toBe(referral.from.reporterBoxPk);
      expect(view.excluded).toEqual([xia.identity.id]);
      expect(view.raw.referral).toEqual({
        from_team: { id: stewards.id, slug: stewards.slug, name: stewards.name, community: 'en.wikipedia' },
        from_case: report.caseId,
        from_case_number: (await caseRow(report.caseId))?.number,
        referred_by: ana.member.id,
        needs_consent: false,
        created_at: expect.any(String) as string,
        released_at: expect.any(String) as string,
      });
      expect(view.raw.referrals).toEqual([]);
      const ref = view.body.attachments?.[0];
      if (ref === undefined) throw new Error('the packet carries no file');
      expect(new TextDecoder().decode(await downloadAttachment(member.agent, ref))).toBe(typed.packetFile);
      const { raw } = await listCaseSummaries(member);
      expect(raw.cases.map((c) => c.id)).toContain(id);
      helperView = view;
    }
  });

  it('keeps Xia (left out) and every Steward out of the new case: 404, not listed, file 404', async () => {
    const id = referral.submission.id;
    const fileId = referral.attachments[0]?.id ?? '';
    for (const member of [xia.session, ana, ben.session, cai.session]) {
      await expectUnseen(member, id);
      expectRefusal(await member.agent.get(`/api/attachments/${fileId}`), 404, 'not_found');
    }
  });

  it('opens for a Helper’s key and for nobody of the Stewards: an independent check of the stored packet', async () => {
    const id = referral.submission.id;
    const rows = await t.db
      .selectFrom('grants')
      .select(['recipient', 'sealed'])
      .where('case_id', '=', id)
      .where('object_id', '=', id)
      .execute();
    const sealed = Object.fromEntries(rows.map((r) => [r.recipient, toBase64Url(new Uint8Array(r.sealed))]));
    const grants = Object.values(sealed);
    for (const steward of [ana.keys, ben.session.keys, cai.session.keys]) {
      expect(opensFor(grants, steward.enc)).toEqual(grants.map(() => false));
    }
    expect(opensFor(grants, xia.session.keys.enc)).toEqual(grants.map(() => false));
    const yvesGrant = sealed[yves.identity.id];
    if (yvesGrant === undefined) throw new Error('Yves holds no grant');
    const key = unwrapReportKey(yvesGrant, yves.session.keys.enc);
    const payload = helperView.raw.payload;
    expect(
      (openReport({ team: helpers.id, id, payload }, key) as { what_happened: string }).what_happened,
    ).toBe(typed.report);
    // Sealed to the Helpers' case: it does not open as the Stewards' or as the original case.
    expect(() => openReport({ team: stewards.id, id, payload }, key)).toThrow();
    expect(() => openReport({ team: helpers.id, id: report.caseId, payload }, key)).toThrow();
    const summary = helperView.raw.summary;
    if (summary === null) throw new Error('the packet has no summary');
    expect(openReportSummary({ team: helpers.id, id, summary }, key)).toEqual(referral.summary);
    expect(() => openReportSummary({ team: stewards.id, id, summary }, key)).toThrow();
  });

  it('moves the original to referred, lists the referral on it, and audits it in both teams', async () => {
    const id = referral.submission.id;
    const view = await openCase(ana, report.caseId);
    const raw = view.raw as typeof view.raw & {
      referrals: unknown[];
      referral: unknown;
      events: { kind: string; from: string | null; to: string | null; actor: string | null }[];
    };
    expect(raw.status).toBe('referred');
    expect(raw.referral).toBeNull();
    expect(raw.referrals).toEqual([
      {
        id,
        to_team: { id: helpers.id, slug: helpers.slug, name: helpers.name, community: 'en.wikipedia' },
        state: 'released',
        needs_consent: false,
        excluded: [xia.identity.id],
        created_by: ana.member.id,
        created_at: expect.any(String) as string,
        decided_at: expect.any(String) as string,
      },
    ]);
    expect(raw.events).toContainEqual(
      expect.objectContaining({ kind: 'status', from: 'received', to: 'referred', actor: ana.member.id }),
    );
    expect(await auditsOf(stewards.id, 'case.referred')).toEqual([
      {
        member_id: ana.member.id,
        case_id: report.caseId,
        details: { referral: id, to_team: helpers.id, needs_consent: false },
      },
    ]);
    expect(await auditsOf(stewards.id, 'case.referral_released')).toEqual([
      { member_id: ana.member.id, case_id: report.caseId, details: { referral: id, to_team: helpers.id } },
    ]);
    expect(await auditsOf(helpers.id, 'case.referred_in')).toEqual([
      { member_id: null, case_id: id, details: { from_team: stewards.id } },
    ]);
  });

  it('shows the reporter, with the same receipt, the referral and the new case among other_cases', async () => {
    const id = referral.submission.id;
    const raw = await fetchReceiptCase(reporterBrowser);
    expect(raw.id).toBe(report.caseId);
    expect(raw.status).toBe('referred');
    expect(raw.referred_from).toBeNull();
    expect(raw.referrals).toEqual([
      {
        id,
        to_team: { id: helpers.id, slug: helpers.slug, name: helpers.name, community: 'en.wikipedia' },
        state: 'released',
        needs_consent: false,
        excluded: [xia.identity.id],
        created_at: expect.any(String) as string,
        decided_at: expect.any(String) as string,
        packet: null,
      },
    ]);
    expect(raw.other_cases).toEqual([
      { id, team_name: helpers.name, team_slug: helpers.slug, referred_from: report.caseId },
    ]);
    // A new session with the receipt still opens the original first.
    expect(
      expectReply(await openReceiptSession(injectAgent(t.app), report.reporter), 200, 'session'),
    ).toEqual({
      case: report.caseId,
      role: 'reporter',
    });
  });

  it('switches the receipt session to the new case, and back; 404 for a case the receipt does not open', async () => {
    const id = referral.submission.id;
    const other = await reportToStewards({ reporter: reporterWithoutReceipt() });
    for (const elsewhere of [other.caseId, generateId()]) {
      expectRefusal(await switchReceiptCase(reporterBrowser, elsewhere), 404, 'not_found');
    }
    expect((await fetchReceiptCase(reporterBrowser)).id).toBe(report.caseId);

    expect(
      expectReply(await switchReceiptCase(reporterBrowser, id), 200, 'POST /api/receipt/switch'),
    ).toEqual({
      case: id,
      role: 'reporter',
    });
    const view = await readReferredReceiptCase(reporterBrowser, report.reporter, helpers.fingerprint);
    expect(view.raw).toMatchObject({
      id,
      role: 'reporter',
      team: helpers.id,
      team_slug: helpers.slug,
      status: 'received',
      excluded: [xia.identity.id],
      readers: [zoe.member.id, yves.identity.id],
      referred_from: { team_name: stewards.name, team_slug: stewards.slug, case: report.caseId },
      referrals: [],
      other_cases: [
        { id: report.caseId, team_name: stewards.name, team_slug: stewards.slug, referred_from: null },
      ],
    });
    expect(view.items).toEqual([]);

    expectReply(await switchReceiptCase(reporterBrowser, report.caseId), 200, 'switch back');
    expect((await fetchReceiptCase(reporterBrowser)).id).toBe(report.caseId);
    expectReply(await switchReceiptCase(reporterBrowser, id), 200, 'switch again');
  });

  it('carries a Helper’s message to the reporter there, and the reporter’s answer back, with the same receipt keys', async () => {
    const id = referral.submission.id;
    const message = await postMemberItem(zoe, helperView, { text: typed.helperMessage });
    messageId = message.item.id;
    expect(
      await t.db.selectFrom('grants').select('recipient').where('object_id', '=', messageId).execute(),
    ).toEqual(expect.arrayContaining([{ recipient: 'reporter' }]));

    const view = await readReferredReceiptCase(reporterBrowser, report.reporter, helpers.fingerprint);
    expect(view.items.map((item) => [item.raw.id, item.authorName, item.body.text])).toEqual([
      [messageId, 'Zoe', typed.helperMessage],
    ]);
    const answer = await prepareReferredReporterItem(reporterBrowser, report.reporter, view, {
      text: typed.reporterAnswer,
    });
    expectReply(
      await reporterBrowser.post('/api/receipt/items', answer.item),
      201,
      'POST /api/receipt/items',
    );
    answerId = answer.item.id;
    const grants = await t.db
      .selectFrom('grants')
      .select('recipient')
      .where('object_id', '=', answerId)
      .execute();
    expect(grants.map((g) => g.recipient).sort()).toEqual(
      [zoe.member.id, yves.identity.id, 'reporter'].sort(),
    );

    for (const member of [zoe, yves.session]) {
      const again = await openReferredCase(member, id);
      const read = again.items.find((item) => item.raw.id === answerId);
      expect(read?.authorName).toBe('reporter');
      expect(read?.body.text).toBe(typed.reporterAnswer);
    }
    // The original case holds none of it.
    const original = await openCase(ana, report.caseId);
    expect(original.items.map((item) => item.raw.id)).not.toContain(messageId);
    expect(original.items.map((item) => item.raw.id)).not.toContain(answerId);
  });

  it('lets the Helpers refer it onward (to the Wardens): the reporter answers from the referred case, with the same receipt', async () => {
    const id = referral.submission.id;
    const onward = await referCase(zoe, id, wardens.slug, { referral: { summary: 'Onward to the Wardens' } });
    expect(onward.state).toBe('awaiting_consent');
    expect(onward.body.referral).toMatchObject({
      from_team: helpers.id,
      from_case: id,
      referred_by: zoe.member.id,
    });
    // The session is on the Helpers' case: the referral is listed there, signed by Zoe.
    const raw = await fetchReceiptCase(reporterBrowser);
    expect(raw.id).toBe(id);
    const [waiting] = raw.referrals;
    if (waiting === undefined) throw new Error('the onward referral is not listed');
    const opened = await openReferralPacket(reporterBrowser, report.reporter, raw, waiting);
    expect(opened.signedBy).toBe(zoe.member.id);
    expect(opened.body.what_happened).toBe(typed.report);
    expect(opened.body.referral.summary).toBe('Onward to the Wardens');

    const res = await answerReferral(reporterBrowser, onward.submission.id, { consent: true });
    expect(expectReply(res, 200, 'consent')).toEqual({ state: 'released' });
    const view = await openReferredCase(wim, onward.submission.id);
    expect(view.raw.referral).toMatchObject({
      from_team: { id: helpers.id },
      from_case: id,
      referred_by: zoe.member.id,
      needs_consent: true,
    });
    expect(view.reporterBoxPk).toBe(referral.from.reporterBoxPk);
    expect((await caseRow(id))?.status).toBe('referred');
    const after = await fetchReceiptCase(reporterBrowser);
    expect(after.other_cases.map((c) => [c.id, c.referred_from])).toEqual([
      [report.caseId, null],
      [onward.submission.id, id],
    ]);
  });
});

describe('across communities: held until the reporter consents', () => {
  const file = fileOf('evidence.txt', 'Evidence for the Wardens');
  let report: SubmittedReport;
  let reporterBrowser: Agent;
  let referral: MadeReferral;

  beforeAll(async () => {
    report = await reportToStewards({ reporter: newReporter() });
    reporterBrowser = await receiptBrowser(report.reporter);
  });

  it('201 awaiting_consent: the packet held, no case on the Wardens’ side, nothing they can see', async () => {
    const before = await caseRow(report.caseId);
    referral = await referCase(ben.session, report.caseId, wardens.slug, {
      attachments: [file],
      referral: { summary: typed.consentSummary },
    });
    expect(referral.state).toBe('awaiting_consent');
    const id = referral.submission.id;
    expect(await referralRow(id)).toMatchObject({
      state: 'awaiting_consent',
      needs_consent: true,
      excluded: [],
      created_by: ben.identity.id,
      decided_at: null,
      payload_v: 1,
    });
    expect(await referralGrantRecipients(id)).toEqual([wim.member.id, vera.identity.id, 'reporter'].sort());
    expect(await caseRow(id)).toBeUndefined();
    expect(await attachmentRows(referral.attachments.map((a) => a.id))).toEqual([
      { id: referral.attachments[0]?.id, case_id: null, referral_id: id },
    ]);
    for (const member of [wim, vera.session]) {
      await expectUnseen(member, id);
      expectRefusal(
        await member.agent.get(`/api/attachments/${referral.attachments[0]?.id ?? ''}`),
        404,
        'not_found',
      );
    }
    expect(await auditsNaming(id)).toEqual([{ team_id: stewards.id, action: 'case.referred' }]);
    expect((await caseRow(report.caseId))?.status).toBe(before?.status);
    const view = await openCase(ana, report.caseId);
    expect((view.raw as typeof view.raw & { referrals: unknown[] }).referrals).toEqual([
      expect.objectContaining({ id, state: 'awaiting_consent', needs_consent: true, decided_at: null }),
    ]);
  });

  it('gives the reporter the packet, which opens with the receipt’s keys and is signed by Ben', async () => {
    const id = referral.submission.id;
    const raw = await fetchReceiptCase(reporterBrowser);
    expect(raw.other_cases).toEqual([]);
    const [waiting] = raw.referrals;
    if (waiting === undefined) throw new Error('no referral listed');
    expect(waiting).toMatchObject({
      id,
      to_team: { id: wardens.id, slug: wardens.slug, name: wardens.name, community: 'de.wikipedia' },
      state: 'awaiting_consent',
      needs_consent: true,
      excluded: [],
      decided_at: null,
    });
    const opened = await openReferralPacket(reporterBrowser, report.reporter, raw, waiting);
    expect(opened.signedBy).toBe(ben.identity.id);
    expect(opened.body.referral.summary).toBe(typed.consentSummary);
    expect(opened.body.what_happened).toBe(report.body.what_happened);
    expect(opened.summary).toEqual(referral.summary);
    // The reporter sees whom they may leave out: the Wardens' verified active members.
    expect([...opened.team.roster.active.keys()].sort()).toEqual([wim.member.id, vera.identity.id].sort());
    // The packet opens for no Steward: only the Wardens and the reporter hold it.
    const rows = await t.db
      .selectFrom('referral_grants')
      .select('sealed')
      .where('referral_id', '=', id)
      .execute();
    const grants = rows.map((r) => toBase64Url(new Uint8Array(r.sealed)));
    for (const steward of [ana.keys, ben.session.keys, cai.session.keys]) {
      expect(opensFor(grants, steward.enc)).toEqual(grants.map(() => false));
    }
    expect(opensFor(grants, vera.session.keys.enc).filter(Boolean)).toHaveLength(1);
  });

  it('consents leaving out Vera: released, Wim reads it, Vera gets 404', async () => {
    const id = referral.submission.id;
    const res = await answerReferral(reporterBrowser, id, { consent: true, excluded: [vera.identity.id] });
    expect(expectReply(res, 200, 'POST /api/receipt/referrals/{id}/consent')).toEqual({ state: 'released' });
    expect(await referralRow(id)).toMatchObject({
      state: 'released',
      excluded: [vera.identity.id],
      payload_ct: null,
      sig: null,
    });
    expect(await caseGrantRecipients(id)).toEqual([wim.member.id, 'reporter'].sort());
    const view = await openReferredCase(wim, id);
    expect(view.body.referral.summary).toBe(typed.consentSummary);
    expect(view.raw.referral).toMatchObject({ referred_by: ben.identity.id, needs_consent: true });
    expect(view.raw.excluded).toEqual([vera.identity.id]);
    const ref = view.body.attachments?.[0];
    if (ref === undefined) throw new Error('the packet carries no file');
    expect(new TextDecoder().decode(await downloadAttachment(wim.agent, ref))).toBe(
      'Evidence for the Wardens',
    );
    await expectUnseen(vera.session, id);
    expectRefusal(await vera.session.agent.get(`/api/attachments/${ref.id}`), 404, 'not_found');

    expect((await caseRow(report.caseId))?.status).toBe('referred');
    expect(await auditsOf(stewards.id, 'case.referral_released')).toContainEqual({
      member_id: null,
      case_id: report.caseId,
      details: { referral: id, to_team: wardens.id },
    });
    expect((await auditsOf(wardens.id, 'case.referred_in')).filter((a) => a.case_id === id)).toEqual([
      { member_id: null, case_id: id, details: { from_team: stewards.id } },
    ]);
    const after = await fetchReceiptCase(reporterBrowser);
    expect(after.referrals).toEqual([
      expect.objectContaining({ id, state: 'released', excluded: [vera.identity.id], packet: null }),
    ]);
    expect(after.other_cases).toEqual([
      { id, team_name: wardens.name, team_slug: wardens.slug, referred_from: report.caseId },
    ]);
  });

  it('asks the reporter too when a team names no community', async () => {
    const unnamed = await createTeamWithService(t.db, { adminName: 'Uma', name: 'Unnamed' });
    const made = await referCase(ana, report.caseId, unnamed.slug);
    expect(made.state).toBe('awaiting_consent');
    expect(await referralRow(made.submission.id)).toMatchObject({
      needs_consent: true,
      state: 'awaiting_consent',
    });
    expect(await caseRow(made.submission.id)).toBeUndefined();
  });

  it('409 referral_decided for a second answer, nothing changed', async () => {
    const id = referral.submission.id;
    const before = await referralRow(id);
    for (const decision of [{ consent: true }, { consent: false }]) {
      expectRefusal(await answerReferral(reporterBrowser, id, decision), 409, 'referral_decided');
    }
    expect(await referralRow(id)).toEqual(before);
    expect(await caseGrantRecipients(id)).toEqual([wim.member.id, 'reporter'].sort());
  });
});

describe('the reporter refuses: the packet and its files are deleted, the Wardens never see it', () => {
  it('refused: the row kept without its packet, no case, the file gone, audited in the Stewards only', async () => {
    const report = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const reporterBrowser = await receiptBrowser(report.reporter);
    const statusBefore = (await caseRow(report.caseId))?.status;
    const referral = await referCase(ana, report.caseId, wardens.slug, {
      attachments: [fileOf('refused.txt', 'never shared')],
      referral: { summary: typed.refusedSummary },
    });
    const id = referral.submission.id;
    const fileId = referral.attachments[0]?.id ?? '';
    expect(referral.state).toBe('awaiting_consent');

    const res = await answerReferral(reporterBrowser, id, { consent: false });
    expect(expectReply(res, 200, 'POST /api/receipt/referrals/{id}/consent')).toEqual({ state: 'refused' });
    const row = await referralRow(id);
    expect(row).toMatchObject({
      state: 'refused',
      payload_v: null,
      payload_nonce: null,
      payload_ct: null,
      summary_nonce: null,
      summary_ct: null,
      sig: null,
      excluded: [],
    });
    expect(row?.decided_at).toBeInstanceOf(Date);
    expect(await referralGrantRecipients(id)).toEqual([]);
    expect(await attachmentRows([fileId])).toEqual([]);
    expect(await caseRow(id)).toBeUndefined();
    for (const member of [wim, vera.session]) await expectUnseen(member, id);
    expect((await caseRow(report.caseId))?.status).toBe(statusBefore);
    expect(await auditsOf(stewards.id, 'case.referral_refused')).toContainEqual({
      member_id: null,
      case_id: report.caseId,
      details: { referral: id, to_team: wardens.id },
    });
    expect((await auditsNaming(id)).map((a) => [a.team_id, a.action]).sort()).toEqual(
      [
        [stewards.id, 'case.referral_refused'],
        [stewards.id, 'case.referred'],
      ].sort(),
    );
    const view = await fetchReceiptCase(reporterBrowser);
    expect(view.referrals).toEqual([expect.objectContaining({ id, state: 'refused', packet: null })]);
    expect(view.other_cases).toEqual([]);
    const listed = await openCase(ana, report.caseId);
    expect((listed.raw as typeof listed.raw & { referrals: unknown[] }).referrals).toEqual([
      expect.objectContaining({ id, state: 'refused' }),
    ]);
    expectRefusal(await answerReferral(reporterBrowser, id, { consent: true }), 409, 'referral_decided');
    expect(await caseRow(id)).toBeUndefined();

    // A refusal ends that referral only: the case may be referred to the Wardens again.
    const again = await referCase(ana, report.caseId, wardens.slug);
    expect(again.state).toBe('awaiting_consent');
  });
});

describe('a referral refused by the server, storing nothing', () => {
  interface Attempt {
    readonly member: MemberSession;
    readonly caseId: string;
    readonly submission: ReferralSubmissionJson;
  }
  let report: SubmittedReport;
  let released: string;

  beforeAll(async () => {
    report = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const other = await reportToStewards({ reporter: reporterWithoutReceipt() });
    released = (await referCase(ana, other.caseId, helpers.slug)).submission.id;
  });

  const prepared = (options: Parameters<typeof prepareReferral>[3] = {}, slug = () => helpers.slug) =>
    prepareReferral(ana, report.caseId, slug(), options);
  const attempt = async (made: Promise<PreparedReferral>): Promise<Attempt> => ({
    member: ana,
    caseId: report.caseId,
    submission: (await made).submission,
  });
  /** A fresh case of the Stewards, referred by a browser that prepared the packet before `then`. */
  const staleAttempt = async (then: (made: SubmittedReport) => Promise<void>): Promise<Attempt> => {
    const made = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const { submission } = await prepareReferral(ana, made.caseId, helpers.slug);
    await then(made);
    return { member: ana, caseId: made.caseId, submission };
  };

  const refusals: [string, number, string, () => Promise<Attempt>][] = [
    ['to the case’s own team', 400, 'referral_same_team', () => attempt(prepared({}, () => stewards.slug))],
    [
      'signed by another member (Ben’s key, posted by Ana)',
      400,
      'bad_signature',
      () => attempt(prepared({ signSecretKey: ben.session.keys.sign.secretKey })),
    ],
    ['signed over another case', 400, 'bad_signature', () => attempt(prepared({ signedCase: generateId() }))],
    [
      'with the summary of another packet',
      400,
      'bad_signature',
      async () => {
        const a = await attempt(prepared());
        const b = await prepared();
        return { ...a, submission: { ...a.submission, summary: b.submission.summary } };
      },
    ],
    [
      'to a team that does not exist',
      404,
      'not_found',
      async () => {
        const a = await attempt(prepared());
        return { ...a, submission: { ...a.submission, team: generateId() } };
      },
    ],
    [
      'sealed to the Helpers without Yves',
      409,
      'grants_do_not_match_roster',
      async () => {
        const { roster } = await fetchTeam(ana.agent, helpers.slug);
        return attempt(prepared({ recipients: recipientsFromRoster(roster, [yves.identity.id]) }));
      },
    ],
    [
      'sealed to the Helpers and a stranger',
      409,
      'grants_do_not_match_roster',
      async () => {
        const { roster } = await fetchTeam(ana.agent, helpers.slug);
        const stranger = { id: generateId(), boxPublicKey: reporterWithoutReceipt().keys.box.publicKey };
        return attempt(prepared({ recipients: [...recipientsFromRoster(roster), stranger] }));
      },
    ],
    [
      'sealed to the Wardens but addressed to the Helpers',
      409,
      'grants_do_not_match_roster',
      async () => {
        const a = await attempt(prepared({}, () => wardens.slug));
        // Re-addressed: the id and the grants are the Wardens', the team the Helpers'.
        return { ...a, submission: { ...a.submission, team: helpers.id } };
      },
    ],
    [
      'naming a roster the server does not have',
      409,
      'roster_changed',
      async () => {
        const a = await attempt(prepared());
        return { ...a, submission: { ...a.submission, roster_seq: a.submission.roster_seq + 1 } };
      },
    ],
    [
      'leaving out someone who is not a Helper',
      409,
      'excluded_not_member',
      () => attempt(prepared({ exclude: [cai.identity.id] })),
    ],
    [
      'leaving out an unknown id',
      409,
      'excluded_not_member',
      () => attempt(prepared({ exclude: [generateId()] })),
    ],
    [
      'leaving out every Helper',
      400,
      'no_recipient_left',
      () => attempt(prepared({ exclude: [zoe.member.id, yves.identity.id, xia.identity.id] })),
    ],
    [
      'choosing exclusions where the reporter is asked',
      400,
      'reporter_chooses_exclusions',
      () => attempt(prepared({ exclude: [vera.identity.id] }, () => wardens.slug)),
    ],
    [
      'under the id of an existing case',
      409,
      'duplicate_report',
      () => attempt(prepared({ id: report.caseId })),
    ],
    [
      'under the id of a released referral',
      409,
      'duplicate_report',
      () => attempt(prepared({ id: released })),
    ],
    [
      'with a file nobody uploaded',
      400,
      'attachment_unknown',
      async () => {
        const a = await attempt(prepared());
        return { ...a, submission: { ...a.submission, attachments: [generateId()] } };
      },
    ],
    [
      'while one to the same team waits for the reporter',
      409,
      'referral_waiting',
      async () => {
        const made = await reportToStewards({ reporter: reporterWithoutReceipt() });
        expect((await referCase(ana, made.caseId, wardens.slug)).state).toBe('awaiting_consent');
        const { submission } = await prepareReferral(ana, made.caseId, wardens.slug);
        return { member: ana, caseId: made.caseId, submission };
      },
    ],
    [
      'by a member the reporter left out of the case',
      404,
      'not_found',
      async () => {
        const made = await reportToStewards({
          reporter: reporterWithoutReceipt(),
          exclude: [cai.identity.id],
        });
        const { submission } = await prepareReferral(ana, made.caseId, helpers.slug);
        return { member: cai.session, caseId: made.caseId, submission };
      },
    ],
    [
      'by a member of another team',
      404,
      'not_found',
      async () => ({ ...(await attempt(prepared({}, () => wardens.slug))), member: zoe }),
    ],
    [
      'of a closed case',
      409,
      'case_finished',
      () =>
        staleAttempt(async (made) => {
          await t.db.updateTable('teams').set({ quorum: 0 }).where('id', '=', stewards.id).execute();
          await closeWithSummary(ana, made.caseId);
        }),
    ],
    [
      'of a withdrawn case',
      409,
      'case_withdrawn',
      () =>
        staleAttempt(async (made) => {
          const browser = await receiptBrowser(made.reporter);
          expectReply(await browser.post('/api/receipt/withdraw'), 200, 'POST /api/receipt/withdraw');
        }),
    ],
    [
      'of a purged case',
      409,
      'case_purged',
      () =>
        staleAttempt(async (made) => {
          await t.db
            .updateTable('teams')
            .set({ quorum: 0, retention_days: 1 })
            .where('id', '=', stewards.id)
            .execute();
          await purgeCase(t.db, ana, made.caseId);
        }),
    ],
  ];

  it.each(refusals)('%s: %i %s', async (_name, status, code, make) => {
    const { member, caseId, submission } = await make();
    // A refused id may belong to something already (duplicate_report): that must stay as it was.
    const fresh = (await idTraces(submission.id)).every((trace) => trace.length === 0);
    const before = { from: await caseState(caseId), id: await idTraces(submission.id) };
    expectRefusal(await postReferral(member, caseId, submission), status, code);
    expect({ from: await caseState(caseId), id: await idTraces(submission.id) }).toEqual(before);
    if (fresh) await expectNothingStored(submission);
  });

  it('holds a file only once: a second referral naming a held file is refused (400 attachment_unknown)', async () => {
    const made = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const first = await referCase(ana, made.caseId, wardens.slug, { attachments: [fileOf('a.txt', 'a')] });
    const second = await prepareReferral(ana, made.caseId, helpers.slug);
    const submission = { ...second.submission, attachments: first.submission.attachments };
    const before = await caseState(made.caseId);
    expectRefusal(await postReferral(ana, made.caseId, submission), 400, 'attachment_unknown');
    await expectNothingStored(second.submission);
    expect(await caseState(made.caseId)).toEqual(before);
    expect(await attachmentRows(first.submission.attachments ?? [])).toEqual([
      expect.objectContaining({ referral_id: first.submission.id, case_id: null }),
    ]);
  });

  it('refuses a file bound to a report already (400 attachment_unknown)', async () => {
    const made = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const withFile = await reportToStewards({
      reporter: reporterWithoutReceipt(),
      attachments: [fileOf('c.txt', 'c')],
    });
    const { submission } = await prepareReferral(ana, made.caseId, helpers.slug);
    const ids = withFile.attachments.map((a) => a.id);
    const before = await caseState(made.caseId);
    expectRefusal(
      await postReferral(ana, made.caseId, { ...submission, attachments: ids }),
      400,
      'attachment_unknown',
    );
    await expectNothingStored(submission);
    expect(await caseState(made.caseId)).toEqual(before);
    expect(await attachmentRows(ids)).toEqual([{ id: ids[0], case_id: withFile.caseId, referral_id: null }]);
  });
});

describe('an answer refused by the server, the referral still waiting', () => {
  let report: SubmittedReport;
  let reporterBrowser: Agent;
  let waiting: MadeReferral;

  beforeAll(async () => {
    report = await reportToStewards({
      reporter: reporterWithoutReceipt(),
      body: { reporter_role: 'third_party' },
    });
    reporterBrowser = await receiptBrowser(report.reporter);
    waiting = await referCase(ana, report.caseId, wardens.slug);
  });

  async function expectStillWaiting(): Promise<void> {
    const row = await referralRow(waiting.submission.id);
    expect(row).toMatchObject({ state: 'awaiting_consent', excluded: [], decided_at: null });
    expect(row?.payload_ct).not.toBeNull();
    expect(await referralGrantRecipients(waiting.submission.id)).toEqual(
      [wim.member.id, vera.identity.id, 'reporter'].sort(),
    );
    expect(await caseRow(waiting.submission.id)).toBeUndefined();
    expect((await auditsNaming(waiting.submission.id)).map((a) => a.action)).toEqual(['case.referred']);
  }

  it('400 invalid_request for a refusal that leaves people out', async () => {
    const res = await answerReferral(reporterBrowser, waiting.submission.id, {
      consent: false,
      excluded: [vera.identity.id],
    });
    expectRefusal(res, 400, 'invalid_request');
    await expectStillWaiting();
  });

  it('409 excluded_not_member for leaving out someone who is not a Warden', async () => {
    for (const excluded of [[generateId()], [ben.identity.id]]) {
      const res = await answerReferral(reporterBrowser, waiting.submission.id, { consent: true, excluded });
      expectRefusal(res, 409, 'excluded_not_member');
    }
    await expectStillWaiting();
  });

  it('400 no_recipient_left for leaving out every Warden', async () => {
    const res = await answerReferral(reporterBrowser, waiting.submission.id, {
      consent: true,
      excluded: [wim.member.id, vera.identity.id],
    });
    expectRefusal(res, 400, 'no_recipient_left');
    await expectStillWaiting();
  });

  it('404 for the reporter of another case, and for an id that is no referral', async () => {
    const other = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const otherBrowser = await receiptBrowser(other.reporter);
    for (const decision of [{ consent: true }, { consent: false }]) {
      expectRefusal(await answerReferral(otherBrowser, waiting.submission.id, decision), 404, 'not_found');
    }
    expectRefusal(await answerReferral(reporterBrowser, generateId(), { consent: true }), 404, 'not_found');
    expect((await fetchReceiptCase(otherBrowser)).referrals).toEqual([]);
    await expectStillWaiting();
  });

  it('403 reporter_only for the target’s receipt, which is shown no referral', async () => {
    const target = reporterWithoutReceipt();
    await inviteTarget(ana, report.caseId, target);
    const targetBrowser = injectAgent(t.app);
    expectReply(await openTargetSession(targetBrowser, target), 200, 'POST /api/receipt/session');
    for (const decision of [{ consent: true }, { consent: false }]) {
      expectRefusal(
        await answerReferral(targetBrowser, waiting.submission.id, decision),
        403,
        'reporter_only',
      );
    }
    const view = await fetchReceiptCase(targetBrowser);
    expect(view.role).toBe('target');
    expect(view.referrals).toEqual([]);
    await expectStillWaiting();
  });

  it('401 without a receipt session, and 401 for a member’s session', async () => {
    expectRefusal(
      await answerReferral(injectAgent(t.app), waiting.submission.id, { consent: true }),
      401,
      'unauthorized',
    );
    expectRefusal(
      await answerReferral(ana.agent, waiting.submission.id, { consent: true }),
      401,
      'unauthorized',
    );
    await expectStillWaiting();
  });

  it('takes the genuine answer afterwards', async () => {
    const res = await answerReferral(reporterBrowser, waiting.submission.id, { consent: true });
    expect(expectReply(res, 200, 'consent')).toEqual({ state: 'released' });
    expect(await caseGrantRecipients(waiting.submission.id)).toEqual(
      [wim.member.id, vera.identity.id, 'reporter'].sort(),
    );
  });
});

describe('referrals and answers at once', () => {
  it('takes one of two answers sent at once, refusing the other with 409 referral_decided', async () => {
    const report = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const browser = await receiptBrowser(report.reporter);
    const { submission } = await referCase(ana, report.caseId, wardens.slug);
    const replies = await Promise.all([
      answerReferral(browser, submission.id, { consent: true }),
      answerReferral(browser, submission.id, { consent: false }),
    ]);
    expect(replies.map((res) => res.status).sort()).toEqual([200, 409]);
    const refused = replies.find((res) => res.status === 409);
    if (refused) expectRefusal(refused, 409, 'referral_decided');
    const row = await referralRow(submission.id);
    const won = replies.findIndex((res) => res.status === 200) === 0 ? 'released' : 'refused';
    expect(row?.state).toBe(won);
    expect((await caseRow(submission.id)) !== undefined).toBe(won === 'released');
  });

  it('keeps one waiting referral per case and team when two are sent at once (409 referral_waiting)', async () => {
    for (let round = 0; round < 3; round += 1) {
      const report = await reportToStewards({ reporter: reporterWithoutReceipt() });
      const packets = [
        await prepareReferral(ana, report.caseId, wardens.slug),
        await prepareReferral(ben.session, report.caseId, wardens.slug),
      ];
      const replies = await Promise.all([
        postReferral(ana, report.caseId, packets[0]?.submission),
        postReferral(ben.session, report.caseId, packets[1]?.submission),
      ]);
      expect(replies.map((res) => res.status).sort(), `round ${round}`).toEqual([201, 409]);
      const refused = replies.find((res) => res.status === 409);
      if (refused) expectRefusal(refused, 409, 'referral_waiting');
      expect((await caseState(report.caseId)).referrals, `round ${round}`).toHaveLength(1);
    }
  });

  it.each([
    ['waiting for consent (the Wardens)', () => wardens.slug],
    ['released at once (the Helpers)', () => helpers.slug],
  ])(
    'refuses a second referral under an id another case is taking at that moment, %s: 409 duplicate_report',
    async (_name, slug) => {
      // Rounds, because a race shows only sometimes: each must end with one referral under the id.
      for (let round = 0; round < 5; round += 1) {
        const cases = [
          await reportToStewards({ reporter: reporterWithoutReceipt() }),
          await reportToStewards({ reporter: reporterWithoutReceipt() }),
        ];
        const id = generateId();
        const packets = [
          await prepareReferral(ana, cases[0]?.caseId ?? '', slug(), {
            id,
            attachments: [fileOf('first.txt', 'first')],
          }),
          await prepareReferral(ben.session, cases[1]?.caseId ?? '', slug(), {
            id,
            attachments: [fileOf('second.txt', 'second')],
          }),
        ];
        const replies = await Promise.all([
          postReferral(ana, cases[0]?.caseId ?? '', packets[0]?.submission),
          postReferral(ben.session, cases[1]?.caseId ?? '', packets[1]?.submission),
        ]);
        // Nothing of the refused one: no audit on its case, its file not held for the other's packet.
        const owner = (await referralRow(id))?.from_case;
        const loser = cases.findIndex((c) => c.caseId !== owner);
        const outcome = {
          statuses: replies.map((res) => res.status).sort(),
          refused: replies
            .filter((res) => res.status !== 201)
            .map((res) => res.json<ErrorShape>().error.code),
          referredAudits: (await auditsNaming(id)).filter((a) => a.action === 'case.referred').length,
          loserFiles: (await attachmentRows(packets[loser]?.submission.attachments ?? [])).map(
            (f) => f.referral_id,
          ),
        };
        expect(outcome, `round ${round}`).toEqual({
          statuses: [201, 409],
          refused: ['duplicate_report'],
          referredAudits: 1,
          loserFiles: [null],
        });
      }
    },
  );
});

describe('a referral waiting when the case it was made from ends', () => {
  it('a withdrawal: the packet is not released, and not held on: consent 409 case_withdrawn, the packet and its file deleted', async () => {
    const report = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const browser = await receiptBrowser(report.reporter);
    const waiting = await referCase(ana, report.caseId, wardens.slug, {
      attachments: [fileOf('held.txt', 'held for the Wardens')],
    });
    const id = waiting.submission.id;
    expectReply(await browser.post('/api/receipt/withdraw'), 200, 'POST /api/receipt/withdraw');
    expectRefusal(await answerReferral(browser, id, { consent: true }), 409, 'case_withdrawn');
    expect(await caseRow(id)).toBeUndefined();
    for (const member of [wim, vera.session]) await expectUnseen(member, id);
    // The reporter took the report back: whether the withdrawal ended the referral or a refusal
    // still may, no copy of the report may stay held for a team that will never get it.
    const refusal = await answerReferral(browser, id, { consent: false });
    expect([200, 409]).toContain(refusal.status);
    expect(await held(id, waiting.submission.attachments ?? [])).toEqual({
      packet: false,
      grants: [],
      files: [],
    });
  });

  it('the purge: the held packet and its file go with the case’s details', async () => {
    await t.db
      .updateTable('teams')
      .set({ quorum: 0, retention_days: 1 })
      .where('id', '=', stewards.id)
      .execute();
    const report = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const browser = await receiptBrowser(report.reporter);
    const waiting = await referCase(ana, report.caseId, wardens.slug, {
      attachments: [fileOf('held.txt', 'held for the Wardens')],
    });
    const id = waiting.submission.id;
    await purgeCase(t.db, ana, report.caseId);
    expectRefusal(await answerReferral(browser, id, { consent: true }), 409, 'case_purged');
    expect(await caseRow(id)).toBeUndefined();
    // "A purged case keeps only its row and its retained record": not a copy of its report.
    expect(await held(id, waiting.submission.attachments ?? [])).toEqual({
      packet: false,
      grants: [],
      files: [],
    });
  });
});

describe('one namespace of ids: a waiting referral’s id is taken', () => {
  it('refuses a report under it (409 duplicate_report); the consent then releases the referral', async () => {
    const report = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const browser = await receiptBrowser(report.reporter);
    const waiting = await referCase(ana, report.caseId, wardens.slug);
    const id = waiting.submission.id;
    // The reporter was shown the id; any browser may send a report under it.
    const squatter = await prepareReport(injectAgent(t.app), helpers.slug, {
      id,
      reporter: reporterWithoutReceipt(),
    });
    const res = await postReport(injectAgent(t.app), squatter.submission);
    const consent = await answerReferral(browser, id, { consent: true });
    expect({ report: res.status, consent: consent.status, text: consent.text.slice(0, 200) }).toEqual({
      report: 409,
      consent: 200,
      text: JSON.stringify({ state: 'released' }),
    });
    expect((await caseRow(id))?.team_id).toBe(wardens.id);
  });

  it('refuses an item under it (409 duplicate_item); the consent then releases the referral', async () => {
    const report = await reportToStewards({ reporter: reporterWithoutReceipt() });
    const browser = await receiptBrowser(report.reporter);
    const waiting = await referCase(ana, report.caseId, wardens.slug);
    const id = waiting.submission.id;
    const view = await openCase(ana, report.caseId);
    // A message to the reporter: its grants include one to "reporter" on the object id.
    const message = await prepareMemberItem(ana, view, { text: 'a message', id });
    const res = await ana.agent.post(`/api/cases/${report.caseId}/items`, message.item);
    const consent = await answerReferral(browser, id, { consent: true });
    expect({ item: res.status, consent: consent.status, text: consent.text.slice(0, 200) }).toEqual({
      item: 409,
      consent: 200,
      text: JSON.stringify({ state: 'released' }),
    });
    expect((await caseRow(id))?.team_id).toBe(wardens.id);
  });
});

describe('the database and the logs', () => {
  it('hold none of the plaintext typed into reports, packets, files and messages', async () => {
    const dump = await dumpEverything(t.db);
    expect(dump).toContain('## referrals');
    expect(findSecrets(dump, typed)).toEqual([]);
    expect(findSecrets(t.logs.join('\n'), typed)).toEqual([]);
  });
});
