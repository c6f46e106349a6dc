/**
 * Where an embedded database lives when root runs it outside its data directory, and how its
 * data is found and removed: by the real command line on the real clusters directory, and by
 * the same command in-process on a clusters directory of the test's own where it removes
 * orphans (the machine's directory holds clusters of other tests, and of other deployments).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRemove } from '../../server/cli/data-remove.js';
import {
  CLUSTERS_DIR,
  IN_TREE_CLUSTER,
  OWNER_FILE,
  PASSWORD_FILE,
  POINTER_FILE,
  listClusters,
} from '../../server/db/cluster-registry.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded-postgres.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
const asRoot = process.getuid?.() === 0;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A data directory the postgres user cannot reach: mkdtemp makes it 0700, owned by root. */
async function unreachableDataDir(): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'confide-remove-')));
}

/** Starts an embedded database, and makes sure the test removes it whatever happens. */
async function startTracked(dataDir: string, clustersDir?: string, log?: (m: string) => void) {
  const pg = await startEmbeddedPostgres({
    dataDir,
    ...(clustersDir ? { clustersDir } : {}),
    ...(log ? { log } : {}),
  });
  cleanups.push(async () => {
    await pg.stop();
    await fs.rm(pg.clusterDir, { recursive: true, force: true });
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  return pg;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run confide -- data remove …` as a person runs it, answering `answer` when asked. */
function cli(args: string[], dataDir: string, answer = ''): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, CONFIDE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(tsx, ['server/cli/main.ts', 'data', 'remove', ...args], { cwd: repoRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(answer);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The command in this process, on `clustersDir`. */
async function removeIn(clustersDir: string, args: string[], dataDir = '/nonexistent'): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const input = new PassThrough();
  input.end();
  const code = await dataRemove(args, { dataDir, databaseUrl: undefined, clustersDir, input, out, err });
  return { code, stdout, stderr };
}

// Concurrent: each case makes its own clusters and looks only at those, and mostly waits.
describe.skipIf(!asRoot).concurrent('as root, a data directory the postgres user cannot reach', () => {
  it('keeps its cluster in /var/lib/confide/clusters, and `data remove` deletes both, but not while it runs', async ({
    expect,
  }) => {
    const dataDir = await unreachableDataDir();
    const pg = await startTracked(dataDir);
    expect(path.dirname(pg.clusterDir)).toBe(CLUSTERS_DIR);
    expect(readFileSync(path.join(dataDir, POINTER_FILE), 'utf8').trim()).toBe(pg.clusterDir);
    expect(readFileSync(path.join(pg.clusterDir, OWNER_FILE), 'utf8').trim()).toBe(dataDir);

    const whileRunning = await cli(['--yes'], dataDir);
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.stderr).toMatch(/a PostgreSQL server \(pid \d+\) is running on/);
    expect(existsSync(pg.clusterDir) && existsSync(dataDir)).toBe(true);

    await pg.stop();
    const declined = await cli([], dataDir, 'no\n');
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain(
      `Delete the data directory ${dataDir} and its embedded database in ${pg.clusterDir}?`,
    );
    expect(declined.stderr).toContain('nothing removed');
    expect(existsSync(pg.clusterDir) && existsSync(dataDir)).toBe(true);

    const removed = await cli(['--yes'], dataDir);
    expect(removed).toMatchObject({ code: 0, stdout: `removed ${pg.clusterDir}\nremoved ${dataDir}\n` });
    expect(existsSync(pg.clusterDir)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('leaves its cluster behind when deleted by hand: the next start names it, and `data remove` removes it when told to', async ({
    expect,
  }) => {
    const deletedDir = await unreachableDataDir();
    const deleted = await startTracked(deletedDir);
    await deleted.stop();
    await fs.rm(deletedDir, { recursive: true });
    expect(existsSync(deleted.clusterDir)).toBe(true);

    const messages: string[] = [];
    const nextDir = await unreachableDataDir();
    const next = await startTracked(nextDir, undefined, (m) => messages.push(m));
    await next.stop();
    const report =
      messages.find((message) => message.includes('data remove --orphans')) ?? messages.join('\n');
    expect(report).toContain(`    ${deleted.clusterDir} (was ${deletedDir})`);
    expect(report).not.toContain(next.clusterDir);

    // Other orphans on this machine are not this test's: it answers "no" and removes by path.
    const asked = await cli(['--orphans'], '/nonexistent', 'no\n');
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain(`    ${deleted.clusterDir} (was ${deletedDir})`);
    expect(asked.stderr).toContain('nothing removed');
    expect(existsSync(deleted.clusterDir)).toBe(true);

    const inUse = await cli(['--cluster', next.clusterDir, '--yes'], '/nonexistent');
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain(`${next.clusterDir} is the embedded database of ${nextDir}`);
    expect(existsSync(next.clusterDir)).toBe(true);

    const byPath = await cli(['--cluster', deleted.clusterDir], '/nonexistent', `${deleted.clusterDir}\n`);
    expect(byPath).toMatchObject({ code: 0, stdout: `removed ${deleted.clusterDir}\n` });
    expect(existsSync(deleted.clusterDir)).toBe(false);
  });

  it('`--orphans` removes the clusters whose data directory is gone, never one in use, running or of unknown owner', async ({
    expect,
  }) => {
    const clustersDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-clusters-'));
    await fs.chmod(clustersDir, 0o755);
    cleanups.push(() => fs.rm(clustersDir, { recursive: true, force: true }));
    const names = ['kept', 'deleted', 'running', 'legacy', 'repointed'] as const;
    const dirs = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await unreachableDataDir()] as const)),
    ) as Record<(typeof names)[number], string>;
    const pgs = Object.fromEntries(
      await Promise.all(
        names.map(async (name) => [name, await startTracked(dirs[name], clustersDir)] as const),
      ),
    ) as Record<(typeof names)[number], EmbeddedPostgres>;
    for (const name of names) expect(path.dirname(pgs[name].clusterDir)).toBe(clustersDir);

    await Promise.all(names.filter((name) => name !== 'running').map((name) => pgs[name].stop()));
    await fs.rm(dirs.deleted, { recursive: true });
    await fs.rm(dirs.running, { recursive: true }); // while its server runs
    // Made before owners were recorded, its data directory since deleted.
    await fs.rm(path.join(pgs.legacy.clusterDir, OWNER_FILE));
    await fs.rm(dirs.legacy, { recursive: true });
    await fs.rm(path.join(dirs.repointed, POINTER_FILE));

    const status = async (): Promise<Record<string, string>> => {
      const clusters = await listClusters(clustersDir);
      return Object.fromEntries(
        names.flatMap((name) => {
          const found = clusters.find((c) => c.dir === pgs[name].clusterDir);
          return found ? [[name, `${found.status}${found.serverPid === undefined ? '' : ', running'}`]] : [];
        }),
      );
    };
    expect(await status()).toEqual({
      kept: 'in-use',
      deleted: 'orphaned',
      running: 'orphaned, running',
      legacy: 'unknown-owner',
      repointed: 'orphaned',
    });

    const first = await removeIn(clustersDir, ['--orphans', '--yes']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`not removing ${pgs.running.clusterDir}`);
    expect(first.stderr).toContain(`    ${pgs.legacy.clusterDir}`);
    expect(await status()).toEqual({ kept: 'in-use', running: 'orphaned, running', legacy: 'unknown-owner' });

    await pgs.running.stop();
    expect((await removeIn(clustersDir, ['--orphans', '--yes'])).code).toBe(0);
    expect(await status()).toEqual({ kept: 'in-use', legacy: 'unknown-owner' });

    const inUse = await removeIn(clustersDir, ['--cluster', pgs.kept.clusterDir, '--yes']);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain(`is the embedded database of ${dirs.kept}`);
    expect((await removeIn(clustersDir, ['--cluster', pgs.legacy.clusterDir, '--yes'])).code).toBe(0);
    expect(await status()).toEqual({ kept: 'in-use' });
    expect(existsSync(dirs.kept)).toBe(true);
  });
});

describe('data remove deletes nothing it cannot vouch for', () => {
  it('refuses a directory Confide did not make, and a pointer out of the clusters directory', async () => {
    const clustersDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-clusters-'));
    const stranger = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-stranger-'));
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-remove-'));
    cleanups.push(async () => {
      for (const dir of [clustersDir, stranger, dataDir]) await fs.rm(dir, { recursive: true, force: true });
    });
    await fs.writeFile(path.join(stranger, 'keep-me'), 'not Confide data');

    const notOurs = await removeIn(clustersDir, ['--yes'], stranger);
    expect(notOurs.code).toBe(1);
    expect(notOurs.stderr).toContain('does not look like a Confide data directory');

    await fs.writeFile(path.join(dataDir, PASSWORD_FILE), 'x\n');
    await fs.writeFile(path.join(dataDir, POINTER_FILE), `${stranger}\n`);
    const outside = await removeIn(clustersDir, ['--yes'], dataDir);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain(`is not a cluster in ${clustersDir}`);

    const byPath = await removeIn(clustersDir, ['--cluster', stranger, '--yes']);
    expect(byPath.code).toBe(1);
    expect(existsSync(path.join(stranger, 'keep-me')) && existsSync(dataDir)).toBe(true);
  });
});

/** A temporary directory holding `files` (path: content; a path ending in "/" is a directory). */
async function tree(prefix: string, files: Record<string, string>): Promise<string> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), `confide-${prefix}-`)));
  cleanups.push(() => fs.rm(root, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(root, name);
    if (name.endsWith('/')) await fs.mkdir(target, { recursive: true });
    else {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content, { mode: 0o755 });
    }
  }
  return root;
}

/** Every path below `root` with its kind and content, to show that nothing changed. */
async function snapshot(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.map(async (entry) => {
      const full = path.join(entry.parentPath, entry.name);
      const name = path.relative(root, full);
      if (entry.isSymbolicLink()) return `${name} -> ${await fs.readlink(full)}`;
      if (entry.isDirectory()) return `${name}/`;
      return `${name}: ${await fs.readFile(full, 'utf8')}`;
    }),
  ).then((lines) => lines.sort());
}

describe("data remove deletes a data directory only when it holds Confide's files and nothing else", () => {
  it('refuses a directory whose only "postgres" is a file, such as PostgreSQL\'s bin directory, through the real command line', async () => {
    const bin = await tree('bin', { postgres: '\x7fELF', initdb: '\x7fELF', pg_ctl: '\x7fELF' });
    const before = await snapshot(bin);
    const run = await cli(['--yes'], bin);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bin} does not look like a Confide data directory: it holds `);
    expect(run.stderr).toContain('postgres (a file, not a directory)');
    expect(run.stderr).toMatch(/initdb.*pg_ctl|pg_ctl.*initdb/);
    expect(await snapshot(bin)).toEqual(before);

    const lone = await tree('lone', { postgres: 'a file, not a cluster' });
    const alone = await removeIn('/nonexistent', ['--yes'], lone);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('postgres (a file, not a directory)');
    expect(await snapshot(lone)).toEqual(['postgres: a file, not a cluster']);
  });

  it('refuses a data directory that holds anything else, naming it, and deletes nothing', async () => {
    const dataDir = await tree('extra', {
      [PASSWORD_FILE]: 'x\n',
      [`${IN_TREE_CLUSTER}/PG_VERSION`]: '17\n',
      'notes.txt': 'mine',
      'backups/2024.confide-backup': 'mine too',
    });
    const before = await snapshot(dataDir);
    const run = await removeIn('/nonexistent', ['--yes'], dataDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /it holds (backups, notes\.txt|notes\.txt, backups), which Confide does not put there/,
    );
    expect(await snapshot(dataDir)).toEqual(before);

    // Confide's names, but not what Confide makes under them.
    const cluster = await tree('elsewhere', { PG_VERSION: '17\n' });
    const linked = await tree('linked', { [PASSWORD_FILE]: 'x\n' });
    await fs.symlink(cluster, path.join(linked, IN_TREE_CLUSTER));
    const wrongKind = await tree('kind', { [`${PASSWORD_FILE}/`]: '', [POINTER_FILE]: '/nowhere\n' });
    for (const [dir, named] of [
      [linked, `${IN_TREE_CLUSTER} (a link, not a directory)`],
      [wrongKind, `${PASSWORD_FILE} (a directory, not a file)`],
    ] as const) {
      const kept = await snapshot(dir);
      const refused = await removeIn('/nonexistent', ['--yes'], dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(named);
      expect(await snapshot(dir)).toEqual(kept);
    }
    expect(await snapshot(cluster)).toEqual(['PG_VERSION: 17\n']);
  });

  it("refuses a directory with no mark of Confide's: empty, or a postgres/ that is no cluster", async () => {
    for (const files of [{}, { [`${IN_TREE_CLUSTER}/`]: '' }, { [`${IN_TREE_CLUSTER}/base/1`]: 'x' }]) {
      const dir = await tree('unmarked', files);
      const before = await snapshot(dir);
      const run = await removeIn('/nonexistent', ['--yes'], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${dir} does not look like a Confide data directory`);
      expect(await snapshot(dir)).toEqual(before);
    }
  });

  it('says there is no data directory, and fails, when there is none', async () => {
    const missing = path.join(os.tmpdir(), `confide-missing-${process.pid}-${Date.now()}`);
    const run = await removeIn('/nonexistent', ['--yes'], missing);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain(`there is no data directory at ${missing}, so nothing was removed`);
  });

  it('removes what a first start left when it stopped half-way, and a data directory with its cluster elsewhere', async () => {
    const clustersDir = await tree('clusters', {});
    const halfWay = [
      { [POINTER_FILE]: `${path.join(clustersDir, 'never-made')}\n` }, // root, before the password
      { [PASSWORD_FILE]: 'x\n' }, // before initdb
      { [PASSWORD_FILE]: 'x\n', [`${IN_TREE_CLUSTER}/`]: '' },
      { [PASSWORD_FILE]: 'x\n', [`${IN_TREE_CLUSTER}/base/1/`]: '', [`${IN_TREE_CLUSTER}/global/`]: '' }, // initdb cut off
    ];
    for (const files of halfWay) {
      const dataDir = await tree('half', files);
      const run = await removeIn(clustersDir, ['--yes'], dataDir);
      expect(run).toMatchObject({ code: 0, stdout: `removed ${dataDir}\n` });
      expect(existsSync(dataDir)).toBe(false);
    }

    const clusterDir = path.join(clustersDir, 'c0ffee');
    const dataDir = await tree('pointer', { [PASSWORD_FILE]: 'x\n', [POINTER_FILE]: `${clusterDir}\n` });
    await fs.mkdir(clusterDir);
    await fs.writeFile(path.join(clusterDir, 'PG_VERSION'), '17\n');
    await fs.writeFile(path.join(clusterDir, OWNER_FILE), `${dataDir}\n`);
    const run = await removeIn(clustersDir, ['--yes'], dataDir);
    expect(run).toMatchObject({ code: 0, stdout: `removed ${clusterDir}\nremoved ${dataDir}\n` });
    expect(existsSync(clusterDir) || existsSync(dataDir)).toBe(false);
  });

  it('removes a real data directory with its cluster in it, but not while its server runs', async () => {
    const dataDir = await unreachableDataDir();
    // Reachable by the postgres user when running as root, so the cluster is kept inside it.
    await fs.chmod(dataDir, 0o711);
    const clustersDir = await tree('clusters', {});
    const pg = await startTracked(dataDir, clustersDir);
    expect(pg.clusterDir).toBe(path.join(dataDir, IN_TREE_CLUSTER));
    expect(existsSync(path.join(dataDir, POINTER_FILE))).toBe(false);

    const whileRunning = await removeIn(clustersDir, ['--yes'], dataDir);
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.stderr).toMatch(/a PostgreSQL server \(pid \d+\) is running on/);
    expect(existsSync(path.join(pg.clusterDir, 'PG_VERSION'))).toBe(true);

    await pg.stop();
    const run = await removeIn(clustersDir, ['--yes'], dataDir);
    expect(run).toMatchObject({ code: 0, stdout: `removed ${dataDir}\n` });
    expect(existsSync(dataDir)).toBe(false);
  });
});
