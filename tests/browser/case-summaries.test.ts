/**
 * Summary envelopes (docs/protocol.md 9.7) end to end, in Chromium against the real server: the
 * report form seals a summary beside the body, the console lists each case by it and opens the
 * case against it (a summary that disagrees with its report is said so plainly), a report written
 * before summaries still lists and opens, and every Worker of a page runs one script and shares
 * one libsodium file.
 */

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeBrowser, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import { Agent, fetchTransport, submitReport } from '../helpers/protocol/index.js';

/** Argon2id (the receipt's, then the member's) on a loaded 2-core machine is slow. */
const SLOW = 240_000;

interface Watched {
  readonly page: Page;
  /** Every address the page and its Workers asked for. */
  readonly urls: string[];
  /** The script of every Worker the page started. */
  readonly workers: string[];
  readonly problems: string[];
}

describeBrowser('summary envelopes in the browser', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    await createStewards(server.db, ANA_PASSPHRASE);
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  async function openPage(): Promise<Watched> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    const watched: Watched = { page, urls: [], workers: [], problems: [] };
    page.on('request', (request) => watched.urls.push(request.url()));
    page.on('worker', (worker) => watched.workers.push(worker.url()));
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // The session check answers 401 before anyone has signed in; Chromium logs that fetch.
      if (message.type() === 'error' && !message.text().includes('401')) {
        watched.problems.push(`console: ${message.text()}`);
      }
    });
    return watched;
  }

  async function signInAsAna(page: Page): Promise<void> {
    await signInToConsole(page, server.url, { slug: 'stewards', name: 'Ana', passphrase: ANA_PASSPHRASE });
  }

  /** Opens the case whose row says `line`, and waits for its report. */
  async function openCase(page: Page, line: string): Promise<string> {
    const row = page.locator('.case-card', { hasText: line });
    await row.waitFor({ timeout: 60_000 });
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
    return (await page.textContent('main')) ?? '';
  }

  /** The text of every warning on the case page. */
  async function alerts(page: Page): Promise<string> {
    return (await page.getByRole('alert').allTextContents()).join('\n');
  }

  /** The distinct scripts among `urls` whose file name starts with `name`. */
  function assets(urls: readonly string[], name: string): string[] {
    return [...new Set(urls.filter((url) => new URL(url).pathname.startsWith(`/assets/${name}`)))];
  }

  it(
    'seals a summary with a report sent from the form; the console lists it and opens it without a warning',
    async () => {
      const reporter = await openPage();
      await reporter.page.goto(new URL('/', server.url).href);
      await reporter.page.getByRole('button', { name: 'Report to Stewards' }).click();
      await reporter.page.getByText('Security fingerprint of Stewards').waitFor();
      await reporter.page.getByLabel('It is happening to me').check();
      await reporter.page.getByLabel('Personal attacks or insults').check();
      await reporter.page
        .getByLabel('In one line, what is this about?')
        .fill('Insults under every edit I make');
      await reporter.page
        .getByLabel('What happened?')
        .fill('An account replies to each of my edits with insults.');
      await reporter.page.getByLabel('Account 1', { exact: true }).fill('Rude_Replier');
      await reporter.page.getByRole('button', { name: 'Encrypt and send report' }).click();
      await reporter.page
        .getByRole('heading', { level: 1, name: 'Your report was sent' })
        .waitFor({ timeout: 60_000 });
      expect(reporter.problems).toEqual([]);
      // The receipt's Argon2id ran in the one Worker script, which loaded libsodium as its own file.
      expect(assets(reporter.workers, '')).toHaveLength(1);
      expect(assets(reporter.workers, 'crypto-host.worker-')).toHaveLength(1);
      expect(assets(reporter.urls, 'libsodium-')).toHaveLength(1);

      const stored = await server.db
        .selectFrom('cases')
        .select(['summary_ct', 'summary_nonce'])
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(stored.summary_ct?.length).toBe(528);
      expect(stored.summary_nonce?.length).toBe(24);

      const member = await openPage();
      await signInAsAna(member.page);
      const main = await openCase(member.page, 'Insults under every edit I make');
      expect(main).toContain('An account replies to each of my edits with insults.');
      const warnings = await alerts(member.page);
      expect(warnings).not.toContain('does not match');
      expect(warnings).not.toContain('signature');
      expect(await member.page.getByLabel('A reply to the reporter').isDisabled()).toBe(false);
      expect(member.problems).toEqual([]);
      // The keyring, its decrypting Workers and the KDF Worker: one script, one libsodium file.
      expect(member.workers.length).toBeGreaterThanOrEqual(3);
      expect(assets(member.workers, '')).toHaveLength(1);
      expect(assets(member.urls, 'libsodium-')).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'warns when the summary disagrees with its report, and lists and opens a report written before summaries',
    async () => {
      const agent = new Agent(fetchTransport(server.url));
      await submitReport(agent, 'stewards', {
        body: {
          summary: 'Threats of violence at the meetup',
          what_happened: 'Someone wrote that they would hurt me at the meetup.',
          danger: 'life',
        },
        // What a faulty or hostile writer could seal: a summary that plays the report down.
        summary: {
          schema: 'confide/summary/v1',
          reporter_role: 'target',
          kinds: ['personal_attack'],
          danger: 'none',
          private_info_exposed: false,
          summary: 'A small disagreement',
          where: 'en.wikipedia.org, User talk',
        },
      });
      await submitReport(agent, 'stewards', {
        body: {
          summary: 'Written before summaries existed',
          what_happened: 'An older browser sent this report without a summary.',
        },
        legacy: true,
      });

      const { page, problems } = await openPage();
      await signInAsAna(page);
      // The list shows what the summary says: it cannot know better until the case is opened.
      const main = await openCase(page, 'A small disagreement');
      expect(main).toContain('Someone wrote that they would hurt me at the meetup.');
      const warnings = await alerts(page);
      expect(warnings).toContain(
        'The line shown in the case list for this case does not match the report itself (fields: danger, summary line).',
      );
      expect(warnings).not.toContain('signature');

      await page.getByRole('link', { name: 'Cases' }).first().click();
      const older = await openCase(page, 'Written before summaries existed');
      expect(older).toContain('An older browser sent this report without a summary.');
      const olderWarnings = await alerts(page);
      expect(olderWarnings).not.toContain('does not match');
      expect(olderWarnings).not.toContain('signature');
      expect(problems).toEqual([]);
    },
    SLOW,
  );
});
