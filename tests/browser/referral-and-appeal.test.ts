/**
 * Referral to another team with the reporter's consent (docs/protocol.md 10.10), in Chromium against
 * the real server. Stewards (community en.wikipedia; Ana) refer two reports to the Code of Conduct
 * committee (community global; Cai and Dan), so each reporter is asked on their receipt page. The
 * first reads what would be shared, leaves Dan out and agrees; the second says no. Cai finds the
 * first as a case of the committee, marked as referred by the Stewards, and never the second; Dan,
 * left out, gets nothing. Cai replies, and the first reporter reads the reply with the same receipt
 * on the referred case and answers. A dump of the database afterwards holds none of the words typed.
 *
 * The other parts of issue 13 have suites of their own: the target invited in
 * (target-invitation.test.ts), appeals decided by members who did not vote (appeal-console.test.ts,
 * appeal-page.test.ts) and a repeat harasser found through the blind index (blind-index.test.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  CAI_PASSPHRASE,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  cheapKdf,
  createTeamWithService,
  dumpEverything,
  fetchTransport,
  joinTeam,
  newReporter,
  signInFast,
  submitReport,
  type CreatedTeam,
  type JoinedMember,
} from '../helpers/protocol/index.js';
import { openReportWithReceipt } from '../helpers/receipt-page.js';

const STORY = 300_000;
const SLOW = 90_000;

const AGREED_SUMMARY = 'Doxxing across three wikis';
const AGREED_WHAT = 'My home address was posted on three wikis by the same account, Doxxer-Q.';
const REFUSED_SUMMARY = 'Insults after a deletion debate';
const REFUSED_WHAT = 'An account insulted me on my talk page after I voted in a deletion debate.';
const REFERRAL_NOTE = 'Cross-wiki doxxing: needs global action we cannot take locally.';
const REFERRER_CONTACT = 'Ana, through the Stewards queue';
const CAI_REPLY = 'The committee has your report now; we are looking at the other wikis too.';
const REPORTER_ANSWER = 'Thank you. It also happened on the Commons help desk.';

describeBrowser('a referral to another community, with the reporter’s consent', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let stewards: CreatedTeam;
  let committee: CreatedTeam;
  let dan: JoinedMember;
  let agreedReceipt = '';
  let refusedReceipt = '';
  let refusedCaseId = '';
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    stewards = await createStewards(server.db, ANA_PASSPHRASE);
    committee = await createTeamWithService(server.db, {
      slug: 'coc',
      name: 'Code of Conduct committee',
      adminName: 'Cai',
      passphrase: CAI_PASSPHRASE,
      kdf: cheapKdf(),
    });
    // Two communities: a referral between them needs the reporter's consent.
    await server.db
      .updateTable('teams')
      .set({ community: 'en.wikipedia' })
      .where('slug', '=', 'stewards')
      .execute();
    await server.db.updateTable('teams').set({ community: 'global' }).where('slug', '=', 'coc').execute();
    const cai = await signInFast(new Agent(fetchTransport(server.url)), committee.slug, committee.admin);
    dan = await joinTeam(cai, { name: 'Dan' });

    const agreed = newReporter();
    agreedReceipt = agreed.receipt ?? '';
    await submitReport(new Agent(fetchTransport(server.url)), stewards.slug, {
      reporter: agreed,
      body: { summary: AGREED_SUMMARY, what_happened: AGREED_WHAT, kinds: ['doxing'] },
    });
    const refused = newReporter();
    refusedReceipt = refused.receipt ?? '';
    refusedCaseId = (
      await submitReport(new Agent(fetchTransport(server.url)), stewards.slug, {
        reporter: refused,
        body: { summary: REFUSED_SUMMARY, what_happened: REFUSED_WHAT },
      })
    ).caseId;
  }, STORY);

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  async function newPage(who: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${who} pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('401')) {
        problems.push(`${who} console: ${message.text()}`);
      }
    });
    return page;
  }

  /** From the list (inside the app: a reload would lock the console) to the case, all statuses shown. */
  async function openCaseFromList(page: Page, summary: string): Promise<void> {
    const nav = page.getByRole('navigation', { name: 'Team console' });
    if (new URL(page.url()).pathname === '/team/cases') {
      await nav.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    }
    await nav.getByRole('link', { name: 'Cases' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'All cases' });
    await page.getByRole('link', { name: new RegExp(summary) }).click();
  }

  async function refer(page: Page, summary: string): Promise<void> {
    await openCaseFromList(page, summary);
    await page.getByRole('heading', { name: 'Refer to another team' }).waitFor({ timeout: SLOW });
    await page.getByRole('button', { name: 'Refer this case to another team' }).click();
    await page.getByLabel('Team to refer to').selectOption({ label: 'Code of Conduct committee (global)' });
    await page.getByText('The reporter will be asked first.').waitFor();
    await page.getByLabel('What the other team needs to know').fill(REFERRAL_NOTE);
    await page.getByLabel('How they can reach you').fill(REFERRER_CONTACT);
    await page.getByRole('button', { name: 'Send the referral' }).click();
    await page.getByText(/The referral to Code of Conduct committee was sent/).waitFor({ timeout: SLOW });
    await page
      .getByRole('list', { name: 'Referrals of this case' })
      .getByText(/waiting for the reporter’s consent/)
      .waitFor({ timeout: SLOW });
  }

  let ana: Page;

  it(
    'lets a member refer two cases to a team of another community, each waiting for its reporter',
    async () => {
      ana = await newPage('Ana');
      await signInToConsole(ana, server.url, {
        slug: stewards.slug,
        name: 'Ana',
        passphrase: ANA_PASSPHRASE,
      });
      await refer(ana, AGREED_SUMMARY);
      await expectNoSeriousA11yViolations(ana);
      await refer(ana, REFUSED_SUMMARY);
      // Nothing reaches the committee before an answer.
      const waiting = await server.db.selectFrom('referrals').select(['state', 'id']).execute();
      expect(waiting.map((r) => r.state)).toEqual(['awaiting_consent', 'awaiting_consent']);
      const cases = await server.db
        .selectFrom('cases')
        .select('id')
        .where('team_id', '=', committee.id)
        .execute();
      expect(cases).toEqual([]);
    },
    STORY,
  );

  it(
    'shows the reporter what would be shared, and shares it with the members they leave in',
    async () => {
      const reporter = await newPage('agreeing reporter');
      await openReportWithReceipt(reporter, server.url, agreedReceipt, 'Stewards', SLOW);
      const card = reporter.getByRole('region', {
        name: 'The team asks to refer your report to Code of Conduct committee',
      });
      await card.waitFor({ timeout: SLOW });
      await card.getByText('What would be shared').click();
      await card.getByText(REFERRAL_NOTE).first().waitFor({ timeout: SLOW });
      await card.getByRole('checkbox', { name: 'Dan' }).check();
      await expectNoSeriousA11yViolations(reporter);
      await card.getByRole('button', { name: 'Agree and share' }).click();
      await reporter.getByText(/Shared with Code of Conduct committee on/).waitFor({ timeout: SLOW });
      await reporter.getByText(/You left out: Dan/).waitFor({ timeout: SLOW });
    },
    STORY,
  );

  it(
    'deletes the packet of the reporter who says no, and the committee never sees it',
    async () => {
      const reporter = await newPage('refusing reporter');
      await openReportWithReceipt(reporter, server.url, refusedReceipt, 'Stewards', SLOW);
      const card = reporter.getByRole('region', {
        name: 'The team asks to refer your report to Code of Conduct committee',
      });
      await card.getByRole('button', { name: 'Do not share' }).click();
      await reporter
        .getByText(/You chose not to share this with Code of Conduct committee on/)
        .waitFor({ timeout: SLOW });
      const refused = await server.db
        .selectFrom('referrals')
        .select(['state', 'payload_ct'])
        .where('from_case', '=', refusedCaseId)
        .execute();
      expect(refused).toEqual([{ state: 'refused', payload_ct: null }]);
    },
    STORY,
  );

  it(
    'gives the committee the case, marked as referred, and keeps it from the member left out',
    async () => {
      const cai = await newPage('Cai');
      await signInToConsole(cai, server.url, {
        slug: committee.slug,
        name: 'Cai',
        passphrase: CAI_PASSPHRASE,
      });
      await cai.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
      await cai.getByLabel('Status', { exact: true }).selectOption({ label: 'All cases' });
      expect(await cai.getByRole('link', { name: new RegExp(REFUSED_SUMMARY) }).count()).toBe(0);
      await cai.getByRole('link', { name: new RegExp(REFERRAL_NOTE.slice(0, 30)) }).click();
      await cai.getByText(/Referred by Stewards \(their case #1\) on .*, by Ana/).waitFor({ timeout: SLOW });
      await cai.getByText(REFERRER_CONTACT).waitFor({ timeout: SLOW });
      expect(await cai.getByText(/signature could not be verified/).count()).toBe(0);

      await cai.getByRole('radio', { name: 'A reply to the reporter' }).check();
      await cai.getByLabel('Your reply').fill(CAI_REPLY);
      await cai.getByRole('button', { name: 'Send reply to the reporter' }).click();
      await cai.getByText('Your reply was encrypted and sent.').waitFor({ timeout: SLOW });

      // Dan, left out by the reporter, finds nothing of it.
      const referred = await server.db
        .selectFrom('cases')
        .select('id')
        .where('team_id', '=', committee.id)
        .execute();
      expect(referred).toHaveLength(1);
      const danAgent = dan.session.agent;
      const reply = await danAgent.get(`/api/cases/${referred[0]?.id ?? ''}`);
      expect(reply.status).toBe(404);
    },
    STORY,
  );

  it(
    'lets the reporter read the committee’s reply with the same receipt, and answer it',
    async () => {
      const reporter = await newPage('reporter, back');
      await openReportWithReceipt(reporter, server.url, agreedReceipt, 'Stewards', SLOW);
      const cases = reporter.getByRole('navigation', { name: 'Your cases with this receipt' });
      await cases.getByRole('button', { name: 'Your report, referred to Code of Conduct committee' }).click();
      await reporter
        .getByRole('heading', { level: 1, name: 'Your report, referred to Code of Conduct committee' })
        .waitFor({ timeout: SLOW });
      await reporter.getByText('Referred from Stewards').waitFor();
      await reporter.getByText(CAI_REPLY).waitFor({ timeout: SLOW });
      await reporter.getByLabel('Your message to Code of Conduct committee').fill(REPORTER_ANSWER);
      await reporter.getByRole('button', { name: 'Encrypt and send message' }).click();
      await reporter.getByText(REPORTER_ANSWER).waitFor({ timeout: SLOW });
    },
    STORY,
  );

  it(
    'leaves none of the words typed in the database, and no error in any page',
    async () => {
      const dump = await dumpEverything(server.db);
      for (const typed of [
        AGREED_WHAT,
        REFUSED_WHAT,
        REFERRAL_NOTE,
        REFERRER_CONTACT,
        CAI_REPLY,
        REPORTER_ANSWER,
        'Doxxer-Q',
      ]) {
        expect(dump.includes(typed), typed).toBe(false);
      }
      expect(problems).toEqual([]);
    },
    STORY,
  );
});
