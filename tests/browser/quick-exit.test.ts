/**
 * "Leave now" and the reporter's pages' other safety measures (issue 14), in Chromium against the
 * real server, with the deployment's neutral address (CONFIDE_QUICK_EXIT_URL) a page of a small
 * local server, so nothing here needs the internet:
 *
 *   - on the intake, Leave now goes to the neutral address at once, without "Leave site?", in place
 *     of the page in the tab's history, and what was typed is gone when the reporter comes back;
 *   - with a report open by its receipt, Leave now ends the session: the cookie is gone from the
 *     browser and the server refuses its old value;
 *   - Shift three times in a row leaves too; Shift with letters between (capitals) does not;
 *   - the button is the first thing Tab reaches on each reporter's page, and is not on the
 *     console's, set-up's or joining's pages; the bar does not move the page as the count shows;
 *   - every reporter's page is titled just "Confide";
 *   - "Staying safe" is reachable from the intake, the receipt page and the footer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { startAppServer } from '../helpers/app-server.js';
import {
  builtClientCopy,
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  removeClientCopy,
} from '../helpers/browser.js';
import { openReportWithReceipt } from '../helpers/receipt-page.js';
import {
  Agent,
  createTeamWithService,
  fetchTransport,
  newReporter,
  submitReport,
} from '../helpers/protocol/index.js';

const REPORTER_PAGES = ['/', '/receipt', '/appeal', '/safety'] as const;
/** The text of what describes the focused element (aria-describedby), in the page. */
const DESCRIPTION_OF_FOCUSED = `String(document.getElementById(document.activeElement?.getAttribute('aria-describedby') ?? '')?.textContent ?? '').trim()`;
/** How far the page is wider than the screen, in the page. */
const SIDEWAYS_OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
const TYPED = 'Threats from the account next door';

interface NeutralRequest {
  readonly path: string;
  readonly referer: string | undefined;
}

/** A harmless site: any path answers a page titled "Weather", and each request is noted. */
async function startNeutralSite(): Promise<{ server: Server; url: string; requests: NeutralRequest[] }> {
  const requests: NeutralRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', referer: request.headers.referer });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Weather</title><h1>Weather today</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests };
}

describeBrowser('leaving quickly, and the reporter’s pages that keep nothing', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let neutral: Awaited<ReturnType<typeof startNeutralSite>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let clientDir: string;
  let receipt: string;
  /** Where Leave now goes: CONFIDE_QUICK_EXIT_URL. */
  let exitUrl: string;

  beforeAll(async () => {
    clientDir = builtClientCopy();
    neutral = await startNeutralSite();
    exitUrl = `${neutral.url}/weather`;
    [server, browser] = await Promise.all([
      startAppServer({
        env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir, CONFIDE_QUICK_EXIT_URL: exitUrl },
      }),
      launchBrowser(),
    ]);
    const team = await createTeamWithService(server.db, {
      slug: 'stewards',
      name: 'Stewards',
      adminName: 'Ana',
    });
    const reporter = newReporter();
    await submitReport(new Agent(fetchTransport(server.url)), team.slug, { reporter });
    receipt = reporter.receipt!;
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    await new Promise((resolve) => neutral.server.close(resolve));
    removeClientCopy(clientDir);
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A fresh browser profile; any dialog (such as "Leave site?") is noted and dismissed. */
  async function openPage(
    viewport = { width: 1280, height: 900 },
  ): Promise<{ page: Page; dialogs: string[] }> {
    context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    return { page, dialogs };
  }

  const at = (path: string) => new URL(path, server.url).href;

  async function startWriting(page: Page): Promise<void> {
    await page.goto(at('/'));
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    await page.getByLabel('In one line, what is this about?').fill(TYPED);
  }

  it('leaves the intake for the neutral address at once, in place of the page, and forgets what was typed', async () => {
    const { page, dialogs } = await openPage();
    // Somewhere harmless first, so that Back has somewhere to go.
    await page.goto(`${neutral.url}/before`);
    await startWriting(page);
    expect(await page.title()).toBe('Confide');
    const entries = await page.evaluate<number>('history.length');
    neutral.requests.length = 0;

    await page.getByRole('button', { name: 'Leave now', exact: true }).click();
    await page.waitForURL(exitUrl);
    expect(await page.title()).toBe('Weather');
    // No "Leave site? Changes you made may not be saved": it would have kept the reporter there.
    expect(dialogs).toEqual([]);
    // The neutral site is not told where the visitor came from.
    expect(neutral.requests.filter((r) => r.path === '/weather')).toEqual([
      { path: '/weather', referer: undefined },
    ]);

    // The page was replaced, not added to: Back goes to what came before Confide.
    expect(await page.evaluate<number>('history.length')).toBe(entries);
    await page.goBack();
    expect(page.url()).toBe(`${neutral.url}/before`);

    // Coming back: an empty form.
    await page.goto(at('/'));
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    expect(await page.getByLabel('In one line, what is this about?').inputValue()).toBe('');
    expect(await page.getByRole('main').textContent()).not.toContain(TYPED);
  });

  it('ends the receipt session: the cookie is gone and the server refuses its old value', async () => {
    const { page, dialogs } = await openPage();
    await page.goto(at('/receipt'));
    expect(await page.title()).toBe('Confide');
    await openReportWithReceipt(page, server.url, receipt, 'Stewards');
    expect(await page.title()).toBe('Confide');
    const cookie = (await context!.cookies()).find((c) => c.name === 'confide_receipt');
    expect(cookie).toBeDefined();
    const oldCookie = `confide_receipt=${cookie!.value}`;
    const caseWith = async (header: string) =>
      (await fetch(new URL('/api/receipt/case', server.url), { headers: { cookie: header } })).status;
    expect(await caseWith(oldCookie)).toBe(200);

    await page.getByRole('button', { name: 'Leave now', exact: true }).click();
    await page.waitForURL(exitUrl);
    expect(dialogs).toEqual([]);
    await expect
      .poll(async () => (await context!.cookies()).map((c) => c.name))
      .not.toContain('confide_receipt');
    await expect.poll(() => caseWith(oldCookie)).toBe(401);

    // Back to the receipt page: it asks for the receipt again.
    await page.goto(at('/receipt'));
    await page.getByLabel('Your receipt').waitFor();
    expect(await page.getByLabel('Your receipt').inputValue()).toBe('');
  });

  it('leaves on Shift pressed three times in a row, and not while capitals are typed', async () => {
    const { page, dialogs } = await openPage();
    await startWriting(page);
    const bar = page.getByRole('complementary', { name: 'Quick exit' });
    const status = bar.getByRole('status');
    const before = await bar.boundingBox();
    const headerTop = async () => (await page.locator('.site-header').boundingBox())?.y;
    const headerBefore = await headerTop();

    // Shift, Shift, then a capital (Shift with a letter): the letter starts the count again.
    await page.keyboard.press('Shift');
    await expect.poll(() => status.textContent()).toBe('Press Shift 2 more times to leave this page');
    // The count shows in the bar without moving anything.
    expect(await bar.boundingBox()).toEqual(before);
    expect(await headerTop()).toBe(headerBefore);
    await page.keyboard.press('Shift');
    await expect.poll(() => status.textContent()).toBe('Press Shift once more to leave this page');
    await page.keyboard.press('Shift+A');
    await expect.poll(() => status.textContent()).toBe('');
    expect(page.url()).toBe(at('/'));
    expect(await page.getByLabel('In one line, what is this about?').inputValue()).toBe(`${TYPED}A`);

    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.waitForURL(exitUrl);
    expect(dialogs).toEqual([]);
  });

  it('puts Leave now first on every reporter’s page, titled just “Confide”, and nowhere else', async () => {
    const { page } = await openPage();
    const focused = () => page.evaluate<string>(`String(document.activeElement?.textContent ?? '').trim()`);
    for (const path of REPORTER_PAGES) {
      await page.goto(at(path));
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.title(), path).toBe('Confide');
      await page.keyboard.press('Tab');
      expect(await focused(), `the first Tab on ${path}`).toBe('Leave now');
      expect(await page.evaluate<string>(DESCRIPTION_OF_FOCUSED), path).toBe(
        'Leaves this page at once and clears what you typed',
      );
    }
    for (const path of ['/team', '/setup', '/join']) {
      await page.goto(at(path));
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByRole('button', { name: 'Leave now' }).count(), path).toBe(0);
    }
  });

  it('links “Staying safe” from the intake, the receipt page and the footer', async () => {
    const { page } = await openPage();
    const opensSafety = async () => {
      await page.waitForURL(at('/safety'));
      await page.getByRole('heading', { level: 1, name: 'Staying safe' }).waitFor();
      expect(await page.title()).toBe('Confide');
    };

    await page.goto(at('/'));
    await page.getByRole('main').getByRole('link', { name: 'Staying safe' }).click();
    await opensSafety();
    const main = (await page.getByRole('main').textContent()) ?? '';
    for (const words of ['private window', 'Tor Browser', 'confide-receipt.txt', 'Never your IP address']) {
      expect(main).toContain(words);
    }
    expect(await page.locator('kbd').textContent()).toBe('Shift');
    await expectNoSeriousA11yViolations(page);

    await page.goto(at('/receipt'));
    await page.getByRole('main').getByRole('link', { name: 'Staying safe' }).click();
    await opensSafety();

    await page.goto(at('/team'));
    await page.getByRole('contentinfo').getByRole('link', { name: 'Staying safe' }).click();
    await opensSafety();
    // Reached from the console's footer, the page is a reporter's page like the others.
    expect(await page.getByRole('button', { name: 'Leave now', exact: true }).count()).toBe(1);
  });

  it('fits a 360 px phone: the bar and the page, nothing wider than the screen', async () => {
    const { page } = await openPage({ width: 360, height: 740 });
    for (const path of REPORTER_PAGES) {
      await page.goto(at(path));
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.evaluate<number>(SIDEWAYS_OVERFLOW), path).toBe(0);
      const button = await page.getByRole('button', { name: 'Leave now', exact: true }).boundingBox();
      expect(button!.y, path).toBeLessThan(60);
      expect(button!.height, path).toBeGreaterThanOrEqual(44);
    }
    // Scrolled down a long form, the button is still in sight; the shortcut's count fits beside it.
    await startWriting(page);
    const bar = page.getByRole('complementary', { name: 'Quick exit' });
    const before = await bar.boundingBox();
    await page.keyboard.press('Shift');
    await expect.poll(() => bar.getByRole('status').textContent()).toContain('2 more times');
    expect(await bar.boundingBox()).toEqual(before);
    await page.getByRole('button', { name: 'Encrypt and send report' }).scrollIntoViewIfNeeded();
    const button = await page.getByRole('button', { name: 'Leave now', exact: true }).boundingBox();
    expect(button!.y).toBeGreaterThanOrEqual(0);
    expect(button!.y).toBeLessThan(60);
  });
});
