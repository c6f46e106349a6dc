/**
 * The scale path of README.md: several server processes behind one address, sharing one
 * PostgreSQL and one CONFIDE_RATE_LIMIT_SECRET. Two real processes (server/main.ts) on one test
 * database, and in front of them a small round-robin reverse proxy written here (node:http,
 * one backend per request, in turn; a test device, not a product feature) that records which
 * backend served each request.
 *
 * What must hold, because the servers keep no state but PostgreSQL: a member session made
 * through one process works on the other; rate limits count the requests of both together;
 * one-time tokens (a set-up link, an invitation, a proof of work) made through one process work
 * once through the other and never again; the maintenance both run does no harm; and each
 * notification is mailed exactly once, though both processes run an outbox worker and both
 * find the same rows (a real SMTP server here, smtp-server, receives what they send).
 *
 * Rate limits key on the client address. The proxy connects to both processes from 127.0.0.1,
 * so every request through it counts as one client's, which is what the limit test wants
 * (TRUST_PROXY stays off: nothing here names another client).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready, searchProofOfWork } from '../../crypto/index.js';
import { createKysely, type Database } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { runMaintenance } from '../../server/jobs.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { errorShapeProblem, waitFor } from '../helpers/load-driver.js';
import {
  acceptInvitation,
  Agent,
  enrolIdentity,
  expectReply,
  fetchTransport,
  foundTeamLocally,
  invite,
  joinTeam,
  listCaseSummaries,
  postReport,
  prepareReport,
  randomPassphrase,
  setupRequestBody,
  signIn,
  signInFast,
  submitReport,
  type LocalTeam,
  type MemberSession,
} from '../helpers/protocol/index.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

// ---------------------------------------------------------------------------
// The round-robin proxy
// ---------------------------------------------------------------------------

interface Served {
  method: string;
  path: string;
  backend: number;
  status: number;
}

interface RoundRobinProxy {
  url: string;
  /** Every request forwarded, in order, with the backend (index) that served it. */
  served: Served[];
  close(): Promise<void>;
}

/** Headers about one connection, not the message: each hop sets its own. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
];

function withoutHopByHop(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name)));
}

/** Forwards each request (method, path, headers, body) to the next backend in turn and streams the reply back. */
async function startRoundRobinProxy(backends: readonly string[]): Promise<RoundRobinProxy> {
  const served: Served[] = [];
  const agent = new http.Agent({ keepAlive: true });
  let next = 0;
  const server = http.createServer((request, response) => {
    const backend = next % backends.length;
    next += 1;
    const entry: Served = { method: request.method ?? '', path: request.url ?? '', backend, status: 0 };
    served.push(entry);
    const upstream = http.request(
      new URL(request.url ?? '/', backends[backend]),
      { method: request.method, headers: withoutHopByHop(request.headers), agent },
      (reply) => {
        entry.status = reply.statusCode ?? 0;
        response.writeHead(entry.status, withoutHopByHop(reply.headers));
        reply.pipe(response);
      },
    );
    upstream.on('error', () => {
      // A backend that cannot be reached is the balancer's 502; one that fails mid-reply is a cut connection.
      if (response.headersSent) {
        response.destroy();
        return;
      }
      entry.status = 502;
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { code: 'bad_gateway', message: 'The backend cannot be reached' } }),
      );
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    served,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

// ---------------------------------------------------------------------------
// A mail server both processes send notifications to
// ---------------------------------------------------------------------------

interface ReceivedMail {
  readonly to: string[];
  readonly messageId: string;
  readonly subject: string;
}

/** Plain SMTP on loopback that accepts every mail and keeps it, parsed. */
async function startMailSink(): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        // Accepted at once, as a mail server does; parsed afterwards (tests wait for the list).
        callback();
        void simpleParser(Buffer.concat(chunks)).then((parsed) =>
          mails.push({ to, messageId: parsed.messageId ?? '', subject: parsed.subject ?? '' }),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------
// Two processes, one database
// ---------------------------------------------------------------------------

const secret = randomBytes(32).toString('base64url');
/** Expired and live rows of every kind the maintenance deletes, made before either process starts. */
const seeded = { expiredBuckets: 5, expiredProofs: 2, oldUploads: 3 };

let database: TestDatabase;
let db: Database;
let processes: ServerProcess[];
let proxy: RoundRobinProxy;
let mailSink: Awaited<ReturnType<typeof startMailSink>>;

async function seedMaintenanceWork(target: Kysely<unknown> | Database, label: string): Promise<void> {
  const d = target as Database;
  for (let i = 0; i < seeded.expiredBuckets; i++) {
    await d
      .insertInto('rate_limit_buckets')
      .values({ key: `${label}|expired|${i}`, count: 3, expires_at: sql`now() - interval '1 minute'` })
      .execute();
  }
  await d
    .insertInto('rate_limit_buckets')
    .values({ key: `${label}|live`, count: 1, expires_at: sql`now() + interval '1 hour'` })
    .execute();
  for (let i = 0; i < seeded.expiredProofs; i++) {
    await d
      .insertInto('spent_proofs')
      .values({ challenge_hash: randomBytes(32), expires_at: sql`now() - interval '2 hours'` })
      .execute();
  }
  for (let i = 0; i < seeded.oldUploads; i++) {
    await d
      .insertInto('attachments')
      .values({
        id: crypto.randomUUID(),
        size: 41,
        created_at: sql`now() - interval '25 hours'`,
        completed_at: sql`now() - interval '25 hours'`,
      })
      .execute();
  }
  await d
    .insertInto('attachments')
    .values({ id: crypto.randomUUID(), size: 41, completed_at: sql`now()` })
    .execute();
}

beforeAll(async () => {
  await ready();
  database = await createTestDatabase('twoprocesses');
  db = createKysely(database.url, 2);
  // Migrated here so the maintenance work can be seeded before the processes start: each runs
  // its first maintenance a few seconds after it starts.
  await migrateToLatest(db as Kysely<unknown>);
  await seedMaintenanceWork(db, 'before-start');
  mailSink = await startMailSink();
  const env = {
    DATABASE_URL: database.url,
    CONFIDE_RATE_LIMIT_SECRET: secret,
    // Both send notifications, through one mail server.
    SMTP_URL: `smtp://127.0.0.1:${mailSink.port}`,
    MAIL_FROM: 'confide@stewards.example',
    // "maintenance done" and "notification delivered" are logged at info.
    LOG_LEVEL: 'info',
    // Cheap proofs of work: the test solves one, and is not about their cost.
    CONFIDE_PROOF_OF_WORK_BITS: '8',
  };
  processes = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
  proxy = await startRoundRobinProxy(processes.map((p) => p.url));
});

afterAll(async () => {
  await proxy.close();
  for (const p of processes) {
    const exit = await p.stop('SIGTERM');
    expect(exit, p.output().slice(-2000)).toEqual({ code: 0, signal: null });
  }
  await mailSink.close();
  await db.destroy();
  await database.drop();
});

const direct = (index: number): Agent => new Agent(fetchTransport(processes[index]!.url));
const throughProxy = (): Agent => new Agent(fetchTransport(proxy.url));

/** The set-up token each process printed on first start (both found no team). */
function printedSetupToken(index: number): string {
  const link = /(http:\/\/\S+\/setup#([A-Za-z0-9_-]+))/.exec(processes[index]!.output())?.[2];
  if (link === undefined)
    throw new Error(`process ${index} printed no set-up link:\n${processes[index]!.output()}`);
  return link;
}

let team: LocalTeam;
let adminPassphrase: string;

describe('two server processes on one PostgreSQL', () => {
  it('takes a set-up link printed by one process through the other, once', async () => {
    // Both started on an empty database, so both printed a link; a link replaces any earlier
    // unused one, so which of the two still works depends on who wrote last (or both, had they
    // written at the same instant). Whatever the order, each link is tried through the process
    // that did not print it, exactly one team results, and the link that made it never works again.
    const tokens = [printedSetupToken(0), printedSetupToken(1)];
    adminPassphrase = randomPassphrase();
    const attempt = (token: string, via: number, local: LocalTeam) =>
      direct(via).post('/api/setup', setupRequestBody(token, local));

    const fromFirst = foundTeamLocally({ passphrase: adminPassphrase, adminName: 'Ana' });
    const firstTry = await attempt(tokens[0]!, 1, fromFirst);
    let used: { token: string; printedBy: number };
    if (firstTry.status === 201) {
      team = fromFirst;
      used = { token: tokens[0]!, printedBy: 0 };
    } else {
      expect(firstTry.status, firstTry.text).toBe(403);
      expect(firstTry.json()).toMatchObject({ error: { code: 'setup_link_invalid' } });
      const fromSecond = foundTeamLocally({ passphrase: adminPassphrase, adminName: 'Ana' });
      const secondTry = await attempt(tokens[1]!, 0, fromSecond);
      expect(secondTry.status, secondTry.text).toBe(201);
      team = fromSecond;
      used = { token: tokens[1]!, printedBy: 1 };
    }
    // Used again through the process that printed it: refused. And no other link works now.
    for (const [token, via] of [
      [used.token, used.printedBy],
      [tokens[0]!, 0],
      [tokens[0]!, 1],
      [tokens[1]!, 0],
      [tokens[1]!, 1],
    ] as const) {
      const again = await attempt(token, via, foundTeamLocally({ adminName: 'Mallory' }));
      expect(again.status, again.text).toBe(403);
      expect(again.json()).toMatchObject({ error: { code: 'setup_link_invalid' } });
    }
    const teams = await db.selectFrom('teams').select('id').execute();
    expect(teams.map((t) => t.id)).toEqual([team.team.id]);
  });

  it('keeps a member session made through one process working on the other, and ends it on both', async () => {
    const reporter = throughProxy();
    const reports = [
      await submitReport(reporter, team.team.slug),
      await submitReport(reporter, team.team.slug),
    ];

    const agent = throughProxy();
    const from = proxy.served.length;
    const session: MemberSession = await signIn(agent, team.team.slug, 'Ana', adminPassphrase);
    const signedInBy = proxy.served.find(
      (s, i) => i >= from && s.method === 'POST' && s.path === '/api/session',
    );
    expect(signedInBy?.status).toBe(200);

    const listFrom = proxy.served.length;
    for (let i = 0; i < 4; i++) {
      const { cases } = await listCaseSummaries(session);
      expect(cases.map((c) => c.summary.id).sort()).toEqual(reports.map((r) => r.caseId).sort());
      expect(cases.map((c) => c.shown?.summary)).toEqual(reports.map((r) => r.body.summary));
    }
    const lists = proxy.served.slice(listFrom).filter((s) => s.path.startsWith('/api/cases'));
    expect(lists.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    // Both processes served the session, the one that did not make it among them.
    expect(new Set(lists.map((s) => s.backend))).toEqual(new Set([0, 1]));
    expect(lists.some((s) => s.backend !== signedInBy?.backend)).toBe(true);

    // Signing out through one process ends the session on the other at once: the old cookie,
    // sent again as a stolen copy would be, is refused by the next process in turn.
    const cookie = agent.cookies.get('confide_member');
    expect(cookie).toBeDefined();
    const outAt = proxy.served.length;
    const signedOut = await agent.delete('/api/session');
    expect(signedOut.status, signedOut.text).toBe(204);
    const stale = throughProxy();
    stale.cookies.set('confide_member', cookie ?? '');
    const refused = await stale.get('/api/cases');
    expect(refused.status, refused.text).toBe(401);
    const [outBy, refusedBy] = proxy.served.slice(outAt).map((s) => s.backend);
    expect(refusedBy).not.toBe(outBy);
  });

  it('accepts an invitation made through one process through the other, once', async () => {
    const admin = await signInFast(direct(0), team.team.slug, team.admin);
    const invitation = await invite(admin);
    const invitee = await acceptInvitation(direct(1), invitation.token, { name: 'Bea' });
    const pending = await db
      .selectFrom('members')
      .select(['id', 'status'])
      .where('id', '=', invitee.id)
      .executeTakeFirst();
    expect(pending).toEqual({ id: invitee.id, status: 'pending' });
    // Used again, through the process that made it: refused, to the lookup and to acceptance.
    const lookup = await direct(0).post('/api/invitations/lookup', { token: invitation.token });
    expect(lookup.status, lookup.text).toBe(410);
    const other = enrolIdentity({ team: team.team.id, name: 'Mallory' });
    const again = await direct(0).post('/api/invitations/accept', {
      token: invitation.token,
      member: other.credentials,
    });
    expect(again.status, again.text).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'invitation_invalid' } });
    const mallory = await db.selectFrom('members').select('id').where('id', '=', other.id).executeTakeFirst();
    expect(mallory).toBeUndefined();
  });

  it('counts rate limits across both processes, and spends a proof of work once across both', async () => {
    // POST /api/receipt/session allows 10 a minute per client. Alternating between the two,
    // each process sees about half: counters kept per process would never reach the limit.
    const unknownLookup = 'A'.repeat(43);
    const from = proxy.served.length;
    const replies = [];
    for (let i = 0; i < 11; i++) {
      replies.push(await throughProxy().post('/api/receipt/session', { lookup: unknownLookup }));
    }
    const backends = proxy.served.slice(from).map((s) => s.backend);
    expect(replies.slice(0, 10).map((r) => r.status)).toEqual(Array<number>(10).fill(401));
    expect(backends.slice(0, 10).filter((b) => b === 0)).toHaveLength(5);
    expect(backends.slice(0, 10).filter((b) => b === 1)).toHaveLength(5);
    const limited = replies[10]!;
    expect(limited.status, limited.text).toBe(429);
    expect(errorShapeProblem(limited.text)).toBeUndefined();
    // Still limited whichever process is asked next.
    const next = await throughProxy().post('/api/receipt/session', { lookup: unknownLookup });
    expect(next.status, next.text).toBe(429);
    expect(proxy.served.at(-1)?.backend).not.toBe(backends[10]);

    // Over its limit, this route offers a proof of work (a reporter must never be locked out).
    // A challenge issued by one process is good once on the other, and then spent on both.
    const offered = limited.json<{ error: { code: string; challenge?: { token: string; bits: number } } }>();
    expect(offered.error.code).toBe('proof_of_work_required');
    const challenge = offered.error.challenge!;
    const solution = searchProofOfWork(challenge.token, challenge.bits, 0, 2 ** 30);
    expect(solution).toBeDefined();
    const proof = { 'x-confide-proof': `${challenge.token}.${solution ?? ''}` };
    const issuedBy = backends[10]!;
    const passed = await direct(1 - issuedBy).post(
      '/api/receipt/session',
      { lookup: unknownLookup },
      { headers: proof },
    );
    // Past the limiter: the lookup itself is what is refused.
    expect(passed.status, passed.text).toBe(401);
    expect(passed.json()).toMatchObject({ error: { code: 'receipt_unknown' } });
    const spent = await direct(issuedBy).post(
      '/api/receipt/session',
      { lookup: unknownLookup },
      { headers: proof },
    );
    expect(spent.status, spent.text).toBe(429);
    expect(spent.json()).toMatchObject({ error: { code: 'proof_of_work_spent' } });
  });

  it('runs the maintenance in both processes without harm', async () => {
    // Each process runs it a few seconds after starting: both must have, and neither failed.
    const done = (p: ServerProcess) => p.logRecords().filter((r) => r.msg === 'maintenance done');
    await waitFor(
      'both processes to run their first maintenance',
      () => processes.every((p) => done(p).length > 0),
      90_000,
      () => processes.map((p) => p.output().slice(-2000)).join('\n---\n'),
    );
    for (const p of processes) {
      expect(p.logRecords().filter((r) => r.msg === 'maintenance failed')).toEqual([]);
    }
    // Every expired row seeded before they started was deleted once, by one or the other.
    const deleted = processes.map((p) => (done(p)[0]?.deleted ?? {}) as Record<string, number>);
    const total = (key: string) => deleted.reduce((sum, d) => sum + (d[key] ?? 0), 0);
    expect(total('rate_limit_buckets')).toBe(seeded.expiredBuckets);
    expect(total('spent_proofs')).toBe(seeded.expiredProofs);
    expect(total('unbound_attachments')).toBe(seeded.oldUploads);
    const buckets = await db
      .selectFrom('rate_limit_buckets')
      .select('key')
      .where('key', 'like', 'before-start|%')
      .execute();
    expect(buckets.map((b) => b.key)).toEqual(['before-start|live']);

    // And run at the very same moment from two connections, again without harm: both finish,
    // each expired row is deleted by one of them, and live rows stay.
    await seedMaintenanceWork(db, 'concurrent');
    const second = createKysely(database.url, 1);
    try {
      const results = await Promise.all([runMaintenance(db), runMaintenance(second)]);
      const sum = (key: string) => results.reduce((acc, r) => acc + (r[key] ?? 0), 0);
      // The limit tests' own counters may have expired meanwhile (one-minute windows), hence "at least".
      expect(sum('rate_limit_buckets')).toBeGreaterThanOrEqual(seeded.expiredBuckets);
      expect(sum('spent_proofs')).toBe(seeded.expiredProofs);
      expect(sum('unbound_attachments')).toBe(seeded.oldUploads);
    } finally {
      await second.destroy();
    }
    const live = await db
      .selectFrom('rate_limit_buckets')
      .select('key')
      .where('key', 'like', '%|live')
      .execute();
    expect(live.map((b) => b.key).sort()).toEqual(['before-start|live', 'concurrent|live']);
    const unbound = await db.selectFrom('attachments').select('id').where('case_id', 'is', null).execute();
    expect(unbound).toHaveLength(2);
  }, 150_000);
  it('mails each notification once, though both processes write rows and both workers race for them', async () => {
    // Three members who chose new cases, mailed at once (an urgent case is never held for a digest).
    const ana = await signInFast(throughProxy(), team.team.slug, team.admin);
    const cai = await joinTeam(ana, { name: 'Cai' });
    const dee = await joinTeam(ana, { name: 'Dee' });
    const members = [
      { name: 'ana', session: ana, address: 'ana.admin@stewards.example' },
      { name: 'cai', session: cai.session, address: 'cai.member@stewards.example' },
      { name: 'dee', session: dee.session, address: 'dee.member@stewards.example' },
    ];
    for (const m of members) {
      expectReply(
        await m.session.agent.request('PUT', '/api/me/notifications', {
          json: { email: m.address, events: ['new_case'], digest_minutes: 0 },
        }),
        200,
        `PUT /api/me/notifications (${m.name})`,
      );
    }
    const mailsSoFar = mailSink.mails.length;

    // Four urgent reports, sealed first and then sent through the proxy at the same moment:
    // consecutive requests, so both processes take some and both wake their own worker at once,
    // and each worker claims whatever is due, the other process's rows included. The reporter
    // of the first leaves Dee out.
    const reporter = throughProxy();
    const prepared = [
      await prepareReport(reporter, team.team.slug, { urgent: true, exclude: [dee.identity.id] }),
      await prepareReport(reporter, team.team.slug, { urgent: true }),
      await prepareReport(reporter, team.team.slug, { urgent: true }),
      await prepareReport(reporter, team.team.slug, { urgent: true }),
    ];
    const postedFrom = proxy.served.length;
    const posted = await Promise.all(prepared.map((p) => postReport(throughProxy(), p.submission)));
    for (const res of posted) expect(res.status, res.text).toBe(201);
    const caseIds = prepared.map((p) => p.submission.id);
    const postedBy = proxy.served
      .slice(postedFrom)
      .filter((s) => s.method === 'POST' && s.path === '/api/reports')
      .map((s) => s.backend);
    expect(new Set(postedBy)).toEqual(new Set([0, 1]));

    // One row per member and case, Dee's first left out: written once, whichever process took the report.
    const urgentRows = await db
      .selectFrom('notification_outbox')
      .select(['id', 'member_id', 'case_id'])
      .where('kind', '=', 'urgent_case')
      .where('case_id', 'in', caseIds)
      .orderBy('id')
      .execute();
    const memberIds = new Map<string, string>([
      [ana.member.id, 'ana'],
      [cai.identity.id, 'cai'],
      [dee.identity.id, 'dee'],
    ]);
    const pairs = (rows: { member_id: string | null; case_id: string | null }[]) =>
      rows.map((r) => `${memberIds.get(r.member_id ?? '') ?? r.member_id} ${r.case_id}`).sort();
    const expectedPairs = caseIds.flatMap((caseId, i) =>
      ['ana', 'cai', 'dee'].filter((name) => i > 0 || name !== 'dee').map((name) => `${name} ${caseId}`),
    );
    expect(pairs(urgentRows)).toEqual(expectedPairs.sort());

    const mailsOf = (outboxId: number) =>
      mailSink.mails.filter((m) => m.messageId.startsWith(`<notification-${outboxId}@`));
    const outboxRows = (ids: number[]) =>
      db
        .selectFrom('notification_outbox')
        .select(['id', 'attempts', 'delivered_at', 'last_error'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
    const processesOutput = () => processes.map((p) => p.output().slice(-2000)).join('\n---\n');
    /** The process (0 or 1) whose worker logged delivering the row, or -1. */
    const deliveredBy = (outboxId: number) =>
      processes.findIndex((p) =>
        p.logRecords().some((r) => r.msg === 'notification delivered' && r.outbox === outboxId),
      );
    const urgentIds = urgentRows.map((r) => r.id);
    await waitFor(
      'a mail for every urgent row, each marked delivered',
      async () =>
        urgentIds.every((id) => mailsOf(id).length > 0) &&
        (await outboxRows(urgentIds)).every((r) => r.delivered_at !== null),
      60_000,
      () => `${mailSink.mails.length} mails\n${processesOutput()}`,
    );

    // A test mail made on process A, and then on whichever process has not yet delivered a row
    // written after the urgent ones: each wakes its own process's worker at once. Once both
    // processes have delivered such a row, each worker has claimed again after every urgent row
    // was marked delivered, so a worker that would send one twice has had its chance to.
    const onProcess = (index: number): Agent => {
      const agent = direct(index);
      agent.cookies.set('confide_member', ana.agent.cookies.get('confide_member') ?? '');
      return agent;
    };
    const testIds: number[] = [];
    const claimedAgain = new Set<number>();
    for (let next = 0; claimedAgain.size < 2; next = claimedAgain.has(0) ? 1 : 0) {
      // At most a few: the route allows 5 a minute, and a test mail is nearly always delivered
      // by the process it was made on.
      expect(testIds.length, 'test mails made before both processes delivered one').toBeLessThan(4);
      const queued = expectReply<{ id: number }>(
        await onProcess(next).post('/api/me/notifications/test'),
        202,
        `POST /api/me/notifications/test on process ${next}`,
      );
      testIds.push(queued.id);
      await waitFor(
        `test mail ${queued.id} to be delivered`,
        () => mailsOf(queued.id).length > 0 && deliveredBy(queued.id) >= 0,
        60_000,
        processesOutput,
      );
      claimedAgain.add(deliveredBy(queued.id));
    }
    // Every mail of those rounds is in, and every row is marked.
    await waitFor(
      'every row marked delivered',
      async () => (await outboxRows([...urgentIds, ...testIds])).every((r) => r.delivered_at !== null),
      60_000,
      processesOutput,
    );

    // Exactly one mail per row, to the member it was for; each row claimed by one worker, once.
    for (const row of urgentRows) {
      const mails = mailsOf(row.id);
      expect(mails, `mails for outbox row ${row.id}`).toHaveLength(1);
      const member = members.find((m) => m.name === memberIds.get(row.member_id ?? ''));
      expect(mails[0]?.to).toEqual([member?.address]);
      expect(mails[0]?.subject).toContain('a new urgent case');
    }
    for (const id of testIds) {
      expect(mailsOf(id), `mails for test row ${id}`).toHaveLength(1);
      expect(mailsOf(id)[0]?.to).toEqual(['ana.admin@stewards.example']);
    }
    expect(
      (await outboxRows([...urgentIds, ...testIds])).map((r) => ({
        id: r.id,
        attempts: r.attempts,
        error: r.last_error,
      })),
    ).toEqual(
      [...urgentIds, ...testIds].sort((a, b) => a - b).map((id) => ({ id, attempts: 1, error: null })),
    );
    // Per member: one urgent mail per case they may hear of, and nothing else was sent at all.
    const urgentTo = (address: string) =>
      mailSink.mails.filter((m) => m.to.includes(address) && m.subject.includes('a new urgent case')).length;
    expect(Object.fromEntries(members.map((m) => [m.name, urgentTo(m.address)]))).toEqual({
      ana: 4,
      cai: 4,
      dee: 3,
    });
    expect(mailSink.mails.length - mailsSoFar).toBe(urgentIds.length + testIds.length);
    // Each row was delivered by exactly one process, as its log says.
    const byProcess = urgentIds.map(deliveredBy);
    expect(byProcess.filter((p) => p < 0)).toEqual([]);
    for (const id of [...urgentIds, ...testIds]) {
      const loggers = processes.filter((p) =>
        p.logRecords().some((r) => r.msg === 'notification delivered' && r.outbox === id),
      );
      expect(loggers, `processes that delivered row ${id}`).toHaveLength(1);
    }
    console.log(
      `two-processes notifications: urgent rows delivered by process ${JSON.stringify(byProcess)}; test mails ${JSON.stringify(testIds.map(deliveredBy))}`,
    );
  }, 150_000);
});
