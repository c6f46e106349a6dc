/**
 * Every page a reporter meets, in each language, for people who do not use a mouse or a screen
 * the size of a desktop's (issue 14), in Chromium against the real server:
 *
 *   - axe finds no serious or critical violation in English, Spanish, French and Arabic, on a
 *     desktop and on a phone: the intake with its team list, the report form, its list of errors,
 *     the receipt page before and after a receipt opens a report, the appeal page, Staying safe, a
 *     page that does not exist, and the set-up and invitation links' pages;
 *   - in Spanish, French and Arabic (right to left), a reporter using only the keyboard chooses a team,
 *     fills in the report, sends it, and opens it again with the receipt, seeing where the focus is
 *     at each step; the report arrives.
 *
 * No translated words are asserted (translators keep changing the catalogs): controls are found by
 * their ids and places, and the language by the page's `lang` and `dir`.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import { startServerAndBrowser, type SuiteServer } from '../helpers/console-pages.js';
import { expectFocusRing, focusedMatches, tabTo } from '../helpers/keyboard.js';
import {
  Agent,
  createTeamWithService,
  fetchTransport,
  invite,
  newReporter,
  newSetupToken,
  signInFast,
  submitReport,
  type CreatedTeam,
} from '../helpers/protocol/index.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const LANGUAGES = ['en', 'es', 'fr', 'ar'] as const;
type Language = (typeof LANGUAGES)[number];
const direction = (language: Language) => (language === 'ar' ? 'rtl' : 'ltr');

/** The receipt's Argon2id and the report's encryption in the page, on a loaded 2-core machine. */
const SLOW = 90_000;

describeBrowser(
  'the reporter’s pages in every language: axe on desktop and phone, and the keyboard alone',
  () => {
    let server: SuiteServer;
    let browser: Browser;
    let context: BrowserContext | undefined;
    let clientDir: string;
    let team: CreatedTeam;
    /** A report sent beforehand, for the receipt page with a report open. */
    let receipt: string;
    let setupToken: string;
    let invitationToken: string;

    beforeAll(async () => {
      ({ server, browser, clientDir } = await startServerAndBrowser());
      team = await createTeamWithService(server.db, { slug: 'stewards', name: 'Stewards', adminName: 'Ana' });
      const agent = new Agent(fetchTransport(server.url));
      const reporter = newReporter();
      await submitReport(agent, team.slug, { reporter });
      receipt = reporter.receipt!;
      // Both links are only looked up by their pages, never used: one of each serves every visit.
      setupToken = await newSetupToken(server.db, new URL(server.url));
      invitationToken = (await invite(await signInFast(agent, team.slug, team.admin))).token;
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

    /** A fresh browser profile whose Accept-Language is `language`, at desktop width. */
    async function openPage(language: Language): Promise<Page> {
      context = await browser.newContext({ locale: language, viewport: DESKTOP, reducedMotion: 'reduce' });
      return context.newPage();
    }

    /** `address` with `?lang=` set, the fragment kept. */
    function at(address: string, language: Language): string {
      const url = new URL(address, server.url);
      url.searchParams.set('lang', language);
      return url.href;
    }

    async function expectLanguage(page: Page, language: Language, where: string): Promise<void> {
      expect(
        await page.evaluate<[string, string]>(
          '[document.documentElement.lang, document.documentElement.dir]',
        ),
        `lang and dir on ${where}`,
      ).toEqual([language, direction(language)]);
    }

    /**
     * axe on the page as it is, at desktop width then at phone width (the same page resized, which
     * is quicker than a new one). Violations are collected in `problems` rather than thrown, so that
     * one run lists every page's.
     */
    async function axeOnBothWidths(page: Page, where: string, problems: string[]): Promise<void> {
      for (const [size, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        await page.setViewportSize(viewport);
        try {
          await expectNoSeriousA11yViolations(page);
        } catch (error) {
          // The assertion's `actual` is axe's list: each rule, and each element with what to fix.
          const found = (error as { actual?: unknown }).actual;
          problems.push(`${where} (${size}):\n${Array.isArray(found) ? found.join('\n') : String(error)}`);
        }
      }
      await page.setViewportSize(DESKTOP);
    }

    for (const language of LANGUAGES) {
      it(`has no serious axe violation on any reporter page in ${language}, on desktop and phone`, async () => {
        const page = await openPage(language);
        const problems: string[] = [];
        const check = async (where: string) => {
          await expectLanguage(page, language, where);
          await axeOnBothWidths(page, where, problems);
        };

        await page.goto(at('/', language));
        const chooseTeam = page.locator('.team-card button');
        await chooseTeam.waitFor();
        await check('the intake with its team list');

        await chooseTeam.click();
        // The form is settled once the team's fingerprint has replaced the "checking" panel.
        await page.locator('.team-security .fingerprint').waitFor();
        await check('the report form');

        await page.locator('main form button[type="submit"]').click();
        await page.locator('.error-summary li').first().waitFor();
        expect(await page.locator('[aria-invalid="true"]').count(), 'fields marked invalid').toBeGreaterThan(
          0,
        );
        await check('the report form’s list of errors');

        await page.goto(at('/receipt', language));
        await page.locator('input[name="receipt"]').waitFor();
        await check('/receipt, before a receipt is entered');

        await page.goto(at('/appeal', language));
        await page.locator('main form input').first().waitFor();
        await check('/appeal');

        await page.goto(at('/safety', language));
        await page.locator('main h1').waitFor();
        await page.locator('main h2').first().waitFor();
        await check('/safety');

        await page.goto(at('/no-such-page', language));
        await page.locator('main h1').waitFor();
        await page.locator('main a[href="/"]').waitFor();
        await check('a page that does not exist');

        await page.goto(at(`/setup#${setupToken}`, language));
        await page.locator('main form input[type="password"]').first().waitFor();
        await check('/setup, from a set-up link');

        await page.goto(at(`/join#${invitationToken}`, language));
        await page.locator('main form input[type="password"]').first().waitFor();
        await check('/join, from an invitation link');

        expect(problems.join('\n\n')).toBe('');
      });
    }

    it('has no serious axe violation on the receipt page with a report open, in each language', async () => {
      const page = await openPage('en');
      const problems: string[] = [];
      await page.goto(at('/receipt', 'en'));
      await page.locator('input[name="receipt"]').fill(receipt);
      await page.locator('main form button[type="submit"]').click();
      const heading = page.locator('main h1', { hasText: 'Stewards' });
      await heading.waitFor({ timeout: SLOW });

      // The receipt's Argon2id runs once: the page changes language in place, keeping the report open.
      const switcher = page.getByRole('banner').getByRole('combobox');
      for (const language of LANGUAGES) {
        await switcher.selectOption(language);
        await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe(language);
        await heading.waitFor();
        expect(await page.locator('input[name="receipt"]').count(), 'the receipt form is gone').toBe(0);
        await expectLanguage(page, language, 'the opened report');
        await axeOnBothWidths(page, `/receipt with a report open, ${language}`, problems);
      }
      expect(problems.join('\n\n')).toBe('');
    });

    // -------------------------------------------------------------------------------------------
    // The keyboard alone
    // -------------------------------------------------------------------------------------------

    const casesOfTheTeam = async () =>
      (await server.db.selectFrom('cases').select('id').where('team_id', '=', team.id).execute()).length;

    for (const [language, summary, details] of [
      ['es', 'Amenazas en mi página de discusión', 'Desde el lunes una cuenta publica amenazas.'],
      ['fr', 'Menaces sur ma page de discussion', 'Depuis lundi, un compte publie des menaces.'],
      ['ar', 'تهديدات على صفحة نقاشي', 'منذ يوم الاثنين ينشر حساب تهديدات.'],
    ] as const) {
      it(
        `in ${language}, a reporter chooses the team, sends a report and opens it again with the keyboard alone`,
        async () => {
          const page = await openPage(language);
          const casesBefore = await casesOfTheTeam();
          await page.goto(at('/', language));
          await expectLanguage(page, language, 'the intake');
          await page.locator('.team-card button').waitFor();

          // The team.
          await tabTo(page, '.team-card button');
          await expectFocusRing(page, 'the button choosing the team');
          await page.keyboard.press('Enter');
          // The focus moves to the form's heading, so the next Tab goes into the form.
          await expect.poll(() => focusedMatches(page, '#form-heading')).toBe(true);
          await page.locator('.team-security .fingerprint').waitFor();

          // Who it is about: Tab enters the group on its first choice, Space picks it, and the arrow
          // keys move the choice (up and down, whichever way the text runs).
          await tabTo(page, 'input[name="reporter_role"]');
          expect(await page.evaluate<string>('document.activeElement.id')).toBe('report-role-target');
          await expectFocusRing(page, 'the first choice of who it is about');
          await page.keyboard.press('Space');
          await page.keyboard.press('ArrowDown');
          expect(await page.locator('#report-role-third-party').isChecked()).toBe(true);
          await page.keyboard.press('ArrowUp');
          expect(await page.locator('#report-role-target').isChecked()).toBe(true);
          await expectFocusRing(page, 'a choice moved to with the arrow keys');

          // A kind of harassment, ticked with Space.
          await tabTo(page, '#report-kind-personal_attack');
          await expectFocusRing(page, 'a checkbox');
          await page.keyboard.press('Space');
          expect(await page.locator('#report-kind-personal_attack').isChecked()).toBe(true);

          // The two texts; Shift+Tab goes back to the first with what was typed kept.
          await tabTo(page, '#report-summary');
          await expectFocusRing(page, 'the summary');
          await page.keyboard.type(summary);
          await page.keyboard.press('Tab');
          expect(
            await focusedMatches(page, '#report-what-happened'),
            'what happened, after the summary',
          ).toBe(true);
          await expectFocusRing(page, 'the text of what happened');
          await page.keyboard.type(details);
          await page.keyboard.press('Enter');
          await page.keyboard.type('2');
          await page.keyboard.press('Shift+Tab');
          expect(await focusedMatches(page, '#report-summary'), 'Shift+Tab back to the summary').toBe(true);
          expect(await page.locator('#report-summary').inputValue()).toBe(summary);
          expect(await page.locator('#report-what-happened').inputValue()).toBe(`${details}\n2`);

          // Sent from its button.
          await tabTo(page, 'main form button[type="submit"]', { most: 120 });
          await expectFocusRing(page, 'the send button');
          await page.keyboard.press('Enter');
          const receiptCode = page.locator('.receipt-code');
          await receiptCode.waitFor({ timeout: SLOW });
          const sentReceipt = ((await receiptCode.textContent()) ?? '').trim();
          expect(sentReceipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
          // The focus is on the new heading, so the receipt is read out from the top.
          await expect.poll(() => focusedMatches(page, 'main h1')).toBe(true);
          await expectLanguage(page, language, 'the receipt');
          // The report arrived: one case more for the team.
          await expect.poll(casesOfTheTeam).toBe(casesBefore + 1);

          // From the receipt to the report, by the link beside Finish.
          await tabTo(page, 'main a[href^="/receipt"]');
          await expectFocusRing(page, 'the link to open the report');
          await page.keyboard.press('Enter');
          await page.waitForURL((url) => url.pathname === '/receipt');
          await expect.poll(() => focusedMatches(page, 'main h1')).toBe(true);
          await expectLanguage(page, language, '/receipt');
          await tabTo(page, 'input[name="receipt"]');
          await expectFocusRing(page, 'the receipt field');
          await page.keyboard.type(sentReceipt.toLowerCase());
          await page.keyboard.press('Enter');
          await page.locator('main h1', { hasText: 'Stewards' }).waitFor({ timeout: SLOW });
          await expectLanguage(page, language, 'the opened report');
          // The report opened is the one just sent, with what was typed.
          await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain(summary);
          expect(await page.locator('main').textContent()).toContain(details);
        },
        SLOW * 3,
      );
    }
  },
);
