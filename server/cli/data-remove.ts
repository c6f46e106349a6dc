/**
 * `npm run confide -- data remove`: deletes a deployment's embedded database wherever it lives.
 *
 *   data remove [--yes]                 the data directory (CONFIDE_DATA_DIR) and, when root kept
 *                                       its cluster in /var/lib/confide/clusters, that cluster
 *   data remove --orphans [--yes]       the clusters there whose data directory is gone
 *   data remove --cluster PATH [--yes]  one cluster there, e.g. one with an unknown owner
 *
 * Each asks first (type the path shown, or "remove"); `--yes` is for scripts. It stops nothing:
 * it refuses while a PostgreSQL server runs on what it would delete, and deletes nothing
 * outside the data directory and the clusters directory (cluster-registry.ts). It deletes a data
 * directory only when that holds Confide's files and nothing else, and names what else it found.
 *
 * Exit status: 0 when it removed what it was asked to, or `--orphans` found none to remove; 1 when
 * it refused, was declined, or found nothing at the path it was to remove (no data directory, no
 * such cluster: a wrong CONFIDE_DATA_DIR is not a success); 2 for a usage error.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  CLUSTERS_DIR,
  RemovalRefused,
  assertInClustersDir,
  assertNotRunning,
  listClusters,
  planDeploymentRemoval,
  removeCluster,
  removeDeploymentData,
  type ClusterEntry,
} from '../db/cluster-registry.js';

export const DATA_REMOVE_USAGE = 'npm run confide -- data remove [--orphans | --cluster PATH] [--yes]';

export interface DataRemoveContext {
  /** CONFIDE_DATA_DIR, resolved. */
  dataDir: string;
  /** DATABASE_URL: when set, the deployment's data is in that server, not here. */
  databaseUrl: string | undefined;
  /** Where the answer to "remove?" comes from (stdin). */
  input: NodeJS.ReadableStream;
  /** What was removed (stdout). */
  out: NodeJS.WritableStream;
  /** Questions, lists and refusals (stderr). */
  err: NodeJS.WritableStream;
  clustersDir?: string;
}

/** Runs the command; returns the exit status (see the top of this file). */
export async function dataRemove(args: string[], context: DataRemoveContext): Promise<number> {
  const say = (text: string): void => {
    context.err.write(`confide: ${text}\n`);
  };
  let values: { yes: boolean; orphans: boolean; cluster?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        yes: { type: 'boolean', default: false },
        orphans: { type: 'boolean', default: false },
        cluster: { type: 'string' },
      },
      strict: true,
    }));
    if (values.orphans && values.cluster !== undefined)
      throw new Error('give --orphans or --cluster, not both');
  } catch (error) {
    say(`${error instanceof Error ? error.message : String(error)}\nUsage: ${DATA_REMOVE_USAGE}`);
    return 2;
  }
  const clustersDir = context.clustersDir ?? CLUSTERS_DIR;
  const confirm = async (what: string[], answers: string[]): Promise<boolean> => {
    if (values.yes) return true;
    context.err.write(
      `${what.join('\n')}\nThis cannot be undone. Type ${answers.map((a) => `"${a}"`).join(' or ')} to go on: `,
    );
    const answer = (await readLine(context.input))?.trim();
    if (answer !== undefined && answers.includes(answer)) return true;
    say('nothing removed');
    return false;
  };
  const removed = (path: string): void => {
    context.out.write(`removed ${path}\n`);
  };

  try {
    if (values.orphans) return await removeOrphans(clustersDir, confirm, say, removed);
    if (values.cluster !== undefined) {
      const dir = assertInClustersDir(values.cluster, clustersDir);
      const entry = (await listClusters(clustersDir)).find((cluster) => cluster.dir === dir);
      if (entry === undefined) {
        say(`there is no cluster at ${dir}`);
        return 1;
      }
      if (entry.status === 'in-use') {
        throw new RemovalRefused(
          `${dir} is the embedded database of ${entry.owner ?? '?'}; remove that deployment's data instead: CONFIDE_DATA_DIR=${entry.owner ?? '?'} npm run confide -- data remove`,
        );
      }
      assertNotRunning(dir);
      if (!(await confirm([`Delete the embedded database ${dir} (${describe(entry)})?`], [dir, 'remove'])))
        return 1;
      await removeCluster(dir, clustersDir);
      removed(dir);
      return 0;
    }

    if (context.databaseUrl !== undefined) {
      throw new RemovalRefused(
        "DATABASE_URL is set: this deployment's data is in that PostgreSQL server, and this command removes only the embedded database's. Drop that database on its server, or unset DATABASE_URL to remove CONFIDE_DATA_DIR",
      );
    }
    const plan = await planDeploymentRemoval(context.dataDir, clustersDir);
    const what = [`Delete the data directory ${plan.dataDir}`];
    if (plan.clusterDir !== undefined) what.push(`and its embedded database in ${plan.clusterDir}`);
    if (!(await confirm([`${what.join(' ')}?`], [plan.dataDir, 'remove']))) return 1;
    await removeDeploymentData(plan, clustersDir);
    if (plan.clusterDir !== undefined) removed(plan.clusterDir);
    removed(plan.dataDir);
    return 0;
  } catch (error) {
    if (!(error instanceof RemovalRefused)) throw error;
    say(error.message);
    return 1;
  }
}

async function removeOrphans(
  clustersDir: string,
  confirm: (what: string[], answers: string[]) => Promise<boolean>,
  say: (text: string) => void,
  removed: (path: string) => void,
): Promise<number> {
  const clusters = await listClusters(clustersDir);
  const orphans = clusters.filter((c) => c.status === 'orphaned' && c.serverPid === undefined);
  const running = clusters.filter((c) => c.status === 'orphaned' && c.serverPid !== undefined);
  const unknown = clusters.filter((c) => c.status === 'unknown-owner');
  for (const cluster of running) {
    say(
      `not removing ${cluster.dir} (${describe(cluster)}): a PostgreSQL server (pid ${cluster.serverPid ?? '?'}) runs on it`,
    );
  }
  if (unknown.length > 0) {
    say(
      [
        'not removing these, whose owner is unknown (made before Confide recorded one; a deployment that uses one records itself at its next start):',
        ...unknown.map((c) => `    ${c.dir}`),
        `  Remove one that no deployment uses with: npm run confide -- data remove --cluster PATH`,
      ].join('\n'),
    );
  }
  if (orphans.length === 0) {
    say(`no orphaned embedded databases to remove in ${clustersDir}`);
    return 0;
  }
  const list = orphans.map((c) => `    ${c.dir} (${describe(c)})`);
  if (
    !(await confirm([`Delete these embedded databases, whose data directory is gone?`, ...list], ['remove']))
  )
    return 1;
  let refused = 0;
  for (const cluster of orphans) {
    // Look again just before deleting: a data directory made or moved back since the list
    // above, or a server started on the cluster, keeps it.
    const now = (await listClusters(clustersDir)).find((c) => c.dir === cluster.dir);
    if (now === undefined) continue;
    if (now.status !== 'orphaned' || now.owner !== cluster.owner) {
      say(`not removing ${cluster.dir}: ${describe(now)} now`);
      refused++;
      continue;
    }
    try {
      await removeCluster(cluster.dir, clustersDir);
      removed(cluster.dir);
    } catch (error) {
      if (!(error instanceof RemovalRefused)) throw error;
      say(error.message);
      refused++;
    }
  }
  return refused === 0 ? 0 : 1;
}

function describe(cluster: ClusterEntry): string {
  switch (cluster.status) {
    case 'in-use':
      return `used by ${cluster.owner ?? '?'}`;
    case 'orphaned':
      return `was ${cluster.owner ?? '?'}`;
    case 'unknown-owner':
      return 'unknown owner';
  }
}

/** One line from `input`, or undefined at its end (no terminal, nothing piped in: a "no"). */
async function readLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) return line;
    return undefined;
  } finally {
    lines.close();
  }
}
