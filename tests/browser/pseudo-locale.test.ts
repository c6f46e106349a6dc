/**
 * Every word a reporter reads comes from the catalogs (issue 14). Under `?lang=pseudo` every
 * message of the catalogs is shown with its letters changed (Lingui's pseudo-localisation: `a` → `à`,
 * `b` → `ƀ`…; only `v` and `x` stay as they are), so any plain Latin letter left on a page is text
 * that never went through them: a string written straight into a component, a date formatted
 * outside lib/format.ts (the pseudo-locale writes dates in Russian, without Latin letters).
 *
 * The pages are walked in the states a reporter meets them: the intake with a team to choose, the
 * report form, its list of errors, the Staying safe page, the receipt page before and after the
 * receipt opens a case, the appeal page, a page that does not exist. Text people or the server
 * wrote (team names, descriptions, fingerprints, a receipt) sits in elements marked
 * `translate="no"`, and the language switcher's names are in their own `lang`: both are skipped.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';

import { startAppServer } from '../helpers/app-server.js';
import { builtClientCopy, describeBrowser, launchBrowser, removeClientCopy } from '../helpers/browser.js';
import {
  Agent,
  createTeamWithService,
  fetchTransport,
  newReporter,
  submitReport,
} from '../helpers/protocol/index.js';
import { untranslatedOnPage } from '../helpers/untranslated.js';

/** The names this test's team and member were given: data, never translated. */
const DATA = ['Confide', 'Stewards', 'stewards', 'Ana'];

describeBrowser('the pseudo-locale: no word a reporter reads is missing from the catalogs', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let clientDir: string;
  let receipt: string;

  beforeAll(async () => {
    clientDir = builtClientCopy();
    [server, browser] = await Promise.all([
      startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir } }),
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
    removeClientCopy(clientDir);
  });

  async function pseudoPage(path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const url = new URL(path, server.url);
    url.searchParams.set('lang', 'pseudo');
    await page.goto(url.href);
    await page.locator('.quick-exit__button, main h1').first().waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('pseudo');
    return page;
  }

  /** Waits until the page has settled (no request running), then lists what is untranslated. */
  async function untranslated(page: Page): Promise<string[]> {
    await page.waitForLoadState('networkidle');
    return untranslatedOnPage(page, DATA);
  }

  it('on the intake: the team list, the report form and its list of errors', async () => {
    const page = await pseudoPage('/');
    await page.locator('.team-card button').first().waitFor();
    expect(await untranslated(page), 'the team list').toEqual([]);

    await page.locator('.team-card button').first().click();
    const send = page.locator('main form button[type="submit"]').last();
    await send.waitFor();
    expect(await untranslated(page), 'the report form').toEqual([]);

    await send.click();
    await page.locator('.error-summary').waitFor();
    expect(await untranslated(page), 'the list of errors').toEqual([]);
    await page.context().close();
  });

  it('on Staying safe, the appeal page and a page that does not exist', async () => {
    for (const path of ['/safety', '/appeal', '/no-such-page']) {
      const page = await pseudoPage(path);
      expect(await untranslated(page), path).toEqual([]);
      await page.context().close();
    }
  });

  it('on the receipt page, before and after the receipt opens the report', async () => {
    const page = await pseudoPage('/receipt');
    expect(await untranslated(page), 'entering the receipt').toEqual([]);
    await page.locator('input[name="receipt"]').fill(receipt);
    await page.locator('main form button[type="submit"]').click();
    await page.locator('main h1', { hasText: 'Stewards' }).waitFor();
    expect(await untranslated(page), 'the opened report').toEqual([]);
    await page.context().close();
  });
});
