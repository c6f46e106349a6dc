// Lighthouse 12.2.3 (the project's devDependency) run through its own command line, as anyone
// would run it from outside: its default configuration, which is the mobile profile (a Moto G
// Power's screen, a 4× slower CPU and a slow 4G network, simulated from the trace of an
// unthrottled load), the performance category only, against Debian's Chromium with the flags of
// the issue. Each run starts a fresh Chromium with a fresh profile: a cold cache.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const LIGHTHOUSE_CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
] as const;

export interface LighthouseReading {
  /** The performance category's score, 0 to 100. */
  readonly score: number;
  /** Cumulative layout shift of the load. */
  readonly cls: number;
  /** Simulated, in ms. */
  readonly lcpMs: number;
  readonly fcpMs: number;
  readonly tbtMs: number;
  readonly speedIndexMs: number;
  /** total-byte-weight: the transfer sizes of every request of the load. */
  readonly bytes: number;
  readonly version: string;
  readonly formFactor: string;
  readonly throttling: string;
  readonly warnings: readonly string[];
}

interface Lhr {
  lighthouseVersion: string;
  runtimeError?: { code: string; message: string };
  runWarnings: string[];
  configSettings: { formFactor: string; throttlingMethod: string };
  categories: { performance?: { score: number | null } };
  audits: Record<string, { numericValue?: number } | undefined>;
}

const numeric = (lhr: Lhr, audit: string): number => {
  const value = lhr.audits[audit]?.numericValue;
  if (value === undefined) throw new Error(`Lighthouse gave no ${audit}`);
  return value;
};

/** One Lighthouse run of `url`; rejects if Lighthouse fails or reports a runtime error. */
export async function runLighthouse(url: string, chromePath: string): Promise<LighthouseReading> {
  const cli = require.resolve('lighthouse/cli/index.js');
  const args = [
    cli,
    url,
    '--output=json',
    '--output-path=stdout',
    '--only-categories=performance',
    `--chrome-flags=${LIGHTHOUSE_CHROME_FLAGS.join(' ')}`,
    '--quiet',
  ];
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, args, {
        env: { ...process.env, CHROME_PATH: chromePath },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (exit) =>
        resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: exit }),
      );
    },
  );
  if (code !== 0) throw new Error(`Lighthouse exited with ${code} on ${url}: ${stderr.trim().slice(-500)}`);
  const lhr = JSON.parse(stdout) as Lhr;
  if (lhr.runtimeError)
    throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const performanceScore = lhr.categories.performance?.score;
  if (performanceScore === undefined || performanceScore === null)
    throw new Error(`Lighthouse on ${url} gave no performance score`);
  return {
    score: performanceScore * 100,
    cls: numeric(lhr, 'cumulative-layout-shift'),
    lcpMs: numeric(lhr, 'largest-contentful-paint'),
    fcpMs: numeric(lhr, 'first-contentful-paint'),
    tbtMs: numeric(lhr, 'total-blocking-time'),
    speedIndexMs: numeric(lhr, 'speed-index'),
    bytes: numeric(lhr, 'total-byte-weight'),
    version: lhr.lighthouseVersion,
    formFactor: lhr.configSettings.formFactor,
    throttling: lhr.configSettings.throttlingMethod,
    warnings: lhr.runWarnings,
  };
}
