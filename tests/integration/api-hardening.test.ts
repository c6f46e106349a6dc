/**
 * Regressions of issue 8's findings that are about rules rather than load: set-up links expire
 * and die when a team is made (3), withdrawal is final (6), dates and ids the schema must refuse
 * (7), checks judged on the routed path (8), and the case list and report sizes (2).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProtocolTime, generateId, ready, sealItem } from '../../crypto/index.js';
import { MAX_ENVELOPE_PLAINTEXT_BYTES, MAX_PAYLOAD_B64 } from '#contract/common';
import { insertTeam } from '../../server/repositories/teams.js';
import { PAGE_MAX_PAYLOAD_BYTES } from '../../server/services/cases.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import { until } from '../helpers/until.js';
import {
  createTeamWithService,
  expectReply,
  foundTeamLocally,
  injectAgent,
  newSetupToken,
  openCase,
  openReceiptSession,
  patchCase,
  postMemberItem,
  postReport,
  fetchTeam,
  itemRecipients,
  prepareReport,
  prepareReporterItem,
  readReceiptCase,
  reporterWithoutReceipt,
  setupRequestBody,
  signInFast,
  submitReport,
  type ApiResponse,
  type CaseListJson,
  type CreatedTeam,
  type ErrorJson,
  type MemberSession,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
});
afterAll(async () => {
  await t.close();
});

const code = (res: ApiResponse): string => res.json<ErrorJson>().error.code;

describe('set-up links', () => {
  it('stop working once they expire', async () => {
    const token = await newSetupToken(t.db);
    await t.db
      .updateTable('setup_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const res = await injectAgent(t.app).post('/api/setup', setupRequestBody(token, foundTeamLocally()));
    expect(res.status).toBe(403);
    expect(code(res)).toBe('setup_link_invalid');
  });

  it('are made with the configured lifetime, a day by default', async () => {
    await newSetupToken(t.db);
    const row = await t.db.selectFrom('setup_tokens').select('expires_at').executeTakeFirstOrThrow();
    const hours = (row.expires_at.getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
    expect(t.config.setupLinkHours).toBe(24);
  });

  it('all stop working when a team is created another way (the command line)', async () => {
    const token = await newSetupToken(t.db);
    await createTeamWithService(t.db);
    const res = await injectAgent(t.app).post('/api/setup', setupRequestBody(token, foundTeamLocally()));
    expect(res.status).toBe(403);
    expect(code(res)).toBe('setup_link_invalid');
    expect(await t.db.selectFrom('setup_tokens').select('token_hash').execute()).toEqual([]);
  });

  it('die when the command line makes a team while a set-up with them is under way and then fails', async () => {
    const token = await newSetupToken(t.db);
    // Another transaction holds the address the set-up asks for, so the set-up waits, mid-way,
    // on the address's unique index.
    let letGo = (): void => undefined;
    const hold = new Promise<void>((resolve) => (letGo = resolve));
    let held = (): void => undefined;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const holder = t.db.transaction().execute(async (tx) => {
      await insertTeam(tx, { id: generateId(), slug: 'held-address', name: 'Held', description: '' });
      held();
      await hold;
    });
    await holding;
    const setUp = injectAgent(t.app).post(
      '/api/setup',
      setupRequestBody(token, foundTeamLocally({ slug: 'held-address' })),
    );
    await until('the set-up to wait on the held address', async () => {
      const waiting = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and query ilike 'insert into "teams"%'`.execute(t.db);
      return (waiting.rows[0]?.n ?? 0) > 0;
    });
    // Meanwhile the command line makes a team, which voids every link not spent.
    await createTeamWithService(t.db);
    letGo();
    await holder;
    const failed = await setUp;
    expect(failed.status).toBe(409);
    expect(code(failed)).toBe('team_exists');
    // The set-up made no team, and the link was not spent, so the command line voided it.
    const res = await injectAgent(t.app).post('/api/setup', setupRequestBody(token, foundTeamLocally()));
    expect(res.status).toBe(403);
    expect(code(res)).toBe('setup_link_invalid');
  });

  it('still create exactly one team when used in time', async () => {
    const token = await newSetupToken(t.db);
    const local = foundTeamLocally();
    const res = await injectAgent(t.app).post('/api/setup', setupRequestBody(token, local));
    expect(res.status).toBe(201);
    const again = await injectAgent(t.app).post('/api/setup', setupRequestBody(token, foundTeamLocally()));
    expect(again.status).toBe(403);
  });
});

describe('a withdrawn report', () => {
  it('refuses every later change, by a member or the reporter, with 409 case_withdrawn', async () => {
    const reporter = reporterWithoutReceipt();
    const browser = injectAgent(t.app);
    const report = await submitReport(browser, team.slug, { reporter });
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session');
    const view = await readReceiptCase(browser, reporter);
    // Prepared before the withdrawal, sent after: the server must refuse it then.
    const late = await prepareReporterItem(browser, reporter, view, { text: 'one more thing' });
    const memberView = await openCase(ana, report.caseId);
    expectReply(await browser.post('/api/receipt/withdraw'), 200, 'withdraw');

    for (const status of ['investigating', 'closed', 'acknowledged'] as const) {
      const res = await patchCase(ana, report.caseId, { status });
      expect(res.status).toBe(409);
      expect(code(res)).toBe('case_withdrawn');
    }
    const reassign = await patchCase(ana, report.caseId, { assignee: ana.member.id });
    expect(code(reassign)).toBe('case_withdrawn');
    await expect(postMemberItem(ana, memberView, { kind: 'note', text: 'after' })).rejects.toThrow(
      /case_withdrawn/,
    );
    const answer = await browser.post('/api/receipt/items', late.item);
    expect(answer.status).toBe(409);
    expect(code(answer)).toBe('case_withdrawn');
    const again = await browser.post('/api/receipt/withdraw');
    expect(again.status).toBe(409);
    expect(code(again)).toBe('case_withdrawn');

    const row = await t.db
      .selectFrom('cases')
      .select(['status', 'assignee'])
      .where('id', '=', report.caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'withdrawn', assignee: null });
    const items = await t.db.selectFrom('items').select('id').where('case_id', '=', report.caseId).execute();
    expect(items).toEqual([]);
  });
});

describe('a closed report', () => {
  it('cannot be withdrawn any more: 409 case_closed, and it stays closed', async () => {
    const reporter = reporterWithoutReceipt();
    const browser = injectAgent(t.app);
    const report = await submitReport(browser, team.slug, { reporter });
    // A team that votes on nothing closes with the closing summary alone.
    await t.db.updateTable('teams').set({ quorum: 0 }).where('id', '=', team.id).execute();
    const view = await openCase(ana, report.caseId);
    const { roster } = await fetchTeam(ana.agent, team.slug);
    const summary = sealItem({
      team: team.id,
      caseId: report.caseId,
      id: generateId(),
      kind: 'record',
      author: ana.member.id,
      audience: 'team',
      body: {
        schema: 'confide/record/v1',
        type: 'closing_summary',
        about: 'a report',
        investigators: 'Ana',
        findings: 'none',
        outcome: 'closed',
        written_at: formatProtocolTime(new Date()),
      },
      recipients: itemRecipients(roster, view.excluded, null),
      authorSignSecretKey: ana.keys.sign.secretKey,
    });
    expectReply(
      await ana.agent.patch(`/api/cases/${report.caseId}`, { status: 'closed', item: summary.item }),
      200,
      'close',
    );
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session');
    const res = await browser.post('/api/receipt/withdraw');
    expect(res.status).toBe(409);
    expect(code(res)).toBe('case_closed');
    const row = await t.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', report.caseId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
  });
});

describe('files over the total a report may carry', () => {
  it('are refused with 413 attachments_too_large, and neither the report nor the binding is kept', async () => {
    const small = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off', MAX_REPORT_ATTACHMENTS_MB: '1' } });
    try {
      const smallTeam = await createTeamWithService(small.db);
      const agent = injectAgent(small.app);
      const file = (name: string) => ({ name, type: 'text/plain', bytes: new Uint8Array(600_000) });
      const prepared = await prepareReport(agent, smallTeam.slug, { attachments: [file('a'), file('b')] });
      const res = await postReport(agent, prepared.submission);
      expect(res.status).toBe(413);
      expect(code(res)).toBe('attachments_too_large');
      const cases = await small.db.selectFrom('cases').select('id').execute();
      expect(cases).toEqual([]);
      const bound = await small.db
        .selectFrom('attachments')
        .select('case_id')
        .where('id', 'in', prepared.submission.attachments)
        .execute();
      expect(bound).toEqual([{ case_id: null }, { case_id: null }]);
    } finally {
      await small.close();
    }
  });
});

describe('values the schema refuses before they reach the database', () => {
  it('refuses a leap second or year 0000 as a check-in date with a 400', async () => {
    const report = await submitReport(injectAgent(t.app), team.slug);
    for (const date of ['2026-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '2026-02-30T10:00:00Z']) {
      const res = await patchCase(ana, report.caseId, { check_in_by: date });
      expect(res.status, date).toBe(400);
      expect(code(res)).toBe('invalid_request');
    }
  });

  it('refuses ids that are not lowercase UUID v4 with a 400', async () => {
    const id = generateId();
    for (const bad of [`urn:uuid:${id}`, id.toUpperCase(), '6ba7b810-9dad-11d1-80b4-00c04fd430c8']) {
      const res = await ana.agent.delete(`/api/teams/${team.slug}/members/${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(code(res)).toBe('invalid_request');
    }
  });
});

describe('checks keyed on the API', () => {
  it('judge a percent-encoded path by the route it reaches', async () => {
    const browser = injectAgent(t.app);
    const noHeader = await browser.request('POST', '/%61pi/receipt/session', {
      json: { lookup: 'A'.repeat(43) },
      csrf: false,
    });
    expect(noHeader.status).toBe(403);
    expect(code(noHeader)).toBe('missing_csrf_header');
    const health = await browser.get('/%61pi/health');
    expect(health.status).toBe(200);
    expect(health.headers['cache-control']).toBe('no-store');
    const nothing = await browser.get('/%61pi/nothing-here');
    expect(nothing.status).toBe(404);
    expect(code(nothing)).toBe('not_found');
  });
});

describe('report sizes and the case list', () => {
  it('accepts the largest report the limit allows and refuses one byte of padding more', async () => {
    const agent = injectAgent(t.app);
    // A body that pads to exactly the limit (padding always adds at least one byte).
    const base = await prepareReport(agent, team.slug, { body: { what_happened: '' } });
    const baseLength = JSON.stringify(base.body).length;
    const filler = 'x'.repeat(MAX_ENVELOPE_PLAINTEXT_BYTES - 1 - baseLength - 200);
    const largest = await prepareReport(agent, team.slug, { body: { what_happened: filler } });
    expect(largest.submission.payload.c.length).toBeLessThanOrEqual(MAX_PAYLOAD_B64);
    expect(largest.submission.payload.c.length).toBeGreaterThan(MAX_PAYLOAD_B64 - 100);
    expect((await postReport(agent, largest.submission)).status).toBe(201);

    const tooLarge = await prepareReport(agent, team.slug, {
      body: { what_happened: `${filler}${'x'.repeat(400)}` },
    });
    const refused = await postReport(agent, tooLarge.submission);
    expect(refused.status).toBe(400);
    expect(code(refused)).toBe('invalid_request');
  });

  it('ends a page once its ciphertext passes the cap, and pages through every case', async () => {
    const second = await createTeamWithService(t.db, { adminName: 'Bea' });
    const bea = await signInFast(injectAgent(t.app), second.slug, second.admin);
    // Forty maximum-size reports (random bytes stand in for ciphertext: the list only carries them).
    const count = 40;
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const id = generateId();
      ids.push(id);
      await t.db
        .insertInto('cases')
        .values({
          id,
          team_id: second.id,
          roster_seq: 0,
          payload_v: 1,
          payload_nonce: randomBytes(24),
          payload_ct: randomBytes(MAX_ENVELOPE_PLAINTEXT_BYTES + 16),
          sig: randomBytes(64),
          reporter_box_pk: randomBytes(32),
          reporter_sign_pk: randomBytes(32),
          lookup_hash: randomBytes(32),
        })
        .execute();
      await t.db
        .insertInto('grants')
        .values({ case_id: id, object_id: id, recipient: bea.member.id, sealed: randomBytes(80) })
        .execute();
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page: CaseListJson = expectReply<CaseListJson>(
        await bea.agent.get(`/api/cases?limit=1000${query}`),
        200,
        'GET /api/cases',
      );
      // Cases written before summaries: each is listed by its whole report.
      expect(page.cases.every((c) => c.summary === null && c.payload !== null)).toBe(true);
      const bytes = page.cases.reduce(
        (sum, c) => sum + Buffer.from(c.payload?.c ?? '', 'base64url').length,
        0,
      );
      const largest = MAX_ENVELOPE_PLAINTEXT_BYTES + 16;
      expect(bytes).toBeLessThan(PAGE_MAX_PAYLOAD_BYTES + largest);
      expect(page.cases.length).toBeGreaterThan(0);
      seen.push(...page.cases.map((c) => c.id));
      cursor = page.next;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBeGreaterThan(1);
    expect(seen.sort()).toEqual([...ids].sort());
  });
});
