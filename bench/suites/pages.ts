// The pages a reporter and a member load, as a phone on a slow network would (issue 12):
//
//   - Lighthouse 12.2.3, mobile profile, against `/`, `/receipt` and `/team`: performance score
//     ≥ 95 and cumulative layout shift ≤ 0.05 each, next to a text-only page measured in the same
//     run (what this machine lets any page score);
//   - bytes transferred, cold cache, with Chromium's own Accept-Encoding: before a reporter can
//     type on `/` (≤ 350 KiB) and for a member's sign-in until the case list is shown (≤ 700 KiB),
//     next to the same journeys with nothing compressed;
//   - the layout shift of signing in on a phone-sized screen (≤ 0.05).
//
// The server is the real app (buildApp) on a fresh database with one team of 25 cases, serving a
// copy of the built client (bench/lib/client-build.ts), on loopback.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Browser } from 'playwright-core';
import { generateKdfParams } from '../../crypto/index.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createKysely } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestDatabase } from '../../tests/helpers/databases.js';
import { CHROMIUM_PATH, launchBrowser } from '../../tests/helpers/browser.js';
import { copyOfBuiltClient } from '../lib/client-build.js';
import { benchPostgres } from '../lib/database.js';
import { bytes, layoutShift, score } from '../lib/format.js';
import type { Reporter } from '../lib/reporter.js';
import { median } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';
import { analyzeDatabase, seedTeam } from './console/fixtures.js';
import {
  memberSignIn,
  reporterCanType,
  signInLayoutShift,
  type JourneyBytes,
  type SignInShift,
} from './pages/journeys.js';
import { LIGHTHOUSE_CHROME_FLAGS, runLighthouse, type LighthouseReading } from './pages/lighthouse.js';
import { startReferencePage } from './pages/reference-page.js';
import { TransferCounter, type TransferTotal } from './pages/transfer-counter.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const KIB = 1024;
const PAGES = ['/', '/receipt', '/team'] as const;
const TEAM = { slug: 'stewards', name: 'Stewards' } as const;

const kib = (n: number): string => `${(n / KIB).toFixed(0)} KiB`;

/** "js 180 KiB, wasm 160 KiB, ..." for the kinds that took any bytes, largest first. */
function breakdown(total: TransferTotal): string {
  return Object.entries(total.byKind)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind} ${kib(n)}`)
    .join(', ');
}

/** The largest responses, with how they were encoded. */
function largest(total: TransferTotal, count: number): string {
  return [...total.transfers]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count)
    .map(
      (t) =>
        `${t.path} ${kib(t.bytes)}${t.encoding ? ` (${t.encoding})` : ''}${t.partial ? ' (still arriving)' : ''}`,
    )
    .join(', ');
}

async function lighthouseGroup(
  report: Reporter,
  url: string,
  referenceUrl: string,
  runs: number,
): Promise<void> {
  const readings = new Map<string, LighthouseReading[]>(
    [...PAGES, 'reference'].map((p) => [p, [] as LighthouseReading[]]),
  );
  // Lighthouse sometimes fails to record a trace under headless Chromium (NO_NAVSTART, "Please run
  // Lighthouse again"): such a run measured nothing, so it is run again, up to twice, and counted.
  let failedRuns = 0;
  const measure = async (target: string): Promise<LighthouseReading> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await runLighthouse(target, CHROMIUM_PATH);
      } catch (error) {
        if (attempt === 3) throw error;
        failedRuns += 1;
        report.progress(
          `pages: Lighthouse failed on ${target}, running it again: ${String(error).slice(0, 200)}`,
        );
      }
    }
  };
  // Round after round, the reference first in each: a busy spell hits every page alike.
  for (let run = 0; run < runs; run++) {
    report.progress(`pages: Lighthouse, round ${run + 1} of ${runs}: the text-only page`);
    readings.get('reference')!.push(await measure(referenceUrl));
    for (const page of PAGES) {
      report.progress(`pages: Lighthouse, round ${run + 1} of ${runs}: ${page}`);
      readings.get(page)!.push(await measure(new URL(page, url).href));
    }
  }
  if (failedRuns > 0) report.progress(`pages: ${failedRuns} Lighthouse run(s) failed and were run again`);
  const reference = readings.get('reference')!;
  const refScore = median(reference.map((r) => r.score));
  const refCls = median(reference.map((r) => r.cls));
  const first = reference[0]!;
  const throttling = first.throttling === 'simulate' ? 'simulated' : first.throttling;
  report.group(
    `Lighthouse ${first.version}, ${first.formFactor} profile (${throttling} slow 4G, 4× CPU), cold cache, Chromium, ${runs} runs`,
  );
  for (const page of PAGES) {
    const r = readings.get(page)!;
    const pageScore = median(r.map((x) => x.score));
    const cls = median(r.map((x) => x.cls));
    const m = (f: (x: LighthouseReading) => number): number => median(r.map(f));
    report.row({
      name: `${page} performance score`,
      ours: score(pageScore),
      raw: { ours: r.map((x) => x.score), reference: reference.map((x) => x.score) },
      references: [{ name: 'text-only page, same run', value: score(refScore) }],
      targets: [{ text: '≥ 95', met: pageScore >= 95 }],
      note: `LCP ${(m((x) => x.lcpMs) / 1000).toFixed(2)} s, FCP ${(m((x) => x.fcpMs) / 1000).toFixed(2)} s, TBT ${m((x) => x.tbtMs).toFixed(0)} ms, Speed Index ${(m((x) => x.speedIndexMs) / 1000).toFixed(2)} s, ${kib(m((x) => x.bytes))} transferred (total-byte-weight); scores ${r.map((x) => x.score.toFixed(0)).join(', ')}.`,
    });
    report.row({
      name: `${page} layout shift (CLS)`,
      ours: layoutShift(cls),
      raw: { ours: r.map((x) => x.cls) },
      references: [{ name: 'text-only page, same run', value: layoutShift(refCls) }],
      targets: [{ text: '≤ 0.05', met: cls <= 0.05 }],
    });
  }
  const warnings = [...new Set([...readings.values()].flat().flatMap((r) => r.warnings))];
  if (warnings.length > 0) report.note(`Lighthouse warned: ${warnings.join(' / ')}`);
}

function journeyRows(
  report: Reporter,
  name: string,
  runs: { compressed: JourneyBytes[]; uncompressed: JourneyBytes[] },
  targetKib: number,
  goal: string,
): void {
  const atGoal = runs.compressed.map((j) => j.atGoal.bytes);
  const ours = median(atGoal);
  const plain = median(runs.uncompressed.map((j) => j.atGoal.bytes));
  const typical = runs.compressed[Math.floor(runs.compressed.length / 2)]!;
  report.row({
    name,
    ours: bytes(ours),
    raw: { ours: atGoal, uncompressed: runs.uncompressed.map((j) => j.atGoal.bytes) },
    references: [{ name: 'same, Accept-Encoding: identity', value: bytes(plain) }],
    targets: [{ text: `≤ ${targetKib} KiB`, met: ours <= targetKib * KIB }],
    note:
      `${kib(ours)} in ${typical.atGoal.requests} responses up to ${goal}: ${breakdown(typical.atGoal)}. ` +
      `Largest: ${largest(typical.atGoal, 4)}. Once the page went quiet: ${kib(median(runs.compressed.map((j) => j.settled.bytes)))}.`,
  });
}

async function bytesGroup(
  report: Reporter,
  browser: Browser,
  url: string,
  server: TransferCounter,
  runs: number,
): Promise<void> {
  const reporter = { compressed: [] as JourneyBytes[], uncompressed: [] as JourneyBytes[] };
  const member = { compressed: [] as JourneyBytes[], uncompressed: [] as JourneyBytes[] };
  for (let run = 0; run < runs; run++) {
    report.progress(`pages: journeys, run ${run + 1} of ${runs}`);
    for (const uncompressed of [false, true]) {
      const key = uncompressed ? 'uncompressed' : 'compressed';
      reporter[key].push(await reporterCanType(browser, url, server, TEAM.name, { uncompressed }));
      member[key].push(await memberSignIn(browser, url, server, TEAM.slug, { uncompressed }));
    }
  }
  report.group(
    `bytes transferred, cold cache (a fresh browser context), Chromium with its own Accept-Encoding, ${runs} runs`,
  );
  journeyRows(
    report,
    'before a reporter can type on /',
    reporter,
    350,
    `the report's first field taking typing after "Report to ${TEAM.name}"`,
  );
  journeyRows(
    report,
    "a member's sign-in, /team to the case list",
    member,
    700,
    'the case list loaded and shown',
  );
}

async function signInShiftGroup(
  report: Reporter,
  browser: Browser,
  url: string,
  runs: number,
): Promise<void> {
  const shifts: SignInShift[] = [];
  for (let run = 0; run < runs; run++) {
    report.progress(`pages: signing in on a phone screen, run ${run + 1} of ${runs}`);
    shifts.push(await signInLayoutShift(browser, url, TEAM.slug));
  }
  const cls = median(shifts.map((s) => s.cls));
  report.group(`signing in on a phone-sized screen (412×823, 1.75 dppx, touch), Chromium, ${runs} runs`);
  report.row({
    name: 'layout shift while signing in (CLS)',
    ours: layoutShift(cls),
    raw: { ours: shifts.map((s) => s.cls), all: shifts.map((s) => s.all) },
    targets: [{ text: '≤ 0.05', met: cls <= 0.05 }],
    note: `From /team to the case list shown and a second after, the admin's real Argon2id (3 passes, 256 MiB); session windows as Lighthouse counts them, shifts within 0.5 s of an input left out. Every shift, input or not: ${median(shifts.map((s) => s.all)).toFixed(3)} (${median(shifts.map((s) => s.shifts))} shifts).`,
  });
}

export const suite: Suite = {
  name: 'pages',
  description: 'Lighthouse (mobile) on /, /receipt, /team; bytes a reporter and a member download cold',
  async run(report, options) {
    if (!existsSync(CHROMIUM_PATH)) {
      report.note(`skipped: no Chromium at ${CHROMIUM_PATH} (Debian: apt-get install chromium)`);
      return;
    }
    const runs = options.quick ? 1 : 3;
    const clientDir = copyOfBuiltClient((text) => report.progress(`pages: ${text}`));
    const precompressed = readdirSync(path.join(clientDir, 'assets')).filter((f) => f.endsWith('.br')).length;
    if (precompressed === 0)
      report.note(
        'The client build served holds no precompressed (.br) files, so everything went out as it is: `npm run build:client` writes them (scripts/compress-client.ts).',
      );
    const postgres = await benchPostgres((text) => report.progress(`pages: ${text}`));
    const database = await createTestDatabase('benchpages');
    const db = createKysely(database.url, 5);
    const referencePage = await startReferencePage();
    let browser: Browser | undefined;
    let close: (() => Promise<void>) | undefined;
    try {
      await migrateToLatest(db as Kysely<unknown>);
      report.progress('pages: a team of 25 cases, its admin with the default Argon2id');
      await seedTeam(db, database.url, {
        ...TEAM,
        count: 25,
        bodyBytes: 10_240,
        reporterGrants: true,
        kdf: generateKdfParams(),
      });
      await analyzeDatabase(db);
      const config = loadConfig(
        {
          DATABASE_URL: database.url,
          LOG_LEVEL: 'warn',
          CONFIDE_RATE_LIMIT: 'off',
          CONFIDE_CLIENT_DIR: clientDir,
        },
        root,
      );
      const app = await buildApp({ config, db });
      const counter = new TransferCounter(app.server);
      await app.listen({ host: '127.0.0.1', port: 0 });
      close = () => app.close();
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP port');
      const url = `http://127.0.0.1:${address.port}`;

      await lighthouseGroup(report, url, referencePage.url, runs);
      browser = await launchBrowser();
      await bytesGroup(report, browser, url, counter, runs);
      await signInShiftGroup(report, browser, url, runs);
      report.note(
        `Lighthouse: its command line, default (mobile) configuration, performance category, CHROME_PATH=${CHROMIUM_PATH}, --chrome-flags="${LIGHTHOUSE_CHROME_FLAGS.join(' ')}"; a new Chromium per run. Journeys: Chromium ${browser.version()} headless through Playwright; bytes counted at the server's sockets (status line, headers and body as sent), Workers and WebAssembly included.`,
      );
    } finally {
      await browser?.close();
      await close?.();
      await referencePage.close();
      await db.destroy();
      await database.drop().catch(() => undefined);
      await postgres.stop();
      rmSync(clientDir, { recursive: true, force: true });
    }
  },
};
