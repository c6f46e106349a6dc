/**
 * Browser tests drive Debian's Chromium (/usr/bin/chromium) with playwright-core:
 * no browser download, nothing fetched at test time.
 *
 * Use `describeBrowser` instead of `describe` in tests/browser: without Chromium the
 * suite is skipped with a printed notice, unless REQUIRE_BROWSER=1 (CI), where a
 * missing browser is a failure rather than a silent pass.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';
import { describe, expect, it, type SuiteFactory } from 'vitest';

/** Debian's package; CHROMIUM_PATH points elsewhere (another system, or to check the skip path). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const browserAvailable = existsSync(CHROMIUM_PATH);

const browserRequired = process.env.REQUIRE_BROWSER === '1';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      // No update checks, sync or other traffic of the browser's own: the tests assert
      // that nothing leaves the origin, and CI may run without a network.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Where the built client is: dist/client, or CONFIDE_TEST_BUILT_CLIENT for someone who builds
 * into a directory of their own (`vite build --outDir`) while another build uses dist/client.
 */
export function builtClientDir(): string {
  return process.env.CONFIDE_TEST_BUILT_CLIENT ?? path.resolve(import.meta.dirname, '../../dist/client');
}

/**
 * A private copy of the built client (dist/client) for a suite's server to serve: a rebuild during
 * the run changes the hashed file names, and must not pull files from under the pages being tested.
 * Delete it with removeClientCopy when the suite ends.
 */
export function builtClientCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'confide-client-'));
  cpSync(builtClientDir(), dir, { recursive: true });
  return dir;
}

export function removeClientCopy(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** `describe` for suites that need Chromium; see the file comment. */
export function describeBrowser(name: string, factory: SuiteFactory): void {
  if (browserAvailable) {
    describe(name, factory);
    return;
  }
  if (browserRequired) {
    describe(name, () => {
      it(`needs Chromium at ${CHROMIUM_PATH} (REQUIRE_BROWSER=1)`, () => {
        throw new Error(
          `REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH}. Install it (Debian: apt-get install chromium).`,
        );
      });
    });
    return;
  }
  console.warn(
    `\n[browser tests] SKIPPED "${name}": no Chromium at ${CHROMIUM_PATH}. ` +
      'Install it (Debian: apt-get install chromium), or set REQUIRE_BROWSER=1 to make this a failure.\n',
  );
  describe.skip(name, factory);
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

/**
 * Runs axe-core on the page as it is now and fails listing every serious or
 * critical violation (rule, help text, and the elements involved).
 *
 * axe is evaluated through the DevTools protocol rather than added as a <script>:
 * the pages' Content-Security-Policy forbids inline scripts, and the tests must run
 * against the real policy, not one bypassed for the occasion.
 */
export async function expectNoSeriousA11yViolations(page: Page, options: RunOptions = {}): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate<boolean>(`${axeSource};\ntypeof window.axe === 'object'`);
  if (!loaded) throw new Error('axe-core did not load into the page');

  const results = await page.evaluate(
    (runOptions) =>
      (globalThis as unknown as { axe: { run(o: RunOptions): Promise<AxeResults> } }).axe.run(runOptions),
    { resultTypes: ['violations'], ...options } satisfies RunOptions,
  );

  const serious = results.violations.filter((v) => v.impact != null && FAILING_IMPACTS.includes(v.impact));
  const report = serious.map(
    (v) =>
      `${v.impact ?? ''} ${v.id}: ${v.help} (${v.helpUrl})\n` +
      v.nodes.map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary ?? ''}`).join('\n'),
  );
  expect(report, `axe found serious accessibility problems on ${page.url()}`).toEqual([]);
}
