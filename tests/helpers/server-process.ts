/**
 * The real entry point (server/main.ts) as an operator runs it: its own process, configured by
 * the environment, reached over real HTTP, stopped with signals.
 *
 * The process is `node --import tsx server/main.ts` rather than the `tsx` command: that command
 * runs the script in a child process of its own and relays signals to it, so a SIGKILL sent to
 * it would kill the relay and leave the server running, still listening. Here the pid is the
 * server's, and a signal reaches it as it would reach `node dist/node/server/main.js`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 90_000;
/** Output kept for failure messages; a busy server logs far more than a test needs. */
const MAX_OUTPUT_CHARS = 256 * 1024;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** http://127.0.0.1:<port>, as the server printed it. */
  readonly url: string;
  readonly port: number;
  /** The process's stdout and stderr, interleaved (the last 256 KiB). */
  output(): string;
  /** Every complete output line so far that is a JSON log record, parsed. */
  logRecords(): Record<string, unknown>[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<ExitStatus>;
  hasExited(): boolean;
  /**
   * Sends `signal` (SIGTERM by default) and waits for the exit; after `timeoutMs` kills the
   * process and throws. Do not use it to wait after a signal already sent: server/main.ts takes
   * a second SIGTERM as "exit now".
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
  /** Waits for the exit without sending anything; after `timeoutMs` kills the process and throws. */
  waitForExit(timeoutMs?: number): Promise<ExitStatus>;
}

export interface ServerProcessOptions {
  /** Merged over the test process's environment, after HOST=127.0.0.1, PORT=0, LOG_LEVEL=warn. */
  env: Record<string, string>;
  /** How long to wait for "listening on" (generous: a loaded machine transpiles slowly). */
  startTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
// A test that fails half-way must not leave servers running after vitest's worker exits.
process.once('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts server/main.ts and resolves once it prints "listening on". */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  let partial = '';
  const records: Record<string, unknown>[] = [];
  const onData = (data: Buffer): void => {
    const text = data.toString();
    output += text;
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        records.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // Not a log record (pino writes whole lines; anything else is plain output).
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<ExitStatus>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;

  const deadline = Date.now() + (options.startTimeoutMs ?? START_TIMEOUT_MS);
  let url: string | undefined;
  while (url === undefined) {
    url = /listening on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
    if (url !== undefined) break;
    if (hasExited()) throw new Error(`the server exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async function waitForExit(timeoutMs: number, what: string): Promise<ExitStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        // Reported as a failure, and killed so that it does not outlive the test.
        child.kill('SIGKILL');
        reject(new Error(`the server did not exit within ${timeoutMs} ms${what}:\n${output}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  const pid = child.pid;
  if (pid === undefined) throw new Error('the server has no pid');

  return {
    child,
    pid,
    url,
    port: Number(new URL(url).port),
    output: () => output,
    logRecords: () => records,
    exited,
    hasExited,
    stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000) {
      if (!hasExited()) child.kill(signal);
      return waitForExit(timeoutMs, ` of ${signal}`);
    },
    waitForExit: (timeoutMs = 60_000) => waitForExit(timeoutMs, ''),
  };
}
