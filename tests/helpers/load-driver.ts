/**
 * Load for fault tests: concurrent clients doing what reporters do — submit reports, come back
 * with a receipt to answer, upload files and submit reports naming them — over real HTTP, with
 * the same cryptography as a browser (tests/helpers/protocol/), while a test breaks the
 * database or the server under them. A test runs the load in phases that end on a count of
 * acknowledged writes (runPhase), never on a clock.
 *
 * Every request ends in exactly one of:
 *   - ack:       the success status with a body that names what was written (kept, and checked
 *                against the database afterwards: an acknowledged write must never be lost);
 *   - retryable: a 5xx other than 500, in the error shape {"error":{"code","message"}}, and a 503
 *                tells the client when to come back (Retry-After);
 *   - dropped:   the connection was refused or cut (the outcome is unknown to the client, so
 *                nothing is expected of it);
 *   - violation: anything else — a 500, a 4xx for a well-formed request, a reply outside the
 *                error shape, a success whose body does not name the write, or no reply at all
 *                within a generous time (a hang).
 * A client that fails waits a moment before its next request, as a browser's retry would, so
 * an outage is not a busy loop eating the CPU the server needs to recover.
 */
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import net from 'node:net';
import type { Kysely } from 'kysely';
import {
  decryptFile,
  encryptFile,
  fileKeyFromBase64,
  fitReportSummary,
  generateFileKey,
  generateId,
  keyToBase64,
  lookupToken,
  ready,
  recipientsFromRoster,
  sealItem,
  sealReport,
  type AttachmentRef,
  type ItemBody,
  type ReportSubmission,
} from '../../crypto/index.js';
import { createKysely, type Database } from '../../server/db/database.js';
import type { DB } from '../../server/db/schema.js';
import { startOwnPostgres, type OwnPostgres } from './own-postgres.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import {
  Agent,
  createTeamWithService,
  defaultReportBody,
  type CreatedTeam,
  fetchTeam,
  fetchTransport,
  itemRecipients,
  listCaseSummaries,
  reporterWithoutReceipt,
  UnexpectedReply,
  type ApiResponse,
  type FullReportBody,
  type MemberSession,
  type PublicTeam,
  type ReporterIdentity,
  type Transport,
} from './protocol/index.js';

// ---------------------------------------------------------------------------
// Waiting on conditions
// ---------------------------------------------------------------------------

/**
 * Polls `condition` until it holds, or throws after `timeoutMs` naming what was awaited. Tests
 * wait on states, never on fixed delays: a loaded machine is slow, not wrong.
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 90_000,
  describe: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Acknowledged writes each phase of a fault test runs for (CONFIDE_FAULT_PHASE_WRITES, default
 * 200): a phase ends on work done, not on a clock, so a slow machine takes longer and still
 * carries the same load. Raise it for a longer soak by hand.
 */
export function faultPhaseWrites(): number {
  const text = process.env.CONFIDE_FAULT_PHASE_WRITES;
  if (text === undefined || text === '') return 200;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`CONFIDE_FAULT_PHASE_WRITES must be a positive integer, got "${text}"`);
  return value;
}

/**
 * The longest a phase may take to reach its count. Not the phase's length (that is the count):
 * a guard that turns a run no longer making progress into a failure naming the phase.
 */
export const PHASE_CAP_MS = 180_000;

// ---------------------------------------------------------------------------
// Judging replies
// ---------------------------------------------------------------------------

/** Undefined when `text` is exactly `{"error":{"code":string,"message":string,...}}`; else why not. */
export function errorShapeProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'the body is not an object';
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== 'error')
    return `the body has keys ${JSON.stringify(keys)}, not just "error"`;
  const error = (parsed as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return '"error" is not an object';
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || code === '') return '"error.code" is not a string';
  if (typeof message !== 'string' || message === '') return '"error.message" is not a string';
  return undefined;
}

/**
 * Undefined when a non-success reply is one a client may retry: a 5xx other than 500, in the
 * error shape, and for a 503 a Retry-After header. Otherwise what is wrong with it.
 */
export function retryableProblem(
  status: number,
  headers: ApiResponse['headers'],
  text: string,
): string | undefined {
  if (status < 500 || status === 500 || status > 599) return `status ${status} is not a retryable 5xx`;
  const shape = errorShapeProblem(text);
  if (shape !== undefined) return `a ${status} outside the error shape (${shape})`;
  if (status === 503 && headers['retry-after'] === undefined) return 'a 503 without Retry-After';
  return undefined;
}

/** True for fetch's and node:http's ways of saying the connection was refused, reset or closed. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TypeError' && error.message === 'fetch failed') return true;
  const code = (error as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code)
  );
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error ? ` (${(cause as { code?: string }).code ?? cause.name}: ${cause.message})` : '';
  return `${error.name}: ${error.message}${causeText}`;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

// ---------------------------------------------------------------------------
// What a reporter's browser makes
// ---------------------------------------------------------------------------

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A report sealed to the team as prepareReport does (with its summary), naming files already uploaded. */
export function sealReportFor(
  team: PublicTeam,
  reporter: ReporterIdentity,
  attachments: readonly AttachmentRef[] = [],
): ReportSubmission {
  const body: FullReportBody = {
    ...defaultReportBody(),
    attachments: [...attachments],
    submitted_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    reporter_keys: {
      box_pk: keyToBase64(reporter.keys.box.publicKey),
      sign_pk: keyToBase64(reporter.keys.sign.publicKey),
    },
    excluded: [],
    team_fingerprint: team.roster.fingerprint,
    roster_head: team.roster.head,
  };
  const { report } = sealReport({
    team: team.detail.id,
    id: generateId(),
    body,
    recipients: recipientsFromRoster(team.roster, []),
    reporter: reporter.keys,
    summary: fitReportSummary(body),
  });
  return {
    ...report,
    roster_seq: team.roster.head.seq,
    urgent: false,
    excluded: [],
    attachments: attachments.map((a) => a.id),
  };
}

/** The reporter's answer on their case, sealed to the team and themselves and signed. */
function sealAnswer(team: PublicTeam, caseId: string, reporter: ReporterIdentity) {
  const body: ItemBody = {
    schema: 'confide/message/v1',
    text: 'One more thing happened since I reported this.',
    attachments: [],
    written_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  return sealItem({
    team: team.detail.id,
    caseId,
    id: generateId(),
    kind: 'message',
    author: 'reporter',
    audience: 'reporter',
    body,
    recipients: itemRecipients(team.roster, [], keyToBase64(reporter.keys.box.publicKey)),
    authorSignSecretKey: reporter.keys.sign.secretKey,
    attachments: [],
  }).item;
}

/** A file of random bytes, encrypted with a fresh key as the browser does before uploading. */
export function encryptedFile(plaintextBytes: number): {
  stored: Uint8Array;
  key: string;
  plaintextSha256: string;
  plaintextBytes: number;
} {
  const plaintext = new Uint8Array(nodeRandomBytes(plaintextBytes));
  const key = generateFileKey();
  return {
    stored: encryptFile(plaintext, key),
    key: keyToBase64(key),
    plaintextSha256: sha256(plaintext),
    plaintextBytes,
  };
}

// ---------------------------------------------------------------------------
// The driver
// ---------------------------------------------------------------------------

export type Step = 'report' | 'receipt-session' | 'answer' | 'upload' | 'report-with-file';
export type Outcome = 'ack' | 'retryable' | 'dropped' | 'violation';

/** The steps whose acknowledged writes lostWrites reads back (a receipt session is not kept). */
export const WRITE_STEPS: readonly Step[] = ['report', 'answer', 'upload', 'report-with-file'];

/** A phase of load, as runPhase measured it. */
export interface PhaseRecord {
  readonly label: string;
  /** Writes acknowledged since the phase began (WRITE_STEPS). */
  readonly acknowledged: number;
  /** Requests that did not succeed since the phase began (retryable or dropped). */
  readonly turnedAway: number;
  readonly ms: number;
}

export interface AckedReport {
  readonly ciphertext: string;
  /** The summary envelope's ciphertext, stored with the report's. */
  readonly summaryCiphertext: string | null;
  readonly attachments: readonly string[];
}
export interface AckedItem {
  readonly caseId: string;
  readonly ciphertext: string;
}
export interface AckedUpload {
  readonly key: string;
  readonly plaintextSha256: string;
  readonly storedBytes: number;
}

export interface LoadDriverOptions {
  baseUrl: string;
  slug: string;
  workers: number;
  /** Plaintext size of uploaded files: from min to max bytes (default 1.1–2.2 MiB: 2–3 stored chunks). */
  fileBytes?: readonly [number, number];
  /**
   * A request without a reply after this long is a hang (default 60 s): far longer than any
   * request here takes (the pool gives up after 5 s, an idle body after 30 s), and shorter than
   * Fastify's keep-alive timeout (72 s), so a connection left open but deaf shows as a hang
   * instead of passing for a dropped connection when that timeout finally closes it.
   */
  requestTimeoutMs?: number;
}

type Op = 'report' | 'answer' | 'upload';
/** Each client takes these in turn, starting at its own index, so all kinds run at once. */
const OPS: readonly Op[] = ['report', 'answer', 'upload'];

/** A reply with the expected status, and when its request was sent. */
interface Sent {
  readonly res: ApiResponse;
  readonly startedAt: number;
}

export class LoadDriver {
  readonly acked = {
    reports: new Map<string, AckedReport>(),
    items: new Map<string, AckedItem>(),
    uploads: new Map<string, AckedUpload>(),
  };
  readonly violations: string[] = [];
  readonly events: { at: number; step: Step; outcome: Outcome; tookMs: number }[] = [];
  /** Causes of dropped connections, counted, for the log of a run. */
  readonly dropCauses = new Map<string, number>();
  /** Codes of retryable replies, counted. */
  readonly retryCodes = new Map<string, number>();
  /** The phases runPhase ran, in order. */
  readonly phases: PhaseRecord[] = [];

  readonly #transport: Transport;
  readonly #options: LoadDriverOptions;
  #team: PublicTeam | undefined;
  #workers: Promise<void>[] = [];
  #stopping = false;
  #paused = false;
  #gate: Promise<void> = Promise.resolve();
  #openGate: () => void = () => undefined;
  #busy = 0;

  constructor(options: LoadDriverOptions) {
    this.#options = options;
    // A deadline per request: a request that never ends is a hang, and a violation.
    this.#transport = fetchTransport(options.baseUrl, { timeoutMs: options.requestTimeoutMs ?? 60_000 });
  }

  get team(): PublicTeam {
    if (!this.#team) throw new Error('the driver has not started');
    return this.#team;
  }

  /** Fetches and verifies the team once (the server must be up), then starts the clients. */
  async start(): Promise<void> {
    await ready();
    this.#team = await fetchTeam(new Agent(this.#transport), this.#options.slug);
    for (let i = 0; i < this.#options.workers; i++) this.#workers.push(this.#work(i));
  }

  /** Lets the clients finish their current operation and start no other until resume(). */
  async pause(): Promise<void> {
    this.#paused = true;
    this.#gate = new Promise((resolve) => (this.#openGate = resolve));
    await waitFor('the load clients to finish what they are doing', () => this.#busy === 0);
  }

  resume(): void {
    this.#paused = false;
    this.#openGate();
  }

  /** Stops the clients after their current operation and waits for them. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.resume();
    await Promise.all(this.#workers);
  }

  /** Waits until every kind of write has been acknowledged at least once: the load is really on. */
  async untilEveryKindAcknowledged(): Promise<void> {
    await waitFor(
      'each kind of write to be acknowledged',
      () =>
        this.count('report', 'ack') >= 2 &&
        this.count('answer', 'ack') >= 1 &&
        this.count('report-with-file', 'ack') >= 1,
      90_000,
      () => this.summary(),
    );
  }

  /** Resumes the clients and waits until they are acknowledged again: the load is back on. */
  async resumeAndRun(): Promise<void> {
    this.resume();
    const resumedAt = Date.now();
    await waitFor(
      'the load to be running again',
      () => this.count('report', 'ack', resumedAt) + this.count('answer', 'ack', resumedAt) >= 2,
      90_000,
      () => this.summary(),
    );
  }

  /**
   * Waits until reports, answers and reports with files have each succeeded twice since `since`
   * (a restart, a recovery): every kind of write works again. `detail` adds to the summary shown
   * on a timeout (e.g. the server's output).
   */
  async untilEveryWriteSucceedsSince(
    since: number,
    what: string,
    detail: () => string = () => '',
  ): Promise<void> {
    await waitFor(
      what,
      () =>
        this.count('report', 'ack', since) >= 2 &&
        this.count('answer', 'ack', since) >= 2 &&
        this.count('report-with-file', 'ack', since) >= 2,
      90_000,
      () => `${this.summary()}${detail()}`,
    );
  }

  /** Waits until at least `failures` requests since `since` did not succeed: clients are turned away. */
  async untilTurnedAway(since: number, failures: number, what: string): Promise<void> {
    await waitFor(
      what,
      () => this.failures(since) >= failures,
      90_000,
      () => this.summary(),
    );
  }

  count(step: Step, outcome: Outcome, since = 0): number {
    return this.events.filter((e) => e.step === step && e.outcome === outcome && e.at >= since).length;
  }

  /** Requests that did not succeed (retryable or dropped) since `since`. */
  failures(since = 0): number {
    return this.events.filter((e) => (e.outcome === 'retryable' || e.outcome === 'dropped') && e.at >= since)
      .length;
  }

  /** Writes acknowledged since `since` (WRITE_STEPS): the load's progress. */
  acknowledgedWrites(since = 0): number {
    return this.events.filter((e) => e.outcome === 'ack' && e.at >= since && WRITE_STEPS.includes(e.step))
      .length;
  }

  /**
   * A phase of load measured in work done: waits until at least `writes` writes have been
   * acknowledged since `since` (default now), and records the phase for summary(). Fails after
   * PHASE_CAP_MS, a guard against a run that stopped progressing, not the phase's length.
   */
  async runPhase(
    label: string,
    writes: number,
    { since = Date.now(), detail = () => '' }: { since?: number; detail?: () => string } = {},
  ): Promise<PhaseRecord> {
    await waitFor(
      `${label}: ${writes} acknowledged writes`,
      () => this.acknowledgedWrites(since) >= writes,
      PHASE_CAP_MS,
      () => `${this.summary()}${detail()}`,
    );
    const record: PhaseRecord = {
      label,
      acknowledged: this.acknowledgedWrites(since),
      turnedAway: this.failures(since),
      ms: Date.now() - since,
    };
    this.phases.push(record);
    return record;
  }

  summary(): string {
    const steps: Step[] = ['report', 'receipt-session', 'answer', 'upload', 'report-with-file'];
    const outcomes: Outcome[] = ['ack', 'retryable', 'dropped', 'violation'];
    const lines = steps.map(
      (step) => `${step}: ${outcomes.map((o) => `${o} ${this.count(step, o)}`).join(', ')}`,
    );
    const slowest = this.events.reduce<(typeof this.events)[number] | undefined>(
      (worst, e) => (worst === undefined || e.tookMs > worst.tookMs ? e : worst),
      undefined,
    );
    if (slowest) lines.push(`slowest: ${slowest.step} ${slowest.outcome} after ${slowest.tookMs} ms`);
    lines.push(`retryable codes: ${JSON.stringify(Object.fromEntries(this.retryCodes))}`);
    lines.push(`dropped causes: ${JSON.stringify(Object.fromEntries(this.dropCauses))}`);
    for (const p of this.phases) {
      lines.push(
        `phase "${p.label}": ${p.acknowledged} writes acknowledged, ${p.turnedAway} turned away, in ${(p.ms / 1000).toFixed(1)} s`,
      );
    }
    if (this.violations.length > 0) lines.push(`violations:\n  ${this.violations.slice(0, 20).join('\n  ')}`);
    return lines.join('\n');
  }

  #record(step: Step, outcome: Outcome, startedAt: number, detail?: string): void {
    const at = Date.now();
    this.events.push({ at, step, outcome, tookMs: at - startedAt });
    if (outcome === 'violation') this.violations.push(`${step}: ${detail ?? ''}`);
  }

  /**
   * Sends one request and judges its reply. Returns the response when its status is `expected`
   * (the caller then checks the body and records the ack); records every other outcome.
   */
  async #send(step: Step, expected: number, call: () => Promise<ApiResponse>): Promise<Sent | undefined> {
    const startedAt = Date.now();
    let res: ApiResponse;
    try {
      res = await call();
    } catch (error) {
      if (error instanceof UnexpectedReply) {
        res = error.response;
      } else if (isTimeout(error)) {
        this.#record(step, 'violation', startedAt, `no reply: ${describeError(error)}`);
        return undefined;
      } else if (isConnectionError(error)) {
        const cause = describeError(error).replace(/^TypeError: fetch failed /, '');
        this.dropCauses.set(cause, (this.dropCauses.get(cause) ?? 0) + 1);
        this.#record(step, 'dropped', startedAt);
        return undefined;
      } else {
        throw error;
      }
    }
    if (res.status === expected) return { res, startedAt };
    const problem = retryableProblem(res.status, res.headers, res.text);
    if (problem === undefined) {
      const code = res.json<{ error: { code: string } }>().error.code;
      this.retryCodes.set(code, (this.retryCodes.get(code) ?? 0) + 1);
      this.#record(step, 'retryable', startedAt);
    } else {
      this.#record(step, 'violation', startedAt, `${problem}: ${res.text.slice(0, 300)}`);
    }
    return undefined;
  }

  /** A success reply whose body must name the write: records the ack, or a violation. */
  #acknowledge(
    step: Step,
    { res, startedAt }: Sent,
    check: (body: Record<string, unknown>) => boolean,
  ): boolean {
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null || !check(body as Record<string, unknown>)) {
      this.#record(
        step,
        'violation',
        startedAt,
        `a ${res.status} whose body does not name the write: ${res.text.slice(0, 300)}`,
      );
      return false;
    }
    this.#record(step, 'ack', startedAt);
    return true;
  }

  async #work(index: number): Promise<void> {
    const agent = new Agent(this.#transport);
    const mine: { caseId: string; reporter: ReporterIdentity }[] = [];
    let turn = index;
    while (!this.#stopping) {
      if (this.#paused) {
        await this.#gate;
        continue;
      }
      this.#busy += 1;
      let succeeded: boolean;
      try {
        let op = OPS[turn % OPS.length] ?? 'report';
        turn += 1;
        if (op === 'answer' && mine.length === 0) op = 'report';
        if (op === 'report') succeeded = await this.#report(agent, mine);
        else if (op === 'answer') succeeded = await this.#answer(mine[turn % mine.length] ?? mine[0]!);
        else succeeded = await this.#uploadAndReport(agent);
      } finally {
        this.#busy -= 1;
      }
      // Back off after a failure, as a client honouring Retry-After would (but briefly, so a
      // test sees the recovery soon): an outage must not turn the clients into a busy loop.
      if (!succeeded) await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 150));
    }
  }

  async #report(agent: Agent, mine: { caseId: string; reporter: ReporterIdentity }[]): Promise<boolean> {
    const reporter = reporterWithoutReceipt();
    const submission = sealReportFor(this.team, reporter);
    const res = await this.#send('report', 201, () => agent.post('/api/reports', submission));
    if (!res) return false;
    if (!this.#acknowledge('report', res, (b) => b.id === submission.id && typeof b.received_at === 'string'))
      return false;
    this.acked.reports.set(submission.id, {
      ciphertext: submission.payload.c,
      summaryCiphertext: submission.summary?.c ?? null,
      attachments: [],
    });
    mine.push({ caseId: submission.id, reporter });
    return true;
  }

  async #answer(own: { caseId: string; reporter: ReporterIdentity }): Promise<boolean> {
    // A browser of its own: the receipt session is a cookie.
    const agent = new Agent(this.#transport);
    const session = await this.#send('receipt-session', 200, () =>
      agent.post('/api/receipt/session', { lookup: lookupToken(own.reporter.keys) }),
    );
    if (!session) return false;
    // Opening a session writes a session row; its ack is the case it names and a cookie.
    if (
      !this.#acknowledge(
        'receipt-session',
        session,
        (b) => b.case === own.caseId && agent.cookies.has('confide_receipt'),
      )
    )
      return false;
    const item = sealAnswer(this.team, own.caseId, own.reporter);
    const res = await this.#send('answer', 201, () => agent.post('/api/receipt/items', item));
    if (!res) return false;
    if (!this.#acknowledge('answer', res, (b) => b.id === item.id)) return false;
    this.acked.items.set(item.id, { caseId: own.caseId, ciphertext: item.payload.c });
    return true;
  }

  async #uploadAndReport(agent: Agent): Promise<boolean> {
    const [min, max] = this.#options.fileBytes ?? [1_150_000, 2_300_000];
    const file = encryptedFile(min + Math.floor(Math.random() * (max - min)));
    const uploaded = await this.#send('upload', 201, () =>
      agent.request('POST', '/api/attachments', {
        body: file.stored,
        contentType: 'application/octet-stream',
      }),
    );
    if (!uploaded) return false;
    let id = '';
    if (
      !this.#acknowledge('upload', uploaded, (b) => {
        id = typeof b.id === 'string' ? b.id : '';
        return /^[0-9a-f-]{36}$/.test(id);
      })
    )
      return false;
    this.acked.uploads.set(id, {
      key: file.key,
      plaintextSha256: file.plaintextSha256,
      storedBytes: file.stored.length,
    });
    const ref: AttachmentRef = {
      id,
      name: 'screenshot.bin',
      type: 'application/octet-stream',
      size: file.plaintextBytes,
      key: file.key,
    };
    const submission = sealReportFor(this.team, reporterWithoutReceipt(), [ref]);
    const res = await this.#send('report-with-file', 201, () => agent.post('/api/reports', submission));
    if (!res) return false;
    if (!this.#acknowledge('report-with-file', res, (b) => b.id === submission.id)) return false;
    this.acked.reports.set(submission.id, {
      ciphertext: submission.payload.c,
      summaryCiphertext: submission.summary?.c ?? null,
      attachments: [id],
    });
    return true;
  }
}

// ---------------------------------------------------------------------------
// An upload the test holds half-way
// ---------------------------------------------------------------------------

export type RawOutcome =
  | { kind: 'reply'; status: number; headers: Record<string, string>; text: string }
  | { kind: 'dropped'; cause: string };

/**
 * One HTTP/1.1 connection written by hand (node:net), so that a test decides when each byte of
 * a body is sent and which requests share the connection — what node:http's agent and fetch
 * decide for themselves.
 */
class RawConnection {
  readonly #socket: net.Socket;
  #received = Buffer.alloc(0);
  #closed = false;
  #closeCause = 'the server closed the connection';
  #wake: (() => void) | undefined;

  constructor(url: URL) {
    this.#socket = net.connect(Number(url.port), url.hostname);
    this.#socket.on('data', (data: Buffer) => {
      this.#received = Buffer.concat([this.#received, data]);
      this.#wake?.();
    });
    this.#socket.on('error', (error) => (this.#closeCause = describeError(error)));
    this.#socket.on('close', () => {
      this.#closed = true;
      this.#wake?.();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves once the bytes are handed to the kernel, or could not be. */
  write(bytes: Uint8Array | string): Promise<void> {
    return new Promise((resolve) => {
      if (this.#closed || this.#socket.destroyed) {
        resolve();
        return;
      }
      // Called with an error too, when the connection is gone: the caller reads the outcome.
      this.#socket.write(bytes, () => resolve());
    });
  }

  destroy(): void {
    this.#socket.destroy();
  }

  async #more(): Promise<boolean> {
    if (this.#closed) return false;
    await new Promise<void>((resolve) => (this.#wake = resolve));
    this.#wake = undefined;
    return true;
  }

  /** The next reply on the connection: status, headers, and a Content-Length or chunked body. */
  async readReply(): Promise<RawOutcome> {
    let headEnd: number;
    while ((headEnd = this.#received.indexOf('\r\n\r\n')) < 0) {
      if (!(await this.#more())) return { kind: 'dropped', cause: `${this.#closeCause} without a reply` };
    }
    const [statusLine = '', ...headerLines] = this.#received
      .subarray(0, headEnd)
      .toString('latin1')
      .split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const status = Number(statusLine.split(' ')[1]);
    let rest = this.#received.subarray(headEnd + 4);
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        const size = lineEnd < 0 ? NaN : parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size) || rest.length < lineEnd + 2 + size + 2) {
          this.#received = rest;
          if (!(await this.#more())) return { kind: 'dropped', cause: 'the reply was cut off' };
          rest = this.#received;
          continue;
        }
        parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        rest = rest.subarray(lineEnd + 2 + size + 2);
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? NaN);
      while (Number.isFinite(length) ? rest.length < length : !this.#closed) {
        this.#received = rest;
        if (!(await this.#more()) && Number.isFinite(length))
          return { kind: 'dropped', cause: 'the reply was cut off' };
        rest = this.#received;
      }
      body = Number.isFinite(length) ? rest.subarray(0, length) : rest;
      rest = Number.isFinite(length) ? rest.subarray(length) : Buffer.alloc(0);
    }
    this.#received = rest;
    return { kind: 'reply', status, headers, text: body.toString('utf8') };
  }
}

/** What became of a request sent after a reply on the same connection. */
export type FollowUp = RawOutcome | { kind: 'not-sent'; why: string };

export interface HeldUpload {
  readonly file: ReturnType<typeof encryptedFile>;
  /** Resolves once the headers and the first `firstPartBytes` are handed to the kernel. */
  readonly firstPartSent: Promise<void>;
  /** Sends the rest of the body. */
  finish(): void;
  /** Stops sending anything, leaving the connection open: a client gone silent. */
  stall(): void;
  /** Cuts the connection mid-body, as a closed tab or a lost network would. */
  abort(): void;
  /** The reply, or how the connection ended without one. */
  readonly result: Promise<RawOutcome>;
  /**
   * After the reply, another request on the same kept-alive connection, as a browser sends its
   * next request. Not sent when the server closed the connection (or said it would) with its
   * reply, which is its right.
   */
  next(method: string, path: string): Promise<FollowUp>;
}

/** While held, a few bytes this often: a slow client, never idle long enough to be cut off. */
const TRICKLE_EVERY_MS = 500;
const TRICKLE_BYTES = 1024;

/**
 * POST /api/attachments on a connection of its own: sends the first `firstPartBytes` of an
 * encrypted file, then a trickle (a slow client, so the server's idle body timeout does not cut
 * it) until the test says finish(), stall() or abort(): an upload certainly in progress when the
 * test breaks something. Content-Length names the whole file, as a browser's would.
 */
export function startHeldUpload(baseUrl: string, plaintextBytes: number, firstPartBytes: number): HeldUpload {
  const file = encryptedFile(plaintextBytes);
  const total = file.stored.length;
  const url = new URL(baseUrl);
  const connection = new RawConnection(url);
  const head =
    `POST /api/attachments HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/octet-stream\r\n` +
    `Content-Length: ${total}\r\nX-Requested-With: confide\r\nConnection: keep-alive\r\n\r\n`;
  void connection.write(head);
  const firstPartSent = connection.write(file.stored.subarray(0, firstPartBytes));
  let sent = firstPartBytes;
  const result = connection.readReply();
  const trickle = setInterval(() => {
    // Never the last byte: only finish() ends the body.
    if (connection.closed || sent + TRICKLE_BYTES >= total - 1) return;
    void connection.write(file.stored.subarray(sent, sent + TRICKLE_BYTES));
    sent += TRICKLE_BYTES;
  }, TRICKLE_EVERY_MS);
  void result.finally(() => clearInterval(trickle));
  return {
    file,
    firstPartSent,
    finish: () => {
      clearInterval(trickle);
      void connection.write(file.stored.subarray(sent));
      sent = total;
    },
    stall: () => clearInterval(trickle),
    abort: () => {
      clearInterval(trickle);
      connection.destroy();
    },
    result,
    async next(method, path) {
      const reply = await result;
      if (reply.kind !== 'reply') return { kind: 'not-sent', why: 'there was no reply' };
      if (reply.headers.connection?.toLowerCase() === 'close' || connection.closed) {
        return { kind: 'not-sent', why: 'the server closed the connection with its reply' };
      }
      void connection.write(
        `${method} ${path} HTTP/1.1\r\nHost: ${url.host}\r\nX-Requested-With: confide\r\n\r\n`,
      );
      return connection.readReply();
    },
  };
}

// ---------------------------------------------------------------------------
// Checking afterwards
// ---------------------------------------------------------------------------

function inChunks<T>(values: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const sameBytes = (stored: Buffer, wire: string): boolean => stored.equals(Buffer.from(wire, 'base64'));

/**
 * Reads a stored file back from its chunks and decrypts it: the file must be complete (the
 * secretstream's final tag is in place), authentic and the bytes uploaded. Undefined when so.
 */
export async function storedFileProblem(
  db: Kysely<DB>,
  id: string,
  upload: AckedUpload,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('attachments')
    .select(['size', 'completed_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return `upload ${id} was acknowledged but is not stored`;
  if (row.completed_at === null) return `upload ${id} was acknowledged but is not marked complete`;
  const chunks = await db
    .selectFrom('attachment_chunks')
    .select(['seq', 'data'])
    .where('attachment_id', '=', id)
    .orderBy('seq')
    .execute();
  if (chunks.some((c, i) => c.seq !== i)) return `upload ${id} has chunks out of sequence`;
  const stored = Buffer.concat(chunks.map((c) => c.data));
  if (stored.length !== upload.storedBytes || row.size !== upload.storedBytes) {
    return `upload ${id} holds ${stored.length} bytes (size column ${row.size}), ${upload.storedBytes} were sent`;
  }
  try {
    const plaintext = decryptFile(new Uint8Array(stored), fileKeyFromBase64(upload.key));
    if (sha256(plaintext) !== upload.plaintextSha256) return `upload ${id} decrypts to other bytes`;
  } catch (error) {
    return `upload ${id} does not decrypt: ${describeError(error)}`;
  }
  return undefined;
}

/**
 * Every write the driver saw acknowledged, read back from the database: reports with their
 * ciphertext (and the file each names, bound to it), answers on their case, files complete and
 * decrypting to what was sent. Returns the problems found (none is the only good answer).
 */
export async function lostWrites(db: Kysely<DB>, driver: LoadDriver): Promise<string[]> {
  await ready();
  const problems: string[] = [];
  for (const ids of inChunks([...driver.acked.reports.keys()])) {
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'payload_ct', 'summary_ct'])
      .where('id', 'in', ids)
      .execute();
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = found.get(id);
      const acked = driver.acked.reports.get(id);
      if (!row || !acked) problems.push(`report ${id} was acknowledged but is not stored`);
      // No retention runs under load: a report without ciphertext lost it.
      else if (row.payload_ct === null) problems.push(`report ${id} is stored without its ciphertext`);
      else if (!sameBytes(row.payload_ct, acked.ciphertext))
        problems.push(`report ${id} is stored with other bytes`);
      else if (
        acked.summaryCiphertext === null
          ? row.summary_ct !== null
          : row.summary_ct === null || !sameBytes(row.summary_ct, acked.summaryCiphertext)
      )
        problems.push(`report ${id} is stored with another summary`);
    }
    const bound = await db
      .selectFrom('attachments')
      .select(['id', 'case_id'])
      .where('case_id', 'in', ids)
      .execute();
    for (const id of ids) {
      for (const file of driver.acked.reports.get(id)?.attachments ?? []) {
        if (!bound.some((b) => b.id === file && b.case_id === id))
          problems.push(`report ${id} was acknowledged with file ${file}, which is not bound to it`);
      }
    }
  }
  for (const ids of inChunks([...driver.acked.items.keys()])) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'case_id', 'payload_ct'])
      .where('id', 'in', ids)
      .execute();
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = found.get(id);
      const acked = driver.acked.items.get(id);
      if (!row || !acked) problems.push(`answer ${id} was acknowledged but is not stored`);
      else if (row.case_id !== acked.caseId || !sameBytes(row.payload_ct, acked.ciphertext))
        problems.push(`answer ${id} is stored on another case or with other bytes`);
    }
  }
  for (const [id, upload] of driver.acked.uploads) {
    const problem = await storedFileProblem(db, id, upload);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

/** Every case a member can list, through the API (paged). */
export async function listedCaseIds(session: MemberSession): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const query: string =
      cursor === null ? '?limit=1000' : `?limit=1000&cursor=${encodeURIComponent(cursor)}`;
    const page = await listCaseSummaries(session, query);
    for (const c of page.cases) ids.add(c.summary.id);
    cursor = page.raw.next;
  } while (cursor !== null);
  return ids;
}

/**
 * Tries to bind each file to a new report, as someone who learnt its id would. Files cut off
 * half-way must be refused (400 attachment_unknown); returns what was not.
 */
export async function bindableFiles(
  agent: Agent,
  team: PublicTeam,
  ids: readonly string[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const id of ids) {
    const ref: AttachmentRef = {
      id,
      name: 'x.bin',
      type: 'application/octet-stream',
      size: 1,
      key: keyToBase64(generateFileKey()),
    };
    const submission = sealReportFor(team, reporterWithoutReceipt(), [ref]);
    const res = await agent.post('/api/reports', submission);
    const code = res.status === 400 ? res.json<{ error?: { code?: string } }>().error?.code : undefined;
    if (code !== 'attachment_unknown') {
      problems.push(`a report naming the unfinished file ${id} got ${res.status}: ${res.text.slice(0, 200)}`);
    }
  }
  return problems;
}

/**
 * Of the files named, and of every file the database still holds unfinished, those a report
 * could use anyway: after a fault this must be empty.
 */
export async function usableCutOffFiles(
  db: Kysely<DB>,
  agent: Agent,
  team: PublicTeam,
  cutOff: readonly string[],
): Promise<string[]> {
  const unfinished = (await incompleteFiles(db)).map((f) => f.id);
  return bindableFiles(agent, team, [...new Set([...cutOff, ...unfinished])]);
}

/**
 * With the load paused, starts one upload and holds it after its first part, waits until the
 * server has stored that part's chunk (so it is the only unfinished file of 1 MiB or more),
 * then lets the load run again. The upload is then certainly half-way when the fault comes.
 */
export async function holdOneUploadHalfWay(
  rig: FaultRig,
  driver: LoadDriver,
): Promise<{ held: HeldUpload; heldId: string }> {
  await driver.pause();
  const held = startHeldUpload(rig.server.url, 2_500_000, 1_300_000);
  await held.firstPartSent;
  let heldId = '';
  await waitFor('the server to store the first chunk of the held upload', async () => {
    heldId = (await incompleteFiles(rig.db)).find((f) => f.size >= 1024 * 1024)?.id ?? '';
    return heldId !== '';
  });
  await driver.resumeAndRun();
  return { held, heldId };
}

/** Attachment rows the database holds that are not complete (their upload never finished). */
export async function incompleteFiles(db: Kysely<DB>): Promise<{ id: string; size: number }[]> {
  return db
    .selectFrom('attachments')
    .select(['id', 'size'])
    .where('completed_at', 'is', null)
    .orderBy('size')
    .execute();
}

// ---------------------------------------------------------------------------
// The rig every fault test stands on
// ---------------------------------------------------------------------------

export interface FaultRig {
  readonly postgres: OwnPostgres;
  readonly databaseUrl: string;
  /** The server process now running (restartServer replaces it). */
  readonly server: ServerProcess;
  /** The test's own connection to the database: for the team, and for reading back afterwards. */
  readonly db: Database;
  readonly team: CreatedTeam;
  /** Starts the server again on the same port and database, as a process manager would. */
  restartServer(): Promise<ServerProcess>;
  close(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the test's own, a Confide server process on it (rate limits off, so
 * the load measures faults and not the limiter; the global upload quota out of the way), and a
 * team made with the createTeam service, as the command line does.
 */
export async function startFaultRig(label: string, env: Record<string, string> = {}): Promise<FaultRig> {
  const postgres = await startOwnPostgres(label);
  let server: ServerProcess | undefined;
  let db: Database | undefined;
  try {
    const databaseUrl = await postgres.createDatabase('confide');
    const serverEnv = {
      DATABASE_URL: databaseUrl,
      CONFIDE_RATE_LIMIT: 'off',
      CONFIDE_MAX_UPLOADS_PER_HOUR: '1000000',
      ...env,
    };
    let running = (server = await startServerProcess({ env: serverEnv }));
    const ownDb = (db = createKysely(databaseUrl, 3));
    const team = await createTeamWithService(ownDb);
    return {
      postgres,
      databaseUrl,
      get server() {
        return running;
      },
      db: ownDb,
      team,
      async restartServer() {
        if (!running.hasExited()) throw new Error('the server is still running');
        running = await startServerProcess({ env: { ...serverEnv, PORT: String(running.port) } });
        return running;
      },
      async close() {
        try {
          if (!running.hasExited()) await running.stop('SIGTERM');
        } finally {
          await ownDb.destroy();
          await postgres.destroy();
        }
      },
    };
  } catch (error) {
    if (server && !server.hasExited()) await server.stop('SIGKILL');
    await db?.destroy();
    await postgres.destroy();
    throw error;
  }
}

/** The server's log records at error level or worse, for failure messages (a 500 logs its cause). */
export function serverErrors(server: ServerProcess): string {
  return server
    .logRecords()
    .filter((r) => typeof r.level === 'number' && r.level >= 50)
    .slice(0, 10)
    .map((r) => JSON.stringify(r).slice(0, 600))
    .join('\n');
}
