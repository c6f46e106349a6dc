/**
 * Summary envelopes on the server (issue 12, docs/protocol.md 9.7), through the real API with real
 * cryptography and a real PostgreSQL: intake stores a report's summary beside its body when the
 * reporter's signature covers both, and refuses one stripped, added, swapped or malformed; the case
 * list sends each case by its summary alone, and an older case (written without one) by its body,
 * in one list; one case and the reporter's case carry both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fitReportSummary,
  generateId,
  openReportSummary,
  randomBytes,
  ready,
  unwrapReportKey,
  type Envelope,
} from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type CaseListJson,
  type CreatedTeam,
  type MemberSession,
  type PreparedReport,
  type SubmittedReport,
  createTeamWithService,
  expectReply,
  injectAgent,
  listCaseSummaries,
  newReporter,
  openCase,
  openReceiptSession,
  postReport,
  prepareReport,
  readReceiptCase,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let reporterAgent: Agent;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  reporterAgent = injectAgent(t.app);
});

afterAll(async () => {
  await t.close();
});

function storedCase(id: string) {
  return t.db
    .selectFrom('cases')
    .select(['payload_ct', 'payload_nonce', 'summary_ct', 'summary_nonce'])
    .where('id', '=', id)
    .executeTakeFirst();
}

function summaryOf(prepared: Pick<PreparedReport, 'submission'>): Envelope {
  const { summary } = prepared.submission;
  if (!summary) throw new Error('the report was prepared without a summary');
  return summary;
}

/** The refusal's status and error shape; the case is not stored. */
async function expectRefused(
  submission: unknown,
  id: string,
  status: number,
  codes: readonly string[],
): Promise<void> {
  const res = await postReport(reporterAgent, submission);
  expect(res.status, res.text).toBe(status);
  const body = res.json<{ error: { code: string; message: string } }>();
  expect(codes).toContain(body.error.code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(await storedCase(id)).toBeUndefined();
}

describe('POST /api/reports with a summary envelope', () => {
  it('stores the summary beside the report, byte for byte, in the same row', async () => {
    const sent = await submitReport(reporterAgent, team.slug, {
      body: { summary: 'Insults on a talk page' },
    });
    const summary = summaryOf(sent);
    const row = await storedCase(sent.caseId);
    expect(row?.summary_ct).toEqual(Buffer.from(summary.c, 'base64url'));
    expect(row?.summary_nonce).toEqual(Buffer.from(summary.n, 'base64url'));
    expect(row?.summary_ct).toHaveLength(528);
    expect(row?.payload_ct).toEqual(Buffer.from(sent.submission.payload.c, 'base64url'));
    // What was sealed is what the reporter's browser made of the body.
    expect(openReportSummary({ team: team.id, id: sent.caseId, summary }, sent.reportKey)).toEqual(
      fitReportSummary(sent.body),
    );
  });

  it('stores a report without one, as clients older than summaries send it, as before', async () => {
    const sent = await submitReport(reporterAgent, team.slug, { legacy: true });
    expect(sent.submission.summary).toBeUndefined();
    const row = await storedCase(sent.caseId);
    expect(row).toMatchObject({ summary_ct: null, summary_nonce: null });
    expect(row?.payload_ct).toEqual(Buffer.from(sent.submission.payload.c, 'base64url'));
  });

  it('refuses a summary stripped from a report signed with it: 400 bad_signature, nothing stored', async () => {
    const prepared = await prepareReport(reporterAgent, team.slug);
    const { summary, ...stripped } = prepared.submission;
    expect(summary).toBeDefined();
    await expectRefused(stripped, prepared.submission.id, 400, ['bad_signature']);
  });

  it('refuses a summary added to a report signed without one: 400 bad_signature, nothing stored', async () => {
    const legacy = await prepareReport(reporterAgent, team.slug, { legacy: true });
    const other = await prepareReport(reporterAgent, team.slug);
    const added = { ...legacy.submission, summary: summaryOf(other) };
    await expectRefused(added, legacy.submission.id, 400, ['bad_signature']);
  });

  it("refuses another report's summary in place of its own: 400 bad_signature", async () => {
    const one = await prepareReport(reporterAgent, team.slug);
    const other = await prepareReport(reporterAgent, team.slug);
    const swapped = { ...one.submission, summary: summaryOf(other) };
    await expectRefused(swapped, one.submission.id, 400, ['bad_signature']);
    // A flipped byte of its own summary fails the same way.
    const own = summaryOf(one);
    const bytes = Buffer.from(own.c, 'base64url');
    bytes[100] = (bytes[100] ?? 0) ^ 1;
    const flipped = { ...one.submission, summary: { ...own, c: bytes.toString('base64url') } };
    await expectRefused(flipped, one.submission.id, 400, ['bad_signature']);
    // Its own, untouched, is accepted.
    expect((await postReport(reporterAgent, one.submission)).status).toBe(201);
  });

  it('refuses a malformed summary with 400 in the error shape, never a 500', async () => {
    const prepared = await prepareReport(reporterAgent, team.slug);
    const summary = summaryOf(prepared);
    const variants: [string, unknown, string[]][] = [
      ['c one character short', { ...summary, c: summary.c.slice(1) }, ['invalid_request']],
      ['c one character long', { ...summary, c: `${summary.c}A` }, ['invalid_request']],
      ['c of 525 bytes', { ...summary, c: summary.c.slice(0, 700) }, ['invalid_request']],
      [
        'c of the ordinary report length',
        { ...summary, c: prepared.submission.payload.c },
        ['invalid_request'],
      ],
      ['c empty', { ...summary, c: '' }, ['invalid_request']],
      ['c in padded base64', { ...summary, c: `${summary.c.slice(0, 702)}==` }, ['invalid_request']],
      ['c in standard base64', { ...summary, c: `+/${summary.c.slice(2)}` }, ['invalid_request']],
      ['c not base64', { ...summary, c: `${summary.c.slice(0, 703)}!` }, ['invalid_request']],
      ['c a number', { ...summary, c: 528 }, ['invalid_request']],
      ['n short', { ...summary, n: summary.n.slice(1) }, ['invalid_request']],
      ['n missing', { v: 1, c: summary.c }, ['invalid_request']],
      ['c missing', { v: 1, n: summary.n }, ['invalid_request']],
      ['v 2', { ...summary, v: 2 }, ['unknown_version']],
      ['v 0', { ...summary, v: 0 }, ['unknown_version']],
      ['v a string', { ...summary, v: '1' }, ['invalid_request']],
      ['v missing', { n: summary.n, c: summary.c }, ['invalid_request']],
      ['an extra field', { ...summary, kind: 'summary' }, ['invalid_request']],
      ['null', null, ['invalid_request']],
      ['a string', summary.c, ['invalid_request']],
      ['a list', [summary], ['invalid_request']],
    ];
    for (const [label, value, codes] of variants) {
      const res = await postReport(reporterAgent, { ...prepared.submission, summary: value });
      expect(res.status, `${label}: ${res.text}`).toBe(400);
      const body = res.json<{ error: { code: string; message: string } }>();
      expect(codes, label).toContain(body.error.code);
      expect(body.error.message, label).toEqual(expect.any(String));
    }
    expect(await storedCase(prepared.submission.id)).toBeUndefined();
    expect((await postReport(reporterAgent, prepared.submission)).status).toBe(201);
  });
});

describe('GET /api/cases with summaries and older cases', () => {
  let listTeam: CreatedTeam;
  let bea: MemberSession;
  /** Oldest first: an older case, a new one, an older one, a new one. */
  const sent: SubmittedReport[] = [];

  beforeAll(async () => {
    listTeam = await createTeamWithService(t.db, { adminName: 'Bea' });
    bea = await signInFast(injectAgent(t.app), listTeam.slug, listTeam.admin);
    for (const [i, legacy] of [true, false, true, false].entries()) {
      sent.push(
        await submitReport(reporterAgent, listTeam.slug, {
          legacy,
          body: { summary: `case ${i}`, what_happened: `What happened in case ${i}.\n${'x'.repeat(3000)}` },
        }),
      );
    }
  });

  it('sends new cases by their summary alone and older ones by their body, in one list, newest first', async () => {
    const raw = expectReply<CaseListJson>(await bea.agent.get('/api/cases'), 200, 'GET /api/cases');
    expect(raw.cases.map((c) => c.id)).toEqual(sent.map((s) => s.caseId).reverse());
    for (const report of sent) {
      const row = raw.cases.find((c) => c.id === report.caseId);
      if (report.submission.summary) {
        expect(row).toMatchObject({ summary: report.submission.summary, payload: null });
      } else {
        expect(row).toMatchObject({ summary: null, payload: report.submission.payload });
      }
    }
    // Not a byte of a new case's body is in the list.
    const text = JSON.stringify(raw);
    for (const report of sent.filter((s) => s.submission.summary))
      expect(text).not.toContain(report.submission.payload.c.slice(0, 64));

    // The member's browser opens each row with its grant: the summary, or the older case's body.
    const listed = await listCaseSummaries(bea);
    for (const [i, report] of sent.entries()) {
      const row = listed.cases.find((c) => c.summary.id === report.caseId);
      expect(row?.shown).toEqual(fitReportSummary(report.body));
      expect(row?.shown?.summary).toBe(`case ${i}`);
      expect(row?.body?.what_happened ?? null).toBe(
        report.submission.summary ? null : report.body.what_happened,
      );
    }
  });

  it('pages through both kinds of case with the same cursor', async () => {
    const seen: string[] = [];
    let query = '?limit=1';
    for (let page = 0; page < 10; page++) {
      const raw = expectReply<CaseListJson>(await bea.agent.get(`/api/cases${query}`), 200, 'GET /api/cases');
      seen.push(...raw.cases.map((c) => c.id));
      if (raw.next === null) break;
      query = `?limit=1&cursor=${raw.next}`;
    }
    expect(seen).toEqual(sent.map((s) => s.caseId).reverse());
  });

  it('counts against the page cap the bytes it sends: summaries, not the bodies behind them', async () => {
    // 300 cases whose bodies (16 KiB each) would pass the 4 MiB cap, but whose summaries do not.
    // Random bytes stand in for ciphertext: the list only carries them.
    const capTeam = await createTeamWithService(t.db, { adminName: 'Cy' });
    const cy = await signInFast(injectAgent(t.app), capTeam.slug, capTeam.admin);
    const count = 300;
    const random = (n: number) => Buffer.from(randomBytes(n));
    const rows = Array.from({ length: count }, () => ({
      id: generateId(),
      team_id: capTeam.id,
      roster_seq: 0,
      payload_v: 1,
      payload_nonce: random(24),
      payload_ct: random(16 * 1024 + 16),
      summary_nonce: random(24),
      summary_ct: random(528),
      sig: random(64),
      reporter_box_pk: random(32),
      reporter_sign_pk: random(32),
      lookup_hash: random(32),
    }));
    await t.db.insertInto('cases').values(rows).execute();
    await t.db
      .insertInto('grants')
      .values(
        rows.map((r) => ({ case_id: r.id, object_id: r.id, recipient: cy.member.id, sealed: random(80) })),
      )
      .execute();
    const raw = expectReply<CaseListJson>(await cy.agent.get('/api/cases?limit=1000'), 200, 'GET /api/cases');
    expect(raw.cases).toHaveLength(count);
    expect(raw.next).toBeNull();
    expect(raw.cases.every((c) => c.payload === null && c.summary !== null)).toBe(true);
  });
});

describe('one case, and the reporter’s case', () => {
  let withSummary: SubmittedReport;
  let legacy: SubmittedReport;

  beforeAll(async () => {
    withSummary = await submitReport(reporterAgent, team.slug, { reporter: newReporter() });
    legacy = await submitReport(reporterAgent, team.slug, { reporter: newReporter(), legacy: true });
  });

  it('GET /api/cases/{id} sends the summary and the body; the signature covers both', async () => {
    const view = await openCase(ana, withSummary.caseId);
    expect(view.raw.summary).toEqual(withSummary.submission.summary);
    expect(view.raw.payload).toEqual(withSummary.submission.payload);
    expect(view.summary).toEqual(fitReportSummary(withSummary.body));
    expect(view.disagreements).toEqual([]);
    expect(view.body.what_happened).toBe(withSummary.body.what_happened);

    const older = await openCase(ana, legacy.caseId);
    expect(older.raw).toMatchObject({ summary: null, payload: legacy.submission.payload });
    expect(older.summary).toBeNull();
  });

  it('stores a summary that says something else than the body (only a reader can tell), and the comparison names it', async () => {
    const liar = await submitReport(reporterAgent, team.slug, {
      summary: { schema: 'confide/summary/v1', summary: 'Nothing to see here' },
    });
    const view = await openCase(ana, liar.caseId);
    expect(view.summary?.summary).toBe('Nothing to see here');
    expect(view.disagreements).toEqual(expect.arrayContaining(['summary']));
  });

  it('GET /api/receipt/case carries the summary, so the reporter verifies the signature over both', async () => {
    for (const report of [withSummary, legacy]) {
      const agent = injectAgent(t.app);
      expectReply(await openReceiptSession(agent, report.reporter), 200, 'POST /api/receipt/session');
      // readReceiptCase verifies the signature with the key derived from the receipt.
      const view = await readReceiptCase(agent, report.reporter);
      expect(view.raw.summary ?? null).toEqual(report.submission.summary ?? null);
      expect(view.summary).toEqual(report.submission.summary ? fitReportSummary(report.body) : null);
      const key = unwrapReportKey(view.raw.grant, report.reporter.keys.box);
      expect(key).toEqual(report.reportKey);
    }
  });
});
