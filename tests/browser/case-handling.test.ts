/**
 * Case handling as the training module teaches it (issue 10), in Chromium against the real
 * server: three members of a team with the default quorum of 2, each signed in in their own
 * browser (Ana on a desktop, Ben on a phone, Cai on a desktop), take an actionable case and a
 * non-actionable one from the report to the close.
 *
 *   actionable: acknowledge from the template (one request: message, status, check-in date; the
 *   reporter reads it with the receipt) → verify-the-facts ticks → Cai recuses (sent back to the
 *   list, the case gone from it) → a vote round where Ana and Ben vote actionable (quorum 2) →
 *   the decision with a block → the closing order (a notice to the target refused before the
 *   sanctioned user's) → the announcement draft refusing an e-mail address and a link → support
 *   offered → the outcome to the reporter from the "action taken" template → close with the
 *   closing summary → the reporter reads the outcome → debrief and follow-up date → print view.
 *
 *   non-actionable: acknowledge, votes non-actionable reaching the quorum, decision, the
 *   "no action possible" message with next steps, close; the reporter reads it.
 *
 * The reporter's side is the protocol client of tests/helpers (the receipt's keys, the case
 * checked and opened as a browser would); the reporter's pages have their own browser tests.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';

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
  fetchTransport,
  joinTeam,
  newReporter,
  openCase as openCaseByApi,
  openReceiptSession,
  readReceiptCase,
  signInFast,
  submitReport,
  type CreatedTeam,
  type MemberSession,
  type ReportDraft,
  type ReporterIdentity,
  type SubmittedReport,
} from '../helpers/protocol/index.js';

/** Each story signs in, encrypts and decrypts dozens of times on a 2-core machine. */
const STORY = 420_000;
const SLOW = 60_000;

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

const SHOTS = process.env.CONFIDE_SHOTS ?? '/tmp/shots';

const HARASSER = 'Vexmoor_Quibbleton';
const DIFF = 'https://example.org/w/index.php?diff=4242';

interface Watched {
  readonly name: string;
  readonly page: Page;
  readonly requests: Request[];
  readonly problems: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describeBrowser('case handling in Chromium: three members, two cases, report to close', () => {
  let server: SuiteServer;
  let browser: Browser;
  let team: CreatedTeam;
  /** Ana through the API, to read what her browser wrote. */
  let anaApi: MemberSession;
  let clientDir: string;
  const contexts: BrowserContext[] = [];
  let members: Promise<{ ana: Watched; ben: Watched; cai: Watched }> | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ server, browser, clientDir } = await startServerAndBrowser());
    // The cheapest allowed Argon2id for every member: three sign-ins in browsers.
    team = await createStewards(server.db, ANA_PASSPHRASE);
    const admin = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    anaApi = admin;
    await joinTeam(admin, { name: 'Ben', passphrase: BEN_PASSPHRASE });
    await joinTeam(admin, { name: 'Cai', passphrase: CAI_PASSPHRASE });
    const quorum = await server.db
      .selectFrom('teams')
      .select('quorum')
      .where('id', '=', team.id)
      .executeTakeFirstOrThrow();
    // The default the issue names: two votes.
    expect(quorum.quorum).toBe(2);
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  async function openPage(name: string, viewport: { width: number; height: number }): Promise<Watched> {
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    contexts.push(context);
    const page = await context.newPage();
    const watched: Watched = { name, page, requests: [], problems: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('pageerror', (error) => watched.problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // The session check answers 401 before anyone has signed in; Chromium logs that fetch.
      if (message.type() === 'error' && !message.text().includes('401')) {
        watched.problems.push(`console: ${message.text()}`);
      }
      if (/Content Security Policy/i.test(message.text())) watched.problems.push(`csp: ${message.text()}`);
    });
    return watched;
  }

  async function signIn(page: Page, name: string, passphrase: string): Promise<void> {
    await signInToConsole(page, server.url, { slug: team.slug, name, passphrase });
  }

  /** The three members, each in their own browser, signed in once for both stories. */
  function signedIn(): Promise<{ ana: Watched; ben: Watched; cai: Watched }> {
    members ??= (async () => {
      const [ana, ben, cai] = await Promise.all([
        openPage('Ana', DESKTOP),
        openPage('Ben', PHONE),
        openPage('Cai', DESKTOP),
      ]);
      // One after the other: three Argon2id runs at once starve a 2-core machine.
      await signIn(ana.page, 'Ana', ANA_PASSPHRASE);
      await signIn(ben.page, 'Ben', BEN_PASSPHRASE);
      await signIn(cai.page, 'Cai', CAI_PASSPHRASE);
      return { ana, ben, cai };
    })();
    return members;
  }

  /** To the case from the list, inside the app (a reload would lock the console). */
  async function openCase(page: Page, summary: string, options: { closed?: boolean } = {}): Promise<void> {
    await toCaseList(page);
    // The list shows open cases by default; closed ones are a filter away.
    if (options.closed === true) {
      await page.getByLabel('Status', { exact: true }).selectOption({ label: 'All cases' });
    }
    await page.getByRole('link', { name: new RegExp(escapeRegExp(summary)) }).click();
    await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: SLOW });
  }

  /**
   * To the list, fetched afresh: a link to the page already shown does not load it again, so
   * from the list itself the way is through another page.
   */
  async function toCaseList(page: Page): Promise<void> {
    const nav = page.getByRole('navigation', { name: 'Team console' });
    if (new URL(page.url()).pathname === '/team/cases') {
      await nav.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    }
    await nav.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  }

  function handling(page: Page): Locator {
    return page.getByRole('complementary', { name: 'Case handling' });
  }

  async function statusShown(page: Page): Promise<string> {
    return ((await handling(page).locator('.handling-status > p').first().textContent()) ?? '').trim();
  }

  /** One of the records panels (a <details>), opened. */
  async function recordsPart(page: Page, title: string): Promise<Locator> {
    const part = page.locator('details.records__part', {
      has: page.locator('.records__title', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    if (!(await part.evaluate((d) => (d as unknown as { open: boolean }).open))) {
      await part.locator('.records__summary').click();
    }
    return part;
  }

  async function shot(page: Page, name: string, fullPage = false): Promise<void> {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  }

  function newReport(
    reporter: ReporterIdentity,
    body: NonNullable<ReportDraft['body']>,
  ): Promise<SubmittedReport> {
    return submitReport(new Agent(fetchTransport(server.url)), team.slug, { reporter, body });
  }

  async function reporterView(reporter: ReporterIdentity) {
    const agent = new Agent(fetchTransport(server.url));
    const opened = await openReceiptSession(agent, reporter);
    expect(opened.status).toBe(200);
    return readReceiptCase(agent, reporter);
  }

  /** Acknowledges from the team's template: placeholders refused until filled, then one request. */
  async function acknowledge(page: Page, nextSteps: string, checkIn: string): Promise<string> {
    const panel = handling(page);
    await panel.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    const message = panel.getByLabel('Message to the reporter');
    await expect.poll(() => message.inputValue(), { timeout: 30_000 }).toContain('{next steps}');
    const template = await message.inputValue();
    // The team's name is filled in; the check-in date is filled from the date field when sending.
    expect(template).toContain('Stewards');
    expect(template).not.toContain('{team name}');
    expect(template).toContain('{check-in date}');
    const form = panel.locator('form', { has: page.getByLabel('Message to the reporter') });
    await form.getByRole('button', { name: 'Send and acknowledge' }).click();
    expect(await form.getByRole('alert').textContent()).toContain(
      'Fill in {hurtful / frightening / upsetting}, {next steps} before sending.',
    );
    const text = template
      .replace('{hurtful / frightening / upsetting}', 'upsetting')
      .replace('{next steps}', nextSteps);
    await message.fill(text);
    await form.getByLabel('Check-in date').fill(checkIn);
    await form.getByRole('button', { name: 'Send and acknowledge' }).click();
    await panel
      .getByText(/^Acknowledged\. The reporter was told to expect an update by /)
      .waitFor({ timeout: SLOW });
    await expect.poll(() => statusShown(page)).toBe('Status: Acknowledged');
    return text;
  }

  /** Opens a vote round if none is open, and casts the member's vote in round 1. */
  async function vote(page: Page, choice: RegExp, why: string): Promise<void> {
    const panel = handling(page);
    const open = panel.getByRole('button', { name: 'Open a vote' });
    if ((await open.count()) > 0) {
      await open.click();
      await panel.getByText('Round 1 is open for votes.').waitFor({ timeout: SLOW });
    }
    const group = panel.getByRole('group', { name: 'Your vote in round 1' });
    await group.waitFor({ timeout: SLOW });
    await group.getByRole('radio', { name: choice }).check();
    const form = panel.locator('form', { has: page.getByRole('group', { name: 'Your vote in round 1' }) });
    await form.getByLabel('Why').fill(why);
    await form.getByRole('button', { name: 'Cast my vote' }).click();
    await panel.getByText('Your vote in round 1 was encrypted and counted.').waitFor({ timeout: SLOW });
  }

  /** A reply to the reporter from one of the team's templates, its placeholders filled by hand. */
  async function replyFromTemplate(
    page: Page,
    template: string,
    fill: Readonly<Record<string, string>>,
  ): Promise<string> {
    const composer = page.getByRole('region', { name: 'Write' });
    await composer.getByLabel('A reply to the reporter').check();
    await composer.getByLabel('Use a template').selectOption({ label: template });
    await composer.getByRole('button', { name: 'Put this template in the text' }).click();
    const reply = composer.getByLabel('Your reply');
    const draft = await reply.inputValue();
    // The team's name is known: only what the member alone knows is left to fill.
    expect(draft).toContain('Stewards');
    // Sending with a placeholder left is refused, and nothing is sent.
    await composer.getByRole('button', { name: 'Send reply to the reporter' }).click();
    expect(await composer.getByRole('alert').textContent()).toMatch(/^Fill in \{.+\} before sending/);
    let text = draft;
    for (const [placeholder, value] of Object.entries(fill)) {
      expect(text).toContain(`{${placeholder}}`);
      text = text.replace(`{${placeholder}}`, value);
    }
    expect(text).not.toMatch(/\{[^}]*\}/);
    await reply.fill(text);
    await composer.getByRole('button', { name: 'Send reply to the reporter' }).click();
    await composer.getByText('Your reply was encrypted and sent.').waitFor({ timeout: SLOW });
    return text;
  }

  /** Records the decision: the outcome, and the on-wiki actions taken. */
  async function decide(
    page: Page,
    outcome: RegExp,
    actions: readonly { action: string; target: string }[],
  ): Promise<void> {
    const part = await recordsPart(page, 'Decision and on-wiki actions');
    await part
      .getByRole('group', { name: 'Outcome', exact: true })
      .getByRole('radio', { name: outcome })
      .check();
    for (const [i, a] of actions.entries()) {
      await part.getByRole('button', { name: 'Add an action' }).click();
      await part.getByLabel(`Action ${i + 1}`, { exact: true }).selectOption({ label: a.action });
      await part.getByLabel('Account, range or page').nth(i).fill(a.target);
    }
    await part.getByRole('button', { name: 'Record the decision' }).click();
    await part.getByText('The decision was recorded.').waitFor({ timeout: SLOW });
  }

  /** Closes with the closing summary; returns the summary as the form held it. */
  async function close(
    page: Page,
    parts: { about: string; findings: string; investigators?: string },
  ): Promise<{ about: string; investigators: string; findings: string; outcome: string }> {
    const panel = handling(page);
    await panel.getByRole('button', { name: 'Close the case', exact: true }).click();
    const about = panel.getByLabel('What the case was about');
    const form = panel.locator('form', { has: page.getByLabel('What the case was about') });
    const button = form.getByRole('button', { name: 'Close with this summary' });
    // Refused, saying why, until all four parts are there.
    await about.fill('');
    expect(await button.isDisabled()).toBe(true);
    expect(await form.textContent()).toContain('Fill in all four parts of the closing summary.');
    await about.fill(parts.about);
    await form.getByLabel('What they found').fill(parts.findings);
    if (parts.investigators !== undefined)
      await form.getByLabel('Who investigated').fill(parts.investigators);
    const summary = {
      about: parts.about,
      investigators: await form.getByLabel('Who investigated').inputValue(),
      findings: parts.findings,
      outcome: await form.getByLabel('The outcome').inputValue(),
    };
    expect(summary.investigators).not.toBe('');
    expect(summary.outcome).not.toBe('');
    await expect.poll(() => button.isDisabled()).toBe(false);
    await button.click();
    await panel.getByText('The case is closed, with its summary.').waitFor({ timeout: SLOW });
    await expect.poll(() => statusShown(page)).toBe('Status: Closed');
    return summary;
  }

  function offOrigin(watched: Watched): string[] {
    const origin = new URL(server.url).origin;
    return watched.requests
      .map((r) => r.url())
      .filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'));
  }

  function expectCleanRun(...all: Watched[]): void {
    for (const watched of all) {
      expect({ who: watched.name, problems: watched.problems }).toEqual({ who: watched.name, problems: [] });
      expect(offOrigin(watched)).toEqual([]);
    }
  }

  it(
    'takes an actionable case from the report to the close: acknowledge, verify, recuse, vote, decide, notify in order, announce, support, tell the reporter, close, debrief, print',
    async () => {
      const SUMMARY = 'My home address was posted on a user page';
      const reporter = newReporter();
      const report = await newReport(reporter, {
        summary: SUMMARY,
        what_happened: 'Since Tuesday an account posts my home address on its user page.',
        kinds: ['doxing', 'threat'],
        private_info_exposed: true,
        links: [{ url: DIFF, note: 'the edit with my address' }],
        involved: [
          { name: HARASSER, role: 'alleged_harasser' },
          { name: 'Witness_Wren', role: 'witness' },
        ],
      });
      const { ana, ben, cai } = await signedIn();

      // -- Ana opens the case; on a desktop the handling sits in the right-hand column. -----
      await openCase(ana.page, SUMMARY);
      const caseUrl = ana.page.url();
      expect(caseUrl).toContain(report.caseId);
      const heading = (await ana.page.locator('.case__meta').textContent()) ?? '';
      const number = /Case #(\d+)/.exec(heading)?.[1];
      expect(number).toBeDefined();
      expect(await statusShown(ana.page)).toBe('Status: New');
      const side = await handling(ana.page).boundingBox();
      const reportBox = await ana.page.getByRole('heading', { name: 'The report' }).boundingBox();
      expect(side !== null && reportBox !== null && side.x > reportBox.x).toBe(true);
      await shot(ana.page, 'actionable-1-desktop-new');

      // -- Acknowledge from the template: message, status and check-in date in one action. --
      const checkIn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
      const requestsBefore = ana.requests.length;
      const ackText = await acknowledge(ana.page, 'two of us will look at the edit you linked', checkIn);
      const patches = ana.requests
        .slice(requestsBefore)
        .filter((r) => r.method() === 'PATCH' && r.url().includes(`/api/cases/${report.caseId}`));
      expect(patches).toHaveLength(1);
      const patchBody = JSON.parse(patches[0]?.postData() ?? '{}') as Record<string, unknown>;
      expect(Object.keys(patchBody).sort()).toEqual(['check_in_by', 'item', 'status']);
      // Only the date was left for the form to fill in when sending.
      expect(ackText.match(/\{[^}]*\}/g)).toEqual(['{check-in date}']);
      // The timeline says who changed what, with the message that came with it.
      const thread = ana.page.locator('.thread');
      await thread.getByText('Ana changed the status from New to Acknowledged').waitFor();
      await thread.getByText('two of us will look at the edit you linked').waitFor();

      // The reporter, with the receipt, sees the status and the message, the date filled in.
      const afterAck = await reporterView(reporter);
      expect(afterAck.raw.status).toBe('acknowledged');
      expect(afterAck.raw.check_in_by?.slice(0, 10)).toBe(checkIn);
      const ackMessage = afterAck.items.map((i) => i.body.text ?? '').find((t) => t.includes('two of us'));
      expect(ackMessage).toBeDefined();
      expect(ackMessage).not.toMatch(/\{[^}]*\}/);
      expect(ackMessage).toContain('Stewards');

      // -- Verify the facts: the report's link and the reporter's identity, each ticked. ----
      await handling(ana.page).getByRole('button', { name: 'Mark as investigating' }).click();
      await expect.poll(() => statusShown(ana.page)).toBe('Status: Investigating');
      const checklists = await recordsPart(ana.page, 'Checklists');
      const verify = checklists.getByRole('group', { name: 'Verify the facts' });
      for (const item of [
        `Opened and confirmed: ${DIFF}`,
        'The reporter and the target are who they say they are',
        'The alleged harasser’s account status is checked',
      ]) {
        const box = verify.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(item)}`) });
        await expect.poll(() => box.isEnabled()).toBe(true);
        await box.click();
        await expect.poll(() => box.isChecked(), { timeout: SLOW }).toBe(true);
      }
      await expect.poll(() => verify.textContent()).toContain('3 of 5 ticked');
      expect(await verify.getByText(/^Ticked by Ana, /).count()).toBe(3);
      await expectNoSeriousA11yViolations(ana.page);

      // -- Cai knows the reported user: recuses, is sent back to the list, the case is gone.
      await openCase(cai.page, SUMMARY);
      await handling(cai.page).getByRole('button', { name: 'Recuse myself' }).click();
      const dialog = cai.page.getByRole('dialog', { name: `Recuse yourself from case #${number}?` });
      await dialog.waitFor();
      // Watches every change of the page from here on: does the list, once shown, ever offer
      // the case (a list remembered from before the recusal would, until it is fetched again)?
      await cai.page.evaluate((caseId) => {
        const w = globalThis as unknown as {
          document: { querySelector(s: string): unknown; documentElement: unknown };
          location: { pathname: string };
          MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void };
          sawRecusedCase?: boolean;
        };
        w.sawRecusedCase = false;
        new w.MutationObserver(() => {
          if (
            w.location.pathname === '/team/cases' &&
            w.document.querySelector(`a[href="/team/cases/${caseId}"]`)
          ) {
            w.sawRecusedCase = true;
          }
        }).observe(w.document.documentElement, { childList: true, subtree: true });
      }, report.caseId);
      await dialog.getByRole('button', { name: 'Recuse myself' }).click();
      await cai.page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor({ timeout: SLOW });
      await cai.page.getByText(`You recused yourself from case #${number}.`).waitFor();
      // The list as fetched after the recusal: the case is not in it.
      await cai.page
        .getByRole('status')
        .filter({ hasText: /^\d+ cases?$/ })
        .waitFor({ timeout: SLOW });
      expect(await cai.page.getByRole('link', { name: new RegExp(escapeRegExp(SUMMARY)) }).count()).toBe(0);
      // Nor was it offered for a moment from the list remembered before.
      expect(await cai.page.evaluate('globalThis.sawRecusedCase')).toBe(false);

      // -- The vote: Ana opens round 1 and votes actionable; Ben, on his phone, too. --------
      await openCase(ana.page, SUMMARY);
      await ana.page.locator('.thread').getByText('Cai recused themselves').waitFor();
      await vote(ana.page, /^Actionable/, 'The diff shows the address; the account has no other edits.');
      const round = handling(ana.page).locator('.vote-round').first();
      await expect.poll(() => round.textContent(), { timeout: SLOW }).toContain('1 of 2 votes');
      // Not closable yet: the close form says why.
      await handling(ana.page).getByRole('button', { name: 'Close the case', exact: true }).click();
      expect(await handling(ana.page).locator('.handling-blockers').textContent()).toContain(
        'The latest vote round has not reached the team’s quorum.',
      );
      await handling(ana.page).screenshot({ path: path.join(SHOTS, 'actionable-close-refused.png') });
      await handling(ana.page).getByRole('button', { name: 'Cancel: close the case' }).click();

      await openCase(ben.page, SUMMARY);
      // On a phone the handling comes first, above the report.
      const benSide = await handling(ben.page).boundingBox();
      const benReport = await ben.page.getByRole('heading', { name: 'The report' }).boundingBox();
      expect(benSide !== null && benReport !== null && benSide.y < benReport.y).toBe(true);
      expect(benSide?.y).toBeLessThan(PHONE.height);
      await shot(ben.page, 'actionable-2-phone-top');
      await vote(ben.page, /^Actionable/, 'Agreed.');
      const benRound = handling(ben.page).locator('.vote-round').first();
      await expect
        .poll(() => benRound.textContent(), { timeout: SLOW })
        .toContain('2 of 2 votes, quorum reached');
      expect(await benRound.textContent()).toContain('Majority: Actionable');
      await shot(ben.page, 'actionable-3-phone-voted', true);
      await expectNoSeriousA11yViolations(ben.page);

      // -- The decision, then the closing order. ------------------------------------------
      await openCase(ana.page, SUMMARY);
      expect(await handling(ana.page).locator('.vote-round').first().textContent()).toContain(
        'quorum reached',
      );
      const notices = await recordsPart(ana.page, 'Notices');
      expect(await notices.textContent()).toContain(
        'Record the decision, with the on-wiki actions taken, before recording any notice.',
      );
      await decide(ana.page, /^Actionable/, [{ action: 'Block', target: HARASSER }]);
      const decision = await recordsPart(ana.page, 'Decision and on-wiki actions');
      await expect
        .poll(() => decision.locator('.records__summary').textContent(), { timeout: SLOW })
        .toContain('Actionable');

      // A notice to the target before the sanctioned user's is refused.
      await notices.getByRole('radio', { name: /^The target or reporter/ }).check();
      await notices.getByRole('button', { name: 'Record the notice' }).click();
      expect(await notices.getByRole('alert').textContent()).toContain('Notify the sanctioned user first');
      expect(await notices.locator('.records__list li').count()).toBe(0);
      await notices.screenshot({ path: path.join(SHOTS, 'actionable-notice-refused.png') });
      await notices.getByRole('radio', { name: /^The sanctioned user/ }).check();
      await notices.getByLabel('How and where').fill('Talk page message');
      await notices.getByRole('button', { name: 'Record the notice' }).click();
      await notices.getByText('The notice to the sanctioned user was recorded.').waitFor({ timeout: SLOW });
      // The order is judged on the records as reloaded after the save: wait for them to hold it.
      await expect.poll(() => notices.locator('.records__list li').count(), { timeout: SLOW }).toBe(1);
      await notices.getByRole('radio', { name: /^The target or reporter/ }).check();
      expect(
        await notices.getByRole('radio', { name: /^The target or reporter/ }).getAttribute('aria-invalid'),
      ).not.toBe('true');
      await notices.getByRole('button', { name: 'Record the notice' }).click();
      await notices
        .getByText('The notice to the target or reporter was recorded.')
        .waitFor({ timeout: SLOW });
      await expect.poll(() => notices.locator('.records__list li').count()).toBe(2);
      expect(await notices.locator('.records__list li').first().textContent()).toContain(
        'The sanctioned user',
      );

      // -- The public announcement draft refuses personal details and links. ---------------
      const announcement = await recordsPart(ana.page, 'Public announcement draft');
      expect(await announcement.getByLabel('Username of the sanctioned user').inputValue()).toBe(HARASSER);
      const basis = announcement.getByLabel('Basis of the case');
      const outcome = announcement.getByRole('textbox', { name: 'Outcome', exact: true });
      const save = announcement.getByRole('button', { name: 'Save the draft' });
      await basis.fill('harassment; write to vexmoor.owner@example.net for details');
      await outcome.fill('user is blocked');
      await announcement.getByText('contains an e-mail address: “vexmoor.owner@example.net”').waitFor();
      await save.click();
      expect(await announcement.getByRole('alert').textContent()).toContain('e-mail address');
      await announcement.screenshot({ path: path.join(SHOTS, 'actionable-announcement-refused.png') });
      await basis.fill('harassment');
      await outcome.fill(`user is blocked, see ${DIFF}`);
      await announcement.getByText('The outcome links to content from the report.').waitFor();
      await save.click();
      expect(await announcement.getByRole('alert').textContent()).toContain(
        'links to content from the report',
      );
      await outcome.fill('user is blocked, see https://meta.example.org/wiki/Bans');
      await announcement.getByText(/The outcome contains a link: /).waitFor();
      await outcome.fill('user is blocked indefinitely');
      await expect.poll(() => announcement.locator('[role="status"] .notice').count()).toBe(0);
      await save.click();
      await announcement.getByText('The announcement draft was saved.').waitFor({ timeout: SLOW });
      expect(await announcement.locator('.records__draft').textContent()).toBe(
        `User: ${HARASSER}\nBasis: harassment\nOutcome: user is blocked indefinitely`,
      );

      // -- Support offered to the target, from the kit for doxing and threats. -------------
      const support = await recordsPart(ana.page, 'Support offered');
      const suggested = support.getByRole('group', { name: 'Suggested for this report' });
      await suggested.getByRole('checkbox', { name: /^Removing their details from search engines/ }).check();
      await suggested.getByRole('checkbox', { name: /^Contacting local authorities/ }).check();
      await support.getByLabel('Note').fill('Offered in the outcome message.');
      await support.getByRole('button', { name: 'Record support offered' }).click();
      await support.getByText('The support offered was recorded.').waitFor({ timeout: SLOW });
      await expect.poll(() => support.locator('.records__list li').count()).toBe(1);

      // -- Investigators, for the summary's first draft. ----------------------------------
      const investigators = await recordsPart(ana.page, 'Investigators');
      const who = investigators.getByRole('group', { name: 'Who investigated this case' });
      // Cai recused: not offered.
      expect(await who.getByRole('checkbox').count()).toBe(2);
      await who.getByRole('checkbox', { name: 'Ana' }).check();
      await who.getByRole('checkbox', { name: 'Ben' }).check();
      await investigators.getByRole('button', { name: 'Record investigators' }).click();
      await investigators.getByText('The investigators were recorded.').waitFor({ timeout: SLOW });
      await shot(ana.page, 'actionable-4-desktop-records', true);
      await expectNoSeriousA11yViolations(ana.page);

      // -- The outcome, to the reporter, from the "action taken" template. -----------------
      const outcomeText = await replyFromTemplate(ana.page, 'Closure: action taken', {
        'what was done, in general terms': 'the account that posted your address is blocked',
        'support you can offer, or resources that may help':
          'If you wish, we can help you ask search engines to remove your details.',
      });

      // -- Close with the closing summary. -------------------------------------------------
      const summary = await close(ana.page, {
        about: 'A user page published the reporter’s home address.',
        findings: 'The diff showed the address; the account made no other edits.',
      });
      expect(summary.investigators).toBe('Ana, Ben');
      expect(summary.outcome).toBe(`Actionable. Block: ${HARASSER}.`);
      await ana.page.locator('.thread').getByText('Ana closed the case').waitFor();
      // The closing summary reads whole in the timeline, with the change that came with it.
      const closing = ana.page.locator('.thread-event', { hasText: 'Ana closed the case' });
      for (const part of Object.values(summary)) expect(await closing.textContent()).toContain(part);
      expect(await ana.page.getByRole('alert').count()).toBe(0);
      await shot(ana.page, 'actionable-5-desktop-closed');

      // The reporter reads the outcome with the receipt.
      const closed = await reporterView(reporter);
      expect(closed.raw.status).toBe('closed');
      const texts = closed.items.map((i) => i.body.text ?? '');
      expect(texts).toContain(outcomeText);
      expect(texts.at(-1)).toContain('the account that posted your address is blocked');
      // Records, notes and the summary are the team's: none reached the reporter.
      expect(closed.items.map((i) => [i.raw.kind, i.raw.audience, i.body.schema])).toEqual(
        closed.items.map(() => ['message', 'reporter', 'confide/message/v1']),
      );
      expect(texts).toHaveLength(2);

      // -- The retained record: Ana's browser wrote it when she closed the case, so that
      // retention may later delete everything else (docs/protocol.md 10.8).
      let retainedId: string | null = null;
      await expect
        .poll(
          async () => {
            retainedId = (await openCaseByApi(anaApi, report.caseId)).raw.retained ?? null;
            return retainedId;
          },
          { timeout: SLOW },
        )
        .not.toBeNull();
      const afterClose = await openCaseByApi(anaApi, report.caseId);
      const retained = afterClose.items.find((item) => item.raw.id === retainedId);
      expect(retained?.raw.kind).toBe('record');
      expect(retained?.authorName).toBe('Ana');
      expect(retained?.body).toMatchObject({
        schema: 'confide/record/v1',
        type: 'retained',
        case_number: Number(number),
        result: 'actionable',
        reporter_role: afterClose.body.reporter_role,
        outcome: summary.outcome,
      });
      expect((retained?.body as { parties?: { name: string }[] }).parties?.map((p) => p.name)).toContain(
        HARASSER,
      );
      // With a retention period set, the reporter is told in advance when the details go.
      await server.db.updateTable('teams').set({ retention_days: 30 }).where('id', '=', team.id).execute();
      const withRetention = await reporterView(reporter);
      expect(Date.parse(withRetention.raw.purge_after ?? '')).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      await server.db.updateTable('teams').set({ retention_days: null }).where('id', '=', team.id).execute();

      // -- After the case: the debrief, and a follow-up date. ------------------------------
      const debrief = await recordsPart(ana.page, 'Debrief');
      await debrief.getByLabel('Was the result the best possible given the circumstances?').fill('Yes.');
      await debrief.getByLabel('What went well in this case?').fill('The block came within the hour.');
      await debrief.getByRole('button', { name: 'Record the debrief' }).click();
      await debrief.getByText('The debrief was recorded.').waitFor({ timeout: SLOW });
      const followUp = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const followUpForm = handling(ana.page).locator('form', { has: ana.page.getByLabel('Follow-up date') });
      await followUpForm.getByLabel('Follow-up date').fill(followUp);
      await followUpForm.getByRole('button', { name: 'Save date' }).click();
      await handling(ana.page)
        .getByText(/^Follow-up date set to /)
        .waitFor({ timeout: SLOW });

      // -- The print view. ------------------------------------------------------------------
      await ana.page.getByRole('link', { name: 'Print or export' }).click();
      await ana.page
        .getByRole('heading', { level: 1, name: `Print or export case #${number}` })
        .waitFor({ timeout: SLOW });
      const printed = (await ana.page.locator('.print-case').textContent()) ?? '';
      for (const part of [
        SUMMARY,
        summary.about,
        summary.findings,
        'the account that posted your address is blocked',
      ]) {
        expect(printed).toContain(part);
      }
      await ana.page.emulateMedia({ media: 'print' });
      expect(await ana.page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
      // On paper: the case and its closing summary, without the console around it.
      expect(await ana.page.locator('.print-case').isVisible()).toBe(true);
      expect(await ana.page.locator('.print-case').getByText(summary.findings).isVisible()).toBe(true);
      expect(await ana.page.getByRole('navigation', { name: 'Team console' }).isVisible()).toBe(false);
      await shot(ana.page, 'actionable-6-print', true);
      await ana.page.emulateMedia({ media: 'screen' });
      await expectNoSeriousA11yViolations(ana.page);
      await ana.page.getByRole('link', { name: 'Back to the case' }).click();
      await ana.page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: SLOW });

      // Ben sees the closed case with its summary, and nothing flagged about its closing.
      await openCase(ben.page, SUMMARY, { closed: true });
      await expect.poll(() => statusShown(ben.page)).toBe('Status: Closed');
      await ben.page.locator('.thread').getByText('Ana closed the case').waitFor();
      expect(await ben.page.getByRole('alert').count()).toBe(0);
      await shot(ben.page, 'actionable-7-phone-closed');

      expectCleanRun(ana, ben, cai);
    },
    STORY,
  );

  it(
    'takes a non-actionable case from the report to the close, with next steps for the reporter',
    async () => {
      const SUMMARY = 'Rude comments under my article drafts';
      const reporter = newReporter();
      await newReport(reporter, {
        summary: SUMMARY,
        what_happened: 'Someone leaves rude comments under my drafts.',
        kinds: ['offensive_comment'],
        involved: [{ name: 'Grumbleton', role: 'alleged_harasser' }],
      });
      const { ana, ben, cai } = await signedIn();

      await openCase(ana.page, SUMMARY);
      const checkIn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      await acknowledge(ana.page, 'we will read the comments you pointed to', checkIn);
      expect((await reporterView(reporter)).raw.status).toBe('acknowledged');

      await vote(ana.page, /^Non-actionable/, 'Rude, but within what the policy allows.');
      await openCase(ben.page, SUMMARY);
      await vote(ben.page, /^Non-actionable/, 'Agreed: offer other venues.');
      await expect
        .poll(() => handling(ben.page).locator('.vote-round').first().textContent(), { timeout: SLOW })
        .toContain('2 of 2 votes, quorum reached');
      expect(await handling(ben.page).locator('.vote-round').first().textContent()).toContain(
        'Majority: Non-actionable',
      );

      await openCase(ana.page, SUMMARY);
      await decide(ana.page, /^Non-actionable/, []);
      const nextSteps = 'the mediation noticeboard, and the guide to muting replies in your preferences';
      const message = await replyFromTemplate(ana.page, 'Closure: no action possible', {
        'hurtful / upsetting': 'upsetting',
        'reason, in general terms': 'the comments stay within what the civility policy allows',
        'next steps: other venues, support organisations, ways to protect your account or your information':
          nextSteps,
      });
      await close(ana.page, {
        about: 'Rude comments under the reporter’s drafts.',
        findings: 'The comments are rude but within the civility policy.',
        investigators: 'Ana, Ben',
      });
      await shot(ana.page, 'non-actionable-desktop-closed');

      const closed = await reporterView(reporter);
      expect(closed.raw.status).toBe('closed');
      expect(closed.items.map((i) => i.body.text ?? '')).toContain(message);
      expect(closed.items.at(-1)?.body.text).toContain(nextSteps);

      // Cai, who did not recuse from this case, sees it closed in the list.
      await toCaseList(cai.page);
      // The list shows open cases by default; closed ones are a filter away.
      await cai.page.getByLabel('Status', { exact: true }).selectOption({ label: 'All cases' });
      const card = cai.page.locator('.case-card', { hasText: SUMMARY });
      await expect.poll(() => card.textContent(), { timeout: SLOW }).toContain('Closed');

      expectCleanRun(ana, ben, cai);
    },
    STORY,
  );
});
