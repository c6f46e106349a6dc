/**
 * The public appeal page (/appeal, docs/protocol.md 10.9), clicked through in Chromium against
 * the real server, with the case and its reference made over the API as a team would:
 *
 *   - a reference never made is refused in words, without a team named;
 *   - a valid one typed in lower case with spaces: the team is named, the appeal is encrypted and
 *     sent as a report, the receipt is shown, and the team's case is an appeal of the original;
 *   - the receipt opens the appeal on /receipt;
 *   - a second appeal with the same reference is refused in words (the team's limit is 1).
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import { openReportWithReceipt } from '../helpers/receipt-page.js';
import { startServerAndBrowser, type SuiteServer } from '../helpers/console-pages.js';
import {
  Agent,
  closeWithSummary,
  createTeamWithService,
  expectReply,
  fetchTransport,
  signInFast,
  submitReport,
  type CreatedTeam,
  type MemberSession,
} from '../helpers/protocol/index.js';

describeBrowser('the appeal page in Chromium', () => {
  let server: SuiteServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let team: CreatedTeam;
  let admin: MemberSession;
  let clientDir: string;
  let originalId = '';
  let reference = '';
  /** The appellant's receipt, from the second test, for the third. */
  let receipt = '';

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createTeamWithService(server.db, { slug: 'stewards', name: 'Stewards', adminName: 'Ana' });
    const agent = new Agent(fetchTransport(server.url));
    admin = await signInFast(agent, team.slug, team.admin);
    // No vote round needed to close a case: how the team decided is not this page's concern.
    await server.db.updateTable('teams').set({ quorum: 0 }).where('id', '=', team.id).execute();
    // A report, decided and closed: the decision a sanctioned user appeals.
    originalId = (await submitReport(new Agent(fetchTransport(server.url)), team.slug)).caseId;
    await closeWithSummary(admin, originalId);
    reference = expectReply<{ reference: string }>(
      await admin.agent.post(`/api/cases/${originalId}/appeal-reference`),
      201,
      'appeal reference',
    ).reference;
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function openAppealPage(): Promise<{ page: Page; problems: string[] }> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // The browser logs every refusal; a 404 or 409 from the check is the answer these tests expect.
      if (/Failed to load resource: .* (404|409) /.test(message.text())) return;
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
        problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    await page.goto(new URL('/appeal', server.url).href);
    await page.getByRole('heading', { level: 1, name: 'Appeal a decision' }).waitFor();
    return { page, problems };
  }

  async function enterReference(page: Page, typed: string): Promise<void> {
    await page.getByLabel('Appeal reference').fill(typed);
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('refuses a reference never made, in words', async () => {
    const { page, problems } = await openAppealPage();
    await enterReference(page, '0000-0000-0000-0000-0000');
    await page.getByText('We could not find this reference.').waitFor({ timeout: 20_000 });
    expect(await page.getByText('Your appeal to').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    expect(problems).toEqual([]);
  });

  it('names the team for a valid reference typed in lower case with spaces, sends the appeal and shows the receipt', async () => {
    const { page, problems } = await openAppealPage();
    await enterReference(page, `  ${reference.toLowerCase().replace(/-/g, ' ')} `);
    await page
      .getByRole('heading', { level: 2, name: 'Your appeal to Stewards' })
      .waitFor({ timeout: 20_000 });
    await page.getByText('Security fingerprint of Stewards').waitFor({ timeout: 20_000 });
    await page
      .getByLabel('Your appeal')
      .fill('The edits you banned me for were made by someone else on a shared computer.');
    await page.getByRole('button', { name: 'Encrypt and send appeal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your appeal was sent' }).waitFor({ timeout: 30_000 });
    receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(receipt).not.toBe(reference);
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain('This receipt is how you read the team’s answer.');
    expect(main).toContain('It cannot be recovered.');
    await expectNoSeriousA11yViolations(page);
    expect(problems).toEqual([]);

    // The server linked it: a new case, an appeal of the original.
    const cases = await server.db.selectFrom('cases').select(['id', 'appeal_of']).execute();
    const appeals = cases.filter((c) => c.appeal_of === originalId);
    expect(appeals).toHaveLength(1);
    expect(appeals[0]!.id).not.toBe(originalId);
  });

  it('opens the appeal with its receipt on the receipt page', async () => {
    expect(receipt).not.toBe('');
    const { page, problems } = await openAppealPage();
    await openReportWithReceipt(page, server.url, receipt, 'Stewards');
    await page.getByText('The report you sent').click();
    const details = (await page.locator('.report-details').textContent()) ?? '';
    expect(details).toContain('made by someone else on a shared computer');
    expect(problems).toEqual([]);
  });

  it('refuses a second appeal with the same reference, in words', async () => {
    const { page, problems } = await openAppealPage();
    await enterReference(page, reference);
    await page.getByText('This decision has already been appealed').waitFor({ timeout: 20_000 });
    expect(await page.getByText('Your appeal to').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
