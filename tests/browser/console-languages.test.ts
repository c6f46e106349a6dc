/**
 * The team console in every language, in Chromium against the real server (issue 14):
 *
 *   - under `?lang=pseudo` no visible word on the sign-in page, the case list, a case, its print
 *     view, the members, settings, account and audit pages is missing from the catalogs (what
 *     people wrote, the report included, is data);
 *   - in Spanish (the browser's Accept-Language) the console is sent `lang="es"` and its headings
 *     are the Spanish catalog's translation of their English;
 *   - in Arabic it is sent right to left, and the case list and a case fit a desktop and a phone
 *     (screenshots are taken of each);
 *   - axe finds no serious or critical violation on any console page in English, Spanish, French
 *     and Arabic, on a desktop and a phone;
 *   - a member's e-mails are in the language they read the console in, until they choose another.
 *
 * No translated words are written here: they are read from the console's catalogs at run time,
 * so the checks follow the translators. A missing Spanish translation fails, as it should.
 *
 * Signing in is the slow part, so each language signs in once and walks every page by clicking
 * the console's links (a reload would lock the keys); a phone is the same page made narrower.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';

import type { ReportBody } from '../../crypto/index.js';
import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  consoleCatalog,
  consoleSettled,
  createStewards,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import { Agent, fetchTransport, joinTeam, signInFast, submitReport } from '../helpers/protocol/index.js';
import { untranslatedOnPage } from '../helpers/untranslated.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const SIZES = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

/** Argon2id (the cheapest allowed), then the case list decrypted, on a loaded 2-core machine. */
const SIGN_IN_TIMEOUT_MS = 60_000;
const SLOW = 240_000;

/** What the reporter wrote: data, shown as written in every language. */
const REPORT = {
  summary: 'Insults on my talk page',
  what_happened: 'Someone keeps leaving insulting comments on my talk page.',
  where: 'en.wikipedia.org, User talk',
  kinds: ['personal_attack'],
  links: [{ url: 'https://example.org/wiki/User_talk:Me', note: 'the latest one' }],
  involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
} satisfies Partial<ReportBody>;

/** The names people gave the team and its members, and what the report says. */
const DATA = [
  'Confide',
  'Stewards',
  'stewards',
  'Ana',
  'Ben',
  REPORT.summary,
  REPORT.what_happened,
  REPORT.where,
  REPORT.links[0]!.url,
  'example.org',
  REPORT.links[0]!.note,
  REPORT.involved[0]!.name,
];

/**
 * A console page, opened from the one before by its link (or, for the sign-in page, as it
 * is), and waited for until it has loaded and decrypted what it shows.
 */
interface ConsoleStep {
  readonly name: string;
  /**
   * The English of its heading (`main h1`, or the case's "The report": its h1 is the summary); none
   * for the print view, walked only under the pseudo-locale.
   */
  readonly heading: string | null;
  readonly headingSelector: string;
  open(page: Page): Promise<void>;
}

/** Opens a console page from the console's navigation, as a member does. */
async function fromNavigation(page: Page, address: string, ready: string): Promise<void> {
  await page.locator(`nav.console-nav a[href="${address}"]`).click();
  await page.waitForURL((url) => url.pathname === address);
  await page.locator(ready).first().waitFor({ timeout: SIGN_IN_TIMEOUT_MS });
  await consoleSettled(page);
}

const CASES = {
  name: 'case list',
  heading: 'Cases',
  headingSelector: 'main h1',
  open: (page) => fromNavigation(page, '/team/cases', '.case-card a'),
} satisfies ConsoleStep;
const CASE = {
  name: 'case page',
  heading: 'The report',
  headingSelector: '#report-heading',
  async open(page) {
    await page.locator('.case-card a').first().click();
    await page.locator('#report-heading').waitFor({ timeout: SIGN_IN_TIMEOUT_MS });
    await consoleSettled(page);
  },
} satisfies ConsoleStep;
const PRINT = {
  name: 'print view',
  heading: null,
  headingSelector: 'main h1',
  async open(page) {
    await page.locator('main a[href$="/print"]').click();
    await page.locator('.print-case').waitFor({ timeout: SIGN_IN_TIMEOUT_MS });
    await consoleSettled(page);
  },
} satisfies ConsoleStep;
const MEMBERS = {
  name: 'members',
  heading: 'Members',
  headingSelector: 'main h1',
  async open(page) {
    await fromNavigation(page, '/team/members', '.member-card');
    await expect.poll(() => page.locator('.member-card').count()).toBe(2);
  },
} satisfies ConsoleStep;
const SETTINGS = {
  name: 'settings',
  heading: 'Settings',
  headingSelector: 'main h1',
  open: (page) => fromNavigation(page, '/team/settings', 'select[id$="-language"]'),
} satisfies ConsoleStep;
const ACCOUNT = {
  name: 'account',
  heading: 'Your account',
  headingSelector: 'main h1',
  open: (page) => fromNavigation(page, '/team/account', '#account-second-factor'),
} satisfies ConsoleStep;
const AUDIT = {
  name: 'audit log',
  heading: 'Audit log',
  headingSelector: 'main h1',
  open: (page) => fromNavigation(page, '/team/audit', 'main table tbody tr'),
} satisfies ConsoleStep;

/** The pages after signing in, in the order a member may click through them. */
const SIGNED_IN_PAGES = [CASES, CASE, MEMBERS, SETTINGS, ACCOUNT, AUDIT] as const;

describeBrowser('the team console in every language', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let screenshotDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // Kept for a person to look at when CONFIDE_SCREENSHOT_DIR names a directory.
    screenshotDir = process.env.CONFIDE_SCREENSHOT_DIR ?? mkdtempSync(path.join(tmpdir(), 'confide-rtl-'));
    // The notification settings can be changed only where mail can be sent; nothing is sent here
    // (no member saves an address), so no server needs to listen.
    ({ server, browser, clientDir } = await startServerAndBrowser({ SMTP_URL: 'smtp://127.0.0.1:2525' }));
    const team = await createStewards(server.db, ANA_PASSPHRASE);
    const ana = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    // A second member, so that the members page lists someone besides the one reading it.
    await joinTeam(ana, { name: 'Ben' });
    await submitReport(new Agent(fetchTransport(server.url)), team.slug, { body: REPORT });
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
    if (process.env.CONFIDE_SCREENSHOT_DIR === undefined)
      rmSync(screenshotDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  /** A fresh browser profile whose Accept-Language is `locale`. */
  async function openPage(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: DESKTOP, reducedMotion: 'reduce' });
    contexts.push(context);
    return context.newPage();
  }

  /** Opens `address` (the sign-in page); returns the `<html>` tag the server sent. */
  async function openSignIn(page: Page, address: string): Promise<string> {
    const response: Response | null = await page.goto(new URL(address, server.url).href);
    await page.locator('select[name="team"]:enabled').waitFor();
    return /<html\b[^>]*>/i.exec((await response?.text()) ?? '')?.[0] ?? '';
  }

  /** Signs in as Ana on the sign-in page shown, by the fields' names: their labels are translated. */
  async function signIn(page: Page): Promise<void> {
    await page.locator('select[name="team"]').selectOption('stewards');
    await page.locator('input[name="name"]').fill('Ana');
    await page.locator('input[name="passphrase"]').fill(ANA_PASSPHRASE);
    await page.locator('main form button[type="submit"]').click();
    await page.locator('.case-card a').first().waitFor({ timeout: SIGN_IN_TIMEOUT_MS });
    await consoleSettled(page);
  }

  const htmlLanguage = (page: Page) =>
    page.evaluate<[string, string]>('[document.documentElement.lang, document.documentElement.dir]');

  /**
   * Runs axe on the page as it is, noting what it finds under `where` instead of stopping, so that
   * one run lists every page's problems.
   */
  async function axe(page: Page, where: string, found: string[]): Promise<void> {
    try {
      await expectNoSeriousA11yViolations(page);
    } catch (error) {
      // The failed assertion's `actual` is axe's list (rule, help, elements); its message only counts it.
      const report = (error as { actual?: unknown }).actual;
      found.push(`${where}: ${Array.isArray(report) ? report.join('\n') : String(error)}`);
    }
  }

  /** axe on the sign-in page, at each width. */
  async function axeOnSignIn(page: Page, language: string, found: string[]): Promise<void> {
    for (const [size, viewport] of SIZES) {
      await page.setViewportSize(viewport);
      await axe(page, `${language}, ${size}, sign-in`, found);
    }
    await page.setViewportSize(DESKTOP);
  }

  it(
    'under the pseudo-locale, shows no word that is not in the catalogs, on any console page',
    async () => {
      const page = await openPage('en');
      const found: Record<string, string[]> = {};
      const check = async (name: string) => {
        expect(await htmlLanguage(page), name).toEqual(['pseudo', 'ltr']);
        found[name] = await untranslatedOnPage(page, DATA);
      };

      // Only the first address asks for it: the language stays with the page, not the address.
      await openSignIn(page, '/team?lang=pseudo');
      await check('sign-in');
      await signIn(page);
      for (const step of [CASES, CASE, PRINT, MEMBERS, SETTINGS, ACCOUNT, AUDIT]) {
        await step.open(page);
        await check(step.name);
      }
      expect(found).toEqual({
        'sign-in': [],
        'case list': [],
        'case page': [],
        'print view': [],
        members: [],
        settings: [],
        account: [],
        'audit log': [],
      });
    },
    SLOW,
  );

  it(
    'in Spanish: sent in Spanish, headed in the catalog’s Spanish, with e-mails in Spanish until the member chooses',
    async () => {
      const spanish = await consoleCatalog('es');
      const translation = (english: string) => {
        const text = spanish.get(english) ?? '';
        expect.soft(text, `es.po translates “${english}”`).not.toBe('');
        return text;
      };
      const page = await openPage('es');
      const axeFound: string[] = [];

      expect(await openSignIn(page, '/team')).toBe('<html lang="es" dir="ltr">');
      expect(await htmlLanguage(page)).toEqual(['es', 'ltr']);
      expect.soft(await page.locator('main h1').textContent(), 'sign-in').toBe(translation('Team sign-in'));
      await axeOnSignIn(page, 'es', axeFound);
      await signIn(page);

      for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        for (const step of SIGNED_IN_PAGES) {
          await step.open(page);
          expect(await htmlLanguage(page), step.name).toEqual(['es', 'ltr']);
          expect
            .soft((await page.locator(step.headingSelector).textContent())?.trim(), `${step.name}, ${size}`)
            .toBe(translation(step.heading));
          await axe(page, `es, ${size}, ${step.name}`, axeFound);
        }
      }

      // A member who never chose is offered the language they read the console in.
      await page.setViewportSize(DESKTOP);
      await SETTINGS.open(page);
      const notifications = page.locator('section[aria-labelledby="settings-my-notifications"]');
      const language = notifications.locator('select[id$="-language"]');
      const myNotifications = () =>
        page.evaluate<{ language: string; using_team_defaults: boolean }>(
          "fetch('/api/me/notifications').then((r) => r.json())",
        );
      expect(await myNotifications()).toMatchObject({ using_team_defaults: true, language: 'en' });
      expect(await language.isEnabled(), 'the form is open: the server can send mail').toBe(true);
      expect(await language.inputValue()).toBe('es');
      const labelled = notifications.getByRole('combobox', {
        name: translation('Language of the e-mails'),
        exact: true,
      });
      expect.soft(await labelled.count(), 'the select’s label is the catalog’s Spanish').toBe(1);

      // Saving stores it.
      const saved = page.waitForResponse(
        (r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === '/api/me/notifications',
      );
      await notifications.locator('form button[type="submit"]').click();
      expect((await saved).status()).toBe(200);
      expect(await myNotifications()).toMatchObject({ using_team_defaults: false, language: 'es' });
      await expect.poll(() => notifications.locator('form fieldset:disabled').count()).toBe(0);
      expect(await language.inputValue()).toBe('es');

      expect(axeFound).toEqual([]);
    },
    SLOW,
  );

  it(
    'in Arabic: right to left on every page, the case list and a case fitting a desktop and a phone',
    async () => {
      const page = await openPage('ar');
      const axeFound: string[] = [];
      const overflow = () =>
        page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

      expect(await openSignIn(page, '/team')).toBe('<html lang="ar" dir="rtl">');
      expect(await htmlLanguage(page)).toEqual(['ar', 'rtl']);
      await axeOnSignIn(page, 'ar', axeFound);
      await signIn(page);

      for (const [size, viewport] of SIZES) {
        await page.setViewportSize(viewport);
        for (const step of SIGNED_IN_PAGES) {
          await step.open(page);
          const where = `${step.name}, ${size}`;
          expect(await htmlLanguage(page), where).toEqual(['ar', 'rtl']);
          if (step === CASES || step === CASE) {
            expect(await overflow(), `sideways overflow on the ${where}`).toBeLessThanOrEqual(0);
            const file = path.join(
              screenshotDir,
              `ar-console-${step === CASES ? 'cases' : 'case'}-${size}.png`,
            );
            await page.screenshot({ path: file, fullPage: true });
            expect(statSync(file).size, where).toBeGreaterThan(0);
          }
          await axe(page, `ar, ${size}, ${step.name}`, axeFound);
        }
      }
      expect(axeFound).toEqual([]);
    },
    SLOW,
  );

  it(
    'in English and French, switched to in place: no serious accessibility problem on any page',
    async () => {
      const page = await openPage('en');
      const switcher = page.getByRole('banner').getByRole('combobox');
      const axeFound: string[] = [];

      expect(await openSignIn(page, '/team')).toBe('<html lang="en" dir="ltr">');
      await axeOnSignIn(page, 'en', axeFound);
      await switcher.selectOption('fr');
      await expect.poll(() => htmlLanguage(page)).toEqual(['fr', 'ltr']);
      await axeOnSignIn(page, 'fr', axeFound);
      await signIn(page);

      // French first (signed in in it), then back to English, without signing in again.
      for (const language of ['fr', 'en'] as const) {
        if ((await htmlLanguage(page))[0] !== language) {
          await switcher.selectOption(language);
          await expect.poll(() => htmlLanguage(page)).toEqual([language, 'ltr']);
        }
        for (const [size, viewport] of SIZES) {
          await page.setViewportSize(viewport);
          for (const step of SIGNED_IN_PAGES) {
            await step.open(page);
            expect(await htmlLanguage(page), `${language}, ${size}, ${step.name}`).toEqual([language, 'ltr']);
            await axe(page, `${language}, ${size}, ${step.name}`, axeFound);
          }
        }
      }
      expect(axeFound).toEqual([]);
    },
    SLOW,
  );
});
