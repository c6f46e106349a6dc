/**
 * Fuzzing from the contract. The served OpenAPI document (GET /api/docs) lists every operation;
 * for each, requests are generated with fast-check and sent through `app.inject`:
 *   - bodies seeded from the contract (openapi-sampler) and from real protocol messages made
 *     with the test client, then broken field by field (tests/helpers/fuzz/mutations.ts), plus
 *     random JSON, text that is not JSON and wrong content types;
 *   - path parameters real, sampled or hostile; query parameters likewise, repeated or unknown;
 *   - anonymously, as a team admin, and as a reporter with a receipt session; state-changing
 *     requests mostly with the CSRF header, sometimes without or with a wrong one.
 * Every reply is judged by tests/helpers/fuzz/oracle.ts (never a 5xx, 4xx in the error shape,
 * 2xx as documented, no-store, CSRF), and every error status must be one the contract lists for
 * the operation. Failures are collected, deduplicated by route, status, code and problem, shrunk,
 * and reported together, each with a reproduction.
 *
 * Time: about FUZZ_BUDGET_SECONDS (default 120) of fuzzing, shared among the operations; each
 * property measures its first runs and takes as many more as its share allows.
 * Reproduce: FUZZ_SEED=<the seed printed> (default fixed), and FUZZ_RUNS=<n> to run exactly n
 * requests per operation and persona whatever the time they take.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encryptFile,
  generateFileKey,
  lookupToken,
  randomBytes,
  ready,
  toBase64Url,
} from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  acceptInvitation,
  createTeamWithService,
  enrolIdentity,
  expectReply,
  foundTeamLocally,
  indexKeyGrantFor,
  injectAgent,
  invite,
  joinTeam,
  newSetupToken,
  openCase,
  openReceiptSession,
  prepareMemberItem,
  prepareReport,
  prepareReporterItem,
  readReceiptCase,
  reporterWithoutReceipt,
  rosterMemberOf,
  setupRequestBody,
  signInFast,
  signRosterEntryFor,
  submitReport,
  type MemberSession,
} from '../helpers/protocol/index.js';
import { FailureLog, Deadline, sendWithDeadline, type Failure } from '../helpers/fuzz/failures.js';
import { judge, type Reply } from '../helpers/fuzz/oracle.js';
import {
  MUTATING_METHODS,
  operationsOf,
  type OpenApiDocument,
  type Operation,
} from '../helpers/fuzz/openapi.js';
import {
  CSRF_HEADER,
  CSRF_VALUE,
  requestArbitrary,
  type FuzzRequest,
  type OperationInputs,
  type Persona,
} from '../helpers/fuzz/requests.js';
import { personalise, sampleValue, type RealValues } from '../helpers/fuzz/seeds.js';

// ---------------------------------------------------------------------------
// Knobs
// ---------------------------------------------------------------------------

const SEED = process.env.FUZZ_SEED === undefined ? 20_261_124 : Number(process.env.FUZZ_SEED);
if (!Number.isSafeInteger(SEED))
  throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_SECONDS ?? 120) * 1000;
if (!(BUDGET_MS > 0))
  throw new Error(`FUZZ_BUDGET_SECONDS must be a positive number, got ${process.env.FUZZ_BUDGET_SECONDS}`);
const FORCED_RUNS = process.env.FUZZ_RUNS === undefined ? undefined : Number(process.env.FUZZ_RUNS);
if (FORCED_RUNS !== undefined && !(Number.isSafeInteger(FORCED_RUNS) && FORCED_RUNS > 0))
  throw new Error(`FUZZ_RUNS must be a positive integer, got ${process.env.FUZZ_RUNS}`);
/** Runs measured before deciding how many more fit the budget. */
const WARMUP_RUNS = 8;
const MAX_RUNS = 1_500;
/** A request that has had no reply by then is reported as hanging. */
const REQUEST_DEADLINE_MS = 20_000;
/** Shrinking one failure, and all of them together. */
const SHRINK_MS = 4_000;
const SHRINK_TOTAL_MS = 20_000;

console.log(
  `api-fuzz: seed ${SEED} (FUZZ_SEED to change), budget ${BUDGET_MS / 1000} s (FUZZ_BUDGET_SECONDS), ` +
    `${FORCED_RUNS === undefined ? 'runs from the budget' : `${FORCED_RUNS} runs each`} (FUZZ_RUNS)`,
);

/** A 32-bit seed per property, from the run's seed and the property's name. */
function seedFor(...parts: string[]): number {
  let hash = SEED | 0;
  for (const char of parts.join('|')) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}

// ---------------------------------------------------------------------------
// The world the requests act on: one team with a case, a file, a receipt session
// ---------------------------------------------------------------------------

await ready();
const t: TestApp = await buildTestApp({
  env: {
    CONFIDE_RATE_LIMIT: 'off',
    MAX_ATTACHMENT_MB: '1',
    // Deployment-wide upload quotas are capacity, not input handling: out of the way here.
    CONFIDE_MAX_UPLOADS_PER_HOUR: '1000000',
  },
});
afterAll(async () => {
  await t.close();
});

/** Everything the requests act on, made the way browsers make it. */
async function makeWorld() {
  const docReply = await t.app.inject({ method: 'GET', url: '/api/docs' });
  if (docReply.statusCode !== 200) throw new Error(`GET /api/docs answered ${docReply.statusCode}`);
  const doc = docReply.json<OpenApiDocument>();

  const team = await createTeamWithService(t.db, { adminName: 'Ana' });
  const admin = await signInFast(injectAgent(t.app), team.slug, team.admin);
  const ben = await joinTeam(admin, { name: 'Ben' });
  const pending = await acceptInvitation(injectAgent(t.app), (await invite(admin)).token, {
    name: 'Pending',
  });
  const lookupInvitation = await invite(admin);
  const acceptableInvitation = await invite(admin);

  const reporter = reporterWithoutReceipt();
  const reporterBrowser = injectAgent(t.app);
  const report = await submitReport(reporterBrowser, team.slug, {
    reporter,
    attachments: [{ name: 'a.txt', type: 'text/plain', bytes: new TextEncoder().encode('evidence') }],
  });
  const secondReport = await submitReport(injectAgent(t.app), team.slug);
  expectReply(await openReceiptSession(reporterBrowser, reporter), 200, 'receipt session');
  const adminView = await openCase(admin, report.caseId);
  const receiptView = await readReceiptCase(reporterBrowser, reporter);
  if (admin.indexKey === null) throw new Error('the admin has no index key');
  const page = expectReply<{ next: string | null }>(
    await admin.agent.get('/api/cases?limit=1'),
    200,
    'first page',
  );
  return {
    doc,
    team,
    admin,
    ben,
    pending,
    lookupInvitation,
    acceptableInvitation,
    invitee: enrolIdentity({ team: team.id, name: 'Invitee' }),
    reporter,
    reporterBrowser,
    report,
    secondReport,
    memberItem: await prepareMemberItem(admin, adminView, { kind: 'note', text: 'A note' }),
    reporterItem: await prepareReporterItem(reporterBrowser, reporter, receiptView, { text: 'An answer' }),
    freshReport: await prepareReport(injectAgent(t.app), team.slug),
    setupBody: setupRequestBody(await newSetupToken(t.db), foundTeamLocally()),
    addPending: {
      row: await signRosterEntryFor(admin, 'add', rosterMemberOf(pending, 'member')),
      index_key_grant: indexKeyGrantFor(admin, pending.credentials),
    },
    // The team's key signed again for Ana and Ben: valid until the roster changes.
    issue: {
      epoch: admin.indexEpoch,
      grants: [team.admin.credentials, ben.identity.credentials].map((member) => {
        const { wrap, sig } = indexKeyGrantFor(admin, member);
        return { member: member.id, wrap, sig };
      }),
    },
    attachmentId: report.attachments[0]?.id ?? '',
    page,
  };
}

// A failure while making the world must not leave the app and its database behind.
const world = await makeWorld().catch(async (error: unknown) => {
  await t.close();
  throw error;
});
const {
  doc,
  team,
  ben,
  pending,
  lookupInvitation,
  acceptableInvitation,
  invitee,
  reporter,
  reporterBrowser,
  report,
  secondReport,
  memberItem,
  reporterItem,
  freshReport,
  setupBody,
  addPending,
  issue,
  attachmentId,
  page,
} = world;
let admin: MemberSession = world.admin;
const operations = operationsOf(doc);

const cookieOf = (agent: { cookies: Map<string, string> }, name: string): string => {
  const value = agent.cookies.get(name);
  if (value === undefined) throw new Error(`no ${name} cookie`);
  return `${name}=${value}`;
};

const personas = {
  anonymous: { name: 'anonymous', cookie: undefined } as Persona,
  member: { name: 'member', cookie: cookieOf(admin.agent, 'confide_member') } as Persona,
  receipt: { name: 'receipt', cookie: cookieOf(reporterBrowser, 'confide_receipt') } as Persona,
};

/** Sessions a fuzzed request ended (DELETE /api/session) are opened again before the next operation. */
async function keepSessionsOpen(): Promise<void> {
  const member = await t.app.inject({
    method: 'GET',
    url: '/api/session',
    headers: { cookie: personas.member.cookie ?? '' },
  });
  if (member.statusCode !== 200) {
    admin = await signInFast(injectAgent(t.app), team.slug, team.admin);
    personas.member = { name: 'member', cookie: cookieOf(admin.agent, 'confide_member') };
  }
  const receipt = await t.app.inject({
    method: 'GET',
    url: '/api/receipt/case',
    headers: { cookie: personas.receipt.cookie ?? '' },
  });
  if (receipt.statusCode !== 200) {
    const browser = injectAgent(t.app);
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session again');
    personas.receipt = { name: 'receipt', cookie: cookieOf(browser, 'confide_receipt') };
  }
}

/** Real values by property or parameter name, put in place of sampled ones in seeds. */
const real: RealValues = {
  team: [team.id, team.slug],
  case: [report.caseId],
  member: [ben.identity.id],
  object: [report.caseId],
  by: [admin.member.id],
  assignee: [ben.identity.id],
  to: [admin.member.id, ben.identity.id],
  excluded: [ben.identity.id],
  author: [admin.member.id],
};

/** Seeds made by the protocol client: valid messages, signatures and all. */
const REAL_SEEDS: Record<string, readonly unknown[]> = {
  'POST /api/setup': [setupBody],
  'POST /api/session/params': [{ team: team.slug, name: 'Ana' }],
  'POST /api/session': [{ team: team.slug, name: 'Ana', auth: team.admin.credentials.auth }],
  'POST /api/teams/{slug}/invitations': [{ role: 'member' }],
  'POST /api/invitations/lookup': [{ token: lookupInvitation.token }],
  'POST /api/invitations/accept': [{ token: acceptableInvitation.token, member: invitee.credentials }],
  'POST /api/teams/{slug}/roster': [addPending],
  'PUT /api/teams/{slug}/index-key': [issue],
  'POST /api/reports': [freshReport.submission],
  'POST /api/receipt/session': [{ lookup: lookupToken(reporter.keys) }],
  'POST /api/receipt/items': [reporterItem.item],
  'PATCH /api/cases/{id}': [
    { status: 'investigating', check_in_by: '2026-12-01T00:00:00Z', assignee: ben.identity.id },
  ],
  'POST /api/cases/{id}/items': [memberItem.item],
  'POST /api/regrants': [
    { member: ben.identity.id, grants: [{ object: report.caseId, k: toBase64Url(randomBytes(80)) }] },
  ],
};

function pathValuesFor(op: Operation): Record<string, string[]> {
  const values: Record<string, string[]> = { slug: [team.slug, 'no-such-team'] };
  if (op.path.startsWith('/api/cases/')) values.id = [report.caseId, secondReport.caseId];
  else if (op.path.startsWith('/api/attachments/')) values.id = [attachmentId];
  else values.id = [pending.id, admin.member.id];
  return values;
}

function inputsFor(op: Operation): OperationInputs {
  const sampled: unknown[] = [];
  if (op.body?.contentType === 'application/json')
    sampled.push(personalise(op.body.schema, sampleValue(op.body.schema, doc), real));
  const pathValues = pathValuesFor(op);
  for (const param of op.pathParams) {
    const value = sampleValue(param.schema, doc);
    if (typeof value === 'string') (pathValues[param.name] ??= []).push(value);
  }
  const queryValues: Record<string, string[]> = {
    cursor: page.next === null ? [] : [page.next],
    limit: ['1', '2', '1000', '9999'],
    member: [ben.identity.id, admin.member.id, pending.id],
  };
  for (const param of op.queryParams) {
    const value = sampleValue(param.schema, doc);
    if (typeof value === 'string') (queryValues[param.name] ??= []).push(value);
  }
  const acceptsBytes = op.key === 'POST /api/attachments';
  return {
    pathValues,
    queryValues,
    bodySeeds: [...(REAL_SEEDS[op.key] ?? []), ...sampled],
    rawSeeds: acceptsBytes ? [encryptFile(new TextEncoder().encode('a file'), generateFileKey())] : [],
    acceptsBytes,
  };
}

// ---------------------------------------------------------------------------
// Running and judging
// ---------------------------------------------------------------------------

const log = new FailureLog();
/** Where each failure key was first seen, to shrink from there. */
const firstSeen = new Map<
  string,
  { arbitrary: fc.Arbitrary<FuzzRequest>; seed: number; index: number; op: Operation }
>();
let shrinkSpentMs = 0;
/** Error statuses an operation answered that its contract does not list: each is a failure (below). */
const undocumented = new Set<string>();
/** Replies seen per operation, by status and code: how deep the requests went. */
const outcomes = new Map<string, Map<string, number>>();

function outcomeSummary(op: Operation): string {
  return [...(outcomes.get(op.key) ?? new Map<string, number>())]
    .sort((a, b) => b[1] - a[1])
    .map(([outcome, count]) => `${outcome} ×${count}`)
    .join(', ');
}

function failureKey(
  op: Operation,
  status: number | 'no reply',
  code: string | undefined,
  problems: readonly string[],
): string {
  return `${op.key} → ${status} ${code ?? '-'}: ${problems.join('; ')}`;
}

/** Sends `request`, judges the reply; the failure's key, or undefined when the reply is right. */
async function exercise(op: Operation, request: FuzzRequest, origin: string): Promise<string | undefined> {
  let reply: Reply;
  try {
    reply = await sendWithDeadline(t.app, request, REQUEST_DEADLINE_MS);
  } catch (error) {
    const hung = error instanceof Deadline;
    const problems = [hung ? `no reply within ${REQUEST_DEADLINE_MS} ms` : `inject failed: ${String(error)}`];
    const key = failureKey(op, 'no reply', undefined, problems);
    log.record({ key, route: op.key, request, problems, status: 'no reply', replyExcerpt: '', origin });
    return key;
  }
  const verdict = judge(request, reply, op);
  // The not-found handler's 404 is for another spelling of the path that no route matched.
  const unrouted = reply.status === 404 && reply.body.toString('utf8').includes('There is nothing at');
  if (reply.status >= 400 && !unrouted && !request.respelled && !op.responses.has(String(reply.status))) {
    undocumented.add(`${op.key} ${reply.status}`);
  }
  const outcome = `${reply.status} ${verdict.code ?? ''}`.trim();
  const counts = outcomes.get(op.key) ?? new Map<string, number>();
  outcomes.set(op.key, counts.set(outcome, (counts.get(outcome) ?? 0) + 1));
  if (verdict.problems.length === 0) return undefined;
  const key = failureKey(op, reply.status, verdict.code, verdict.problems);
  const failure: Failure = {
    key,
    route: op.key,
    request,
    problems: verdict.problems,
    status: reply.status,
    replyExcerpt: reply.body.toString('utf8'),
    origin,
  };
  log.record(failure);
  return key;
}

/** One operation as one persona: warm-up runs, then as many as the budget allows. */
async function fuzz(op: Operation, persona: Persona, budgetMs: number): Promise<string> {
  const arbitrary = requestArbitrary(op, persona, inputsFor(op));
  const seed = seedFor(op.key, persona.name);
  let index = 0;
  let slowest = { ms: 0, label: '' };
  const property = fc.asyncProperty(arbitrary, async (request) => {
    // Let I/O callbacks run between requests: the personas run side by side, and one whose
    // requests never touch the database would otherwise keep the others' replies waiting.
    await new Promise((resolve) => setImmediate(resolve));
    const at = index++;
    const sent = performance.now();
    const key = await exercise(op, request, `FUZZ_SEED=${SEED}, ${persona.name} run ${at}`);
    const ms = performance.now() - sent;
    if (ms > slowest.ms) slowest = { ms, label: request.label };
    if (key !== undefined && !firstSeen.has(key)) firstSeen.set(key, { arbitrary, seed, index: at, op });
    return true;
  });
  const started = performance.now();
  const warmup = Math.min(WARMUP_RUNS, FORCED_RUNS ?? WARMUP_RUNS);
  await fc.check(property, {
    seed,
    numRuns: warmup,
    interruptAfterTimeLimit: budgetMs,
    markInterruptAsFailure: false,
  });
  const spent = performance.now() - started;
  const perRun = spent / Math.max(1, index);
  const more =
    FORCED_RUNS !== undefined
      ? FORCED_RUNS - index
      : Math.max(0, Math.min(MAX_RUNS - index, Math.floor((budgetMs - spent) / perRun)));
  if (more > 0) {
    await fc.check(property, {
      seed,
      path: String(index),
      numRuns: more,
      // Later runs can be slower than the first ones (a huge body, load on the machine): the
      // budget is a hard bound, so the file's time stays bounded; what ran is still judged.
      ...(FORCED_RUNS === undefined ? { interruptAfterTimeLimit: Math.max(500, budgetMs - spent) } : {}),
      markInterruptAsFailure: false,
    });
  }
  return `${persona.name} ${index} (slowest ${Math.round(slowest.ms)} ms: ${slowest.label.slice(0, 60)})`;
}

/** Shrinks each failure of `op` first seen in this run to a smaller request with the same key. */
async function shrink(op: Operation): Promise<void> {
  for (const failure of log.forRoute(op.key)) {
    const origin = firstSeen.get(failure.key);
    if (origin === undefined || failure.status === 'no reply' || shrinkSpentMs >= SHRINK_TOTAL_MS) continue;
    const started = performance.now();
    const details = await fc.check(
      fc.asyncProperty(origin.arbitrary, async (request) => {
        const reply = await sendWithDeadline(t.app, request, REQUEST_DEADLINE_MS).catch(() => undefined);
        if (reply === undefined) return true;
        const verdict = judge(request, reply, op);
        return (
          verdict.problems.length === 0 ||
          failureKey(op, reply.status, verdict.code, verdict.problems) !== failure.key
        );
      }),
      {
        seed: origin.seed,
        path: String(origin.index),
        numRuns: 1,
        interruptAfterTimeLimit: SHRINK_MS,
        markInterruptAsFailure: false,
      },
    );
    shrinkSpentMs += performance.now() - started;
    const smaller = details.counterexample?.[0];
    if (details.failed && smaller !== undefined) {
      log.replace(failure.key, {
        ...failure,
        request: smaller,
        origin: `${failure.origin}; shrunk ${details.numShrinks} times from run ${origin.index}`,
      });
    }
  }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

/**
 * Operations with a body or parameters have more to try than a bare GET: they get a larger
 * share of the budget.
 */
function weightOf(op: Operation): number {
  return (
    1 +
    (op.body === undefined ? 0 : 2) +
    0.5 * (op.pathParams.length + op.queryParams.length) +
    (op.key === 'POST /api/attachments' ? 1 : 0)
  );
}
const totalWeight = operations.reduce((sum, op) => sum + weightOf(op), 0);
const budgetOf = (op: Operation): number => (BUDGET_MS * weightOf(op)) / totalWeight;

describe('fuzzing every operation of the served contract', () => {
  it('lists the operations the API serves', () => {
    const keys = operations.map((op) => op.key);
    for (const expected of [
      'POST /api/reports',
      'GET /api/cases',
      'POST /api/receipt/items',
      'GET /api/attachments/{id}',
    ]) {
      expect(keys).toContain(expected);
    }
  });

  for (const op of operations) {
    it(
      `${op.key}: never a 5xx, errors in the error shape, replies as documented`,
      async () => {
        await keepSessionsOpen();
        // Signing out ends whichever session it is given: give it sessions of its own.
        const sessionEnding = op.key === 'DELETE /api/session';
        const asMember = sessionEnding
          ? {
              name: 'member',
              cookie: cookieOf(
                (await signInFast(injectAgent(t.app), team.slug, team.admin)).agent,
                'confide_member',
              ),
            }
          : personas.member;
        let asReporter = personas.receipt;
        if (sessionEnding) {
          const browser = injectAgent(t.app);
          expectReply(await openReceiptSession(browser, reporter), 200, 'a receipt session to end');
          asReporter = { name: 'receipt', cookie: cookieOf(browser, 'confide_receipt') };
        }
        // The three personas run side by side: the routes with a timing floor wait more than they work.
        const runs = await Promise.all(
          [personas.anonymous, asMember, asReporter].map((persona) => fuzz(op, persona, budgetOf(op))),
        );
        await shrink(op);
        console.log(
          `api-fuzz ${op.key}: ${log.forRoute(op.key).length} distinct failures\n  runs: ${runs.join('; ')}\n  replies: ${outcomeSummary(op)}`,
        );
        const failures = log.forRoute(op.key);
        if (failures.length > 0)
          throw new Error(`${failures.length} distinct failures:\n\n${log.format(op.key)}`);
      },
      budgetOf(op) * 3 + SHRINK_TOTAL_MS + 60_000,
    );
  }

  it('answers each operation only with error statuses its contract lists', () => {
    // Gathered from every reply above, so it costs no request. A status missing here is missing
    // from the route's errorReplies(...) (server/routes/*.ts), or the route answers what it should not.
    expect([...undocumented].sort(), 'operation and status pairs the OpenAPI document does not list').toEqual(
      [],
    );
  });

  it('answers methods the contract does not list with a 4xx in the error shape', async () => {
    const wrongMethods = new FailureLog();
    const documented = new Map<string, Set<string>>();
    for (const op of operations)
      documented.set(op.path, (documented.get(op.path) ?? new Set()).add(op.method));
    for (const [path, methods] of documented) {
      const op = operations.find((candidate) => candidate.path === path);
      if (op === undefined) continue;
      const values = pathValuesFor(op);
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
        encodeURIComponent(values[name]?.[0] ?? 'x'),
      );
      for (const method of [
        'GET',
        'POST',
        'PUT',
        'PATCH',
        'DELETE',
        'OPTIONS',
        'HEAD',
        'TRACE',
        'PROPFIND',
        'SEARCH',
      ]) {
        if (methods.has(method) || (method === 'HEAD' && methods.has('GET'))) continue;
        for (const persona of Object.values(personas)) {
          for (const csrf of [true, false]) {
            const headers: Record<string, string> = {};
            if (persona.cookie !== undefined) headers.cookie = persona.cookie;
            if (csrf) headers[CSRF_HEADER] = CSRF_VALUE;
            const withBody = method !== 'GET' && method !== 'HEAD' && method !== 'TRACE';
            if (withBody) headers['content-type'] = 'application/json';
            const request: FuzzRequest = {
              method,
              url,
              headers,
              payload: withBody ? '{}' : undefined,
              label: `${persona.name}: ${method} on a path that does not document it`,
              respelled: false,
            };
            const reply = await sendWithDeadline(t.app, request, REQUEST_DEADLINE_MS);
            const verdict = judge(request, reply, undefined);
            const problems = [...verdict.problems];
            if (reply.status < 400) problems.push(`a ${reply.status} for an undocumented method`);
            if (problems.length > 0) {
              wrongMethods.record({
                key: `${method} ${path} → ${reply.status} ${verdict.code ?? '-'}: ${problems.join('; ')}`,
                route: `${method} ${path}`,
                request,
                problems,
                status: reply.status,
                replyExcerpt: reply.body.toString('utf8'),
                origin: 'fixed list',
              });
            }
            if (!MUTATING_METHODS.has(method)) break;
          }
        }
      }
    }
    if (wrongMethods.size > 0)
      throw new Error(`${wrongMethods.size} distinct failures:\n\n${wrongMethods.format()}`);
  });
});

afterAll(() => {
  if (log.size > 0)
    console.log(
      `api-fuzz: ${log.size} distinct failures in this run (FUZZ_SEED=${SEED}):\n\n${log.format()}`,
    );
  else console.log(`api-fuzz: no failures (FUZZ_SEED=${SEED})`);
});

// ---------------------------------------------------------------------------
// Rate limits on: the refusals are in the error shape too
// ---------------------------------------------------------------------------

describe('fuzzing with rate limits on', () => {
  it('refuses over the limit in the error shape, and fuzzed proofs of work with a 4xx, never a 5xx', async () => {
    const limited = await buildTestApp({ env: { CONFIDE_PROOF_OF_WORK_BITS: '1' } });
    const failures = new FailureLog();
    try {
      const limitedDoc = (
        await limited.app.inject({ method: 'GET', url: '/api/docs' })
      ).json<OpenApiDocument>();
      const limitedOps = operationsOf(limitedDoc);
      const statuses = new Map<string, Set<number>>();
      for (const key of ['POST /api/session/params', 'POST /api/receipt/session', 'POST /api/reports']) {
        const op = limitedOps.find((candidate) => candidate.key === key);
        if (op === undefined) throw new Error(`${key} is not in the contract`);
        const seeds = REAL_SEEDS[key] ?? [];
        const arbitrary = fc.tuple(
          fc.constantFrom(...seeds),
          fc.option(
            fc.oneof(
              fc.string({ unit: 'binary', maxLength: 120 }),
              fc.stringMatching(/^[A-Za-z0-9_-]{83}\.[0-9]{1,16}$/),
              fc.constantFrom(
                '',
                '.',
                `${'A'.repeat(83)}.`,
                `${'A'.repeat(83)}.${'9'.repeat(17)}`,
                'x'.repeat(10_000),
              ),
            ),
            { freq: 2, nil: undefined },
          ),
        );
        const samples = fc.sample(arbitrary, { seed: seedFor('rate limits', key), numRuns: 25 });
        for (const [i, [body, proof]] of samples.entries()) {
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            [CSRF_HEADER]: CSRF_VALUE,
          };
          if (proof !== undefined) headers['x-confide-proof'] = proof;
          const request: FuzzRequest = {
            method: op.method,
            url: op.path,
            headers,
            payload: JSON.stringify(body),
            label: `anonymous, rate limits on, request ${i + 1}${proof === undefined ? '' : ', a forged proof of work'}`,
            respelled: false,
          };
          const reply = await sendWithDeadline(limited.app, request, REQUEST_DEADLINE_MS);
          (statuses.get(key) ?? statuses.set(key, new Set()).get(key))?.add(reply.status);
          const verdict = judge(request, reply, op);
          if (verdict.problems.length > 0) {
            failures.record({
              key: failureKey(op, reply.status, verdict.code, verdict.problems),
              route: op.key,
              request,
              problems: verdict.problems,
              status: reply.status,
              replyExcerpt: reply.body.toString('utf8'),
              origin: `rate limits on, request ${i}`,
            });
          }
        }
      }
      if (failures.size > 0) throw new Error(`${failures.size} distinct failures:\n\n${failures.format()}`);
      // 25 requests against limits of 10 (sign-in) and 10 (receipt): refusals were seen and judged.
      expect(statuses.get('POST /api/session/params')).toContain(429);
      expect(statuses.get('POST /api/receipt/session')).toContain(429);
    } finally {
      await limited.close();
    }
  }, 120_000);
});
