// Server ingest: POST /api/reports with a 12 KB report and 5 member grants (+ the reporter's),
// 32 concurrent clients on loopback (autocannon), against a bare Fastify + pg route that
// writes the same rows in one transaction with no validation, measured in the same run on
// the same PostgreSQL. Each server runs in its own process; the load generator in this one.
//
// Target (issue 4): at least 0.8 of the bare route's rate, zero errors; p99 latency and the
// server's RSS are printed.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql, type Kysely } from 'kysely';
import { createKysely } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/databases.js';
import { benchPostgres } from '../lib/database.js';
import { count, mebibytes, ms, requestsPerSecond } from '../lib/format.js';
import type { Suite } from '../lib/suite.js';
import { reportMaker, seedTeam } from './server/fixtures.js';
import { tagLookupGroup } from './server/tag-lookup.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = path.resolve(here, '../../node_modules/.bin/tsx');

interface RunResult {
  rate: number;
  p99: number;
  errors: number;
  non2xx: number;
  rssPeakMiB: number;
}

async function startServer(
  mode: 'ours' | 'bare',
  url: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(tsx, [path.join(here, 'server/ingest-server.ts'), mode, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      const match = /port (\d+)/.exec(text);
      if (match?.[1]) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`${mode} server exited (${code ?? 'signal'})`)));
  });
  return { child, port };
}

function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

async function load(
  port: number,
  nextBody: () => string,
  seconds: number,
  connections: number,
  pid: number,
): Promise<RunResult> {
  let peak = rssMiB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 250);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/reports',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'confide' },
        setupRequest: (request) => {
          return { ...request, body: nextBody() };
        },
      },
    ],
  });
  clearInterval(sampler);
  return {
    rate: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    rssPeakMiB: peak,
  };
}

/** Several runs of one server as one figure: mean rate, worst p99 and RSS, all errors. */
function combine(results: readonly RunResult[]): RunResult {
  if (results.length === 0) throw new Error('a run did not complete');
  return {
    rate: results.reduce((sum, r) => sum + r.rate, 0) / results.length,
    p99: Math.max(...results.map((r) => r.p99)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    rssPeakMiB: Math.max(...results.map((r) => r.rssPeakMiB)),
  };
}

export const suite: Suite = {
  name: 'server',
  description:
    'report ingest over HTTP (autocannon, 32 clients) vs a bare Fastify + pg route; the seen-before tag lookup',
  async run(report, options) {
    const seconds = options.quick ? 3 : 20;
    const connections = 32;

    const postgres = await benchPostgres((text) => report.progress(`server: ${text}`));
    const databases: TestDatabase[] = [];
    const children: ChildProcess[] = [];
    try {
      const runs: Record<'ours' | 'bare', RunResult[]> = { ours: [], bare: [] };
      let bodyBytes = 0;
      // Alternating rounds (bare, ours, then ours, bare), each on a fresh database of the same
      // schema and data, each after a checkpoint: a run's 300-500 MB of WAL would otherwise set
      // off a checkpoint inside whichever run came next, and always penalise the same one.
      const order = options.quick ? (['bare', 'ours'] as const) : (['bare', 'ours', 'ours', 'bare'] as const);
      for (const mode of order) {
        const database = await createTestDatabase(`bench${mode}`);
        databases.push(database);
        const db = createKysely(database.url, 2);
        await migrateToLatest(db as Kysely<unknown>);
        const fixture = await seedTeam(db);
        await sql`checkpoint`.execute(db);
        await db.destroy();
        const nextBody = reportMaker(fixture);
        bodyBytes = Buffer.byteLength(nextBody());
        const { child, port } = await startServer(mode, database.url);
        children.push(child);
        report.progress(`server: ${mode} warm-up`);
        await load(port, nextBody, 2, connections, child.pid ?? 0);
        report.progress(`server: ${mode} for ${seconds} s with ${connections} connections`);
        runs[mode].push(await load(port, nextBody, seconds, connections, child.pid ?? 0));
        child.kill('SIGTERM');
        await database.drop().catch(() => undefined);
      }
      const ours = combine(runs.ours);
      const bare = combine(runs.bare);
      const share = ours.rate / bare.rate;
      report.group(
        `ingest: POST /api/reports, ${(bodyBytes / 1024).toFixed(1)} KB JSON, 6 grants, ${connections} clients, ${seconds} s`,
      );
      report.row({
        name: 'requests per second',
        ours: requestsPerSecond(ours.rate),
        references: [{ name: 'bare Fastify + pg route', value: requestsPerSecond(bare.rate) }],
        raw: { ours: runs.ours.map((r) => r.rate), bare: runs.bare.map((r) => r.rate) },
        targets: [{ text: '≥ 0.8 of the bare route', met: share >= 0.8 }],
        note: `ours is ${share.toFixed(2)} of the bare route's rate (validation, signature check, roster check included); mean of ${runs.ours.length} runs each, alternating`,
      });
      report.row({
        name: 'errors and non-2xx replies',
        ours: count(ours.errors + ours.non2xx),
        references: [{ name: 'bare Fastify + pg route', value: count(bare.errors + bare.non2xx) }],
        targets: [{ text: 'zero', met: ours.errors + ours.non2xx === 0 }],
      });
      report.row({
        name: 'p99 latency',
        ours: ms(ours.p99),
        references: [{ name: 'bare Fastify + pg route', value: ms(bare.p99) }],
      });
      report.row({
        name: 'server RSS, peak',
        ours: mebibytes(ours.rssPeakMiB),
        references: [{ name: 'bare Fastify + pg route', value: mebibytes(bare.rssPeakMiB) }],
      });
      report.note(
        'Rate limits are off for this run (CONFIDE_RATE_LIMIT=off): 32 clients from one address would trip them.',
      );

      await tagLookupGroup(report, options);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
      for (const database of databases) await database.drop().catch(() => undefined);
      await postgres.stop();
    }
  },
};
