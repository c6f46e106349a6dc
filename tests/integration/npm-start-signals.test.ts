/**
 * `npm start` as a process manager, `docker stop` or a terminal runs it: the signal goes to
 * npm, and afterwards nothing it started may still run (no server, no embedded PostgreSQL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildIfNeeded } from '../../scripts/build-if-needed.mjs';
import { readClusterPointer } from '../../server/db/cluster-registry.js';
import { createTestDatabase } from '../helpers/databases.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const hasProc = existsSync('/proc/self/stat');

interface ProcessInfo {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: tells a process from a later one given its pid. */
  startTime: string;
  state: string;
  args: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces; fields after it are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, state: fields[0]!, ppid: Number(fields[1]), startTime: fields[19]!, args };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

/** `root` and every process descended from it, as they are now. */
function processTree(root: number): ProcessInfo[] {
  const all = allProcesses();
  const tree: ProcessInfo[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    const info = all.find((p) => p.pid === pid);
    if (info) tree.push(info);
    pending.push(...all.filter((p) => p.ppid === pid).map((p) => p.pid));
  }
  return tree;
}

/** Those of `processes` that still exist (the same process: same pid and start time). */
function stillThere(processes: ProcessInfo[]): ProcessInfo[] {
  return processes.filter((p) => readProcess(p.pid)?.startTime === p.startTime);
}

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmStart(env: Record<string, string>): Started {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...env,
  };
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
  const npm = spawn('npm', ['start'], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout.on('data', (d: Buffer) => (output += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { npm, output: () => output, exited };
}

async function waitFor(started: Started, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const match = pattern.exec(started.output());
    if (match) return match;
    if (started.npm.exitCode !== null || started.npm.signalCode !== null)
      throw new Error(`npm start exited early:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${String(pattern)} from npm start:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * POST /api/attachments on a connection of its own, held in flight: resolves once the server has
 * read the request's headers (it says so with "100 Continue"), having sent part of the body, and
 * then sends a byte now and then, never the last: a client that would hold a stop forever.
 */
async function startTricklingUpload(url: string): Promise<{ ended: Promise<string>; stop(): void }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined);
  let received = '';
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  const continued = new Promise<void>((resolve, reject) => {
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
      if (!received.includes('\r\n\r\n')) return;
      if (received.startsWith('HTTP/1.1 100 ')) resolve();
      else reject(new Error(`the upload was answered at once: ${received.slice(0, 300)}`));
    });
    void ended.then(() => reject(new Error('the server closed the upload before reading it')));
    setTimeout(
      () => reject(new Error(`no 100 Continue for the upload: ${received.slice(0, 300)}`)),
      30_000,
    ).unref();
  });
  socket.write(
    `POST /api/attachments HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/octet-stream\r\n` +
      `Content-Length: 10000000\r\nX-Requested-With: confide\r\nExpect: 100-continue\r\n\r\n`,
  );
  await continued;
  socket.write(Buffer.alloc(64 * 1024, 1));
  const trickle = setInterval(() => {
    if (socket.destroyed) clearInterval(trickle);
    else socket.write(Buffer.alloc(1, 1));
  }, 200);
  return {
    ended,
    stop: () => {
      clearInterval(trickle);
      socket.destroy();
    },
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Kills whatever a failed test left running, so that one failure does not leave servers behind. */
function killOnCleanup(processes: () => ProcessInfo[]): void {
  cleanups.push(() => {
    for (const p of stillThere(processes())) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    return Promise.resolve();
  });
}

beforeAll(() => {
  // `npm start` builds what is stale; build the server here, once, so the test times the
  // start and not a compile. The client is built by tests/global-setup.ts.
  (buildIfNeeded as (names: string[]) => void)(['server']);
});

/**
 * `npm start` on an embedded database of its own with `graceSeconds` to stop, once it listens,
 * and an upload trickling into it; everything is removed or killed after the file's tests.
 */
async function startWithTricklingUpload(graceSeconds: number) {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-npm-start-'));
  let clusterDir = path.join(dataDir, 'postgres');
  cleanups.push(async () => {
    await fs.rm(clusterDir, { recursive: true, force: true });
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  const started = npmStart({
    CONFIDE_DATA_DIR: dataDir,
    CONFIDE_SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
  });
  let tree: ProcessInfo[] = [];
  killOnCleanup(() => tree);
  const url = (await waitFor(started, /listening on (http:\/\/[\d.]+:\d+) \(embedded database\)/))[1]!;
  clusterDir = readClusterPointer(dataDir) ?? clusterDir;
  tree = processTree(started.npm.pid!);
  const upload = await startTricklingUpload(url);
  cleanups.push(() => Promise.resolve(upload.stop()));
  return { started, tree, clusterDir, upload };
}

// Concurrent: each case has its own database or data directory and port, and mostly waits.
describe.skipIf(!hasProc).concurrent('npm start, stopped by a signal to npm', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to npm stops the server it started, and npm exits after it (PostgreSQL server)`, async ({
      expect,
    }) => {
      const database = await createTestDatabase('npmstart');
      cleanups.push(() => database.drop());
      const started = npmStart({ DATABASE_URL: database.url });
      let tree: ProcessInfo[] = [];
      killOnCleanup(() => tree);

      const url = (await waitFor(started, /listening on (http:\/\/[\d.]+:\d+)/))[1]!;
      tree = processTree(started.npm.pid!);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      // npm's own child is the server, not a shell between them that would swallow the signal.
      const children = tree.filter((p) => p.ppid === started.npm.pid);
      expect(children.map((p) => p.args)).toEqual([expect.stringContaining('scripts/start.mjs')]);

      started.npm.kill(signal);
      expect(await started.exited).toEqual({ code: 0, signal: null });
      expect(started.output()).toContain('stopped');
      expect(stillThere(tree)).toEqual([]);
    });
  }

  it('SIGTERM to npm stops the server and its embedded PostgreSQL', async ({ expect }) => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-npm-start-'));
    let clusterDir = path.join(dataDir, 'postgres');
    cleanups.push(async () => {
      await fs.rm(clusterDir, { recursive: true, force: true });
      await fs.rm(dataDir, { recursive: true, force: true });
    });
    const started = npmStart({ CONFIDE_DATA_DIR: dataDir });
    let tree: ProcessInfo[] = [];
    killOnCleanup(() => tree);

    await waitFor(started, /listening on http:\/\/[\d.]+:\d+ \(embedded database\)/);
    clusterDir = readClusterPointer(dataDir) ?? clusterDir;
    tree = processTree(started.npm.pid!);
    expect(tree.filter((p) => p.args.includes(clusterDir)).length).toBeGreaterThan(0);

    started.npm.kill('SIGTERM');
    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(stillThere(tree)).toEqual([]);
    // Nor any postgres on that cluster that was not in the tree (a stray, re-parented server).
    expect(allProcesses().filter((p) => p.args.includes(clusterDir))).toEqual([]);
  });

  it('SIGTERM to npm with an upload trickling: cut off after the grace period, then everything stops', async ({
    expect,
  }) => {
    const graceSeconds = 2;
    /** From the end of the grace period until npm has exited and PostgreSQL with it (generous: load). */
    const marginMs = 20_000;
    const { started, tree, clusterDir, upload } = await startWithTricklingUpload(graceSeconds);
    expect(tree.filter((p) => p.args.includes(clusterDir)).length).toBeGreaterThan(0);

    const signalledAt = Date.now();
    started.npm.kill('SIGTERM');
    let deadline: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      started.exited,
      new Promise<string>((resolve) => {
        deadline = setTimeout(() => resolve('still running'), graceSeconds * 1000 + marginMs);
      }),
    ]);
    clearTimeout(deadline);
    const tookMs = Date.now() - signalledAt;
    expect(exit, started.output()).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain(
      `requests still running after ${graceSeconds} s: closing their connections`,
    );
    expect(started.output()).toContain('stopped');
    expect(tookMs).toBeGreaterThanOrEqual(graceSeconds * 1000 - 50);
    // The upload got no reply: its connection was closed under it.
    expect(await upload.ended).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    expect(stillThere(tree)).toEqual([]);
    expect(allProcesses().filter((p) => p.args.includes(clusterDir))).toEqual([]);
    // Longer than the others: an embedded start, the grace period and a stop, on a loaded machine.
  }, 150_000);

  it('a second signal to npm stops waiting for a trickling upload, and still stops PostgreSQL', async ({
    expect,
  }) => {
    // A grace period no test would wait for: only the second signal can end the wait.
    const { started, tree, clusterDir, upload } = await startWithTricklingUpload(3600);

    const signalledAt = Date.now();
    started.npm.kill('SIGTERM');
    await waitFor(started, /finishing requests \(for up to 3600 s\)/);
    // A second signal within 2 s counts as the same stop (a terminal and a process manager may
    // both send one): the deliberate second one comes after that.
    while (Date.now() - signalledAt <= 2100) await new Promise((resolve) => setTimeout(resolve, 100));
    started.npm.kill('SIGINT');
    const exit = await started.exited;
    expect(exit, started.output()).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('SIGINT again: closing every connection now');
    expect(started.output()).toContain('stopped');
    expect(await upload.ended).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    expect(stillThere(tree)).toEqual([]);
    expect(allProcesses().filter((p) => p.args.includes(clusterDir))).toEqual([]);
  }, 150_000);

  it('SIGINT to npm while the embedded PostgreSQL starts: the server starts, then stops with it', async ({
    expect,
  }) => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-npm-start-'));
    let clusterDir = path.join(dataDir, 'postgres');
    cleanups.push(async () => {
      await fs.rm(clusterDir, { recursive: true, force: true });
      await fs.rm(dataDir, { recursive: true, force: true });
    });
    const started = npmStart({ CONFIDE_DATA_DIR: dataDir });
    const seen = new Map<string, ProcessInfo>();
    killOnCleanup(() => [...seen.values()]);

    // Printed just before initdb: the server has no signal handlers of its own yet.
    await waitFor(started, /Creating the embedded database in (\S+)/);
    clusterDir = readClusterPointer(dataDir) ?? clusterDir;
    started.npm.kill('SIGINT');
    // Watch the tree while it starts, to know every process it had.
    for (;;) {
      for (const p of processTree(started.npm.pid!)) seen.set(`${p.pid}:${p.startTime}`, p);
      if (/listening on|stopped/.test(started.output())) break;
      if (started.npm.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(await started.exited).toEqual({ code: 0, signal: null });
    expect(started.output()).toContain('SIGINT received while starting');
    expect(started.output()).toContain('stopped');
    expect([...seen.values()].some((p) => p.args.includes(clusterDir))).toBe(true);
    expect(stillThere([...seen.values()])).toEqual([]);
    expect(allProcesses().filter((p) => p.args.includes(clusterDir))).toEqual([]);
  });
});
