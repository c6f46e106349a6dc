/**
 * Faults: PostgreSQL freezes — every one of its processes stopped with SIGSTOP, as a hung
 * database host, a stalled disk or a network black hole looks from the server: connections stay
 * open, nothing is refused, and nothing ever answers. Clients keep submitting reports, answering
 * through their receipts, uploading files and reading as a member, to a server process that keeps
 * running throughout.
 *
 * What must hold: while the database is frozen every request is answered, within a bound set by
 * the server's own limits (5 s waiting for a connection, then the statement timeout and its 2 s
 * margin), with a retryable 503 in the error shape: never a 500, never a hang, never a crash.
 * Once PostgreSQL resumes, every kind of request succeeds again from the same server process,
 * and no acknowledged write is lost.
 *
 * Then a network black hole between the server and PostgreSQL (a proxy that stops forwarding):
 * the connections caught in it never come back, so the pool must drop them rather than hand
 * them out again, and serve from new ones once the database can be reached.
 *
 * Last, a stop (SIGTERM) while PostgreSQL is frozen, with a request waiting on it: the process
 * still exits 0 within the grace period and the statement timeout, leaving nothing running.
 */
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createKysely, requestTimeouts } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import {
  encryptedFile,
  errorShapeProblem,
  LoadDriver,
  listedCaseIds,
  lostWrites,
  retryableProblem,
  sealReportFor,
  serverErrors,
  startFaultRig,
  waitFor,
  type FaultRig,
} from '../helpers/load-driver.js';
import type { OwnPostgres } from '../helpers/own-postgres.js';
import { startServerProcess } from '../helpers/server-process.js';
import { reporterWithoutReceipt } from '../helpers/protocol/identities.js';
import { signInFast } from '../helpers/protocol/sessions.js';
import { createTeamWithService } from '../helpers/protocol/teams.js';
import { Agent, fetchTransport, injectAgent, type ApiResponse } from '../helpers/protocol/transport.js';

/** CONFIDE_DB_STATEMENT_TIMEOUT_SECONDS for the server: short, so the test is. */
const STATEMENT_TIMEOUT_SECONDS = 1;
/**
 * The longest a request may take while the database is frozen: the pool's wait for a connection
 * (5 s), then the statement timeout and the 2 s the server waits past it for any reply, plus
 * room for a loaded machine. Anything beyond is a hang.
 */
const BOUND_MS = 5_000 + STATEMENT_TIMEOUT_SECONDS * 1000 + 2_000 + 6_000;
const TEST_TIMEOUT_MS = 120_000;
/** CONFIDE_SHUTDOWN_GRACE_SECONDS for the server stopped while the database is unreachable. */
const STOP_GRACE_SECONDS = 2;
/**
 * The longest that stop may take: the grace period, a query caught by the freeze running to its
 * timeout (statement timeout and margin), and room for a loaded machine. Anything beyond is a
 * process that does not stop.
 */
const STOP_BOUND_MS = STOP_GRACE_SECONDS * 1000 + STATEMENT_TIMEOUT_SECONDS * 1000 + 2_000 + 10_000;

// ---------------------------------------------------------------------------
// Freezing PostgreSQL: SIGSTOP to the postmaster, then to every process it started
// ---------------------------------------------------------------------------

/** The fields of /proc/<pid>/stat after the command name: [state, ppid, ...]; undefined once gone. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces or parentheses of its own.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => procStat(pid)?.[1] === String(parent));
}

/** Stopped (T), gone, or a zombie: in no state to answer anyone. */
function isStopped(pid: number): boolean {
  const state = procStat(pid)?.[0];
  return state === undefined || state === 'T' || state === 'Z';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone in the meantime (a backend that just ended): nothing to stop or resume.
  }
}

/** The postmaster's pid: the parent of a backend of ours. */
async function postmasterPid(postgres: OwnPostgres): Promise<number> {
  const client = new pg.Client({ connectionString: postgres.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const parent = Number(procStat(rows[0]!.pid)?.[1]);
    if (!Number.isInteger(parent) || parent <= 1) throw new Error('cannot find the postmaster');
    return parent;
  } finally {
    await client.end();
  }
}

/** Stops the postmaster first (so it starts no new process), then every process it started. */
async function freeze(postmaster: number): Promise<void> {
  signal(postmaster, 'SIGSTOP');
  await waitFor('the postmaster to stop', () => isStopped(postmaster), 10_000);
  await waitFor(
    'every PostgreSQL process to stop',
    () => {
      const running = childrenOf(postmaster).filter((pid) => !isStopped(pid));
      for (const pid of running) signal(pid, 'SIGSTOP');
      return running.length === 0;
    },
    10_000,
  );
}

function thaw(postmaster: number): void {
  for (const pid of childrenOf(postmaster)) signal(pid, 'SIGCONT');
  signal(postmaster, 'SIGCONT');
}

// ---------------------------------------------------------------------------
// A network black hole: a TCP proxy that, told to, forwards nothing more and closes nothing
// ---------------------------------------------------------------------------

interface BlackHoleProxy {
  readonly port: number;
  /** Every connection open now goes silent for good; new ones are accepted and ignored. */
  swallow(): void;
  /** New connections are forwarded again; those swallowed stay silent (that route is gone). */
  heal(): void;
  close(): Promise<void>;
}

async function startBlackHoleProxy(targetPort: number): Promise<BlackHoleProxy> {
  const sockets = new Set<net.Socket>();
  const pairs: [net.Socket, net.Socket][] = [];
  let swallowing = false;
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    if (swallowing) {
      client.pause();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    swallow() {
      swallowing = true;
      for (const [client, upstream] of pairs.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    heal() {
      swallowing = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------

interface Timed {
  readonly what: string;
  readonly res: ApiResponse;
  readonly ms: number;
}

async function timed(what: string, send: () => Promise<ApiResponse>): Promise<Timed> {
  const startedAt = Date.now();
  const res = await send();
  return { what, res, ms: Date.now() - startedAt };
}

let rig: FaultRig | undefined;
let frozen: number | undefined;
beforeAll(async () => {
  rig = await startFaultRig('pgfrozen', {
    CONFIDE_DB_STATEMENT_TIMEOUT_SECONDS: String(STATEMENT_TIMEOUT_SECONDS),
  });
});
afterAll(async () => {
  // A stopped postmaster would ignore the fast shutdown that ends the cluster.
  if (frozen !== undefined) thaw(frozen);
  await rig?.close();
});

describe('PostgreSQL frozen under load', () => {
  it(
    'answers 503 within a bound while it is frozen, and serves again once it resumes',
    async () => {
      const { server, team, postgres } = rig!;
      const postmaster = await postmasterPid(postgres);
      const driver = new LoadDriver({
        baseUrl: server.url,
        slug: team.slug,
        workers: 4,
        // No reply within the bound is a hang, and a violation.
        requestTimeoutMs: BOUND_MS,
      });
      // Probes give up well after the bound, so a hang fails with a message, not a test timeout.
      const transport = fetchTransport(server.url, { timeoutMs: 2 * BOUND_MS });
      await driver.start();
      try {
        await driver.untilEveryKindAcknowledged();
        const member = await signInFast(new Agent(transport), team.slug, team.admin);
        const anonymous = new Agent(transport);
        const probes = (): Promise<Timed>[] => [
          timed('GET /api/health', () => anonymous.get('/api/health')),
          timed('GET /api/teams/:slug', () => anonymous.get(`/api/teams/${team.slug}`)),
          timed('POST /api/reports', () =>
            anonymous.post('/api/reports', sealReportFor(driver.team, reporterWithoutReceipt())),
          ),
          timed('POST /api/attachments', () =>
            anonymous.request('POST', '/api/attachments', {
              body: encryptedFile(1000).stored,
              contentType: 'application/octet-stream',
            }),
          ),
          timed('POST /api/session', () =>
            new Agent(transport).post('/api/session', {
              team: team.slug,
              name: team.admin.name,
              auth: team.admin.credentials.auth,
            }),
          ),
          timed('GET /api/cases', () => member.agent.get('/api/cases?limit=50')),
        ];

        frozen = postmaster;
        await freeze(postmaster);
        const frozenAt = Date.now();

        // Every kind of request is turned away in time, in the error shape, saying "try again".
        const replies = await Promise.all(probes());
        for (const { what, res, ms } of replies) {
          expect(res.status, `${what}: ${res.text}`).toBe(503);
          // The health check's 503 is for monitors; the others tell a client when to come back.
          const problem =
            what === 'GET /api/health'
              ? errorShapeProblem(res.text)
              : retryableProblem(res.status, res.headers, res.text);
          expect(problem, `${what}: ${res.text}`).toBeUndefined();
          expect(ms, `${what} took ${ms} ms`).toBeLessThan(BOUND_MS);
        }
        // A second round of probes while still frozen: the pool, whose connections timed out,
        // still answers in time rather than queueing behind them. Meanwhile the load's clients
        // are turned away too, each in time (the driver counts a slower reply as a violation).
        const [again] = await Promise.all([
          Promise.all(probes()),
          driver.untilTurnedAway(frozenAt, 10, 'clients to be turned away while PostgreSQL is frozen'),
        ]);
        for (const { what, res, ms } of again) {
          expect(res.status, `${what} (again): ${res.text}`).toBe(503);
          expect(ms, `${what} (again) took ${ms} ms`).toBeLessThan(BOUND_MS);
        }
        expect(server.hasExited()).toBe(false);

        thaw(postmaster);
        frozen = undefined;
        const thawedAt = Date.now();
        const serverOutput = (): string => `\n${server.output().slice(-3000)}`;
        await driver.untilEveryWriteSucceedsSince(
          thawedAt,
          'every kind of write to succeed again, from the same server process',
          serverOutput,
        );
        // And every kind of request the probes sent, on the same connections as before.
        const health = await anonymous.get('/api/health');
        expect(health.status, health.text).toBe(200);
        expect((await anonymous.get(`/api/teams/${team.slug}`)).status).toBe(200);
        const signedIn = await signInFast(new Agent(transport), team.slug, team.admin);
        expect((await member.agent.get('/api/cases?limit=50')).status).toBe(200);
        // A file sent with an acknowledged report (an upload alone is not readable until bound).
        const [fileId] = [...driver.acked.reports.values()].flatMap((report) => report.attachments);
        expect((await signedIn.agent.get(`/api/attachments/${fileId}`)).status).toBe(200);
        expect(server.hasExited()).toBe(false);
        await driver.stop();
        console.log(`faults-postgres-frozen load:\n${driver.summary()}`);

        expect(driver.violations, `${driver.summary()}\n${serverErrors(server)}`).toEqual([]);
        expect(driver.failures(frozenAt)).toBeGreaterThan(0);
        expect(
          [...driver.retryCodes.keys()].filter(
            (code) => code !== 'database_unavailable' && code !== 'server_busy',
          ),
        ).toEqual([]);
        // The server never went away: no connection was refused.
        expect([...driver.dropCauses.keys()].filter((cause) => cause.includes('ECONNREFUSED'))).toEqual([]);
        expect(serverErrors(server)).toBe('');
        expect(await lostWrites(rig!.db, driver)).toEqual([]);
        const listed = await listedCaseIds(signedIn);
        expect([...driver.acked.reports.keys()].filter((id) => !listed.has(id))).toEqual([]);
      } finally {
        if (frozen !== undefined) {
          thaw(frozen);
          frozen = undefined;
        }
        await driver.stop();
      }
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a network black hole between the server and PostgreSQL', () => {
  it(
    'answers 503 within the bound, and drops the dead connections so the pool recovers',
    async () => {
      const { postgres } = rig!;
      const direct = await postgres.createDatabase('blackhole');
      const proxy = await startBlackHoleProxy(postgres.port);
      const proxied = direct.replace(`:${postgres.port}/`, `:${proxy.port}/`);
      const db = createKysely(proxied, 3, undefined, requestTimeouts(STATEMENT_TIMEOUT_SECONDS));
      const repoRoot = path.resolve(import.meta.dirname, '../..');
      let app: Awaited<ReturnType<typeof buildApp>> | undefined;
      try {
        await migrateToLatest(db as Kysely<unknown>);
        const config = loadConfig(
          {
            DATABASE_URL: proxied,
            LOG_LEVEL: 'silent',
            CONFIDE_RATE_LIMIT: 'off',
            CONFIDE_CLIENT_DIR: path.join(repoRoot, 'dist/client'),
            CONFIDE_DATA_DIR: path.join(repoRoot, 'data-test-unused'),
          },
          repoRoot,
        );
        app = await buildApp({ config, db });
        const team = await createTeamWithService(db);
        const agent = injectAgent(app);
        // Three requests at once: each takes a connection of the pool's three.
        const round = (): Promise<Timed[]> =>
          Promise.all(
            [0, 1, 2].map((i) => timed(`request ${i}`, () => agent.get(`/api/teams/${team.slug}`))),
          );
        expect((await round()).map((r) => r.res.status)).toEqual([200, 200, 200]);

        proxy.swallow();
        // Once on the connections caught in the hole, once on new ones that never get through.
        for (const attempt of ['open connections', 'new connections']) {
          for (const { what, res, ms } of await round()) {
            expect(res.status, `${attempt}, ${what}: ${res.text}`).toBe(503);
            expect(retryableProblem(res.status, res.headers, res.text)).toBeUndefined();
            expect(ms, `${attempt}, ${what} took ${ms} ms`).toBeLessThan(BOUND_MS);
          }
        }

        // The database is reachable again, by new connections only. Every round that fails
        // drops the connections it found dead; then every request succeeds, round after round.
        proxy.heal();
        await waitFor(
          'a whole round of requests to succeed',
          async () => (await round()).every((r) => r.res.status === 200),
          30_000,
        );
        for (let i = 0; i < 3; i += 1) {
          expect((await round()).map((r) => r.res.status)).toEqual([200, 200, 200]);
        }
      } finally {
        await app?.close();
        // The swallowed connections would keep the pool's end waiting for a goodbye forever.
        await proxy.close();
        await db.destroy();
      }
    },
    TEST_TIMEOUT_MS,
  );
});

describe('a stop while PostgreSQL is frozen', () => {
  it(
    'still stops, exit code 0, when PostgreSQL froze before the stop',
    async () => {
      const { postgres, databaseUrl } = rig!;
      const postmaster = await postmasterPid(postgres);
      const server = await startServerProcess({
        env: {
          DATABASE_URL: databaseUrl,
          CONFIDE_RATE_LIMIT: 'off',
          CONFIDE_DB_STATEMENT_TIMEOUT_SECONDS: String(STATEMENT_TIMEOUT_SECONDS),
          CONFIDE_SHUTDOWN_GRACE_SECONDS: String(STOP_GRACE_SECONDS),
        },
      });
      try {
        // Connections in the pool: requests used them, and they stay open, idle.
        const agent = new Agent(fetchTransport(server.url));
        const replies = await Promise.all([0, 1, 2].map(() => agent.get('/api/health')));
        expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);

        frozen = postmaster;
        await freeze(postmaster);
        // A request on its way to the frozen database when the stop comes: it gets a 503, or its
        // connection is closed at the end of the grace period (or refused, if it came too late).
        const waiting = agent.get('/api/health').then(
          (res) => `${res.status}`,
          () => 'dropped',
        );
        const signalledAt = Date.now();
        server.child.kill('SIGTERM');
        // The pool's end says goodbye on connections nobody answers, and the notification worker
        // and the maintenance loop may be waiting on a query: none of it may hold the stop.
        const exit = await server.waitForExit(STOP_BOUND_MS);
        const tookMs = Date.now() - signalledAt;
        expect(exit, server.output().slice(-3000)).toEqual({ code: 0, signal: null });
        expect(server.output()).toContain('stopped');
        expect(['503', 'dropped']).toContain(await waiting);
        console.log(`faults-postgres-frozen: stopped ${tookMs} ms after SIGTERM with PostgreSQL frozen`);
      } finally {
        if (frozen !== undefined) thaw(frozen);
        frozen = undefined;
        if (!server.hasExited()) await server.stop('SIGKILL');
      }
    },
    TEST_TIMEOUT_MS,
  );
});
