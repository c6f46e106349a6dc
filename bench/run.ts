// `npm run bench` runs every suite in bench/suites/; `npm run bench -- crypto` runs one.
// Options: `--quick` (smoke run, figures meaningless), `--cpu` (time runs by process CPU
// time instead of wall time, for a machine shared with other jobs), `--list`, `--no-json`.
//
// Tables go to stdout, progress to stderr, and each suite's result is also
// written as JSON to bench/results/<suite>.json (git-ignored).

import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { RecordingReporter, renderTable, type SuiteResult } from './lib/reporter.js';
import { useClock } from './lib/measure.js';
import { isSuite, type Suite } from './lib/suite.js';

const suitesDir = new URL('./suites/', import.meta.url);
const resultsDir = new URL('./results/', import.meta.url);

/** Every `bench/suites/<name>.ts` that exports `suite`, by name. Sub-folders hold helpers. */
async function discoverSuites(): Promise<Suite[]> {
  const files = (await readdir(suitesDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => entry.name)
    .sort();
  const suites: Suite[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(fileURLToPath(new URL(file, suitesDir))).href)) as {
      suite?: unknown;
    };
    if (!isSuite(mod.suite)) throw new Error(`bench/suites/${file} does not export \`suite: Suite\``);
    if (`${mod.suite.name}.ts` !== file)
      throw new Error(`bench/suites/${file} names itself ${mod.suite.name}`);
    suites.push(mod.suite);
  }
  return suites;
}

function environment(): Record<string, string> {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: `${cpus[0]?.model.trim() ?? 'unknown'} x ${os.availableParallelism()}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    load: os.loadavg()[0]!.toFixed(1),
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const names = args.filter((a) => !a.startsWith('--'));
  const known = new Set(['--quick', '--cpu', '--list', '--no-json']);
  for (const flag of flags) {
    if (!known.has(flag)) {
      console.error(`unknown option ${flag} (known: ${[...known].join(', ')})`);
      return 2;
    }
  }

  const all = await discoverSuites();
  if (flags.has('--list')) {
    for (const s of all) console.log(`${s.name.padEnd(12)} ${s.description}`);
    return 0;
  }
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown suite ${unknown.join(', ')} (available: ${all.map((s) => s.name).join(', ')})`);
    return 2;
  }
  const selected = names.length === 0 ? all : all.filter((s) => names.includes(s.name));
  const quick = flags.has('--quick');
  const clock = flags.has('--cpu') ? 'cpu' : 'wall';
  useClock(clock);

  const env = environment();
  console.log(
    `confide bench  ${env['date']}  node ${env['node']}  ${env['platform']}  ${env['cpu']}  ${env['memory']}`,
  );
  console.log(
    clock === 'cpu'
      ? 'clock: process CPU time (--cpu), user + system of all threads; not wall time'
      : 'clock: wall time',
  );
  if (quick) console.log('--quick: smoke run with fewer runs and smaller inputs; do not quote these figures');
  if (os.loadavg()[0]! > os.availableParallelism() / 2) {
    console.log(
      `warning: the machine is busy (load ${env['load']} on ${os.availableParallelism()} cores): absolute ` +
        `figures are noisy; the ratios hold up better${clock === 'wall' ? ', and --cpu helps' : ''}`,
    );
  }

  for (const suite of selected) {
    const reporter = new RecordingReporter(suite.name);
    const start = performance.now();
    await suite.run(reporter, { quick });
    const result: SuiteResult = {
      suite: suite.name,
      rows: reporter.rows,
      notes: reporter.notes,
      elapsedMs: performance.now() - start,
    };
    console.log(`\n${renderTable(result)}`);
    if (!flags.has('--no-json')) {
      await mkdir(resultsDir, { recursive: true });
      const file = new URL(`${suite.name}${quick ? '.quick' : ''}.json`, resultsDir);
      await writeFile(file, `${JSON.stringify({ environment: env, quick, clock, ...result }, null, 2)}\n`);
      process.stderr.write(`[${suite.name}] results written to ${fileURLToPath(file)}\n`);
    }
  }
  return 0;
}

process.exitCode = await main();
