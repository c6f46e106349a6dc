/**
 * The real entry point as an operator runs it: started as a process, stopped with SIGTERM.
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/databases.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(tsx, ['server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
    if (match?.[1]) return { child, url: match[1], output: () => output, exited };
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the server process', () => {
  it('serves health and exits cleanly on SIGTERM (PostgreSQL server)', async () => {
    const database = await createTestDatabase('lifecycle');
    cleanups.push(() => database.drop());
    const server = await startServer({ DATABASE_URL: database.url });
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('stopped');
  });

  it('prints a set-up link that names the port it chose (PORT=0, no PUBLIC_URL), and the link works', async () => {
    const database = await createTestDatabase('lifecycle-port');
    cleanups.push(() => database.drop());
    const server = await startServer({ DATABASE_URL: database.url });
    try {
      const link = /(http:\/\/\S+\/setup#[A-Za-z0-9_-]+)/.exec(server.output())?.[1];
      expect(link, server.output()).toBeDefined();
      const { port } = new URL(server.url);
      expect(new URL(link ?? '').port).toBe(port);
      expect(server.output()).toContain(`people use http://127.0.0.1:${port}/`);
      const page = await fetch(link ?? '');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('starts the embedded database with no configuration and stops it with the app', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'confide-lifecycle-'));
    const env: Record<string, string> = { CONFIDE_DATA_DIR: dataDir };
    const server = await startServer(env);
    const pointer = path.join(dataDir, 'postgres-cluster-location');
    const clusterDir = await fs.readFile(pointer, 'utf8').then(
      (text) => text.trim(),
      () => path.join(dataDir, 'postgres'),
    );
    cleanups.push(async () => {
      await fs.rm(clusterDir, { recursive: true, force: true });
      await fs.rm(dataDir, { recursive: true, force: true });
    });
    expect(server.output()).toContain('embedded database');
    const res = await fetch(`${server.url}/api/health`);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
    // A command on the same data directory refuses instead of stopping the server's database.
    const command = spawnSync(tsx, ['server/cli/main.ts', 'setup-link'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(command.status).toBe(1);
    expect(command.stderr).toContain('is in use');
    const after = await fetch(`${server.url}/api/health`);
    expect(await after.json()).toEqual({ status: 'ok', database: 'ok' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const leftovers = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(clusterDir));
    expect(leftovers).toEqual([]);
  });

  it('refuses bad configuration with a message naming each variable', async () => {
    const child = spawn(tsx, ['server/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: 'eighty', PUBLIC_URL: 'ftp://x', DATABASE_URL: 'mysql://nope' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('PORT must be a whole number');
    expect(output).toContain('PUBLIC_URL must start with http:// or https://');
    expect(output).toContain('DATABASE_URL must start with postgres://');
  });
});
