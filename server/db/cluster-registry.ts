/**
 * Where an embedded cluster lives when it cannot live in its data directory, and which data
 * directory each such cluster belongs to.
 *
 * Running as root, the embedded PostgreSQL runs as the `postgres` user, and when that user
 * cannot reach CONFIDE_DATA_DIR the cluster is kept in CLUSTERS_DIR instead. Two records tie
 * the two places together: the data directory names its cluster (POINTER_FILE), and the
 * cluster names its data directory (OWNER_FILE). Deleting a data directory by hand leaves its
 * cluster, with every report's ciphertext and metadata, behind; the owner record is how a
 * later start finds that cluster and names it, and how removal knows whose it is.
 */
import { existsSync, readFileSync, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Root-only state: reachable by the postgres user on any ordinary system. */
export const ROOT_STATE_DIR = '/var/lib/confide';
export const CLUSTERS_DIR = path.join(ROOT_STATE_DIR, 'clusters');
/** In a data directory: the path of its cluster, when that is in CLUSTERS_DIR. */
export const POINTER_FILE = 'postgres-cluster-location';
/** In a data directory: the embedded database's password (Confide's mark on the directory). */
export const PASSWORD_FILE = 'postgres-password';
/** In a data directory: its cluster, when the postgres user can reach it there. */
export const IN_TREE_CLUSTER = 'postgres';
/**
 * Everything Confide ever puts in a data directory (embedded-postgres.ts), and what kind of entry
 * each is. Removal refuses a directory that holds anything else: that is not Confide's to delete.
 * Add to this when Confide starts keeping something new there, or `data remove` refuses every
 * data directory that has it.
 */
const DATA_DIR_ENTRIES: ReadonlyMap<string, 'file' | 'directory'> = new Map([
  [PASSWORD_FILE, 'file'],
  [POINTER_FILE, 'file'],
  [IN_TREE_CLUSTER, 'directory'],
]);
/** The most entries a refusal names: a wrong CONFIDE_DATA_DIR may hold thousands. */
const NAMED_STRANGERS = 10;
/**
 * In a cluster in CLUSTERS_DIR: the real path of the data directory it belongs to. PostgreSQL
 * ignores files it does not know in its data directory, and keeping the record inside the
 * cluster means that whatever removes the cluster removes its record too.
 */
export const OWNER_FILE = 'confide-data-dir';

export type ClusterStatus =
  /** Its data directory exists and names it. */
  | 'in-use'
  /** Its data directory is gone, or names another cluster: nothing will use it again. */
  | 'orphaned'
  /** It has no owner record: made before Confide kept one, or still being created. */
  | 'unknown-owner';

export interface ClusterEntry {
  dir: string;
  status: ClusterStatus;
  /** The data directory it was made for, when recorded. */
  owner: string | undefined;
  /** The PostgreSQL server running on it, if one is. */
  serverPid: number | undefined;
}

/** A removal that would delete something it must not: nothing has been deleted. */
export class RemovalRefused extends Error {}

/** The cluster a data directory names in its pointer file, if it has one. */
export function readClusterPointer(dataDir: string): string | undefined {
  const file = path.join(dataDir, POINTER_FILE);
  if (!existsSync(file)) return undefined;
  const target = readFileSync(file, 'utf8').trim();
  return target === '' ? undefined : path.resolve(target);
}

export function readOwner(clusterDir: string): string | undefined {
  try {
    const owner = readFileSync(path.join(clusterDir, OWNER_FILE), 'utf8').trim();
    return owner === '' ? undefined : owner;
  } catch {
    return undefined;
  }
}

/** Records `dataDir` as the owner of `clusterDir`, readable by the cluster's own user. */
export async function writeOwner(
  clusterDir: string,
  dataDir: string,
  runAs: { uid: number; gid: number } | undefined,
): Promise<void> {
  const file = path.join(clusterDir, OWNER_FILE);
  await fs.writeFile(file, `${await fs.realpath(dataDir)}\n`, { mode: 0o600 });
  if (runAs) await fs.chown(file, runAs.uid, runAs.gid);
}

/** True when `dataDir` exists and its pointer file names `clusterDir`. */
export function pointsTo(dataDir: string, clusterDir: string): boolean {
  try {
    return readClusterPointer(dataDir) === path.resolve(clusterDir);
  } catch {
    return false;
  }
}

/**
 * The pid in the cluster's postmaster.pid, when that process is alive. Where /proc shows the
 * process, it must also be a postgres: a pid reused by something else after a crash does not
 * hold the cluster.
 */
export function liveServerPid(clusterDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but someone else's (we are not root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!command.includes('postgres')) return undefined;
  } catch {
    // No /proc (macOS), or not ours to read: alive is all we can know.
  }
  return pid;
}

/** Every cluster in `clustersDir`, with whose it is and whether a server runs on it. */
export async function listClusters(clustersDir = CLUSTERS_DIR): Promise<ClusterEntry[]> {
  let entries;
  try {
    entries = await fs.readdir(clustersDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = path.join(path.resolve(clustersDir), entry.name);
      const owner = readOwner(dir);
      const status: ClusterStatus =
        owner === undefined ? 'unknown-owner' : pointsTo(owner, dir) ? 'in-use' : 'orphaned';
      return { dir, status, owner, serverPid: liveServerPid(dir) };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * Deletes one cluster in `clustersDir`, and nothing else: the path must be a directory (not a
 * link) directly inside it, and no server may be running on it.
 */
export async function removeCluster(clusterDir: string, clustersDir = CLUSTERS_DIR): Promise<void> {
  const dir = assertInClustersDir(clusterDir, clustersDir);
  let stat;
  try {
    stat = await fs.lstat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stat.isDirectory()) throw new RemovalRefused(`${dir} is not a directory; not removing it`);
  assertNotRunning(dir);
  await fs.rm(dir, { recursive: true, force: true });
}

export function assertInClustersDir(clusterDir: string, clustersDir = CLUSTERS_DIR): string {
  const dir = path.resolve(clusterDir);
  if (path.dirname(dir) !== path.resolve(clustersDir) || ['.', '..', ''].includes(path.basename(dir))) {
    throw new RemovalRefused(`${clusterDir} is not a cluster in ${clustersDir}; not removing it`);
  }
  return dir;
}

export function assertNotRunning(clusterDir: string): void {
  const pid = liveServerPid(clusterDir);
  if (pid !== undefined) {
    throw new RemovalRefused(
      `a PostgreSQL server (pid ${pid}) is running on ${clusterDir}: stop the Confide server that uses it first`,
    );
  }
}

export interface DeploymentData {
  /** The data directory, as a real path. */
  dataDir: string;
  /** Its cluster in the clusters directory, when it has one there. */
  clusterDir: string | undefined;
}

/**
 * What removing a deployment's data would delete, checked: the directory must be one Confide
 * made and hold nothing else (assertConfideDataDir), its cluster (if kept elsewhere) must be in
 * `clustersDir` and belong to it, and no server may be running on either. Throws RemovalRefused
 * otherwise, also when there is no directory at `dataDirPath`.
 */
export async function planDeploymentRemoval(
  dataDirPath: string,
  clustersDir = CLUSTERS_DIR,
): Promise<DeploymentData> {
  let dataDir: string;
  try {
    dataDir = await fs.realpath(dataDirPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new RemovalRefused(`cannot reach ${dataDirPath} (${code ?? String(error)}); not removing it`);
    // A failure, not "nothing to do": CONFIDE_DATA_DIR is relative to the current directory
    // (./data when unset), so a script run from elsewhere must learn that it removed nothing.
    throw new RemovalRefused(
      `there is no data directory at ${dataDirPath}, so nothing was removed (CONFIDE_DATA_DIR names it; unset, it is ./data in the current directory)`,
    );
  }
  if (path.parse(dataDir).root === dataDir || !(await fs.stat(dataDir)).isDirectory()) {
    throw new RemovalRefused(`${dataDir} is not a data directory; not removing it`);
  }
  await assertConfideDataDir(dataDir);
  assertNotRunning(path.join(dataDir, IN_TREE_CLUSTER));

  const pointed = readClusterPointer(dataDir);
  if (pointed === undefined) return { dataDir, clusterDir: undefined };
  const clusterDir = assertInClustersDir(pointed, clustersDir);
  if (!existsSync(clusterDir)) return { dataDir, clusterDir: undefined };
  const owner = readOwner(clusterDir);
  if (owner !== undefined && owner !== dataDir && pointsTo(owner, clusterDir)) {
    throw new RemovalRefused(
      `${clusterDir} is also used by ${owner}, which it was recorded for; not removing anything`,
    );
  }
  assertNotRunning(clusterDir);
  return { dataDir, clusterDir };
}

/** Deletes what `planDeploymentRemoval` found, checking again what it holds and that no server has started. */
export async function removeDeploymentData(plan: DeploymentData, clustersDir = CLUSTERS_DIR): Promise<void> {
  // The command may have waited a long time for its "remove?" answer.
  await assertConfideDataDir(plan.dataDir);
  assertNotRunning(path.join(plan.dataDir, IN_TREE_CLUSTER));
  // The cluster first: should this stop half-way, the data directory still names what is left.
  if (plan.clusterDir !== undefined) await removeCluster(plan.clusterDir, clustersDir);
  await fs.rm(plan.dataDir, { recursive: true, force: true });
}

/**
 * Throws RemovalRefused unless `dataDir` holds only what Confide puts in a data directory, each
 * as the kind of entry Confide makes (never a link), and at least one of them is Confide's mark:
 * the password file, the pointer file, or a PostgreSQL cluster in IN_TREE_CLUSTER (one with a
 * PG_VERSION file). A name alone proves nothing: PostgreSQL's own bin directory holds a file
 * called `postgres`.
 *
 * A first start that stopped half-way leaves a subset of these, each still a mark: the pointer
 * file alone (root, before the password was written), or the password file with an empty or
 * half-made IN_TREE_CLUSTER (initdb had not written PG_VERSION yet). Only the instant between
 * root making an empty IN_TREE_CLUSTER and writing the password leaves no mark, and then there
 * is no data to remove.
 */
async function assertConfideDataDir(dataDir: string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dataDir, { withFileTypes: true });
  } catch (error) {
    throw new RemovalRefused(
      `cannot list ${dataDir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); not removing it`,
    );
  }
  const strangers = entries.filter((entry) => kindOf(entry) !== DATA_DIR_ENTRIES.get(entry.name));
  if (strangers.length > 0) {
    const named = strangers.slice(0, NAMED_STRANGERS).map((entry) => {
      const expected = DATA_DIR_ENTRIES.get(entry.name);
      return expected === undefined ? entry.name : `${entry.name} (a ${kindOf(entry)}, not a ${expected})`;
    });
    if (strangers.length > NAMED_STRANGERS) named.push(`and ${strangers.length - NAMED_STRANGERS} more`);
    throw new RemovalRefused(
      `${dataDir} does not look like a Confide data directory: it holds ${named.join(', ')}, which Confide does not put there; not removing anything`,
    );
  }
  const has = (name: string): boolean => entries.some((entry) => entry.name === name);
  if (has(PASSWORD_FILE) || has(POINTER_FILE)) return;
  if (has(IN_TREE_CLUSTER) && (await isFile(path.join(dataDir, IN_TREE_CLUSTER, 'PG_VERSION')))) return;
  throw new RemovalRefused(
    `${dataDir} does not look like a Confide data directory: ${entries.length === 0 ? 'it is empty' : `it has no ${PASSWORD_FILE} or ${POINTER_FILE} file, and ${IN_TREE_CLUSTER}/ is not a PostgreSQL cluster (no PG_VERSION)`}; not removing it`,
  );
}

function kindOf(entry: Dirent): 'file' | 'directory' | 'link' | 'special file' {
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  return 'special file';
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.lstat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Refuses to open the embedded database of `dataDir` from a command while a server runs on it.
 * Starting the embedded database stops a server it finds on the cluster (one a killed process
 * left behind); from a command that would be the live Confide server's database.
 */
export function assertEmbeddedNotInUse(dataDir: string, what: string): void {
  const clusterDir = readClusterPointer(dataDir) ?? path.join(dataDir, IN_TREE_CLUSTER);
  const pid = liveServerPid(clusterDir);
  if (pid !== undefined) {
    throw new Error(
      `The embedded database in ${dataDir} is in use (PostgreSQL pid ${pid}): stop the Confide server first, ` +
        `as ${what} needs the embedded database to itself. Nothing was changed.`,
    );
  }
}
