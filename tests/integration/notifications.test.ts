/**
 * Notifications (issue 11, docs/http-api.md 10.11) end to end: a real SMTP server (smtp-server,
 * every mail parsed with mailparser) and a real HTTP receiver for the team webhook, both on
 * 127.0.0.1, the real app and the real outbox worker against a real PostgreSQL.
 *
 * What is proved: each event reaches exactly the people who chose it (an urgent case at once, the
 * others in a digest; the reporter's answer to the assignee only; dates that passed; a member
 * waiting for approval to the admins); no event about a case reaches a member excluded or recused
 * from it, checked when the row is written and again when it is delivered, and the webhook
 * announces nothing about a case with exclusions or recusals; a refusing or silent mail server
 * and a failing or silent webhook are retried until they accept, losing nothing; a restarted
 * server delivers what the outbox held, under the same Message-ID; two workers never deliver one
 * row twice; webhook addresses inside the network are refused; the signature verifies. Last, every
 * byte received by the mail server and the webhook is searched for any trace of the reports.
 *
 * The worker runs with fast polls, retries and timeouts (its options); tests wait on conditions,
 * never on fixed sleeps.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../crypto/index.js';
import { buildApp, type App } from '../../server/app.js';
import { createKysely, type Database } from '../../server/db/database.js';
import { checkWebhookUrl } from '../../server/notifications/webhook.js';
import {
  startNotificationWorker,
  type NotificationWorker,
  type NotificationWorkerOptions,
} from '../../server/notifications/worker.js';
import { announcePassedDates } from '../../server/notifications/deadlines.js';
import { runMaintenance } from '../../server/jobs.js';
import { claimDueNotifications } from '../../server/repositories/outbox.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
  type SubmittedReport,
  acceptInvitation,
  createTeamWithService,
  expectError,
  expectReply,
  injectAgent,
  invite,
  joinTeam,
  inviteTarget,
  newReporter,
  openTargetSession,
  prepareTargetItem,
  readTargetCase,
  openReceiptSession,
  postReporterItem,
  readReceiptCase,
  removeMember,
  secretForms,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

// ---------------------------------------------------------------------------
// A mail server and a webhook receiver the tests can make refuse or fall silent
// ---------------------------------------------------------------------------

interface ReceivedMail {
  readonly raw: string;
  readonly to: string[];
  readonly from: string;
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | false;
  readonly headers: Map<string, unknown>;
}

type MailMode = 'accept' | 'refuse' | 'hang';

function startMailServer() {
  // `parsing`: mails accepted and not yet in `mails` (outboxSettled waits for it to be 0).
  const state = { mode: 'accept' as MailMode, mails: [] as ReceivedMail[], raw: [] as string[], parsing: 0 };
  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS upgrade offered, no login asked.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 200,
    onConnect(_session, callback) {
      // Silent: accept the connection, never send the greeting.
      if (state.mode === 'hang') return;
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (state.mode === 'refuse') {
        callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        state.raw.push(raw.toString('latin1'));
        const to = session.envelope.rcptTo.map((r) => r.address);
        const from = typeof session.envelope.mailFrom === 'object' ? session.envelope.mailFrom.address : '';
        // Accepted at once, as a mail server does; parsed afterwards (tests wait for the parsed list,
        // and outboxSettled for every parse: the worker marks a row delivered at the acceptance).
        state.parsing += 1;
        callback();
        void simpleParser(raw)
          .then((parsed) => {
            state.mails.push({
              raw: raw.toString('latin1'),
              to,
              from,
              messageId: parsed.messageId ?? '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html ?? false,
              headers: parsed.headers,
            });
          })
          .finally(() => {
            state.parsing -= 1;
          });
      });
    },
  });
  return {
    state,
    async listen(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.server.address() as AddressInfo).port;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface ReceivedRequest {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** What the receiver answered: a status, or null when it never answered. */
  readonly answered: number | null;
}

type HookMode = 'ok' | 'fail' | 'hang' | 'redirect';

function startWebhookReceiver() {
  const state = { mode: 'ok' as HookMode, requests: [] as ReceivedRequest[] };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const mode = state.mode;
      const status = { ok: 204, fail: 500, redirect: 302, hang: null }[mode];
      state.requests.push({ headers: request.headers, body, answered: status });
      if (status === null) return;
      if (status === 302) response.setHeader('Location', 'http://127.0.0.1:9/elsewhere');
      response.statusCode = status;
      response.end();
    });
  });
  return {
    state,
    async listen(): Promise<number> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------
// The deployment under test
// ---------------------------------------------------------------------------

const mail = startMailServer();
const hook = startWebhookReceiver();
let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let dee: JoinedMember;
let worker: NotificationWorker | undefined;
let webhookSecret = '';
let hookUrl = '';
/** Everything a report was made of, to look for in what the mail server and the webhook got. */
const reports: SubmittedReport[] = [];

const ADDRESSES = {
  ana: 'ana.admin@stewards.example',
  ben: 'ben.member@stewards.example',
  cai: 'cai.member@stewards.example',
  dee: 'dee.member@stewards.example',
};
const ALL_EVENTS = ['new_case', 'reporter_replied', 'date_passed', 'member_pending'];

function workerOptions(db: Database, app: App, extra: Partial<NotificationWorkerOptions> = {}) {
  return {
    db,
    config: t.config,
    log: app.log,
    pollMs: 50,
    retryBaseMs: 300,
    retryMaxMs: 600,
    dateScanMs: 150,
    smtpTimeoutMs: 1500,
    webhookTimeoutMs: 1500,
    leaseMs: 10_000,
    ...extra,
  };
}

function startWorker(extra: Partial<NotificationWorkerOptions> = {}): NotificationWorker {
  return startNotificationWorker(workerOptions(t.db, t.app, extra));
}

/** Polls `condition` until it holds; fails with `what` after a generous deadline. */
async function waitFor<T>(
  what: string,
  condition: () => T | Promise<T>,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Nothing due is left undelivered: every row is delivered, dropped, given up or waiting on its backoff. */
async function outboxSettled(db: Database = t.db): Promise<void> {
  await waitFor('the outbox to settle', async () => {
    const row = await db
      .selectFrom('notification_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('delivered_at', 'is', null)
      .where('gave_up_at', 'is', null)
      .where('due_at', '<=', new Date())
      .executeTakeFirstOrThrow();
    return row.n == 0;
  });
  // A row is marked delivered when the mail server accepts the mail, before the test's server has
  // parsed it into `mails`: under load the counts would lag the outbox.
  await waitFor('the mail server to parse what it accepted', () => mail.state.parsing === 0);
}

const mailsTo = (address: string, subjectPart?: string) =>
  mail.state.mails.filter(
    (m) => m.to.includes(address) && (subjectPart === undefined || m.subject.includes(subjectPart)),
  );

/** How many mails each member has received with this subject part, right now. */
function counts(subjectPart: string): Record<keyof typeof ADDRESSES, number> {
  return {
    ana: mailsTo(ADDRESSES.ana, subjectPart).length,
    ben: mailsTo(ADDRESSES.ben, subjectPart).length,
    cai: mailsTo(ADDRESSES.cai, subjectPart).length,
    dee: mailsTo(ADDRESSES.dee, subjectPart).length,
  };
}

/** Webhook deliveries the receiver accepted, as their parsed bodies. */
function acceptedHooks(
  event?: string,
): { text: string; event: string; team: string; id: number; sent_at: string }[] {
  return hook.state.requests
    .filter((r) => r.answered === 204)
    .map(
      (r) => JSON.parse(r.body) as { text: string; event: string; team: string; id: number; sent_at: string },
    )
    .filter((body) => event === undefined || body.event === event);
}

async function outboxRows(caseId: string) {
  return t.db
    .selectFrom('notification_outbox')
    .select(['id', 'member_id', 'channel', 'kind', 'delivered_at', 'last_error'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

async function report(draft: Parameters<typeof submitReport>[2] = {}): Promise<SubmittedReport> {
  const marker = Math.random().toString(36).slice(2, 10);
  const submitted = await submitReport(injectAgent(t.app), team.slug, {
    ...draft,
    body: {
      summary: `Quokka-${marker} keeps harassing me on the Zanzibar talk page`,
      what_happened: `Threats signed Heliotrope-${marker}, sent every night`,
      where: `fr.wikipedia.org, Discussion:Marmotte-${marker}`,
      ...draft.body,
    },
  });
  reports.push(submitted);
  return submitted;
}

const putChoices = (session: MemberSession, body: unknown) =>
  session.agent.request('PUT', '/api/me/notifications', { json: body });

beforeAll(async () => {
  await ready();
  const smtpPort = await mail.listen();
  const hookPort = await hook.listen();
  hookUrl = `http://127.0.0.1:${hookPort}/confide`;
  t = await buildTestApp({
    env: {
      CONFIDE_RATE_LIMIT: 'off',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'confide@stewards.example',
      CONFIDE_WEBHOOK_ALLOW_LOOPBACK: 'on',
    },
  });
  team = await createTeamWithService(t.db, { adminName: 'Ana', name: 'Stewards' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben' });
  cai = await joinTeam(ana, { name: 'Cai' });
  dee = await joinTeam(ana, { name: 'Dee' });
});

afterAll(async () => {
  await worker?.stop();
  await t.close();
  await mail.close();
  await hook.close();
});

// ---------------------------------------------------------------------------

describe("a member's notification choices", () => {
  it("start as the team's defaults, with member_pending offered to admins only", async () => {
    const mine = expectReply(await ana.agent.get('/api/me/notifications'), 200, 'GET Ana');
    expect(mine).toEqual({
      email_available: true,
      email: null,
      events: ALL_EVENTS,
      digest_minutes: 60,
      language: 'en',
      using_team_defaults: true,
    });
    const bens = expectReply(await ben.session.agent.get('/api/me/notifications'), 200, 'GET Ben');
    expect(bens).toMatchObject({
      events: ['new_case', 'reporter_replied', 'date_passed'],
      using_team_defaults: true,
    });
  });

  it.each([
    ['an address without @', { email: 'ana.example.org', events: [], digest_minutes: 0 }],
    ['an address without a dot in its domain', { email: 'ana@localhost', events: [], digest_minutes: 0 }],
    ['an address with a display name', { email: 'Ana <ana@example.org>', events: [], digest_minutes: 0 }],
    [
      'an address with a line break',
      { email: 'ana@example.org\nBcc: x@example.org', events: [], digest_minutes: 0 },
    ],
    ['two addresses', { email: 'ana@example.org, bob@example.org', events: [], digest_minutes: 0 }],
    [
      'an address over 254 characters',
      { email: `${'a'.repeat(250)}@example.org`, events: [], digest_minutes: 0 },
    ],
    ['an unknown event', { email: null, events: ['everything'], digest_minutes: 0 }],
    ['an event twice', { email: null, events: ['new_case', 'new_case'], digest_minutes: 0 }],
    ['a digest interval not offered', { email: null, events: [], digest_minutes: 30 }],
    ['no digest interval', { email: null, events: [] }],
    ['an extra field', { email: null, events: [], digest_minutes: 0, phone: '+351' }],
    ['events as text', { email: null, events: 'new_case', digest_minutes: 0 }],
    ['a language not shipped', { email: null, events: [], digest_minutes: 0, language: 'de' }],
    ['the test pseudo-language', { email: null, events: [], digest_minutes: 0, language: 'pseudo' }],
    ['a language tag with a region', { email: null, events: [], digest_minutes: 0, language: 'es-MX' }],
  ])('refuse %s', async (_what, body) => {
    expectError(await putChoices(ana, body), 400, 'invalid_request');
  });

  it('refuse anyone without a session, and a change without the CSRF header', async () => {
    const stranger = injectAgent(t.app);
    expectError(await stranger.get('/api/me/notifications'), 401, 'unauthorized');
    expectError(await stranger.post('/api/me/notifications/test'), 401, 'unauthorized');
    const res = await ana.agent.request('PUT', '/api/me/notifications', {
      json: { email: null, events: [], digest_minutes: 0 },
      csrf: false,
    });
    expectError(res, 403, 'missing_csrf_header');
  });

  it('refuse a test mail before an address is saved', async () => {
    expectError(await ana.agent.post('/api/me/notifications/test'), 409, 'no_email_address');
  });

  it("are saved as the member's own, audited without the address; member_pending is dropped for a member", async () => {
    const saved = expectReply(
      await putChoices(ben.session, { email: ADDRESSES.ben, events: ALL_EVENTS, digest_minutes: 60 }),
      200,
      'PUT Ben',
    );
    expect(saved).toEqual({
      email_available: true,
      email: ADDRESSES.ben,
      events: ['new_case', 'reporter_replied', 'date_passed'],
      digest_minutes: 60,
      language: 'en',
      using_team_defaults: false,
    });
    expect(expectReply(await ben.session.agent.get('/api/me/notifications'), 200, 'GET Ben')).toEqual(saved);
    for (const [session, email] of [
      [ana, ADDRESSES.ana],
      [cai.session, ADDRESSES.cai],
      [dee.session, ADDRESSES.dee],
    ] as const) {
      expectReply(await putChoices(session, { email, events: ALL_EVENTS, digest_minutes: 0 }), 200, 'PUT');
    }
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('action', '=', 'member.notifications_changed')
      .execute();
    expect(audit).toHaveLength(4);
    expect(audit.find((a) => a.member_id === ben.identity.id)?.details).toEqual({
      fields: ['email', 'events'],
    });
    expect(JSON.stringify(audit)).not.toContain('stewards.example');
  });
});

describe("the team's webhook", () => {
  it('is for admins only', async () => {
    expectError(await ben.session.agent.get('/api/team/webhook'), 403, 'admin_only');
    expectError(
      await ben.session.agent.request('PUT', '/api/team/webhook', { json: { url: null, events: [] } }),
      403,
      'admin_only',
    );
    expectError(await ben.session.agent.post('/api/team/webhook/test'), 403, 'admin_only');
    expectError(await ben.session.agent.get('/api/team/notifications/failures'), 403, 'admin_only');
  });

  it('has no address and no secret at first, and no test to send', async () => {
    expect(expectReply(await ana.agent.get('/api/team/webhook'), 200, 'GET')).toEqual({
      url: null,
      events: ['new_case', 'date_passed', 'member_pending'],
      secret: null,
    });
    expectError(await ana.agent.post('/api/team/webhook/test'), 409, 'notifications_off');
  });

  it.each([
    ['a private address (10/8)', 'https://10.0.0.5/hook'],
    ['a private address (172.16/12)', 'https://172.20.1.1/hook'],
    ['a private address (192.168/16)', 'https://192.168.1.10/hook'],
    ['a carrier-grade NAT address', 'https://100.64.0.1/hook'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['the unspecified address', 'https://0.0.0.0/hook'],
    ['a multicast address', 'https://224.0.0.1/hook'],
    ['the broadcast address', 'https://255.255.255.255/hook'],
    ['an IPv6 unique local address', 'https://[fd00::1]/hook'],
    ['an IPv6 link-local address', 'https://[fe80::1]/hook'],
    ['an IPv4-mapped private address', 'https://[::ffff:10.0.0.1]/hook'],
    ['a documentation address', 'https://192.0.2.1/hook'],
    ['plain http to a public host', 'http://93.184.215.14/hook'],
    ['an address with a password', 'https://user:secret@93.184.215.14/hook'],
  ])('refuses %s when it is saved', async (_what, url) => {
    const res = await ana.agent.request('PUT', '/api/team/webhook', {
      json: { url, events: ['new_case'] },
    });
    expectError(res, 400, 'webhook_url_not_allowed');
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/webhook address/);
  });

  it('refuses what is not an http(s) URL', async () => {
    for (const url of ['ftp://example.org/hook', 'https:/', 'javascript:alert(1)']) {
      const res = await ana.agent.request('PUT', '/api/team/webhook', { json: { url, events: [] } });
      expect(res.status, url).toBe(400);
    }
  });

  it('refuses loopback unless the deployment allows it, and plain http anywhere else', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', false)).rejects.toThrow(/loopback/);
    await expect(checkWebhookUrl('https://[::1]/hook', false)).rejects.toThrow(/loopback/);
    await expect(checkWebhookUrl('https://localhost/hook', false)).rejects.toThrow(/loopback/);
    await expect(checkWebhookUrl('https://10.1.1.1/hook', true)).rejects.toThrow(/private/);
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', true)).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    // A host name is judged by every address it resolves to.
    const resolvesTo = (addresses: string[]) => () =>
      Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    await expect(
      checkWebhookUrl('https://hooks.example.org/x', false, resolvesTo(['93.184.215.14', '10.0.0.1'])),
    ).rejects.toThrow(/hooks\.example\.org resolves to 10\.0\.0\.1/);
    await expect(
      checkWebhookUrl('https://hooks.example.org/x', false, resolvesTo(['93.184.215.14'])),
    ).resolves.toMatchObject({ address: '93.184.215.14' });
    await expect(
      checkWebhookUrl('https://nowhere.example.org/x', false, () => Promise.reject(new Error('ENOTFOUND'))),
    ).rejects.toThrow(/could not be found/);
  });

  it('is saved with a new secret shown to admins; a rotation makes another; changes are audited without either', async () => {
    const saved = expectReply<{ url: string; events: string[]; secret: string }>(
      await ana.agent.request('PUT', '/api/team/webhook', { json: { url: hookUrl, events: ALL_EVENTS } }),
      200,
      'PUT',
    );
    expect(saved.url).toBe(hookUrl);
    expect(saved.secret).toMatch(/^[0-9a-f]{64}$/);
    const again = expectReply<{ secret: string }>(
      await ana.agent.request('PUT', '/api/team/webhook', { json: { url: hookUrl, events: ALL_EVENTS } }),
      200,
      'PUT again',
    );
    expect(again.secret).toBe(saved.secret);
    const rotated = expectReply<{ secret: string }>(
      await ana.agent.request('PUT', '/api/team/webhook', {
        json: { url: hookUrl, events: ALL_EVENTS, rotate_secret: true },
      }),
      200,
      'rotate',
    );
    expect(rotated.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.secret).not.toBe(saved.secret);
    webhookSecret = rotated.secret;
    expect(expectReply(await ana.agent.get('/api/team/webhook'), 200, 'GET')).toEqual({
      url: hookUrl,
      events: ALL_EVENTS,
      secret: webhookSecret,
    });
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'team.webhook_changed')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      { fields: ['url', 'events'], webhook: 'added', secret: 'new' },
      { fields: [], webhook: 'kept', secret: 'new' },
    ]);
    const text = JSON.stringify(audit);
    expect(text).not.toContain(saved.secret);
    expect(text).not.toContain(webhookSecret);
    expect(text).not.toContain('127.0.0.1');
  });
});

describe('delivery', () => {
  beforeAll(() => {
    worker = startWorker();
  });

  it('mails an urgent case at once to everyone who chose new cases, as plain text naming only the team', async () => {
    const before = counts('a new urgent case');
    const urgent = await report({ urgent: true, body: { danger: 'life' } });
    await waitFor('the urgent mails', () =>
      Object.values(ADDRESSES).every((address) => mailsTo(address, 'a new urgent case').length > 0),
    );
    await outboxSettled();
    const after = counts('a new urgent case');
    expect(after).toEqual({
      ana: before.ana + 1,
      ben: before.ben + 1,
      cai: before.cai + 1,
      dee: before.dee + 1,
    });
    const one = mailsTo(ADDRESSES.ben, 'a new urgent case')[0];
    expect(one?.subject).toBe('Stewards: a new urgent case');
    expect(one?.from).toBe('confide@stewards.example');
    expect(one?.html).toBe(false);
    expect(one?.text).toContain(`${t.config.publicUrl.origin}/team`);
    expect(one?.headers.get('auto-submitted')).toBe('auto-generated');
    // The Message-ID names the outbox row, so a retry of it is recognisably the same mail.
    const rows = await outboxRows(urgent.caseId);
    const bensRow = rows.find((r) => r.member_id === ben.identity.id && r.channel === 'email');
    expect(one?.messageId).toBe(`<notification-${bensRow?.id}@${t.config.publicUrl.hostname}>`);
    // The webhook announced it too, signed.
    const announced = await waitFor('the urgent webhook', () =>
      hook.state.requests.find((r) => r.answered === 204 && r.body.includes('"urgent_case"')),
    );
    const body = JSON.parse(announced.body) as Record<string, unknown>;
    expect(body).toEqual({
      text: `Stewards: A new case marked urgent has arrived. ${t.config.publicUrl.origin}/team`,
      event: 'urgent_case',
      team: team.slug,
      id: rows.find((r) => r.channel === 'webhook')?.id,
      sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
  });

  it('signs every webhook delivery so that the receiver can check it with the secret', () => {
    const delivered = hook.state.requests.filter((r) => r.answered === 204);
    expect(delivered.length).toBeGreaterThan(0);
    for (const request of delivered) {
      const timestamp = String(request.headers['x-confide-timestamp']);
      const signature = String(request.headers['x-confide-signature']);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
      const expected = `sha256=${createHmac('sha256', webhookSecret).update(`${timestamp}.${request.body}`).digest('hex')}`;
      expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
      expect(request.headers['x-confide-delivery']).toBe(
        String((JSON.parse(request.body) as { id: number }).id),
      );
      expect(request.headers['content-type']).toBe('application/json');
      // Signed with another secret (the one before the rotation), it would not verify.
      const forged = `sha256=${createHmac('sha256', 'f'.repeat(64)).update(`${timestamp}.${request.body}`).digest('hex')}`;
      expect(signature).not.toBe(forged);
    }
  });

  it('gathers other new cases into one digest per member, sent after their interval and saying no number', async () => {
    const before = counts('new cases');
    await report();
    await report();
    // Cai, Ana and Dee chose "at once" (0 minutes): theirs go now.
    await waitFor('the immediate digests', () => counts('new cases').cai > before.cai);
    await outboxSettled();
    // Ben chose an hourly digest: one open row counts both cases, due in an hour.
    const open = await t.db
      .selectFrom('notification_outbox')
      .select(['id', 'count', 'due_at'])
      .where('member_id', '=', ben.identity.id)
      .where('kind', '=', 'new_cases')
      .where('delivered_at', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
    expect(open[0]?.count).toBe(2);
    expect((open[0]?.due_at.getTime() ?? 0) - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(counts('new cases').ben).toBe(before.ben);
    // An hour passes.
    await t.db
      .updateTable('notification_outbox')
      .set({ due_at: new Date() })
      .where('id', '=', open[0]?.id ?? 0)
      .execute();
    await waitFor("Ben's digest", () => counts('new cases').ben === before.ben + 1);
    const digest = mailsTo(ADDRESSES.ben, 'new cases').at(-1);
    expect(digest?.subject).toBe('Stewards: new cases');
    expect(digest?.text).not.toMatch(/\d+ (new )?cases/);
    expect(digest?.text).not.toMatch(/\b2\b/);
    // The webhook announced each case.
    expect(acceptedHooks('new_cases').length).toBeGreaterThanOrEqual(2);
  });

  it('tells the assignee, and only them, that the reporter answered', async () => {
    const reporter = newReporter();
    const answered = await report({ reporter });
    expectReply(
      await ana.agent.patch(`/api/cases/${answered.caseId}`, { assignee: cai.identity.id }),
      200,
      'assign',
    );
    await outboxSettled();
    const before = counts('a new message on a case');
    const browser = injectAgent(t.app);
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session');
    await postReporterItem(browser, reporter, await readReceiptCase(browser, reporter), {
      text: 'Here is another link: Kakapo-evidence',
    });
    await waitFor("Cai's mail", () => counts('a new message on a case').cai === before.cai + 1);
    await outboxSettled();
    expect(counts('a new message on a case')).toEqual({ ...before, cai: before.cai + 1 });
    expect(mailsTo(ADDRESSES.cai, 'a new message on a case').at(-1)?.text).toContain(
      'The reporter, or someone the team invited to the case, wrote on a case assigned to you.',
    );
    await waitFor('the webhook', () => acceptedHooks('reporter_replied').length === 1);
    expect(acceptedHooks('reporter_replied')[0]?.text).toBe(
      `Stewards: The reporter, or someone the team invited to a case, wrote on it. ${t.config.publicUrl.origin}/team`,
    );
  });

  it('tells the assignee when a target the team invited in writes, in the same neutral words', async () => {
    const answered = await report();
    expectReply(
      await ana.agent.patch(`/api/cases/${answered.caseId}`, { assignee: cai.identity.id }),
      200,
      'assign',
    );
    const target = newReporter();
    await inviteTarget(ana, answered.caseId, target);
    await outboxSettled();
    const before = counts('a new message on a case');
    const hooksBefore = acceptedHooks('reporter_replied').length;
    const browser = injectAgent(t.app);
    expectReply(await openTargetSession(browser, target), 200, 'target session');
    const view = await readTargetCase(browser, target);
    const prepared = await prepareTargetItem(browser, target, view, { text: 'My side of it: Kea-evidence' });
    expectReply(await browser.post('/api/receipt/items', prepared.item), 201, 'POST /api/receipt/items');
    await waitFor("Cai's mail", () => counts('a new message on a case').cai === before.cai + 1);
    await outboxSettled();
    expect(counts('a new message on a case')).toEqual({ ...before, cai: before.cai + 1 });
    // Nothing in the mail says who wrote, or what the case is about.
    const mail = mailsTo(ADDRESSES.cai, 'a new message on a case').at(-1);
    expect(mail?.text).not.toMatch(/target|Kea/i);
    await waitFor('the webhook', () => acceptedHooks('reporter_replied').length === hooksBefore + 1);
  });

  it('announces a passed check-in date to everyone who chose dates, or to the assignee alone, once', async () => {
    const open = await report();
    const assigned = await report();
    const past = new Date(Date.now() - 60_000).toISOString();
    const before = counts('a check-in date passed');
    expectReply(await ana.agent.patch(`/api/cases/${open.caseId}`, { check_in_by: past }), 200, 'check-in');
    await waitFor('the check-in mails', () => counts('a check-in date passed').dee === before.dee + 1);
    await outboxSettled();
    expect(counts('a check-in date passed')).toEqual({
      ana: before.ana + 1,
      ben: before.ben + 1,
      cai: before.cai + 1,
      dee: before.dee + 1,
    });
    expect(acceptedHooks('check_in_passed')).toHaveLength(1);

    expectReply(
      await ana.agent.patch(`/api/cases/${assigned.caseId}`, {
        assignee: dee.identity.id,
        check_in_by: past,
      }),
      200,
      'assigned check-in',
    );
    await waitFor("the assignee's mail", () => counts('a check-in date passed').dee === before.dee + 2);
    await outboxSettled();
    expect(counts('a check-in date passed')).toEqual({
      ana: before.ana + 1,
      ben: before.ben + 1,
      cai: before.cai + 1,
      dee: before.dee + 2,
    });
    // Announced once: the cases are marked, and a scan now finds nothing.
    expect(await announcePassedDates(t.db)).toBe(0);
    const marked = await t.db
      .selectFrom('cases')
      .select(['check_in_by', 'check_in_notified_for'])
      .where('id', 'in', [open.caseId, assigned.caseId])
      .execute();
    for (const row of marked) expect(row.check_in_notified_for).toEqual(row.check_in_by);
  });

  it("announces a case left unanswered past the team's first-response target, and a passed follow-up date", async () => {
    const waiting = await report();
    const closed = await report();
    const beforeFirst = counts('waiting for a first answer');
    const beforeFollow = counts('a follow-up date passed');
    await t.db
      .updateTable('cases')
      .set({ created_at: new Date(Date.now() - 73 * 3600_000) })
      .where('id', '=', waiting.caseId)
      .execute();
    // Closing takes a vote round and a record; the scan only reads the status.
    await t.db
      .updateTable('cases')
      .set({ status: 'closed', follow_up_by: new Date(Date.now() - 60_000) })
      .where('id', '=', closed.caseId)
      .execute();
    await waitFor(
      'the first-response mails',
      () => counts('waiting for a first answer').ana === beforeFirst.ana + 1,
    );
    await waitFor(
      'the follow-up mails',
      () => counts('a follow-up date passed').ana === beforeFollow.ana + 1,
    );
    await outboxSettled();
    expect(counts('waiting for a first answer').ben).toBe(beforeFirst.ben + 1);
    expect(counts('a follow-up date passed').cai).toBe(beforeFollow.cai + 1);
    expect(await announcePassedDates(t.db)).toBe(0);
  });

  it('tells the admins, and no one else, that someone is waiting for approval', async () => {
    const before = counts('someone is waiting to join');
    const invitation = await invite(ana);
    await acceptInvitation(injectAgent(t.app), invitation.token, { name: 'Fay' });
    await waitFor("Ana's mail", () => counts('someone is waiting to join').ana === before.ana + 1);
    await outboxSettled();
    expect(counts('someone is waiting to join')).toEqual({ ...before, ana: before.ana + 1 });
    expect(mailsTo(ADDRESSES.ana, 'someone is waiting to join').at(-1)?.text).toContain(
      `${t.config.publicUrl.origin}/team/members`,
    );
    await waitFor('the webhook', () => acceptedHooks('member_pending').length === 1);
  });

  it('sends nothing about a case to the member the reporter excluded, and nothing to the webhook', async () => {
    const before = counts('a new urgent case');
    const hooksBefore = acceptedHooks().length;
    const excluding = await report({ urgent: true, exclude: [ben.identity.id] });
    await waitFor('the others', () => counts('a new urgent case').ana === before.ana + 1);
    await outboxSettled();
    expect(counts('a new urgent case')).toEqual({
      ...before,
      ana: before.ana + 1,
      cai: before.cai + 1,
      dee: before.dee + 1,
    });
    const rows = await outboxRows(excluding.caseId);
    expect(rows.map((r) => r.member_id).sort()).toEqual(
      [ana.member.id, cai.identity.id, dee.identity.id].sort(),
    );
    expect(rows.some((r) => r.channel === 'webhook')).toBe(false);

    // A date passing on it: still nothing for Ben, nothing for the webhook.
    const beforeDates = counts('a check-in date passed');
    expectReply(
      await ana.agent.patch(`/api/cases/${excluding.caseId}`, {
        check_in_by: new Date(Date.now() - 1000).toISOString(),
      }),
      200,
      'check-in',
    );
    await waitFor('the others', () => counts('a check-in date passed').ana === beforeDates.ana + 1);
    await outboxSettled();
    expect(counts('a check-in date passed').ben).toBe(beforeDates.ben);
    expect(acceptedHooks()).toHaveLength(hooksBefore);
  });

  it('sends nothing about a case to a member who recused, even one already queued, and nothing to the webhook', async () => {
    // Queued while no worker runs; Dee recuses before it is delivered.
    await worker?.stop();
    const before = counts('a new urgent case');
    const hooksBefore = acceptedHooks().length;
    const recusedFrom = await report({ urgent: true });
    const queued = await outboxRows(recusedFrom.caseId);
    expect(queued.some((r) => r.member_id === dee.identity.id)).toBe(true);
    expect(queued.some((r) => r.channel === 'webhook')).toBe(true);
    expect((await dee.session.agent.post(`/api/cases/${recusedFrom.caseId}/recusal`)).status).toBe(204);
    worker = startWorker();
    await waitFor('the others', () => counts('a new urgent case').ana === before.ana + 1);
    await outboxSettled();
    expect(counts('a new urgent case')).toEqual({
      ...before,
      ana: before.ana + 1,
      ben: before.ben + 1,
      cai: before.cai + 1,
    });
    const rows = await outboxRows(recusedFrom.caseId);
    const dropped = rows.filter((r) => r.member_id === dee.identity.id || r.channel === 'webhook');
    expect(dropped).toHaveLength(2);
    for (const row of dropped) {
      expect(row.delivered_at).not.toBeNull();
      expect(row.last_error).toMatch(/^not sent: /);
    }
    expect(acceptedHooks()).toHaveLength(hooksBefore);

    // Later events about it are not even queued for Dee or the webhook.
    const beforeDates = counts('a check-in date passed');
    expectReply(
      await ana.agent.patch(`/api/cases/${recusedFrom.caseId}`, {
        check_in_by: new Date(Date.now() - 1000).toISOString(),
      }),
      200,
      'check-in',
    );
    await waitFor('the others', () => counts('a check-in date passed').ana === beforeDates.ana + 1);
    await outboxSettled();
    expect(counts('a check-in date passed').dee).toBe(beforeDates.dee);
    const later = (await outboxRows(recusedFrom.caseId)).filter((r) => r.kind === 'check_in_passed');
    expect(later.map((r) => r.member_id)).not.toContain(dee.identity.id);
    expect(later.some((r) => r.channel === 'webhook')).toBe(false);
  });

  it('drops what was queued for a member removed from the team', async () => {
    await worker?.stop();
    const gone = await joinTeam(ana, { name: 'Gus' });
    expectReply(
      await putChoices(gone.session, {
        email: 'gus@stewards.example',
        events: ALL_EVENTS,
        digest_minutes: 0,
      }),
      200,
      'PUT Gus',
    );
    const urgent = await report({ urgent: true });
    await removeMember(ana, gone.identity.id);
    worker = startWorker();
    await outboxSettled();
    const row = (await outboxRows(urgent.caseId)).find((r) => r.member_id === gone.identity.id);
    expect(row?.last_error).toBe('not sent: the member is no longer on the team');
    expect(mailsTo('gus@stewards.example')).toHaveLength(0);
  });

  it('retries a mail the mail server refuses, shows it to admins meanwhile, and delivers it once it is accepted', async () => {
    mail.state.mode = 'refuse';
    const { id } = expectReply<{ id: number }>(
      await ana.agent.post('/api/me/notifications/test'),
      202,
      'test',
    );
    const row = () =>
      t.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await waitFor('two refused attempts', async () => (await row()).attempts >= 2);
    const failures = expectReply<{ failures: Record<string, unknown>[] }>(
      await ana.agent.get('/api/team/notifications/failures'),
      200,
      'failures',
    );
    const failure = failures.failures.find((f) => f.id === id);
    expect(failure).toMatchObject({ kind: 'test', channel: 'email', member: ana.member.id });
    expect(failure?.last_error).toMatch(/451/);
    expect(failure?.last_error).not.toContain('@');
    expect(failure?.next_attempt_at).not.toBeNull();
    expect(mailsTo(ADDRESSES.ana).some((m) => m.messageId.includes(`notification-${id}@`))).toBe(false);

    mail.state.mode = 'accept';
    await waitFor('the mail', () =>
      mailsTo(ADDRESSES.ana).some((m) => m.messageId === `<notification-${id}@127.0.0.1>`),
    );
    // Marked delivered once the mail server took it, a moment after the mail arrives there.
    const delivered = await waitFor('the row marked delivered', async () => {
      const current = await row();
      return current.delivered_at !== null ? current : undefined;
    });
    expect(delivered.delivered_at).not.toBeNull();
    expect(
      mailsTo(ADDRESSES.ana, 'a test notification').filter((m) => m.messageId.includes(`-${id}@`)),
    ).toHaveLength(1);
    const after = expectReply<{ failures: { id: number }[] }>(
      await ana.agent.get('/api/team/notifications/failures'),
      200,
      'failures',
    );
    expect(after.failures.map((f) => f.id)).not.toContain(id);
  });

  it('retries a mail when the mail server never answers, and delivers it once it does', async () => {
    mail.state.mode = 'hang';
    const { id } = expectReply<{ id: number }>(
      await cai.session.agent.post('/api/me/notifications/test'),
      202,
      'test',
    );
    await waitFor('a timed-out attempt', async () => {
      const row = await t.db
        .selectFrom('notification_outbox')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return row.attempts >= 1 && row.last_error !== null && row.delivered_at === null;
    });
    mail.state.mode = 'accept';
    await waitFor('the mail', () =>
      mailsTo(ADDRESSES.cai).some((m) => m.messageId === `<notification-${id}@127.0.0.1>`),
    );
  });

  it("writes a member's mail in the language they chose, and keeps it when a save leaves it out", async () => {
    const choose = async (body: Record<string, unknown>) =>
      expectReply<{ language: string }>(
        await putChoices(dee.session, {
          email: ADDRESSES.dee,
          events: ALL_EVENTS,
          digest_minutes: 0,
          ...body,
        }),
        200,
        'PUT Dee',
      );
    expect((await choose({ language: 'es' })).language).toBe('es');
    // A client written before the language was offered saves without it: the choice stays.
    expect((await choose({})).language).toBe('es');
    const { id } = expectReply<{ id: number }>(
      await dee.session.agent.post('/api/me/notifications/test'),
      202,
      'test',
    );
    const [spanish] = await waitFor('the Spanish mail', () => {
      const found = mailsTo(ADDRESSES.dee).filter((m) => m.messageId === `<notification-${id}@127.0.0.1>`);
      return found.length > 0 ? found : undefined;
    });
    expect(spanish?.subject).toBe('Stewards: una notificación de prueba');
    expect(spanish?.text).toContain('Esto es una prueba: las notificaciones te llegan aquí.');
    expect(spanish?.text).toContain('Inicia sesión en la consola de Stewards para verlo:');
    expect(spanish?.text).not.toMatch(/Sign in|This is a test/);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'member.notifications_changed')
      .where('member_id', '=', dee.identity.id)
      .execute();
    expect(audit.map((a) => a.details)).toContainEqual({ fields: ['language'] });
    expect((await choose({ language: 'en' })).language).toBe('en');
  });

  it('retries a webhook that answers 500, never answers or redirects, and delivers once it accepts', async () => {
    for (const mode of ['fail', 'hang', 'redirect'] as const) {
      hook.state.mode = mode;
      const { id } = expectReply<{ id: number }>(await ana.agent.post('/api/team/webhook/test'), 202, 'test');
      const failed = await waitFor(`a failed attempt (${mode})`, async () => {
        const row = await t.db
          .selectFrom('notification_outbox')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return row.attempts >= 1 && row.last_error !== null ? row : undefined;
      });
      expect(failed.last_error).toMatch(
        { fail: /500/, hang: /did not answer/, redirect: /302.*not followed/ }[mode],
      );
      expect(failed.delivered_at).toBeNull();
      hook.state.mode = 'ok';
      await waitFor(`the delivery (${mode})`, () => acceptedHooks('test').some((body) => body.id === id));
      expect(acceptedHooks('test').filter((body) => body.id === id)).toHaveLength(1);
    }
  });

  it('gives up after its time and leaves the failure for admins to see', async () => {
    await worker?.stop();
    worker = startWorker({ giveUpAfterMs: 0 });
    hook.state.mode = 'fail';
    const { id } = expectReply<{ id: number }>(await ana.agent.post('/api/team/webhook/test'), 202, 'test');
    await waitFor('giving up', async () => {
      const row = await t.db
        .selectFrom('notification_outbox')
        .select('gave_up_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return row.gave_up_at !== null;
    });
    hook.state.mode = 'ok';
    const failures = expectReply<{ failures: Record<string, unknown>[] }>(
      await ana.agent.get('/api/team/notifications/failures'),
      200,
      'failures',
    );
    expect(failures.failures.find((f) => f.id === id)).toMatchObject({
      channel: 'webhook',
      member: null,
      attempts: 1,
      next_attempt_at: null,
    });
    await worker.stop();
    worker = startWorker();
  });

  it('never lets two workers deliver the same row', async () => {
    const second = startWorker();
    try {
      const ids: number[] = [];
      for (let i = 0; i < 20; i++) {
        ids.push(
          expectReply<{ id: number }>(await dee.session.agent.post('/api/me/notifications/test'), 202, 'test')
            .id,
        );
      }
      const wanted = new Set(ids.map((id) => `<notification-${id}@127.0.0.1>`));
      await waitFor('all twenty mails', () =>
        [...wanted].every((messageId) => mail.state.mails.some((m) => m.messageId === messageId)),
      );
      await outboxSettled();
      for (const messageId of wanted) {
        expect(
          mail.state.mails.filter((m) => m.messageId === messageId),
          messageId,
        ).toHaveLength(1);
      }
      const rows = await t.db
        .selectFrom('notification_outbox')
        .select('attempts')
        .where('id', 'in', ids)
        .execute();
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});

describe('a restart', () => {
  let app2: App | undefined;
  let db2: Database | undefined;
  let worker2: NotificationWorker | undefined;

  afterAll(async () => {
    await worker2?.stop();
    await app2?.close();
    await db2?.destroy();
  });

  it('delivers what the outbox held, under the same Message-ID, also rows a dead process had claimed', async () => {
    await worker?.stop();
    worker = undefined;
    // Queued while nothing delivers.
    const queued = expectReply<{ id: number }>(
      await ben.session.agent.post('/api/me/notifications/test'),
      202,
      'test',
    ).id;
    // Claimed by a process that then died: its lease (1.5 s) must run out first.
    const claimedByTheDead = expectReply<{ id: number }>(
      await cai.session.agent.post('/api/me/notifications/test'),
      202,
      'test',
    ).id;
    const claimed = await claimDueNotifications(t.db, 10, 1500);
    expect(claimed.map((c) => c.id).sort()).toEqual([queued, claimedByTheDead].sort());
    // Leave the first for the new process, unclaimed.
    await t.db
      .updateTable('notification_outbox')
      .set({ locked_until: null })
      .where('id', '=', queued)
      .execute();
    const { locked_until: leaseEnd } = await t.db
      .selectFrom('notification_outbox')
      .select('locked_until')
      .where('id', '=', claimedByTheDead)
      .executeTakeFirstOrThrow();

    await t.app.close();
    db2 = createKysely(t.config.databaseUrl ?? '');
    // Its log lines join the first app's, for the check at the end of this file.
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        t.logs.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app2 = await buildApp({ config: t.config, db: db2, logStream });
    worker2 = startNotificationWorker(workerOptions(db2, app2));

    await waitFor('the queued mail', () =>
      mailsTo(ADDRESSES.ben).some((m) => m.messageId === `<notification-${queued}@127.0.0.1>`),
    );
    await waitFor('the mail claimed by the dead process', () =>
      mailsTo(ADDRESSES.cai).some((m) => m.messageId === `<notification-${claimedByTheDead}@127.0.0.1>`),
    );
    // The worker marks a row delivered after the mail server took it: wait for the mark too.
    const rows = await waitFor('both rows marked delivered', async () => {
      const found = await (db2 ?? t.db)
        .selectFrom('notification_outbox')
        .select(['id', 'delivered_at', 'attempts'])
        .where('id', 'in', [queued, claimedByTheDead])
        .execute();
      return found.length === 2 && found.every((r) => r.delivered_at !== null) ? found : undefined;
    });
    const dead = rows.find((r) => r.id === claimedByTheDead);
    expect(dead?.attempts).toBe(2);
    // Not before the dead process's lease ran out.
    expect(dead?.delivered_at?.getTime()).toBeGreaterThanOrEqual(leaseEnd?.getTime() ?? Infinity);
  });
});

describe('maintenance', () => {
  it('deletes notifications delivered or given up more than 30 days ago, and keeps the rest', async () => {
    const old = new Date(Date.now() - 31 * 24 * 3600_000);
    const recent = new Date(Date.now() - 29 * 24 * 3600_000);
    const rows = await t.db
      .insertInto('notification_outbox')
      .values([
        { team_id: team.id, channel: 'webhook', kind: 'test', delivered_at: old },
        { team_id: team.id, channel: 'webhook', kind: 'test', gave_up_at: old, attempts: 9, last_error: 'x' },
        { team_id: team.id, channel: 'webhook', kind: 'test', delivered_at: recent },
        { team_id: team.id, channel: 'webhook', kind: 'test', due_at: new Date(Date.now() + 3600_000) },
      ])
      .returning('id')
      .execute();
    const deleted = await runMaintenance(t.db);
    expect(deleted.notifications).toBeGreaterThanOrEqual(2);
    const left = await t.db
      .selectFrom('notification_outbox')
      .select('id')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(left.map((r) => r.id)).toEqual(rows.slice(2).map((r) => r.id));
    await t.db
      .deleteFrom('notification_outbox')
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  });
});

describe('a deployment without SMTP_URL', () => {
  let off: TestApp;
  let admin: MemberSession;
  let offWorker: NotificationWorker | undefined;

  beforeAll(async () => {
    off = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
    const offTeam = await createTeamWithService(off.db, { adminName: 'Ana' });
    admin = await signInFast(injectAgent(off.app), offTeam.slug, offTeam.admin);
  });
  afterAll(async () => {
    await offWorker?.stop();
    await off.close();
  });

  it('says e-mail is off, keeps the address, refuses a test mail and drops what would be mailed', async () => {
    expect(expectReply(await admin.agent.get('/api/me/notifications'), 200, 'GET')).toMatchObject({
      email_available: false,
    });
    const saved = expectReply(
      await admin.agent.request('PUT', '/api/me/notifications', {
        json: { email: 'ana@stewards.example', events: ALL_EVENTS, digest_minutes: 0 },
      }),
      200,
      'PUT',
    );
    expect(saved).toMatchObject({ email_available: false, email: 'ana@stewards.example' });
    expectError(await admin.agent.post('/api/me/notifications/test'), 409, 'notifications_off');
    const urgent = await submitReport(injectAgent(off.app), admin.team.slug, { urgent: true });
    offWorker = startNotificationWorker({ ...workerOptions(off.db, off.app), config: off.config });
    await waitFor('the row to be dropped', async () => {
      const row = await off.db
        .selectFrom('notification_outbox')
        .select(['delivered_at', 'last_error'])
        .where('case_id', '=', urgent.caseId)
        .executeTakeFirst();
      return (
        row?.delivered_at != null && row.last_error === 'not sent: e-mail is off on this server (no SMTP_URL)'
      );
    });
  });
});

describe('what the mail server and the webhook received', () => {
  it('holds no trace of any report: no id, number, words, kinds, danger, receipt or key', async () => {
    expect(reports.length).toBeGreaterThan(5);
    expect(mail.state.raw.length).toBeGreaterThan(20);
    const everything = [
      ...mail.state.raw,
      ...hook.state.requests.map((r) => `${JSON.stringify(r.headers)}\n${r.body}`),
    ].join('\n');
    const readable = [
      ...mail.state.mails.map((m) => `${m.subject}\n${m.text}`),
      ...hook.state.requests.map((r) => r.body),
    ].join('\n');
    const numbers = await t.db
      .selectFrom('cases')
      .select(['id', 'number'])
      .where(
        'id',
        'in',
        reports.map((r) => r.caseId),
      )
      .execute();
    for (const submitted of reports) {
      const secrets: Record<string, string | Uint8Array> = {
        'case id': submitted.caseId,
        summary: submitted.body.summary ?? '',
        'what happened': submitted.body.what_happened,
        where: submitted.body.where ?? '',
        'report key': submitted.reportKey,
        'reporter box key': submitted.reporter.keys.box.publicKey,
        'reporter signing key': submitted.reporter.keys.sign.publicKey,
        'lookup hash': submitted.reporter.keys.lookupHash,
        lookup: submitted.reporter.keys.lookup,
        ciphertext: submitted.submission.payload.c.slice(0, 64),
        ...(submitted.reporter.receipt === null ? {} : { receipt: submitted.reporter.receipt }),
      };
      for (const [label, secret] of Object.entries(secrets)) {
        const found = secretForms(secret).find((form) => everything.includes(form));
        expect(found, `${label} of case ${submitted.caseId}`).toBeUndefined();
      }
      for (const word of (submitted.body.summary ?? '').split(/\s+/).filter((w) => w.length > 6)) {
        expect(readable, word).not.toContain(word);
      }
    }
    // Kinds, danger and urgency reasons, and case numbers, as a person would read them.
    for (const word of [
      'personal_attack',
      'personal attack',
      'danger',
      'life',
      'threat',
      'minor',
      'Kakapo',
    ]) {
      expect(readable.toLowerCase(), word).not.toContain(word.toLowerCase());
    }
    for (const { number } of numbers) expect(readable, `case #${number}`).not.toContain(`#${number}`);
    // Nor do the logs hold an address or the webhook's secret: ids and kinds only.
    const logs = t.logs.join('\n');
    expect(logs).toContain('notification delivered');
    expect(logs).not.toContain('stewards.example');
    expect(logs).not.toContain(webhookSecret);
    expect(logs).not.toContain(hookUrl);
    expect(readable).not.toMatch(/\bcase (number |no\.? ?)?\d/i);
  });
});
