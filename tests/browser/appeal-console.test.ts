/**
 * Appeals in the team console (docs/protocol.md 10.9), in Chromium against the real server. Ana
 * (admin), Ben and Cai are on a team with the default quorum of 2; Ben and Cai voted on a case Ana
 * closed. Ana makes an appeal reference from the closed case's notice to the sanctioned user; the
 * appeal is then sent with it as the appellant's browser would (the protocol client of
 * tests/helpers, like tests/integration/appeals.test.ts); the list and both case pages link the
 * two cases; and Ben, who voted on the original, finds his vote on the appeal disabled, with why.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  BEN_PASSPHRASE,
  CAI_PASSPHRASE,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  closeWithSummary,
  expectReply,
  fetchTransport,
  joinTeam,
  postReport,
  prepareReport,
  signInFast,
  submitReport,
  voteOn,
  type CreatedTeam,
  type MemberSession,
} from '../helpers/protocol/index.js';

const STORY = 300_000;
const SLOW = 60_000;

const ORIGINAL_SUMMARY = 'Slurs in the general channel';
const APPEAL_SUMMARY = 'I appeal the ban';
const VOTED_ON_ORIGINAL = 'You voted on the decision this appeal is about, so other members decide it.';
const REFERENCE = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describeBrowser('appeals in the team console', () => {
  let server: SuiteServer;
  let browser: Browser;
  let team: CreatedTeam;
  let ana: MemberSession;
  let originalId: string;
  let originalNumber: number;
  let clientDir: string;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createStewards(server.db, ANA_PASSPHRASE);
    ana = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    const ben = await joinTeam(ana, { name: 'Ben', passphrase: BEN_PASSPHRASE });
    const cai = await joinTeam(ana, { name: 'Cai', passphrase: CAI_PASSPHRASE });
    // The decided case: Ben and Cai vote (the quorum is 2), Ana closes it.
    const original = await submitReport(new Agent(fetchTransport(server.url)), team.slug, {
      body: { summary: ORIGINAL_SUMMARY, what_happened: 'Repeated slurs against a member.' },
    });
    originalId = original.caseId;
    expectReply(await ben.session.agent.post(`/api/cases/${originalId}/rounds`), 201, 'open round');
    expectReply(await voteOn(ben.session, originalId, 1), 201, 'vote');
    expectReply(await voteOn(cai.session, originalId, 1), 201, 'vote');
    await closeWithSummary(ana, originalId);
    originalNumber = expectReply<{ number: number }>(
      await ana.agent.get(`/api/cases/${originalId}`),
      200,
      'original case',
    ).number;
  }, STORY);

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  async function signedIn(name: string, passphrase: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${name} pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('401')) {
        problems.push(`${name} console: ${message.text()}`);
      }
    });
    await signInToConsole(page, server.url, { slug: team.slug, name, passphrase });
    return page;
  }

  /** To the list inside the app (a reload would lock the console), all statuses shown. */
  async function toAllCases(page: Page): Promise<void> {
    const nav = page.getByRole('navigation', { name: 'Team console' });
    if (new URL(page.url()).pathname === '/team/cases') {
      await nav.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    }
    await nav.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'All cases' });
  }

  async function openFromList(page: Page, summary: string): Promise<void> {
    await toAllCases(page);
    await page.getByRole('link', { name: new RegExp(escapeRegExp(summary)) }).click();
    await page.getByRole('heading', { name: /^The (report|appeal)$/ }).waitFor({ timeout: SLOW });
  }

  let anaPage: Page;
  let reference: string;
  let appealId: string;
  let appealNumber: number;

  it(
    'makes an appeal reference from a closed case, filled into the notice to the reported user',
    async () => {
      anaPage = await signedIn('Ana', ANA_PASSPHRASE);
      await openFromList(anaPage, ORIGINAL_SUMMARY);
      const composer = anaPage.getByRole('region', { name: 'Write' });
      await composer.getByLabel('Use a template').selectOption({ label: 'Notice to the reported user' });
      await composer.getByRole('button', { name: 'Put this template in the text' }).click();
      const text = composer.getByRole('textbox', { name: /^Your (reply|note)$/ });
      await expect.poll(() => text.inputValue()).toContain('{how to appeal}');

      await composer.getByRole('button', { name: 'Make an appeal reference' }).click();
      const made = composer.getByRole('status').filter({ hasText: 'The appeal reference is in your text' });
      await made.waitFor({ timeout: SLOW });
      expect(await made.textContent()).toContain('It is shown only this once');
      reference = ((await made.locator('.composer__reference').textContent()) ?? '').trim();
      expect(reference).toMatch(new RegExp(`^${REFERENCE.source}$`));

      const filled = await text.inputValue();
      expect(filled).not.toContain('{how to appeal}');
      expect(filled).toContain(
        `you can send your appeal at ${new URL(server.url).origin}/appeal with the reference ${reference}.`,
      );
      await expectNoSeriousA11yViolations(anaPage);
    },
    STORY,
  );

  it(
    'shows an appeal sent with it as "Appeal of #N" on its page, and links the original back to it',
    async () => {
      // The appellant's browser: a report like any other, carrying the reference.
      const agent = new Agent(fetchTransport(server.url));
      const prepared = await prepareReport(agent, team.slug, {
        body: { summary: APPEAL_SUMMARY, what_happened: 'I was banned for something I did not do.' },
      });
      appealId = prepared.submission.id;
      expectReply(
        await postReport(agent, { ...prepared.submission, appeal_reference: reference }),
        201,
        'appeal',
      );
      appealNumber = expectReply<{ number: number }>(
        await ana.agent.get(`/api/cases/${appealId}`),
        200,
        'appeal case',
      ).number;

      await openFromList(anaPage, APPEAL_SUMMARY);
      // Named as an appeal, sent by the person the decision was about.
      await anaPage.getByRole('heading', { name: 'The appeal' }).waitFor();
      expect(await anaPage.locator('.report__facts').textContent()).toContain(
        'The person the decision was about',
      );
      const appealOf = anaPage.getByRole('link', { name: `Appeal of #${originalNumber}` });
      await appealOf.waitFor();
      expect(await appealOf.getAttribute('href')).toBe(`/team/cases/${originalId}`);

      await appealOf.click();
      await anaPage.getByRole('heading', { level: 1, name: ORIGINAL_SUMMARY }).waitFor({ timeout: SLOW });
      const back = anaPage.locator('.case__appeal', { hasText: 'Appealed:' });
      await back.waitFor({ timeout: SLOW });
      const link = back.getByRole('link', { name: `#${appealNumber}` });
      expect(await link.getAttribute('href')).toBe(`/team/cases/${appealId}`);
      // The page started afresh for the other case: no reference carried over.
      expect(await anaPage.getByText('The appeal reference is in your text').count()).toBe(0);
    },
    STORY,
  );

  it(
    'disables the vote on the appeal for a member who voted on the original, saying why',
    async () => {
      expectReply(await ana.agent.post(`/api/cases/${appealId}/rounds`), 201, 'open a round on the appeal');
      const benPage = await signedIn('Ben', BEN_PASSPHRASE);
      await openFromList(benPage, APPEAL_SUMMARY);
      const panel = benPage.getByRole('complementary', { name: 'Case handling' });
      const form = panel.locator('form', { has: benPage.getByRole('button', { name: 'Cast my vote' }) });
      await form.waitFor({ timeout: SLOW });
      await form.getByText(VOTED_ON_ORIGINAL).waitFor();
      expect(await form.getByRole('button', { name: 'Cast my vote' }).isDisabled()).toBe(true);
      expect(await form.getByRole('radio').first().isDisabled()).toBe(true);
      // The reason is the form's description, so a screen reader says it with the form.
      const described = await form.getAttribute('aria-describedby');
      expect(described).not.toBeNull();
      expect(await benPage.locator(`[id="${described}"]`).textContent()).toBe(VOTED_ON_ORIGINAL);
      await expectNoSeriousA11yViolations(benPage);
    },
    STORY,
  );

  it(
    'marks the appeal in the case list without another request',
    async () => {
      const requests: string[] = [];
      anaPage.on('request', (request) => requests.push(new URL(request.url()).pathname));
      await toAllCases(anaPage);
      const card = anaPage.locator('.case-card', { hasText: APPEAL_SUMMARY });
      await card.waitFor({ timeout: SLOW });
      await card.getByText(`Appeal of #${originalNumber}`).waitFor({ timeout: SLOW });
      // The mark comes with the list's rows: no case is fetched for it.
      expect(requests.filter((p) => /^\/api\/cases\/[0-9a-f-]{36}/.test(p))).toEqual([]);
      expect(problems).toEqual([]);
    },
    STORY,
  );
});
