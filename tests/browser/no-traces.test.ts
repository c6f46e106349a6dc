/**
 * No traces unless asked (issue 14), in Chromium against the real server:
 *
 *   - a whole reporter journey without opting in (a report through the intake form, the receipt
 *     kept, the report opened again with it, an answer sent, then Leave) leaves nothing that
 *     outlives the browser: localStorage, sessionStorage, IndexedDB and Cache Storage empty, no
 *     cookie with an expiry, the pages sent `no-store`; the only cookie ever set is the receipt
 *     session's, HttpOnly, for the session only, and gone on leaving;
 *   - "Remember this team's fingerprint on this device": ticked, the device keeps only public
 *     values (the team, its fingerprint, the member list's head) and none of the report's words;
 *     on the next visit the box is ticked and says so; unticked, the entry and the key are gone;
 *   - with that choice, a roster rolled back between two visits is a loud warning and nothing is
 *     sent; without it, the page still catches a rollback within one visit, and (as the threat
 *     model says) cannot notice one between two.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Cookie, Page, Request } from 'playwright-core';

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
  joinTeam,
  listCases,
  openCase,
  postMemberItem,
  signInFast,
  type CreatedTeam,
  type MemberSession,
} from '../helpers/protocol/index.js';

const STORAGE_KEY = 'confide.roster-trust.v1';
const REMEMBER = 'Remember this team’s fingerprint on this device';

/** Words of the reports and the answer, none of which may be found in the browser's storage. */
const SUMMARY = 'Sockpuppet insults after the bridge article vote';
const WHAT_HAPPENED = 'Three new accounts call me names on the bridge talk page every evening.';
const ANSWER = 'They started again tonight under a fourth name.';
const OPTED_IN_SUMMARY = 'Harassing emails about the museum photos';
const REPORT_WORDS = ['Sockpuppet', 'bridge', 'evening', 'fourth name', 'museum photos'];

interface Traces {
  readonly local: Record<string, string>;
  readonly session: Record<string, string>;
  readonly databases: readonly string[];
  readonly caches: readonly string[];
  readonly cookies: readonly Cookie[];
}

describeBrowser('no traces on the reporter’s device unless they ask', () => {
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let team: CreatedTeam;
  let admin: MemberSession;
  let clientDir: string;

  beforeAll(async () => {
    clientDir = builtClientCopy();
    [server, browser] = await Promise.all([
      startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir } }),
      launchBrowser(),
    ]);
    team = await createTeamWithService(server.db, { slug: 'stewards', name: 'Stewards', adminName: 'Ana' });
    admin = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    await joinTeam(admin, { name: 'Ben' });
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

  interface Watched {
    page: Page;
    requests: Request[];
    problems: string[];
  }

  async function openPage(): Promise<Watched> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    return watch(await context.newPage());
  }

  function watch(page: Page): Watched {
    const watched: Watched = { page, requests: [], problems: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') watched.problems.push(`${message.type()}: ${message.text()}`);
    });
    return watched;
  }

  /** Everything this origin has put in the browser: its storage, databases, caches and cookies. */
  async function traces(page: Page): Promise<Traces> {
    // A string: this project's Node types know localStorage, not indexedDB or caches.
    const inPage = await page.evaluate<Omit<Traces, 'cookies'>>(`(async () => {
      const all = (storage) =>
        Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key) ?? '']));
      return {
        local: all(localStorage),
        session: all(sessionStorage),
        databases: (await indexedDB.databases()).map((db) => db.name ?? '(no name)'),
        caches: 'caches' in globalThis ? await caches.keys() : [],
      };
    })()`);
    return { ...inPage, cookies: await context!.cookies() };
  }

  /** The whole of what is stored, as text, to look for words of a report in it. */
  function asText(found: Traces): string {
    return JSON.stringify([found.local, found.session, found.databases, found.caches, found.cookies]);
  }

  async function startReport(page: Page): Promise<void> {
    const response = await page.goto(new URL('/', server.url).href);
    expect(response?.headers()['cache-control']).toBe('no-store');
    await page.getByRole('button', { name: 'Report to Stewards' }).click();
    await page.getByText('Security fingerprint of Stewards').waitFor();
  }

  async function fillReport(page: Page, summary: string): Promise<void> {
    await page.getByLabel('It is happening to me').check();
    await page.getByLabel('Personal attacks or insults').check();
    await page.getByLabel('In one line, what is this about?').fill(summary);
    await page.getByLabel('What happened?').fill(WHAT_HAPPENED);
  }

  async function sendReport(page: Page, summary: string): Promise<string> {
    await fillReport(page, summary);
    await page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your report was sent' }).waitFor({ timeout: 30_000 });
    return ((await page.locator('.receipt-code').textContent()) ?? '').trim();
  }

  /** The roster's head as the server serves it now: what an opted-in device keeps. */
  async function servedHead(): Promise<{ seq: number; hash: string; body: string }> {
    const body = await (await fetch(new URL('/api/teams/stewards', server.url))).text();
    const { roster } = JSON.parse(body) as { roster: { entry: { seq: number }; hash: string }[] };
    const last = roster.at(-1)!;
    return { seq: last.entry.seq, hash: last.hash, body };
  }

  it('keeps nothing that outlives the browser through a whole journey without opting in', async () => {
    const { page, problems } = await openPage();
    await startReport(page);
    const remember = page.getByRole('checkbox', { name: REMEMBER });
    expect(await remember.isChecked()).toBe(false);
    const receipt = await sendReport(page, SUMMARY);
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);

    let found = await traces(page);
    expect(found.local).toEqual({});
    expect(found.databases).toEqual([]);
    expect(found.cookies).toEqual([]);

    // The team answers; the reporter comes back with the receipt, reads it and answers.
    const [listed] = (await listCases(admin)).cases;
    await postMemberItem(admin, await openCase(admin, listed!.summary.id), {
      text: 'Thank you, we are looking at the talk page.',
    });
    const receiptPage = await page.goto(new URL('/receipt', server.url).href);
    expect(receiptPage?.headers()['cache-control']).toBe('no-store');
    await openReportWithReceipt(page, server.url, receipt, 'Stewards');
    expect(await page.getByRole('checkbox', { name: REMEMBER }).isChecked()).toBe(false);
    await page.getByLabel('Your message to Stewards').fill(ANSWER);
    await page.getByRole('button', { name: 'Encrypt and send message' }).click();
    await page.getByText('Your message was sent to the team.').waitFor({ timeout: 20_000 });

    // Nothing persistent: no storage, no database, no cache, and one cookie, for the session only.
    found = await traces(page);
    expect(found.local).toEqual({});
    expect(found.session).toEqual({});
    expect(found.databases).toEqual([]);
    expect(found.caches).toEqual([]);
    expect(found.cookies.map((c) => c.name)).toEqual(['confide_receipt']);
    const [session] = found.cookies;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api', expires: -1 });
    for (const word of [...REPORT_WORDS, receipt, receipt.replace(/-/g, '')])
      expect(asText(found)).not.toContain(word);

    // Leaving ends the session: then nothing at all is left.
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    await page.getByText('You have left your report').waitFor();
    await expect.poll(async () => (await context!.cookies()).length).toBe(0);
    found = await traces(page);
    expect(found.local).toEqual({});
    expect(found.session).toEqual({});
    expect(found.databases).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('keeps only the team’s public values when asked, says so next time, and forgets them when asked', async () => {
    const head = await servedHead();
    const { page, problems } = await openPage();
    await startReport(page);
    const remember = page.getByRole('checkbox', { name: REMEMBER });
    const explanation = (await page.locator('.remember-team__explanation').textContent()) ?? '';
    expect(explanation).toContain('nothing you wrote');
    expect(explanation).toContain('such as a member being removed');
    expect(explanation).toContain(
      'anyone who looks at this device’s storage can tell it was used to contact',
    );
    await expectNoSeriousA11yViolations(page);

    // Ticked: written at once, and only the team's public values.
    await remember.check();
    await page.getByText('Remembered: this device now keeps the fingerprint of Stewards.').waitFor();
    let found = await traces(page);
    expect(Object.keys(found.local)).toEqual([STORAGE_KEY]);
    expect(JSON.parse(found.local[STORAGE_KEY]!)).toEqual({
      stewards: { team: team.id, fingerprint: team.fingerprint, head: { seq: head.seq, hash: head.hash } },
    });

    // A report sent meanwhile leaves none of its words behind.
    const receipt = await sendReport(page, OPTED_IN_SUMMARY);
    found = await traces(page);
    expect(Object.keys(found.local)).toEqual([STORAGE_KEY]);
    expect(found.cookies).toEqual([]);
    for (const word of [...REPORT_WORDS, receipt, receipt.replace(/-/g, '')])
      expect(asText(found)).not.toContain(word);

    // The next visit finds the choice made, and says so; unticked, the entry and the key go.
    const next = watch(await context!.newPage());
    await startReport(next.page);
    const again = next.page.getByRole('checkbox', { name: REMEMBER });
    expect(await again.isChecked()).toBe(true);
    expect(await next.page.locator('.team-security').textContent()).toContain(
      'This device already remembers Stewards from an earlier visit.',
    );
    expect(await next.page.locator('.team-security').textContent()).toContain(
      'This is the same fingerprint this browser saw before.',
    );
    await again.uncheck();
    await next.page
      .getByText('Forgotten: this device no longer keeps the fingerprint of Stewards.')
      .waitFor();
    found = await traces(next.page);
    expect(found.local).toEqual({});
    expect(await next.page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).toBeNull();
    expect([...problems, ...next.problems]).toEqual([]);
  });

  it('warns about a roster rolled back between visits when asked to remember, and within one visit without', async () => {
    // Stewards as they are before Chloé joins: what a server hiding a change would serve.
    const before = await servedHead();
    await joinTeam(admin, { name: 'Chloé' });
    const rollBack = (page: Page) =>
      page.route('**/api/teams/stewards', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: before.body }),
      );

    // Opted in on the first visit (Chloé on the list); on the next, the list without her.
    const { page, requests } = await openPage();
    await startReport(page);
    await page.getByRole('checkbox', { name: REMEMBER }).check();
    await page.getByText('Remembered: this device now keeps the fingerprint of Stewards.').waitFor();
    const next = watch(await context!.newPage());
    await rollBack(next.page);
    await next.page.goto(new URL('/', server.url).href);
    await next.page.getByRole('button', { name: 'Report to Stewards' }).click();
    const warning = next.page.getByRole('alert').filter({ hasText: 'this may not be the real “Stewards”' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(
      'The member list of “Stewards” is older than one this browser has already seen. A change, such as someone being removed, may be hidden.',
    );
    expect(await next.page.getByRole('checkbox', { name: REMEMBER }).count()).toBe(0);
    await fillReport(next.page, 'Should not be sent');
    await next.page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await next.page.getByText('Not sent: this team’s keys cannot be trusted right now').waitFor();
    expect([...requests, ...next.requests].filter((r) => r.method() === 'POST')).toEqual([]);
    // The device's entry still holds the furthest head: the warning stays on every later visit.
    const kept = JSON.parse((await traces(next.page)).local[STORAGE_KEY]!) as Record<
      string,
      { head: { seq: number } }
    >;
    expect(kept.stewards?.head.seq).toBe(before.seq + 1);
    await context!.close();

    // Without the choice: this page remembers the list it showed, so a rollback before sending is
    // caught...
    const within = await openPage();
    await startReport(within.page);
    await rollBack(within.page);
    await fillReport(within.page, 'Should not be sent either');
    await within.page.getByRole('button', { name: 'Encrypt and send report' }).click();
    await within.page.getByText('Not sent: this team’s keys cannot be trusted right now').waitFor();
    expect(within.requests.filter((r) => r.method() === 'POST')).toEqual([]);

    // ...but a new visit starts with nothing to compare with: the old list is shown as if first
    // seen (docs/threat-model.md 3.9 says so, and so do the words beside the choice).
    const later = watch(await context!.newPage());
    await rollBack(later.page);
    await startReport(later.page);
    expect(await later.page.locator('.team-security').textContent()).toContain(
      'This browser has no earlier record of this team.',
    );
    expect((await traces(later.page)).local).toEqual({});
  });
});
