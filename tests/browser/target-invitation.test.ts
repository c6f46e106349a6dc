/**
 * The target invited in (docs/protocol.md 8.5), in Chromium against the real server. A witness
 * reports harassment of someone else (a third-party report, with a real receipt). Ana, the team's
 * admin, opens it in the console, makes a receipt for the target, sends the reporter a reply and
 * the target a message. The target opens their receipt on the receipt page: they read the team's
 * message to them and answer, and see neither the report nor the reply to the reporter. Ana sees
 * the answer marked as the target's; the reporter, back with their own receipt, is told the target
 * was invited and reads nothing of the target's thread. A dump of the database afterwards holds
 * none of the words typed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  dumpEverything,
  fetchTransport,
  newReporter,
  submitReport,
  type CreatedTeam,
} from '../helpers/protocol/index.js';
import { openReportWithReceipt } from '../helpers/receipt-page.js';

const STORY = 300_000;
const SLOW = 90_000;

const SUMMARY = 'Threats against a new editor on the help desk';
const WHAT_HAPPENED =
  'A user I watch keeps threatening WitnessedPerson on the help desk; she has not reported it.';
const TO_REPORTER = 'Thank you for telling us; we are looking into what you saw.';
const TO_TARGET =
  'Someone told us about messages sent to you on the help desk. We would like to hear from you.';
const FROM_TARGET = 'Thank you. The messages started in March, after my edit to the sandbox.';
const RECEIPT = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}/;

describeBrowser('the target invited in', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let team: CreatedTeam;
  let reporterReceipt: string;
  let caseId: string;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createStewards(server.db, ANA_PASSPHRASE);
    const reporter = newReporter();
    reporterReceipt = reporter.receipt ?? '';
    const report = await submitReport(new Agent(fetchTransport(server.url)), team.slug, {
      reporter,
      body: {
        reporter_role: 'third_party',
        summary: SUMMARY,
        what_happened: WHAT_HAPPENED,
        involved: [{ name: 'WitnessedPerson', role: 'target' }],
      },
    });
    caseId = report.caseId;
  }, STORY);

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    if (clientDir) removeClientCopy(clientDir);
  });

  async function newPage(who: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${who} pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('401')) {
        problems.push(`${who} console: ${message.text()}`);
      }
    });
    return page;
  }

  async function sendFromComposer(page: Page, choice: string, field: string, text: string, button: string) {
    await page.getByRole('radio', { name: choice }).check();
    await page.getByLabel(field).fill(text);
    await page.getByRole('button', { name: button }).click();
  }

  let targetReceipt = '';
  let ana: Page;

  it(
    'lets a member make a receipt for the target, shown once, and write to both threads',
    async () => {
      ana = await newPage('Ana');
      await signInToConsole(ana, server.url, { slug: team.slug, name: 'Ana', passphrase: ANA_PASSPHRASE });
      await ana.getByRole('link', { name: new RegExp(SUMMARY) }).click();
      const invite = ana.getByRole('region', { name: 'Invite the target' });
      await invite.waitFor({ timeout: SLOW });
      await invite.getByRole('button', { name: 'Make a receipt for the target' }).click();

      const shown = ana.getByRole('region', { name: 'The target’s receipt' });
      await shown.waitFor({ timeout: SLOW });
      targetReceipt = RECEIPT.exec((await shown.textContent()) ?? '')?.[0] ?? '';
      expect(targetReceipt).toMatch(RECEIPT);
      expect(targetReceipt).not.toBe(reporterReceipt);
      await expectNoSeriousA11yViolations(ana);
      await shown.getByRole('button', { name: 'I have noted it' }).click();

      // Shown once: the case now names who invited the target, and offers no second receipt.
      const invited = ana.getByRole('region', { name: 'The target' });
      await invited.getByText(/The target was invited by Ana on/).waitFor({ timeout: SLOW });
      expect(await ana.getByRole('button', { name: 'Make a receipt for the target' }).count()).toBe(0);

      await sendFromComposer(
        ana,
        'A reply to the reporter',
        'Your reply',
        TO_REPORTER,
        'Send reply to the reporter',
      );
      await ana.getByText('Your reply was encrypted and sent.').waitFor({ timeout: SLOW });
      await sendFromComposer(
        ana,
        'A message to the target',
        'Your message to the target',
        TO_TARGET,
        'Send message to the target',
      );
      await ana.getByText('Your message to the target was encrypted and sent.').waitFor({ timeout: SLOW });
      await ana.getByText(TO_TARGET).waitFor({ timeout: SLOW });
      await ana.getByText('To the target').first().waitFor();
    },
    STORY,
  );

  it(
    "opens the target's receipt on the thread with the team alone, and takes their answer",
    async () => {
      expect(targetReceipt).toMatch(RECEIPT);
      const target = await newPage('target');
      await target.goto(new URL('/receipt', server.url).href);
      await target.getByLabel('Your receipt').fill(targetReceipt.toLowerCase());
      await target.getByRole('button', { name: 'Open my report' }).click();
      await target
        .getByRole('heading', { level: 1, name: 'Stewards invited you into a case' })
        .waitFor({ timeout: SLOW });
      await target.getByText(TO_TARGET).waitFor({ timeout: SLOW });
      const body = (await target.locator('main').textContent()) ?? '';
      expect(body).not.toContain(TO_REPORTER);
      expect(body).not.toContain(WHAT_HAPPENED);
      expect(body).not.toContain(SUMMARY);
      expect(await target.getByRole('button', { name: /withdraw/i }).count()).toBe(0);
      await expectNoSeriousA11yViolations(target);

      await target.getByLabel('Your message to Stewards').fill(FROM_TARGET);
      await target.getByRole('button', { name: 'Encrypt and send message' }).click();
      await target.getByText('Your message was sent to the team.').waitFor({ timeout: SLOW });
      await target.getByText(FROM_TARGET).waitFor({ timeout: SLOW });
    },
    STORY,
  );

  it(
    "shows the team the target's answer as theirs",
    async () => {
      // To another page and back inside the app (a reload would lock the console).
      const nav = ana.getByRole('navigation', { name: 'Team console' });
      await nav.getByRole('link', { name: 'Cases' }).click();
      await ana.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
      await ana.getByRole('link', { name: new RegExp(SUMMARY) }).click();
      await ana.getByText(FROM_TARGET).waitFor({ timeout: SLOW });
      await ana.getByText('From the target').first().waitFor();
    },
    STORY,
  );

  it(
    'tells the reporter the target was invited, and shows them nothing of that thread',
    async () => {
      const reporter = await newPage('reporter');
      await openReportWithReceipt(reporter, server.url, reporterReceipt, 'Stewards', SLOW);
      await reporter.getByText(TO_REPORTER).waitFor({ timeout: SLOW });
      await reporter
        .getByText(/the team invited the person targeted into this case with a receipt of their own/)
        .waitFor({ timeout: SLOW });
      const body = (await reporter.locator('main').textContent()) ?? '';
      expect(body).not.toContain(TO_TARGET);
      expect(body).not.toContain(FROM_TARGET);
    },
    STORY,
  );

  it(
    'leaves none of the words typed in the database, and no error in any page',
    async () => {
      const dump = await dumpEverything(server.db);
      for (const typed of [
        WHAT_HAPPENED,
        TO_REPORTER,
        TO_TARGET,
        FROM_TARGET,
        'WitnessedPerson',
        targetReceipt,
      ]) {
        expect(dump.includes(typed), typed).toBe(false);
      }
      expect(caseId).toBeTruthy();
      expect(problems).toEqual([]);
    },
    STORY,
  );
});
