/**
 * Retention (issue 11, docs/protocol.md 10.8), over the real API with real cryptography and a
 * real PostgreSQL: the retained record a member's browser writes for a finished case, the purge
 * that then deletes everything else of the case, proven from a pg_dump of the database, and the
 * purge killed half-way (kill -9 of the `confide purge` command while a row lock holds it inside
 * its transaction) leaving no half-deleted case behind.
 *
 * Time is moved by setting finished_at in the database: that is data set-up, nothing is mocked.
 * Team settings (quorum, retention) are set the same way: the settings page is tested elsewhere.
 *
 * Ana is an admin; Ben, Cai and Dee are members. On the purged case the reporter excluded Dee
 * and Cai recused himself.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseList, CaseSummary, ReceiptCase } from '#contract/cases';
import type { RetainedRecord } from '#contract/records';
import {
  formatProtocolTime,
  generateId,
  grantKey,
  ready,
  sealItem,
  unwrapReportKey,
  verifyAndOpenItem,
} from '../../crypto/index.js';
import { purgeDueCases } from '../../server/services/retention.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import { serverUrl } from '../helpers/databases.js';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres.js';
import { until } from '../helpers/until.js';
import {
  type Agent,
  type CreatedTeam,
  type JoinedMember,
  type MemberCaseView,
  type MemberSession,
  type ReporterIdentity,
  type SubmittedReport,
  createTeamWithService,
  expectError,
  expectReply,
  fetchTeam,
  findSecrets,
  injectAgent,
  itemRecipients,
  joinTeam,
  openCase,
  openReceiptSession,
  postMemberItem,
  postReporterItem,
  prepareMemberItem,
  readReceiptCase,
  reporterWithoutReceipt,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

const run = promisify(execFile);
const repoRoot = new URL('../..', import.meta.url).pathname;
const DAY_MS = 24 * 3600_000;
const PG_DUMP = '/usr/bin/pg_dump';
/** How long to wait for a condition (a child process starting, a lock being waited on). */
const DEADLINE_MS = 30_000;

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let dee: JoinedMember;
let otherTeam: CreatedTeam;
let otto: MemberSession;

/** Set when this file runs on a cluster of its own (see dumpableServer). */
let ownServer: OwnPostgres | undefined;
const sharedServerUrl = process.env.TEST_DATABASE_URL;

/**
 * pg_dump refuses a server newer than itself, and the embedded PostgreSQL a test run starts when
 * TEST_DATABASE_URL is unset is newer than Debian's. Then this file's databases are made on a
 * Debian cluster of its own (tests/helpers/own-postgres.ts), one that pg_dump reads.
 */
async function dumpableServer(): Promise<OwnPostgres | undefined> {
  const { stdout } = await run(PG_DUMP, ['--version']);
  const dumpMajor = Number(/ (\d+)\.\d+/.exec(stdout)?.[1]);
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    const version = await client.query<{ server_version_num: string }>('show server_version_num');
    const serverMajor = Math.floor(Number(version.rows[0]?.server_version_num) / 10000);
    if (serverMajor <= dumpMajor) return undefined;
  } finally {
    await client.end();
  }
  const own = await startOwnPostgres('retention');
  process.env.TEST_DATABASE_URL = own.adminUrl;
  return own;
}

beforeAll(async () => {
  await ready();
  ownServer = await dumpableServer();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben' });
  cai = await joinTeam(ana, { name: 'Cai' });
  dee = await joinTeam(ana, { name: 'Dee' });
  // Closing needs no vote here, and details are kept one day after a case finished.
  await t.db.updateTable('teams').set({ quorum: 0, retention_days: 1 }).where('id', '=', team.id).execute();
  // Another team, retention off: nothing of it is ever purged.
  otherTeam = await createTeamWithService(t.db, { adminName: 'Otto' });
  otto = await signInFast(injectAgent(t.app), otherTeam.slug, otherTeam.admin);
  await t.db.updateTable('teams').set({ quorum: 0 }).where('id', '=', otherTeam.id).execute();
});
afterAll(async () => {
  await t.close();
  if (ownServer) {
    await ownServer.destroy();
    if (sharedServerUrl === undefined) delete process.env.TEST_DATABASE_URL;
    else process.env.TEST_DATABASE_URL = sharedServerUrl;
  }
});

// ---------------------------------------------------------------------------------------------
// Helpers: cases, records, the database

function file(name: string, text: string) {
  return { name, type: 'text/plain', bytes: new TextEncoder().encode(text) };
}

/** A record item sealed and signed by `session` to the team's active members minus `withheld`. */
async function sealRecord(
  session: MemberSession,
  caseId: string,
  body: { type: string; [field: string]: unknown },
  withheld: readonly string[] = [],
  options: { kind?: 'record' | 'note'; attachments?: string[] } = {},
) {
  const { roster } = await fetchTeam(session.agent, session.team.slug);
  const kind = options.kind ?? 'record';
  return sealItem({
    team: session.team.id,
    caseId,
    id: generateId(),
    kind,
    author: session.member.id,
    audience: 'team',
    body:
      kind === 'record'
        ? { schema: 'confide/record/v1', written_at: formatProtocolTime(new Date()), ...body }
        : { schema: 'confide/note/v1', text: 'not a record', written_at: formatProtocolTime(new Date()) },
    recipients: itemRecipients(roster, withheld, null),
    authorSignSecretKey: session.keys.sign.secretKey,
    ...(options.attachments ? { attachments: options.attachments } : {}),
  }).item;
}

/** The retained record of contract/records.ts, as a console writes it. */
function retainedBody(caseNumber: number, finishedAt: string): Omit<RetainedRecord, 'schema' | 'written_at'> {
  return {
    type: 'retained',
    case_number: caseNumber,
    result: 'actionable',
    finished_at: finishedAt,
    parties: [
      { name: 'Vandal Example', role: 'alleged_harasser' },
      { name: 'Target Example', role: 'target' },
    ],
    reporter_role: 'target',
    outcome: 'Blocked for a month',
  };
}

async function detail(session: MemberSession, caseId: string): Promise<CaseDetail> {
  return expectReply<CaseDetail>(await session.agent.get(`/api/cases/${caseId}`), 200, 'GET /api/cases/{id}');
}

async function summaryOf(session: MemberSession, caseId: string): Promise<CaseSummary | undefined> {
  const list = expectReply<CaseList>(await session.agent.get('/api/cases'), 200, 'GET /api/cases');
  return list.cases.find((c) => c.id === caseId);
}

/** Closes the case the allowed way: PATCH with a closing summary (the team's quorum is 0). */
async function closeCase(session: MemberSession, caseId: string, withheld: readonly string[] = []) {
  const summary = await sealRecord(
    session,
    caseId,
    { type: 'closing_summary', about: 'a', investigators: 'Ana', findings: 'f', outcome: 'o' },
    withheld,
  );
  expectReply(
    await session.agent.patch(`/api/cases/${caseId}`, { status: 'closed', item: summary }),
    200,
    'close',
  );
  return summary;
}

/** POST /api/cases/{id}/retained with a fresh retained record; returns the item sent. */
async function keepRetained(session: MemberSession, caseId: string, withheld: readonly string[] = []) {
  const row = await caseRow(caseId);
  const item = await sealRecord(
    session,
    caseId,
    retainedBody(row.number, formatProtocolTime(row.finished_at ?? new Date())),
    withheld,
  );
  expectReply(await session.agent.post(`/api/cases/${caseId}/retained`, { item }), 201, 'POST retained');
  return item;
}

function caseRow(caseId: string) {
  return t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
}

/** Moves the case's finish `days` into the past: what waiting that long would do. */
async function finishedDaysAgo(caseId: string, days: number): Promise<void> {
  await t.db
    .updateTable('cases')
    .set({ finished_at: new Date(Date.now() - days * DAY_MS) })
    .where('id', '=', caseId)
    .execute();
}

async function newReport(
  agent: Agent = injectAgent(t.app),
  draft: Parameters<typeof submitReport>[2] = {},
  slug = team.slug,
): Promise<SubmittedReport> {
  return submitReport(agent, slug, { reporter: reporterWithoutReceipt(), ...draft });
}

/** A reporter's own browser, with a receipt session for their case. */
async function reporterBrowser(reporter: ReporterIdentity): Promise<Agent> {
  const agent = injectAgent(t.app);
  expectReply(await openReceiptSession(agent, reporter), 200, 'POST /api/receipt/session');
  return agent;
}

function receipt(agent: Agent): Promise<ReceiptCase> {
  return agent.get('/api/receipt/case').then((res) => expectReply<ReceiptCase>(res, 200, 'GET receipt case'));
}

/** The test database as pg_dump --data-only writes it: COPY rows per table, and the whole text. */
interface Dump {
  readonly text: string;
  /** Table name (without schema) → its data lines, as pg_dump wrote them. */
  readonly tables: Map<string, string[]>;
}

async function pgDump(): Promise<Dump> {
  const url = t.config.databaseUrl;
  if (url === undefined) throw new Error('the test app has no DATABASE_URL');
  const { stdout } = await run(PG_DUMP, ['--data-only', '--no-owner', '--dbname', url], {
    maxBuffer: 256 * 1024 * 1024,
  });
  const tables = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    const copy = /^COPY public\.(\w+) \(/.exec(line);
    if (copy?.[1] !== undefined) {
      current = [];
      tables.set(copy[1], current);
    } else if (line === '\\.') {
      current = undefined;
    } else if (current) {
      current.push(line);
    }
  }
  return { text: stdout, tables };
}

/** Tables with data lines mentioning any of `tokens`, each with those lines. */
function linesMentioning(dump: Dump, tokens: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [table, lines] of dump.tables) {
    const hits = lines.filter((line) => tokens.some((token) => line.includes(token)));
    if (hits.length > 0) found.set(table, hits);
  }
  return found;
}

/** Where column `name` of `table` is in its COPY lines (pg_dump writes every column, in order). */
async function columnIndex(table: string, name: string): Promise<number> {
  const columns = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(t.db);
  const index = columns.rows.findIndex((c) => c.column_name === name);
  if (index < 0) throw new Error(`${table} has no column ${name}`);
  return index;
}

/** Server processes connected under `applicationName`. */
async function backendsNamed(applicationName: string): Promise<number> {
  const rows = await sql<{ pid: number }>`
    select pid from pg_stat_activity where application_name = ${applicationName}`.execute(t.db);
  return rows.rows.length;
}

function b64ToBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

// ---------------------------------------------------------------------------------------------

describe('the retained record', () => {
  let report: SubmittedReport;
  let caseId: string;

  beforeAll(async () => {
    report = await newReport();
    caseId = report.caseId;
  });

  it('is refused on an open case with 409 case_not_finished, and nothing is stored', async () => {
    const item = await sealRecord(ana, caseId, retainedBody(1, formatProtocolTime(new Date())));
    expectError(await ana.agent.post(`/api/cases/${caseId}/retained`, { item }), 409, 'case_not_finished');
    const stored = await t.db.selectFrom('items').select('id').where('id', '=', item.id).execute();
    expect(stored).toEqual([]);
    const open = await detail(ana, caseId);
    expect(open).toMatchObject({ finished_at: null, retained: null, purge_after: null, purged_at: null });
  });

  it('marks when a case is closed, and when retention will delete its details', async () => {
    const before = Date.now();
    await closeCase(ana, caseId);
    const closed = await detail(ana, caseId);
    expect(closed.status).toBe('closed');
    expect(closed.finished_at).not.toBeNull();
    const finishedAt = Date.parse(closed.finished_at ?? '');
    expect(finishedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(closed.purge_after).toBe(new Date(finishedAt + DAY_MS).toISOString().replace('.000Z', 'Z'));
    expect(closed.retained).toBeNull();
    expect((await summaryOf(ana, caseId))?.purge_after).toBe(closed.purge_after);
  });

  it('refuses a record of the wrong kind, with files, or not granted to the whole team', async () => {
    const note = await sealRecord(ana, caseId, { type: 'retained' }, [], { kind: 'note' });
    expectError(
      await ana.agent.post(`/api/cases/${caseId}/retained`, { item: note }),
      400,
      'wrong_item_kind',
    );
    const upload = expectReply<{ id: string }>(
      await ana.agent.request('POST', '/api/attachments', {
        body: new Uint8Array(64),
        contentType: 'application/octet-stream',
      }),
      201,
      'upload',
    );
    const withFile = await sealRecord(ana, caseId, retainedBody(1, formatProtocolTime(new Date())), [], {
      attachments: [upload.id],
    });
    expectError(
      await ana.agent.post(`/api/cases/${caseId}/retained`, { item: withFile }),
      400,
      'invalid_request',
    );
    const short = await sealRecord(ana, caseId, retainedBody(1, formatProtocolTime(new Date())), [
      dee.identity.id,
    ]);
    expectError(
      await ana.agent.post(`/api/cases/${caseId}/retained`, { item: short }),
      409,
      'grants_do_not_match_roster',
    );
    expectError(await ana.agent.post(`/api/cases/${caseId}/retained`, {}), 400, 'invalid_request');
    expect((await caseRow(caseId)).retained_item_id).toBeNull();
  });

  it('keeps a record, audited; a later one replaces it as the one kept', async () => {
    const first = await keepRetained(ana, caseId);
    expect((await detail(ana, caseId)).retained).toBe(first.id);
    const second = await keepRetained(ben.session, caseId);
    const seen = await detail(ben.session, caseId);
    expect(seen.retained).toBe(second.id);
    // The earlier record stays an ordinary item until the purge.
    expect(seen.items.map((i) => i.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'case.retained')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { member_id: ana.member.id, details: { item: first.id } },
      { member_id: ben.identity.id, details: { item: second.id } },
    ]);
    // The same item twice is the same item, refused.
    expectError(
      await ben.session.agent.post(`/api/cases/${caseId}/retained`, { item: second }),
      409,
      'duplicate_item',
    );
  });

  it('is dropped by a reopening, with the finish, and refused again until the next close', async () => {
    const reason = (
      await prepareMemberItem(ana, await openCase(ana, caseId), { kind: 'note', text: 'again' })
    ).item;
    expectReply(
      await ana.agent.patch(`/api/cases/${caseId}`, { status: 'investigating', item: reason }),
      200,
      'reopen',
    );
    const reopened = await detail(ana, caseId);
    expect(reopened).toMatchObject({ finished_at: null, retained: null, purge_after: null });
    const item = await sealRecord(ana, caseId, retainedBody(1, formatProtocolTime(new Date())));
    expectError(await ana.agent.post(`/api/cases/${caseId}/retained`, { item }), 409, 'case_not_finished');
    await closeCase(ana, caseId);
    const again = await keepRetained(ana, caseId);
    expect((await detail(ana, caseId)).retained).toBe(again.id);
  });

  it('is taken for a case the reporter withdrew, which finished when they did', async () => {
    const withdrawn = await newReport();
    const reporter = await reporterBrowser(withdrawn.reporter);
    expectReply(await reporter.post('/api/receipt/withdraw'), 200, 'withdraw');
    const seen = await detail(ana, withdrawn.caseId);
    expect(seen.status).toBe('withdrawn');
    expect(seen.finished_at).not.toBeNull();
    expect(seen.purge_after).not.toBeNull();
    const item = await keepRetained(ana, withdrawn.caseId);
    expect((await detail(ana, withdrawn.caseId)).retained).toBe(item.id);
  });

  it('is fetched in the background without marking the case read or auditing an opening', async () => {
    const finished = await newReport();
    const reporter = await reporterBrowser(finished.reporter);
    expectReply(await reporter.post('/api/receipt/withdraw'), 200, 'withdraw');
    const member = ben.session;
    const opened = (action: string) =>
      t.db
        .selectFrom('audit_events')
        .select('id')
        .where('case_id', '=', finished.caseId)
        .where('member_id', '=', ben.identity.id)
        .where('action', '=', action)
        .execute();
    const reads = () =>
      t.db
        .selectFrom('case_reads')
        .select('read_at')
        .where('case_id', '=', finished.caseId)
        .where('member_id', '=', ben.identity.id)
        .execute();

    const background = expectReply<CaseDetail>(
      await member.agent.get(`/api/cases/${finished.caseId}?background=1`),
      200,
      'GET /api/cases/{id}?background=1',
    );
    expect(background.status).toBe('withdrawn');
    expect(background.read_at).toBeNull();
    expect(await reads()).toEqual([]);
    expect(await opened('case.opened')).toEqual([]);
    expectError(
      await member.agent.get(`/api/cases/${finished.caseId}?background=yes`),
      400,
      'invalid_request',
    );

    // Opened by the member, the same case is marked read and audited, as always.
    await detail(member, finished.caseId);
    expect(await reads()).toHaveLength(1);
    expect(await opened('case.opened')).toHaveLength(1);
  });
});

describe('the purge', () => {
  /** The case that is purged: exclusion, recusal, files, messages, a vote, a retained record. */
  let purged: SubmittedReport;
  let purgedView: MemberCaseView;
  let retained: Awaited<ReturnType<typeof keepRetained>>;
  let reporterAgent: Agent;
  /** Ciphertexts and file bytes of the purged case that must be gone. */
  const secrets: Record<string, Uint8Array> = {};
  let purgedAttachmentIds: string[] = [];
  let purgedItemIds: string[] = [];
  let deletedGrants = 0;
  /** Finished, with a record, but not due yet. */
  let notDue: SubmittedReport;
  /** Due, but without a retained record: it waits for one. */
  let noRecord: SubmittedReport;
  /** Of the other team (retention off), finished long ago, with a record. */
  let otherTeams: SubmittedReport;
  let before: Dump;
  let after: Dump;

  beforeAll(async () => {
    const withheld = [dee.identity.id, cai.identity.id];
    purged = await newReport(injectAgent(t.app), {
      exclude: [dee.identity.id],
      attachments: [file('evidence.txt', 'the screenshot of the insult, as text')],
    });
    secrets.report = b64ToBytes(purged.submission.payload.c);
    // What the list showed of it goes with the body.
    if (!purged.submission.summary) throw new Error('the report was sent without its summary');
    secrets.summary = b64ToBytes(purged.submission.summary.c);
    purgedView = await openCase(ana, purged.caseId);

    reporterAgent = await reporterBrowser(purged.reporter);
    const reporterView = await readReceiptCase(reporterAgent, purged.reporter);
    const answer = await postReporterItem(reporterAgent, purged.reporter, reporterView, {
      text: 'It happened again today.',
      attachments: [file('again.txt', 'a second screenshot, as text')],
    });
    secrets.reporterMessage = b64ToBytes(answer.item.payload.c);

    const note = await postMemberItem(ana, purgedView, {
      kind: 'note',
      text: 'Checked the history of the page.',
      attachments: [file('history.txt', 'the page history, as text')],
    });
    secrets.note = b64ToBytes(note.item.payload.c);

    expectReply(await cai.session.agent.post(`/api/cases/${purged.caseId}/recusal`), 204, 'recusal');
    expectReply(await ben.session.agent.post(`/api/cases/${purged.caseId}/rounds`), 201, 'round');
    const vote = await sealRecord(
      ben.session,
      purged.caseId,
      { type: 'vote', round: 1, choice: 'actionable', note: 'yes' },
      withheld,
    );
    expectReply(
      await ben.session.agent.post(`/api/cases/${purged.caseId}/votes`, { round: 1, item: vote }),
      201,
      'vote',
    );
    secrets.vote = b64ToBytes(vote.payload.c);
    await detail(ben.session, purged.caseId); // a read marker for Ben

    const summary = await closeCase(ana, purged.caseId, withheld);
    secrets.closingSummary = b64ToBytes(summary.payload.c);
    retained = await keepRetained(ana, purged.caseId, withheld);

    const files = await t.db
      .selectFrom('attachments')
      .innerJoin('attachment_chunks', 'attachment_chunks.attachment_id', 'attachments.id')
      .select(['attachments.id', 'attachment_chunks.data'])
      .where('attachments.case_id', '=', purged.caseId)
      .execute();
    purgedAttachmentIds = [...new Set(files.map((f) => f.id))];
    expect(purgedAttachmentIds).toHaveLength(3);
    files.forEach((f, i) => (secrets[`file ${i}`] = new Uint8Array(f.data)));
    const items = await t.db.selectFrom('items').select('id').where('case_id', '=', purged.caseId).execute();
    purgedItemIds = items.map((i) => i.id).filter((id) => id !== retained.id);
    expect(purgedItemIds).toHaveLength(4);
    const grants = await t.db
      .selectFrom('grants')
      .select('object_id')
      .where('case_id', '=', purged.caseId)
      .where('object_id', '<>', retained.id)
      .execute();
    deletedGrants = grants.length;

    notDue = await newReport();
    await closeCase(ana, notDue.caseId);
    await keepRetained(ana, notDue.caseId);

    noRecord = await newReport();
    await closeCase(ana, noRecord.caseId);

    otherTeams = await newReport(injectAgent(t.app), {}, otherTeam.slug);
    await closeCase(otto, otherTeams.caseId);
    await keepRetained(otto, otherTeams.caseId);

    for (const id of [purged.caseId, noRecord.caseId, otherTeams.caseId]) await finishedDaysAgo(id, 2);
  });

  it('tells the reporter beforehand who can read the report and when its details go', async () => {
    const seen = await receipt(reporterAgent);
    const finishedAt = (await caseRow(purged.caseId)).finished_at;
    expect(finishedAt).not.toBeNull();
    expect(seen.finished_at).toBe(formatProtocolTime(finishedAt ?? new Date()));
    expect(seen.purge_after).toBe(formatProtocolTime(new Date((finishedAt?.getTime() ?? 0) + DAY_MS)));
    expect(seen.purged_at).toBeNull();
    // Dee was excluded, Cai recused himself: neither holds a grant on the report.
    expect(seen.readers).toEqual([ana.member.id, ben.identity.id]);
    expect(seen.payload).not.toBeNull();
    expect(seen.summary).toEqual(purged.submission.summary);
    expect(seen.items.length).toBeGreaterThan(0);
  });

  it('purges the due case with a record, and nothing else; running it again purges nothing', async () => {
    before = await pgDump();
    expect(await purgeDueCases(t.db)).toBe(1);
    after = await pgDump();
    expect(await purgeDueCases(t.db)).toBe(0);
    for (const id of [notDue.caseId, noRecord.caseId, otherTeams.caseId]) {
      const row = await caseRow(id);
      expect(row.purged_at).toBeNull();
      expect(row.payload_ct).not.toBeNull();
      expect(row.summary_ct).not.toBeNull();
    }
    expect(await caseRow(purged.caseId)).toMatchObject({
      payload_ct: null,
      payload_nonce: null,
      summary_ct: null,
      summary_nonce: null,
    });
    expect((await caseRow(purged.caseId)).purged_at).not.toBeNull();
  });

  it('leaves of the purged case only its row without ciphertext, the record, its grants, exclusions and recusals', async () => {
    const tokens = [purged.caseId, ...purgedAttachmentIds, ...purgedItemIds];
    const left = linesMentioning(after, tokens);
    // Audit rows stay (ids, never content); receipt sessions are hashes, and keep the reporter's way in.
    // Notifications name the case for their delivery check, never its content (and go once old).
    left.delete('audit_events');
    left.delete('sessions');
    // The receipts that open the case (a lookup hash and public keys each) keep the reporter's way
    // in too, to be told the details were deleted (docs/protocol.md 8.5).
    left.delete('case_receipts');
    left.delete('notification_outbox');
    expect([...left.keys()].sort()).toEqual(['case_exclusions', 'case_recusals', 'cases', 'grants', 'items']);

    const payloadCt = await columnIndex('cases', 'payload_ct');
    const payloadNonce = await columnIndex('cases', 'payload_nonce');
    const [caseLine, ...more] = left.get('cases') ?? [];
    expect(more).toEqual([]);
    const summaryCt = await columnIndex('cases', 'summary_ct');
    const summaryNonce = await columnIndex('cases', 'summary_nonce');
    const columns = (caseLine ?? '').split('\t');
    expect([columns[payloadCt], columns[payloadNonce]]).toEqual(['\\N', '\\N']);
    expect([columns[summaryCt], columns[summaryNonce]]).toEqual(['\\N', '\\N']);

    const items = left.get('items') ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]).toContain(retained.id);
    const grants = left.get('grants') ?? [];
    const objectId = await columnIndex('grants', 'object_id');
    const recipient = await columnIndex('grants', 'recipient');
    expect(grants.map((g) => g.split('\t')[objectId])).toEqual(grants.map(() => retained.id));
    expect(grants.map((g) => g.split('\t')[recipient]).sort()).toEqual(
      [ana.member.id, ben.identity.id].sort(),
    );
    expect(left.get('case_exclusions')?.join('\n')).toContain(dee.identity.id);
    expect(left.get('case_recusals')?.join('\n')).toContain(cai.identity.id);

    // No deleted item or file is named anywhere but in the audit log.
    const named = linesMentioning(after, [...purgedItemIds, ...purgedAttachmentIds]);
    named.delete('audit_events');
    expect([...named.keys()]).toEqual([]);
    // The audit log kept every row it had, and gained the purge, which names no content.
    const auditBefore = before.tables.get('audit_events') ?? [];
    const auditAfter = after.tables.get('audit_events') ?? [];
    expect(auditAfter.slice(0, auditBefore.length)).toEqual(auditBefore);
    const purgeEvents = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('case_id', '=', purged.caseId)
      .where('action', '=', 'case.purged')
      .execute();
    expect(purgeEvents).toEqual([
      {
        member_id: null,
        details: { retained: retained.id, items: 4, attachments: 3, grants: deletedGrants },
      },
    ]);
  });

  it('leaves no byte of the report, the other items or the files in the dump', () => {
    // The search works: every secret is in the dump before, and the retained record after.
    expect(findSecrets(before.text, secrets).sort()).toHaveLength(Object.keys(secrets).length);
    expect(findSecrets(after.text, { retained: b64ToBytes(retained.payload.c) })).toHaveLength(1);
    expect(findSecrets(after.text, secrets)).toEqual([]);
  });

  it("leaves every other case's and team's rows as they were", () => {
    const tokens = [purged.caseId, ...purgedAttachmentIds];
    // pg_dump brackets its output with a random \restrict key, new at every run.
    const lines = (dump: Dump) => dump.text.split('\n').filter((line) => !/^\\(un)?restrict /.test(line));
    const beforeLines = new Set(lines(before));
    const afterLines = new Set(lines(after));
    const removed = [...beforeLines].filter((line) => !afterLines.has(line));
    const added = [...afterLines].filter((line) => !beforeLines.has(line));
    // Only rows of the purged case (or its files' chunks) went...
    const sequence = "SELECT pg_catalog.setval('public.audit_events_id_seq'";
    expect(
      removed.filter((line) => !tokens.some((token) => line.includes(token)) && !line.startsWith(sequence)),
    ).toEqual([]);
    // ...and only its new case row, the audit event of the purge and the audit sequence came.
    const unexplained = added.filter(
      (line) =>
        !(line.includes(purged.caseId) && (after.tables.get('cases') ?? []).includes(line)) &&
        !(line.includes('case.purged') && line.includes(purged.caseId)) &&
        !line.startsWith(sequence),
    );
    expect(unexplained).toEqual([]);
    // The chunk rows of the purged case's files are among those gone.
    const chunks = before.tables.get('attachment_chunks') ?? [];
    expect(chunks.filter((line) => purgedAttachmentIds.some((id) => line.startsWith(id))).length).toBe(3);
  });

  it('still lists and opens the purged case, with the retained record alone', async () => {
    for (const reader of [ana, ben.session]) {
      const summary = await summaryOf(reader, purged.caseId);
      expect(summary).toMatchObject({
        summary: null,
        payload: null,
        grant: null,
        retained: retained.id,
        purge_after: null,
        status: 'closed',
      });
      expect(summary?.purged_at).not.toBeNull();
      expect(summary?.retained_item?.id).toBe(retained.id);

      const seen = await detail(reader, purged.caseId);
      expect(seen).toMatchObject({
        summary: null,
        payload: null,
        grant: null,
        attachments: [],
        events: [],
        rounds: [],
      });
      expect(seen.items.map((i) => i.id)).toEqual([retained.id]);
      expect(seen.retained_item?.id).toBe(retained.id);
      expect(seen.excluded).toEqual([dee.identity.id]);
      expect(seen.recused).toEqual([cai.identity.id]);
      // The member's browser still opens the record: the result, the parties, the reporter's role.
      const author = (await fetchTeam(reader.agent, team.slug)).roster.known.get(ana.member.id);
      const record = seen.retained_item;
      if (!author || record?.payload.v !== 1) throw new Error('no author, or no record of version 1');
      const body = verifyAndOpenItem(
        { ...record, payload: { ...record.payload, v: 1 } },
        team.id,
        reader.keys.enc,
        author.signPublicKey,
      );
      expect(body).toMatchObject({ type: 'retained', result: 'actionable', reporter_role: 'target' });
    }
    // Cai (recused) and Dee (excluded) still cannot see it at all.
    for (const outsider of [cai.session, dee.session]) {
      expectError(await outsider.agent.get(`/api/cases/${purged.caseId}`), 404, 'not_found');
      expect(await summaryOf(outsider, purged.caseId)).toBeUndefined();
    }
  });

  it('refuses every write on the purged case with 409 case_purged', async () => {
    const id = purged.caseId;
    const withheld = [dee.identity.id, cai.identity.id];
    const note = await sealRecord(ana, id, { type: 'x' }, withheld, { kind: 'note' });
    expectError(await ana.agent.post(`/api/cases/${id}/items`, note), 409, 'case_purged');
    const reason = await sealRecord(ana, id, { type: 'x' }, withheld, { kind: 'note' });
    expectError(
      await ana.agent.patch(`/api/cases/${id}`, { status: 'investigating', item: reason }),
      409,
      'case_purged',
    );
    expectError(
      await ana.agent.patch(`/api/cases/${id}`, { follow_up_by: '2031-01-01T00:00:00Z' }),
      409,
      'case_purged',
    );
    expectError(await ana.agent.post(`/api/cases/${id}/rounds`), 409, 'case_purged');
    const vote = await sealRecord(
      ana,
      id,
      { type: 'vote', round: 1, choice: 'actionable', note: '' },
      withheld,
    );
    expectError(await ana.agent.post(`/api/cases/${id}/votes`, { round: 1, item: vote }), 409, 'case_purged');
    expectError(await ben.session.agent.post(`/api/cases/${id}/recusal`), 409, 'case_purged');
    expectError(
      await ana.agent.post(`/api/cases/${id}/local-actions`, { action: 'printed' }),
      409,
      'case_purged',
    );
    const record = await sealRecord(ana, id, retainedBody(1, formatProtocolTime(new Date())), withheld);
    expectError(await ana.agent.post(`/api/cases/${id}/retained`, { item: record }), 409, 'case_purged');
    // The reporter's session still works; their writes are refused the same way.
    const { roster } = await fetchTeam(reporterAgent, team.slug);
    const answer = sealItem({
      team: team.id,
      caseId: id,
      id: generateId(),
      kind: 'message',
      author: 'reporter',
      audience: 'reporter',
      body: {
        schema: 'confide/message/v1',
        text: 'anyone there?',
        written_at: formatProtocolTime(new Date()),
      },
      recipients: itemRecipients(roster, withheld, null),
      authorSignSecretKey: purged.reporter.keys.sign.secretKey,
    }).item;
    expectError(await reporterAgent.post('/api/receipt/items', answer), 409, 'case_purged');
    expectError(await reporterAgent.post('/api/receipt/withdraw'), 409, 'case_purged');
    const res = await ana.agent.post(`/api/cases/${id}/rounds`);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/retention/);
    // Nothing of that reached the database.
    const items = await t.db.selectFrom('items').select('id').where('case_id', '=', id).execute();
    expect(items).toEqual([{ id: retained.id }]);
  });

  it('tells the reporter afterwards that the details were deleted, and when', async () => {
    const seen = await receipt(reporterAgent);
    const row = await caseRow(purged.caseId);
    expect(seen).toMatchObject({
      status: 'closed',
      payload: null,
      summary: null,
      grant: null,
      items: [],
      readers: [],
      purge_after: null,
      purged_at: formatProtocolTime(row.purged_at ?? new Date(0)),
      excluded: [dee.identity.id],
    });
  });

  it('re-grants only the retained record of the purged case, never to an excluded or recused member', async () => {
    const eve = await joinTeam(ana, { name: 'Eve', regrant: false });
    const work = expectReply<{ objects: { object: string; case: string; grant: string }[] }>(
      await ana.agent.get(`/api/regrants?member=${eve.identity.id}`),
      200,
      'GET /api/regrants',
    );
    expect(work.objects.filter((o) => o.case === purged.caseId).map((o) => o.object)).toEqual([retained.id]);
    const offered = work.objects.find((o) => o.object === retained.id);
    if (!offered) throw new Error('the retained record was not offered');
    const key = unwrapReportKey(offered.grant, ana.keys.enc);
    const { roster } = await fetchTeam(ana.agent, team.slug);
    const sealTo = (memberId: string) => {
      const member = roster.known.get(memberId);
      if (!member) throw new Error('not in the roster');
      const [grant] = grantKey(key, [{ id: memberId, boxPublicKey: member.encPublicKey }]);
      if (!grant) throw new Error('no grant made');
      return grant.k;
    };
    expectReply(
      await ana.agent.post('/api/regrants', {
        member: eve.identity.id,
        grants: [{ object: retained.id, k: sealTo(eve.identity.id) }],
      }),
      200,
      'POST /api/regrants',
    );
    const seen = await summaryOf(eve.session, purged.caseId);
    expect(seen?.retained_item?.id).toBe(retained.id);
    expect(seen?.payload).toBeNull();

    for (const outsider of [dee, cai]) {
      const offeredToThem = expectReply<{ objects: { case: string }[] }>(
        await ana.agent.get(`/api/regrants?member=${outsider.identity.id}`),
        200,
        'GET /api/regrants',
      );
      expect(offeredToThem.objects.filter((o) => o.case === purged.caseId)).toEqual([]);
      expectError(
        await ana.agent.post('/api/regrants', {
          member: outsider.identity.id,
          grants: [{ object: retained.id, k: sealTo(outsider.identity.id) }],
        }),
        400,
        'regrant_not_allowed',
      );
    }
  });
});

describe('a purge killed half-way', () => {
  let first: SubmittedReport;
  let second: SubmittedReport;
  let child: ChildProcess | undefined;
  let holder: pg.Client | undefined;
  const APP_NAME = 'confide-retention-test-purge';

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await holder?.end().catch(() => undefined);
  });

  /** Every row of the case, per table, as text: what "intact" is compared against. */
  async function rowsOf(caseId: string): Promise<Record<string, unknown[]>> {
    const inCase = sql`(select id from attachments where case_id = ${caseId})`;
    const tables = {
      cases: sql`id = ${caseId}`,
      items: sql`case_id = ${caseId}`,
      grants: sql`case_id = ${caseId}`,
      attachments: sql`case_id = ${caseId}`,
      attachment_chunks: sql`attachment_id in ${inCase}`,
      case_events: sql`case_id = ${caseId}`,
      case_reads: sql`case_id = ${caseId}`,
      vote_rounds: sql`case_id = ${caseId}`,
      votes: sql`case_id = ${caseId}`,
    };
    const out: Record<string, unknown[]> = {};
    for (const [table, where] of Object.entries(tables)) {
      const result = await sql<Record<string, unknown>>`
        select * from ${sql.table(table)} where ${where} order by 1, 2`.execute(t.db);
      out[table] = result.rows;
    }
    return out;
  }

  function startPurge(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
    const url = new URL(t.config.databaseUrl ?? '');
    url.searchParams.set('application_name', APP_NAME);
    // node --import tsx, not the tsx command: that one runs the script in a child process of
    // its own, and a SIGKILL sent to it would leave the purge running.
    const proc = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'purge'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    return { child: proc, output: () => output, exited };
  }

  beforeAll(async () => {
    first = await newReport();
    second = await newReport(injectAgent(t.app), {
      attachments: [file('held.txt', 'a file whose row the test holds locked')],
    });
    for (const report of [first, second]) {
      await closeCase(ana, report.caseId);
      await keepRetained(ana, report.caseId);
    }
    // The first finished earlier, so the purge takes it first.
    await finishedDaysAgo(first.caseId, 3);
    await finishedDaysAgo(second.caseId, 2);
  });

  // Two child processes start (each transpiles the command line) on a machine that may be busy.
  it(
    'leaves the case it was in the middle of intact, and the next run purges it',
    { timeout: 4 * DEADLINE_MS },
    async () => {
      const secondBefore = await rowsOf(second.caseId);
      expect(secondBefore.attachments).toHaveLength(1);

      // Another connection holds the second case's file row: the purge's delete of it waits.
      holder = new pg.Client({ connectionString: t.config.databaseUrl });
      await holder.connect();
      await holder.query('begin');
      await holder.query('select id from attachments where case_id = $1 for update', [second.caseId]);

      const purge = startPurge();
      child = purge.child;
      // Asked on another connection than the holder's: within a transaction, pg_stat_activity
      // answers from a snapshot taken when it is first read.
      let waitingPid: number | undefined;
      await until(
        () => `the purge to wait on the locked file row; it wrote:\n${purge.output()}`,
        async () => {
          if (purge.child.exitCode !== null) throw new Error(`the purge exited early:\n${purge.output()}`);
          const waiting = await sql<{ pid: number }>`
            select pid from pg_stat_activity
            where application_name = ${APP_NAME} and wait_event_type = 'Lock'`.execute(t.db);
          waitingPid = waiting.rows[0]?.pid;
          return waitingPid !== undefined;
        },
      );
      // It waits inside the second case's transaction, after deleting rows of it already: it holds
      // row-exclusive locks on the tables it deleted from (the deletes are not visible from here).
      const locked = await sql<{ relation: string }>`
        select relation::regclass::text as relation from pg_locks
        where pid = ${waitingPid} and mode = 'RowExclusiveLock'`.execute(t.db);
      expect(locked.rows.map((r) => r.relation)).toEqual(expect.arrayContaining(['grants', 'case_events']));
      // The first case was purged (and committed) before.
      expect((await caseRow(first.caseId)).purged_at).not.toBeNull();

      purge.child.kill('SIGKILL');
      expect(await purge.exited).toBeNull();
      await holder.query('commit');
      await holder.end();
      holder = undefined;
      // The killed process's server backend goes once it finds its client gone: rolled back.
      await until(
        'the killed purge to leave the database',
        async () => (await backendsNamed(APP_NAME)) === 0,
      );

      expect(await rowsOf(second.caseId)).toEqual(secondBefore);
      const firstRows = await rowsOf(first.caseId);
      expect(firstRows.items).toHaveLength(1);
      expect(firstRows.attachments).toEqual([]);
      expect(firstRows.case_events).toEqual([]);

      const again = startPurge();
      child = again.child;
      expect(await again.exited).toBe(0);
      expect(again.output()).toContain('Purged 1 case.');
      const secondAfter = await rowsOf(second.caseId);
      expect(secondAfter.items).toHaveLength(1);
      expect(secondAfter.attachments).toEqual([]);
      expect(secondAfter.attachment_chunks).toEqual([]);
      expect(secondAfter.case_events).toEqual([]);
      expect(secondAfter.cases).toMatchObject([
        { payload_ct: null, payload_nonce: null, summary_ct: null, summary_nonce: null },
      ]);
    },
  );
});
