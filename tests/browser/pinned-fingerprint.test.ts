/**
 * Team fingerprints pinned by the deployment (CONFIDE_TEAM_FINGERPRINTS), in Chromium against
 * the real server and its real Content-Security-Policy:
 *
 *   - the pin matches: the intake page says the fingerprint is confirmed by the site, and the
 *     report goes through;
 *   - the pin differs: a loud warning with both fingerprints, nothing to tick past it, and
 *     nothing is sent or remembered;
 *   - a returning reporter whose team no longer has its pinned fingerprint (the database was
 *     changed, the configuration was not) is warned on the receipt page and cannot answer.
 */

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  builtClientCopy,
  removeClientCopy,
} from '../helpers/browser.js';
import { buildPinnedApp, type PinnedApp } from '../helpers/pinned-app.js';
import { createTeamWithService, type CreatedTeam } from '../helpers/protocol/teams.js';

/** A fingerprint no team has. */
const FOREIGN = 'ab'.repeat(32);

function shortForm(hex: string): string {
  return (hex.slice(0, 32).match(/.{4}/g) ?? []).join(' ');
}

describeBrowser('pinned team fingerprints in Chromium', () => {
  let base: TestApp;
  let server: PinnedApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let stewards: CreatedTeam;
  let arbitrators: CreatedTeam;
  let clientDir: string;
  let receipt = '';
  const others: PinnedApp[] = [];

  beforeAll(async () => {
    clientDir = builtClientCopy();
    [base, browser] = await Promise.all([
      buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir } }),
      launchBrowser(),
    ]);
    stewards = await createTeamWithService(base.db, { slug: 'stewards', name: 'Stewards', adminName: 'Ana' });
    arbitrators = await createTeamWithService(base.db, {
      slug: 'arbitrators',
      name: 'Arbitrators',
      adminName: 'Abe',
    });
    // The operator restarts with the pins: Stewards' own, and one Arbitrators' roster does not have.
    server = await buildPinnedApp(base, `stewards=${stewards.fingerprint},arbitrators=${FOREIGN}`);
    await server.listen();
  });

  afterAll(async () => {
    await browser.close();
    for (const other of others) await other.close();
    await server.close();
    await base.close();
    removeClientCopy(clientDir);
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  interface Watched {
    page: Page;
    requests: Request[];
    problems: string[];
  }

  async function openPage(): Promise<Watched> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const watched: Watched = { page, requests: [], problems: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
        watched.problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    return watched;
  }

  async function fillReport(page: Page, summary: string): Promise<void> {
    await page.getByLabel('It is happening to me').check();
    await page.getByLabel('Personal attacks or insults').check();
    await page.getByLabel('In one line, what is this about?').fill(summary);
    await page.getByLabel('What happened?').fill('An account keeps reverting my edits with insults.');
  }

  async function casesOf(teamId: string): Promise<number> {
    return (await base.db.selectFrom('cases').select('id').where('team_id', '=', teamId).execute()).length;
  }

  async function remembered(page: Page): Promise<string> {
    return page.evaluate(() => localStorage.getItem('confide.roster-trust.v1') ?? '');
  }

  it('says the fingerprint is confirmed by the site when it matches the pin, and sends the report', async () => {
    const { page, problems } = await openPage();
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    await page.getByText('Security fingerprint of Stewards').waitFor();
    const security = (await page.locator('.team-security').textContent()) ?? '';
    expect(security).toContain(shortForm(stewards.fingerprint));
    expect(security).toContain(
      'Confirmed by this site: this is the fingerprint the people who run this site have set for Stewards.',
    );

    await fillReport(page, 'Insults in edit summaries');
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 30_000 });
    receipt = ((await page.locator('.receipt-code').textContent()) ?? '').trim();
    expect(receipt).not.toBe('');
    expect(await casesOf(stewards.id)).toBe(1);
    // Nothing about the team is stored unless the reporter chose so (tests/browser/no-traces.test.ts).
    expect(await remembered(page)).toBe('');
    expect(problems).toEqual([]);
  });

  it('warns loudly, offers nothing to tick, and sends and remembers nothing when the roster is not the pinned one', async () => {
    const { page, requests, problems } = await openPage();
    await page.goto(new URL('/', server.url).href);
    await page.getByRole('button', { name: 'Report to Arbitrators' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'this may not be the real “Arbitrators”' });
    await warning.waitFor();
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain(
      'The security fingerprint of “Arbitrators” is not the one the people who run this site have set for the team. Someone may be pretending to be this team.',
    );
    expect(text).toContain('Fingerprint the people who run this site have set for the team');
    expect(text).toContain(shortForm(FOREIGN));
    expect(text).toContain(shortForm(arbitrators.fingerprint));
    expect(text).toContain('Your report cannot be sent to this team');
    expect(await page.getByRole('checkbox', { name: /I have checked with the team/ }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page);

    await fillReport(page, 'Should not be sent');
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByText('Not sent: this team’s keys cannot be trusted right now').waitFor();
    expect(requests.filter((r) => r.method() !== 'GET')).toEqual([]);
    expect(await casesOf(arbitrators.id)).toBe(0);
    expect(await remembered(page)).not.toContain('arbitrators');
    expect(problems).toEqual([]);
  });

  it('warns a returning reporter, who cannot answer, when the team no longer has its pinned fingerprint', async () => {
    expect(receipt).not.toBe('');
    // Restarted with a pin Stewards' roster does not have: as after someone changed the database.
    const repinned = await buildPinnedApp(base, `stewards=${FOREIGN}`);
    others.push(repinned);
    await repinned.listen();

    const { page, problems } = await openPage();
    await page.goto(new URL('/receipt', repinned.url).href);
    await page.getByLabel('Your receipt').fill(receipt);
    await page.getByRole('button', { name: 'Open my report' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'the team’s keys cannot be confirmed' });
    await warning.waitFor({ timeout: 30_000 });
    expect(await warning.textContent()).toContain(
      'The security fingerprint of “Stewards” is not the one the people who run this site have set for the team.',
    );
    const send = page.getByRole('button', { name: 'Encrypt and send message' });
    expect(await send.getAttribute('aria-disabled')).toBe('true');
    expect(problems).toEqual([]);
  });
});
