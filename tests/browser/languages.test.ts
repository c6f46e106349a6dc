/**
 * The page's language and direction, in Chromium against the real server (issue 14):
 *
 *   - the page is sent already in the browser's language (Accept-Language, which Chromium sends
 *     from the context's `locale`): `<html lang="es" dir="ltr">`, `<html lang="ar" dir="rtl">`;
 *     `?lang=` wins over it, and an unknown `?lang=` falls back to it, then to English;
 *   - the language switcher in the header changes the page's `lang` and `dir` and records the
 *     choice in the address only (`?lang=ar`, the rest of the address and its hash kept), never in
 *     storage or a cookie; a reload keeps the language; it works by keyboard;
 *   - in Arabic the layout mirrors (Leave now on the left, the name on the right) and nothing is
 *     wider than the screen, on a desktop and on a phone (screenshots are taken of each).
 *
 * No translated words are asserted: the catalogs are filled in later. "Leave now" is found by its
 * place, not its name.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';

import { startAppServer } from '../helpers/app-server.js';
import {
  builtClientCopy,
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  removeClientCopy,
} from '../helpers/browser.js';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The page's language and direction, as the document has them now. */
const HTML_LANGUAGE = '[document.documentElement.lang, document.documentElement.dir]';
/**
 * The layout shifts so far that moved the header or something in it (its list of languages
 * included), each as its score: PerformanceObserver hands over the page's buffered entries at once.
 */
const HEADER_SHIFTS = `(() => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({ type: 'layout-shift', buffered: true });
  const entries = observer.takeRecords();
  observer.disconnect();
  const header = document.querySelector('header');
  const moves = (node) => {
    const element = node instanceof Element ? node : node?.parentElement;
    return element != null && (element.closest('header') !== null || element.contains(header));
  };
  // As Cumulative Layout Shift counts them: not those right after an input (or a window resize).
  return entries.filter((e) => !e.hadRecentInput && e.sources.some((s) => moves(s.node))).map((e) => e.value);
})()`;
/** The languages the header's list offers, each as `value:lang`. */
const OFFERED = `[...document.querySelectorAll('header select option')].map((o) => o.value + ':' + o.lang)`;
/** Everything this origin keeps in the browser's storage (cookies are asked of the context). */
const STORED = 'JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie])';

describeBrowser('the page’s language: from the browser, the address or the switcher', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let clientDir: string;
  let screenshotDir: string;

  beforeAll(async () => {
    clientDir = builtClientCopy();
    // Kept for a person to look at when CONFIDE_SCREENSHOT_DIR names a directory.
    screenshotDir = process.env.CONFIDE_SCREENSHOT_DIR ?? mkdtempSync(path.join(tmpdir(), 'confide-rtl-'));
    [server, browser] = await Promise.all([
      startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir } }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
    if (process.env.CONFIDE_SCREENSHOT_DIR === undefined)
      rmSync(screenshotDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A fresh browser profile whose Accept-Language is `locale`. */
  async function openPage(locale: string, viewport = DESKTOP): Promise<Page> {
    context = await browser.newContext({ locale, viewport, reducedMotion: 'reduce' });
    return context.newPage();
  }

  const at = (address: string) => new URL(address, server.url).href;

  /** The `<html>` tag the server sent, before any script ran, once the page has its heading. */
  async function htmlTagSent(page: Page, response: Response | null): Promise<string> {
    await page.locator('main h1').waitFor();
    return /<html\b[^>]*>/i.exec((await response?.text()) ?? '')?.[0] ?? '';
  }

  /** Opens `address`; returns the `<html>` tag the server sent. */
  const visit = async (page: Page, address: string) => htmlTagSent(page, await page.goto(at(address)));
  /** Reloads the page; returns the `<html>` tag the server sent. */
  const reload = async (page: Page) => htmlTagSent(page, await page.reload());

  const htmlLanguage = (page: Page) => page.evaluate<[string, string]>(HTML_LANGUAGE);
  const leaveNow = (page: Page) => page.locator('.quick-exit__button');
  const switcher = (page: Page) => page.getByRole('banner').getByRole('combobox');

  it('sends the page in the browser’s language: Spanish left to right, Arabic right to left', async () => {
    for (const [locale, dir] of [
      ['es', 'ltr'],
      ['ar', 'rtl'],
    ] as const) {
      const page = await openPage(locale);
      const request = page.waitForRequest((r) => r.resourceType() === 'document');
      expect(await visit(page, '/')).toBe(`<html lang="${locale}" dir="${dir}">`);
      expect((await request).headers()['accept-language'], 'what Chromium asked for').toMatch(
        new RegExp(`^${locale}\\b`),
      );
      expect(await htmlLanguage(page)).toEqual([locale, dir]);
      expect(await switcher(page).inputValue()).toBe(locale);
      expect(await leaveNow(page).isVisible()).toBe(true);
      expect(await page.title()).toBe('Confide');
      await context!.close();
    }
  });

  it('takes ?lang= over Accept-Language, and an unknown one falls back to Accept-Language, then English', async () => {
    const page = await openPage('es');
    expect(await visit(page, '/?lang=fr')).toBe('<html lang="fr" dir="ltr">');
    expect(await htmlLanguage(page)).toEqual(['fr', 'ltr']);
    expect(await switcher(page).inputValue()).toBe('fr');

    expect(await visit(page, '/?lang=xx')).toBe('<html lang="es" dir="ltr">');
    expect(await htmlLanguage(page)).toEqual(['es', 'ltr']);
    await context!.close();

    const german = await openPage('de-DE');
    expect(await visit(german, '/safety?lang=xx')).toBe('<html lang="en" dir="ltr">');
    expect(await htmlLanguage(german)).toEqual(['en', 'ltr']);
    expect(await switcher(german).inputValue()).toBe('en');
    expect(await leaveNow(german).textContent()).toBe('Leave now');
  });

  it('switches in place, records the choice only in the address, and a reload keeps it', async () => {
    const page = await openPage('en-US');
    await visit(page, '/safety?from=footer#section');
    const widthBefore = (await switcher(page).boundingBox())!.width;
    expect(await switcher(page).inputValue()).toBe('en');
    // Each language is offered in its own name, marked with its own language.
    expect(await page.evaluate<string[]>(OFFERED)).toEqual(['en:en', 'es:es', 'fr:fr', 'ar:ar']);

    await switcher(page).selectOption('ar');
    await expect.poll(() => htmlLanguage(page)).toEqual(['ar', 'rtl']);
    await page.waitForURL((url) => url.searchParams.get('lang') === 'ar');
    const address = new URL(page.url());
    expect([address.pathname, address.search, address.hash]).toEqual([
      '/safety',
      '?from=footer&lang=ar',
      '#section',
    ]);
    expect(await switcher(page).inputValue()).toBe('ar');
    // The list is as wide in any language: switching moves nothing beside it.
    expect((await switcher(page).boundingBox())!.width).toBe(widthBefore);
    expect(await leaveNow(page).isVisible()).toBe(true);
    expect(await page.title()).toBe('Confide');
    // Nothing on the device: no storage, no cookie.
    expect(await page.evaluate<string>(STORED)).toBe('[{},{},""]');
    expect(await context!.cookies()).toEqual([]);

    // A reload asks the server for the page in Arabic, and keeps the rest of the address.
    expect(await reload(page)).toBe('<html lang="ar" dir="rtl">');
    expect(await htmlLanguage(page)).toEqual(['ar', 'rtl']);
    expect(await switcher(page).inputValue()).toBe('ar');
    expect(new URL(page.url()).hash).toBe('#section');

    // English chosen explicitly stays chosen, whatever the browser would ask for.
    await switcher(page).selectOption('en');
    await expect.poll(() => htmlLanguage(page)).toEqual(['en', 'ltr']);
    await page.waitForURL((url) => url.search === '?from=footer&lang=en');
    expect(new URL(page.url()).hash).toBe('#section');
    expect(await leaveNow(page).textContent()).toBe('Leave now');
    expect(await page.evaluate<string>(STORED)).toBe('[{},{},""]');
    expect(await context!.cookies()).toEqual([]);
  });

  it('is reached and used by keyboard, after the name in the header, and keeps the focus', async () => {
    const page = await openPage('en-US');
    await visit(page, '/');
    const focused = () => page.evaluate<string>(`document.activeElement?.tagName ?? ''`);
    const seen: string[] = [];
    for (let presses = 0; presses < 6 && (await focused()) !== 'SELECT'; presses++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate<string>(`document.activeElement?.className ?? ''`));
    }
    // Leave now, the skip link, the name, then the languages.
    expect(seen).toEqual([
      'button button--danger quick-exit__button',
      'skip-link',
      'brand',
      'language-switcher__select',
    ]);
    await expectNoSeriousA11yViolations(page);

    // On a closed list, the arrow keys change the choice: the next language is Spanish.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => htmlLanguage(page)).toEqual(['es', 'ltr']);
    await page.waitForURL((url) => url.searchParams.get('lang') === 'es');
    expect(await focused()).toBe('SELECT');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => htmlLanguage(page)).toEqual(['ar', 'rtl']);
    await page.waitForURL((url) => url.searchParams.get('lang') === 'ar');
    expect(await focused()).toBe('SELECT');
  });

  it('mirrors in Arabic, with nothing wider than the screen, on a desktop and a phone', async () => {
    /** Where an element's middle is, from the left edge, as a share of the screen's width. */
    const middle = (page: Page, selector: string) =>
      page.evaluate<number>(
        `(() => { const box = document.querySelector('${selector}').getBoundingClientRect(); return (box.left + box.width / 2) / window.innerWidth; })()`,
      );
    const overflow = (page: Page) =>
      page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      // In English first: Leave now at the end of the line, on the right; the name on the left.
      const english = await openPage('en', viewport);
      await visit(english, '/');
      expect(await middle(english, '.quick-exit__button'), `Leave now, English, ${size}`).toBeGreaterThan(
        0.5,
      );
      expect(await middle(english, '.brand'), `the name, English, ${size}`).toBeLessThan(0.5);
      await context!.close();

      const page = await openPage('ar', viewport);
      for (const address of ['/', '/safety']) {
        expect(await visit(page, address)).toBe('<html lang="ar" dir="rtl">');
        await page.waitForLoadState('networkidle');
        const where = `${address}, ${size}`;
        // The header, switcher included, is laid out once, from the first paint (checked
        // before the screenshot: a whole-page one resizes the window for a moment).
        expect(
          await page.evaluate<number[]>(HEADER_SHIFTS),
          `layout shifts in the header on ${where}`,
        ).toEqual([]);
        const file = path.join(screenshotDir, `ar-${address === '/' ? 'home' : 'safety'}-${size}.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(statSync(file).size, where).toBeGreaterThan(0);

        expect(await overflow(page), `sideways overflow on ${where}`).toBeLessThanOrEqual(0);
        expect(await middle(page, '.quick-exit__button'), `Leave now on ${where}`).toBeLessThan(0.5);
        expect(await middle(page, '.brand'), `the name on ${where}`).toBeGreaterThan(0.5);
        expect(await leaveNow(page).isVisible()).toBe(true);
      }
      await context!.close();
    }
  });
});
