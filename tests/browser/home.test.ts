/**
 * The built client, served by the real server (with its real Content-Security-Policy),
 * in Chromium: the pages render, work by keyboard and on a phone-sized screen, pass
 * axe, and never reach beyond their own origin.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page, Request } from 'playwright-core';
import { startAppServer } from '../helpers/app-server.js';
import { describeBrowser, expectNoSeriousA11yViolations, launchBrowser } from '../helpers/browser.js';

const PAGES = ['/', '/receipt', '/team', '/no-such-page'] as const;

/** What a page did while a test drove it, collected from the moment it was opened. */
interface Watched {
  page: Page;
  requests: Request[];
  consoleMessages: ConsoleMessage[];
  pageErrors: Error[];
}

describeBrowser('client pages in Chromium', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function openPage(viewport = { width: 1280, height: 900 }): Promise<Watched> {
    context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const watched: Watched = { page, requests: [], consoleMessages: [], pageErrors: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('console', (message) => watched.consoleMessages.push(message));
    page.on('pageerror', (error) => watched.pageErrors.push(error));
    return watched;
  }

  /** Loads a page and waits until the team list (on `/`) has settled. */
  async function visit({ page }: Watched, path: string): Promise<void> {
    await page.goto(new URL(path, server.url).href);
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (path === '/')
      await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
  }

  it('shows what Confide is and that no team has been set up yet', async () => {
    const watched = await openPage();
    await visit(watched, '/');
    const { page } = watched;

    // Neutral: tab titles end up in the browser's history.
    expect(await page.title()).toBe('Confide');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Tell a team about harassment');
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain('Encrypted in your browser.');
    expect(main).toContain('Anonymous.');
    // Checked on the whole text so that a failure shows what the page said instead.
    expect(main).toContain('No team has been set up yet');
    expect(await page.getByRole('contentinfo').textContent()).toContain(
      'Confide never records your IP address',
    );
    expect(watched.pageErrors).toEqual([]);
  });

  it('lists the teams the API returns, and says clearly when it cannot', async () => {
    const watched = await openPage();
    const { page } = watched;
    let fail = false;
    await page.route('**/api/teams', (route) =>
      fail
        ? route.fulfill({
            status: 503,
            json: {
              error: { code: 'unavailable', message: 'Confide is starting up. Try again in a minute.' },
            },
          })
        : route.fulfill({
            json: {
              teams: [
                {
                  id: 'a1',
                  slug: 'admins',
                  name: 'Examplewiki administrators',
                  description: 'Local cases.',
                  description_translations: {},
                  handles_life_threats: false,
                  handles_child_safety: false,
                  first_response_hours: 48,
                  community: null,
                },
                {
                  id: 'b2',
                  slug: 'stewards',
                  name: 'Stewards',
                  description: 'Cross-wiki cases.',
                  description_translations: {},
                  handles_life_threats: true,
                  handles_child_safety: true,
                  first_response_hours: 24,
                  community: 'global',
                },
              ],
            },
          }),
    );

    await visit(watched, '/');
    const teams = page.locator('.team-list > li');
    expect(await teams.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Examplewiki administrators',
      'Stewards',
    ]);
    expect(await teams.nth(0).textContent()).toContain('Local cases.Aims to reply within 2 days');
    // The community beside the name, when the team names one.
    expect(await teams.locator('.team-card__heading').allTextContents()).toEqual([
      'Examplewiki administrators',
      'StewardsCommunity: global',
    ]);
    const stewards = (await teams.nth(1).textContent()) ?? '';
    expect(stewards).toContain('Handles threats to someone’s life');
    expect(stewards).toContain('Handles child safety');
    expect(stewards).toContain('Aims to reply within 24 hours');

    fail = true;
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('We could not load the list of teams.');
    expect(await alert.textContent()).toContain('Confide is starting up. Try again in a minute.');

    fail = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Cross-wiki cases.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('can be used with the keyboard alone: Leave now, the skip link, then the navigation to the receipt page', async () => {
    const watched = await openPage();
    await visit(watched, '/');
    const { page } = watched;
    const focused = (property: 'textContent' | 'tagName' | 'id') =>
      page.evaluate<string>(`String(document.activeElement?.${property} ?? '').trim()`);

    await page.keyboard.press('Tab');
    expect(await focused('textContent')).toBe('Leave now'); // tests/browser/quick-exit.test.ts
    await page.keyboard.press('Tab');
    expect(await focused('textContent')).toBe('Skip to content');
    expect(await page.getByRole('link', { name: 'Skip to content' }).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await focused('id')).toBe('main');
    await page.keyboard.press('Tab'); // the first link inside the page's content, past the header
    expect(await focused('textContent')).toBe('Staying safe');

    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    for (let presses = 0; presses < 7 && (await focused('textContent')) !== 'I have a receipt'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await focused('textContent')).toBe('I have a receipt');
    await page.keyboard.press('Enter');

    await page.waitForURL('**/receipt');
    // The router changes the address first and renders the new page just after.
    // Focus moved to the new page's heading, so the next Tab goes into its content.
    await expect.poll(() => focused('tagName')).toBe('H1');
    expect(await page.title()).toBe('Confide');
    expect(await focused('textContent')).toBe('Return to your report');
    expect(await page.getByRole('link', { name: 'I have a receipt' }).getAttribute('aria-current')).toBe(
      'page',
    );

    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.getAttribute("name") ?? ""')).toBe('receipt');
    expect(await page.getByLabel('Your receipt').getAttribute('placeholder')).toBe(
      'XXXX-XXXX-XXXX-XXXX-XXXX',
    );
    await page.keyboard.type('ABCD-EFGH-JKMN-PQRS-TVWX');
    await page.keyboard.press('Enter');
    // Keys are derived in the browser; only `lookup` is sent, and this receipt matches no report.
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 })
      .toContain('We could not find a report for that receipt');
    // The receipt itself is never sent anywhere.
    const sent = watched.requests.map((request) => `${request.url()} ${request.postData() ?? ''}`).join('\n');
    expect(sent).not.toContain('ABCD');
    expect(sent).not.toMatch(/abcd/i);
  });

  for (const path of PAGES) {
    it(`has no serious accessibility violations on ${path}`, async () => {
      const watched = await openPage();
      await visit(watched, path);
      await expectNoSeriousA11yViolations(watched.page);
    });
  }

  it('fits a 360 px wide phone screen without sideways scrolling', async () => {
    const watched = await openPage({ width: 360, height: 740 });
    for (const path of PAGES) {
      await visit(watched, path);
      const [scrollWidth, viewportWidth] = await watched.page.evaluate<[number, number]>(
        '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
      );
      expect(scrollWidth, `page width on ${path}`).toBeLessThanOrEqual(viewportWidth);
    }
  });

  it('loads nothing from another origin and breaks no Content-Security-Policy rule', async () => {
    const watched = await openPage();
    for (const path of PAGES) await visit(watched, path);
    await watched.page.getByRole('link', { name: 'Report', exact: true }).click();
    await watched.page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });

    const origin = new URL(server.url).origin;
    const elsewhere = watched.requests
      .map((request) => request.url())
      .filter(
        (url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin,
      );
    expect(elsewhere).toEqual([]);
    expect(watched.requests.length).toBeGreaterThan(0);

    const problems = watched.consoleMessages
      .filter((message) => message.type() === 'error' || /Content Security Policy/i.test(message.text()))
      .map((message) => `${message.type()}: ${message.text()}`);
    expect(problems).toEqual([]);
    expect(watched.pageErrors.map(String)).toEqual([]);
  });
});
