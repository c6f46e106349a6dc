/**
 * The team console with the keyboard alone (issue 14: "every flow works by keyboard alone"), in
 * English and in Arabic (right to left), in Chromium against the real server. With nothing but
 * Tab, Shift+Tab, the arrow keys, Enter and typing, a member:
 *
 *   - chooses the team in the sign-in form's list with the arrow keys, types their name and
 *     passphrase (Shift+Tab going back keeps what was typed), and signs in with Enter;
 *   - opens the case from the case list, the focus moved into the page, not left at its top;
 *   - keeps "a reply to the reporter" in the composer's choices after trying another with the
 *     arrow keys, types a reply, and sends it from its button: it shows in the timeline and is
 *     stored as a message to the reporter.
 *
 * Every control reached shows where the focus is (an outline or a box shadow).
 *
 * Controls are found by their names, ids and places, never by their words; the one sentence
 * asserted (that the reply was sent) is read from the console's catalog at run time.
 */

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { SOURCE_LANGUAGE } from '../../contract/languages.js';
import type { ReportBody } from '../../crypto/index.js';
import { describeBrowser, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  consoleCatalog,
  consoleSettled,
  createStewards,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import { describeFocused, expectFocusRing, focusedMatches, tabTo } from '../helpers/keyboard.js';
import {
  Agent,
  cheapKdf,
  createTeamWithService,
  fetchTransport,
  submitReport,
} from '../helpers/protocol/index.js';

const DESKTOP = { width: 1280, height: 800 };

/** Argon2id (the cheapest allowed), then the case list decrypted, on a loaded 2-core machine. */
const SIGN_IN_TIMEOUT_MS = 60_000;
const SLOW = 180_000;

const REPORT = {
  summary: 'Insults on my talk page',
  what_happened: 'Someone keeps leaving insulting comments on my talk page.',
  kinds: ['personal_attack'],
} satisfies Partial<ReportBody>;

/** What the member writes back, in the language they read the console in: data, not catalog words. */
const REPLIES = {
  en: 'Thank you for telling us. Could you tell us when the first comment appeared?',
  ar: 'شكرا لإخبارنا. هل يمكنك أن تخبرنا متى ظهر أول تعليق؟',
} as const;
type Language = keyof typeof REPLIES;

/** The sentence the composer shows once a reply is sent, in English. */
const SENT = 'Your reply was encrypted and sent.';

/** The console catalog's translation of `english` in `language` (the English itself in English). */
async function consoleTranslation(language: Language, english: string): Promise<string> {
  if (language === SOURCE_LANGUAGE) return english;
  const translation = (await consoleCatalog(language)).get(english) ?? '';
  expect(translation, `${language}.po translates “${english}”`).not.toBe('');
  return translation;
}

describeBrowser('the team console with the keyboard alone, in English and in Arabic', () => {
  let server: SuiteServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let clientDir: string;
  let caseId: string;

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    const team = await createStewards(server.db, ANA_PASSPHRASE);
    // A second team, so that the sign-in form does not choose the only one for the member: the
    // arrow keys have to.
    await createTeamWithService(server.db, {
      slug: 'wardens',
      name: 'Wardens',
      adminName: 'Wen',
      kdf: cheapKdf(),
    });
    caseId = (await submitReport(new Agent(fetchTransport(server.url)), team.slug, { body: REPORT })).caseId;
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

  /** The focused element is in `main` (or is it), not left at the top of the page or on its body. */
  const focusInMain = (page: Page) =>
    page.evaluate<boolean>(
      `(() => { const e = document.activeElement; const main = document.querySelector('main');
        return e !== null && e !== document.body && main !== null && main.contains(e); })()`,
    );

  async function expectFocused(page: Page, selector: string, what: string): Promise<void> {
    expect(
      await focusedMatches(page, selector),
      `${what} (the focus is on ${await describeFocused(page)})`,
    ).toBe(true);
  }

  const repliesStored = async () =>
    (
      await server.db
        .selectFrom('items')
        .select('id')
        .where('case_id', '=', caseId)
        .where('kind', '=', 'message')
        .where('audience', '=', 'reporter')
        .execute()
    ).length;

  for (const language of ['en', 'ar'] as const) {
    it(
      `in ${language}: signs in, opens the case and replies to the reporter with the keyboard alone`,
      async () => {
        const reply = REPLIES[language];
        const sent = await consoleTranslation(language, SENT);
        const repliesBefore = await repliesStored();
        context = await browser.newContext({ locale: language, viewport: DESKTOP, reducedMotion: 'reduce' });
        const page = await context.newPage();
        await page.goto(new URL(`/team?lang=${language}`, server.url).href);
        expect(
          await page.evaluate<[string, string]>(
            '[document.documentElement.lang, document.documentElement.dir]',
          ),
        ).toEqual([language, language === 'ar' ? 'rtl' : 'ltr']);

        // The team, chosen with the arrow keys: on a closed list they move its choice (up and down,
        // whichever way the text runs).
        const teamSelect = page.locator('select[name="team"]');
        await page.locator('select[name="team"]:enabled').waitFor();
        expect(await teamSelect.inputValue(), 'no team is chosen for the member').toBe('');
        const stewards = await page.evaluate<number>(
          `[...document.querySelector('select[name="team"]').options].findIndex((o) => o.value === 'stewards')`,
        );
        expect(stewards).toBeGreaterThan(0);
        await tabTo(page, 'select[name="team"]');
        await expectFocusRing(page, 'the list of teams');
        for (let presses = 0; presses < stewards; presses++) await page.keyboard.press('ArrowDown');
        expect(await teamSelect.inputValue()).toBe('stewards');
        // The server lists the teams by name: Wardens comes after Stewards.
        await page.keyboard.press('ArrowDown');
        expect(await teamSelect.inputValue()).toBe('wardens');
        await page.keyboard.press('ArrowUp');
        expect(await teamSelect.inputValue()).toBe('stewards');

        // Name and passphrase; Shift+Tab goes back to the name with it kept.
        await page.keyboard.press('Tab');
        await expectFocused(page, 'input[name="name"]', 'the name, after the team');
        await expectFocusRing(page, 'the name');
        await page.keyboard.type('Ana');
        await page.keyboard.press('Tab');
        await expectFocused(page, 'input[name="passphrase"]', 'the passphrase, after the name');
        await expectFocusRing(page, 'the passphrase');
        await page.keyboard.type(ANA_PASSPHRASE);
        await page.keyboard.press('Shift+Tab');
        await expectFocused(page, 'input[name="name"]', 'Shift+Tab back to the name');
        expect(await page.locator('input[name="name"]').inputValue()).toBe('Ana');
        await page.keyboard.press('Shift+Tab');
        await expectFocused(page, 'select[name="team"]', 'Shift+Tab back to the team');
        expect(await teamSelect.inputValue()).toBe('stewards');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        await expectFocused(page, 'input[name="passphrase"]', 'Tab again to the passphrase');
        expect(await page.locator('input[name="passphrase"]').inputValue()).toBe(ANA_PASSPHRASE);
        await page.keyboard.press('Enter');

        // The case list, with the focus on its heading so the next Tab goes into the page.
        const caseLink = page.locator('.case-card a').first();
        await caseLink.waitFor({ timeout: SIGN_IN_TIMEOUT_MS });
        await consoleSettled(page);
        await expect
          .poll(() => focusInMain(page), { message: 'the focus moved into the case list' })
          .toBe(true);

        await tabTo(page, '.case-card a', { most: 120 });
        await expectFocusRing(page, 'the link to the case');
        await page.keyboard.press('Enter');
        await page.waitForURL((url) => url.pathname === `/team/cases/${caseId}`);
        await page.locator('#report-heading').waitFor({ timeout: SIGN_IN_TIMEOUT_MS });
        await consoleSettled(page);
        // The focus goes to the case's heading, or stays in the page's content: never back to the
        // top of the page (or to nowhere) for the member to Tab through the header again.
        await expect
          .poll(() => focusInMain(page), { message: 'the focus moved into the case page' })
          .toBe(true);
        await page.keyboard.press('Tab');
        expect(await focusInMain(page), 'the first Tab on the case page stays in its content').toBe(true);
        await expectFocusRing(page, 'the first control of the case page');

        // The composer: "a reply to the reporter" is chosen; the arrow keys try the note and come back.
        const composer = page.locator('section[aria-labelledby="composer-heading"]');
        await tabTo(page, 'section[aria-labelledby="composer-heading"] input[name="kind"]', { most: 200 });
        await expectFocused(page, '[id$="-message"]', 'Tab enters the choices on the chosen one, the reply');
        await expectFocusRing(page, 'the choice of a reply');
        await page.keyboard.press('ArrowDown');
        expect(await composer.locator('input[name="kind"][id$="-note"]').isChecked()).toBe(true);
        await expectFocusRing(page, 'the choice of a note');
        await page.keyboard.press('ArrowUp');
        expect(await composer.locator('input[name="kind"][id$="-message"]').isChecked()).toBe(true);

        // The reply; Shift+Tab goes back to the control before it, and Tab returns with the text kept.
        const textArea = 'section[aria-labelledby="composer-heading"] textarea';
        const beforeText = await tabTo(page, textArea, { most: 40 });
        await expectFocusRing(page, 'the reply');
        await page.keyboard.type(reply);
        await page.keyboard.press('Shift+Tab');
        expect(
          // Run in the page, where there is a DOM (the tests' types know none).
          await beforeText.evaluate(
            (element) =>
              element ===
              (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
          ),
          `Shift+Tab from the reply goes back to the control before it (the focus is on ${await describeFocused(page)})`,
        ).toBe(true);
        await beforeText.dispose();
        await page.keyboard.press('Tab');
        await expectFocused(page, textArea, 'Tab back to the reply');
        expect(await page.locator(textArea).inputValue()).toBe(reply);

        // Sent from its button.
        await tabTo(page, 'section[aria-labelledby="composer-heading"] form button[type="submit"]', {
          most: 20,
        });
        await expectFocusRing(page, 'the send button');
        await page.keyboard.press('Enter');
        await expect
          .poll(() => composer.locator('.form__status').textContent(), { timeout: SIGN_IN_TIMEOUT_MS })
          .toBe(sent);
        await expect
          .poll(() => page.locator('section[aria-labelledby="thread-heading"]').textContent(), {
            timeout: SIGN_IN_TIMEOUT_MS,
          })
          .toContain(reply);
        expect(await repliesStored(), 'one message more to the reporter').toBe(repliesBefore + 1);
        expect(await page.locator(textArea).inputValue(), 'the composer is emptied').toBe('');
      },
      SLOW,
    );
  }
});
