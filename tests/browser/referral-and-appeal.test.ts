/**
 * Referral to another team with the reporter's consent (docs/protocol.md 10.10), in Chromium against
 * the real server. Stewards (community en.wikipedia; Ana) refer two reports to the Code of Conduct
 * committee (community global; Cai and Dan), so each reporter is asked on their receipt page. The
 * first reads what would be shared, leaves Dan out and agrees; the second says no. Cai finds the
 * first as a case of the committee, marked as referred by the Stewards, and never the second; Dan,
 * left out, gets nothing. Cai replies, and the first reporter reads the reply with the same receipt
 * on the referred case and answers. A dump of the database afterwards holds none of the words typed.
 *
 * Then, each with a server of its own: a third-party report whose target a member invites in
 * (docs/protocol.md 8.5), and an appeal decided by a member who did not vote on the decision, on a
 * team whose console finds a repeat harasser through the blind index (docs/protocol.md 10.9, 12).
 * The appeal page, and the blind index in depth, have suites of their own (appeal-page.test.ts,
 * appeal-console.test.ts, blind-index.test.ts).
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
  closeWithSummary,
  createTeamWithService,
  dumpEverything,
  expectReply,
  fetchTransport,
  joinTeam,
  newReporter,
  postReport,
  prepareReport,
  signInFast,
  submitReport,
  voteOn,
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
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

// The target invited in (docs/protocol.md 8.5).
const SUMMARY = 'Threats against a new editor on the help desk';
const WHAT_HAPPENED =
  'A user I watch keeps threatening WitnessedPerson on the help desk; she has not reported it.';
const TO_REPORTER = 'Thank you for telling us; we are looking into what you saw.';
const TO_TARGET =
  'Someone told us about messages sent to you on the help desk. We would like to hear from you.';
const FROM_TARGET = 'Thank you. The messages started in March, after my edit to the sandbox.';
const RECEIPT = /[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){4}/;

describeBrowser('the target invited in', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let team: CreatedTeam;
  let reporterReceipt: string;
  let caseId: string;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createStewards(server.db, ANA_PASSPHRASE);
    const reporter = newReporter();
    reporterReceipt = reporter.receipt ?? '';
    const report = await submitReport(new Agent(fetchTransport(server.url)), team.slug, {
      reporter,
      body: {
        reporter_role: 'third_party',
        summary: SUMMARY,
        what_happened: WHAT_HAPPENED,
        involved: [{ name: 'WitnessedPerson', role: 'target' }],
      },
    });
    caseId = report.caseId;
  }, STORY);

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    if (clientDir) removeClientCopy(clientDir);
  });

  async function newPage(who: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${who} pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('401')) {
        problems.push(`${who} console: ${message.text()}`);
      }
    });
    return page;
  }

  async function sendFromComposer(page: Page, choice: string, field: string, text: string, button: string) {
    await page.getByRole('radio', { name: choice }).check();
    await page.getByLabel(field).fill(text);
    await page.getByRole('button', { name: button }).click();
  }

  let targetReceipt = '';
  let ana: Page;

  it(
    'lets a member make a receipt for the target, shown once, and write to both threads',
    async () => {
      ana = await newPage('Ana');
      await signInToConsole(ana, server.url, { slug: team.slug, name: 'Ana', passphrase: ANA_PASSPHRASE });
      await ana.getByRole('link', { name: new RegExp(SUMMARY) }).click();
      const invite = ana.getByRole('region', { name: 'Invite the target' });
      await invite.waitFor({ timeout: SLOW });
      await invite.getByRole('button', { name: 'Make a receipt for the target' }).click();

      const shown = ana.getByRole('region', { name: 'The target’s receipt' });
      await shown.waitFor({ timeout: SLOW });
      targetReceipt = RECEIPT.exec((await shown.textContent()) ?? '')?.[0] ?? '';
      expect(targetReceipt).toMatch(RECEIPT);
      expect(targetReceipt).not.toBe(reporterReceipt);
      await expectNoSeriousA11yViolations(ana);
      await shown.getByRole('button', { name: 'I have noted it' }).click();

      // Shown once: the case now names who invited the target, and offers no second receipt.
      const invited = ana.getByRole('region', { name: 'The target' });
      await invited.getByText(/The target was invited by Ana on/).waitFor({ timeout: SLOW });
      expect(await ana.getByRole('button', { name: 'Make a receipt for the target' }).count()).toBe(0);

      await sendFromComposer(
        ana,
        'A reply to the reporter',
        'Your reply',
        TO_REPORTER,
        'Send reply to the reporter',
      );
      await ana.getByText('Your reply was encrypted and sent.').waitFor({ timeout: SLOW });
      await sendFromComposer(
        ana,
        'A message to the target',
        'Your message to the target',
        TO_TARGET,
        'Send message to the target',
      );
      await ana.getByText('Your message to the target was encrypted and sent.').waitFor({ timeout: SLOW });
      await ana.getByText(TO_TARGET).waitFor({ timeout: SLOW });
      await ana.getByText('To the target').first().waitFor();
    },
    STORY,
  );

  it(
    "opens the target's receipt on the thread with the team alone, and takes their answer",
    async () => {
      expect(targetReceipt).toMatch(RECEIPT);
      const target = await newPage('target');
      await target.goto(new URL('/receipt', server.url).href);
      await target.getByLabel('Your receipt').fill(targetReceipt.toLowerCase());
      await target.getByRole('button', { name: 'Open my report' }).click();
      await target
        .getByRole('heading', { level: 1, name: 'Stewards invited you into a case' })
        .waitFor({ timeout: SLOW });
      await target.getByText(TO_TARGET).waitFor({ timeout: SLOW });
      const body = (await target.locator('main').textContent()) ?? '';
      expect(body).not.toContain(TO_REPORTER);
      expect(body).not.toContain(WHAT_HAPPENED);
      expect(body).not.toContain(SUMMARY);
      expect(await target.getByRole('button', { name: /withdraw/i }).count()).toBe(0);
      await expectNoSeriousA11yViolations(target);

      await target.getByLabel('Your message to Stewards').fill(FROM_TARGET);
      await target.getByRole('button', { name: 'Encrypt and send message' }).click();
      await target.getByText('Your message was sent to the team.').waitFor({ timeout: SLOW });
      await target.getByText(FROM_TARGET).waitFor({ timeout: SLOW });
    },
    STORY,
  );

  it(
    "shows the team the target's answer as theirs",
    async () => {
      // To another page and back inside the app (a reload would lock the console).
      const nav = ana.getByRole('navigation', { name: 'Team console' });
      await nav.getByRole('link', { name: 'Cases' }).click();
      await ana.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
      await ana.getByRole('link', { name: new RegExp(SUMMARY) }).click();
      await ana.getByText(FROM_TARGET).waitFor({ timeout: SLOW });
      await ana.getByText('From the target').first().waitFor();
    },
    STORY,
  );

  it(
    'tells the reporter the target was invited, and shows them nothing of that thread',
    async () => {
      const reporter = await newPage('reporter');
      await openReportWithReceipt(reporter, server.url, reporterReceipt, 'Stewards', SLOW);
      await reporter.getByText(TO_REPORTER).waitFor({ timeout: SLOW });
      await reporter
        .getByText(/the team invited the person targeted into this case with a receipt of their own/)
        .waitFor({ timeout: SLOW });
      const body = (await reporter.locator('main').textContent()) ?? '';
      expect(body).not.toContain(TO_TARGET);
      expect(body).not.toContain(FROM_TARGET);
    },
    STORY,
  );

  it(
    'leaves none of the words typed in the database, and no error in any page',
    async () => {
      const dump = await dumpEverything(server.db);
      for (const typed of [
        WHAT_HAPPENED,
        TO_REPORTER,
        TO_TARGET,
        FROM_TARGET,
        'WitnessedPerson',
        targetReceipt,
      ]) {
        expect(dump.includes(typed), typed).toBe(false);
      }
      expect(caseId).toBeTruthy();
      expect(problems).toEqual([]);
    },
    STORY,
  );
});

// An appeal decided by a member who did not vote, about a harasser the team has seen before.
const FIRST_SUMMARY = 'Slurs from Repeat_Harasser on my talk page';
const AGAIN_SUMMARY = 'The same account again, on the help desk';
const APPEAL_SUMMARY = 'I appeal the block';
const APPEAL_TEXT = 'I was blocked for edits my brother made from my account.';

describeBrowser('an appeal decided by a member who did not vote, and a harasser seen before', () => {
  let server: SuiteServer;
  let browser: Browser;
  let clientDir: string;
  let team: CreatedTeam;
  let ben: MemberSession;
  let firstId = '';
  let appealId = '';
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createStewards(server.db, ANA_PASSPHRASE);
    const ana = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    ben = (await joinTeam(ana, { name: 'Ben' })).session;
    const cai = (await joinTeam(ana, { name: 'Cai' })).session;
    const reporter = new Agent(fetchTransport(server.url));
    firstId = (
      await submitReport(reporter, team.slug, {
        body: { summary: FIRST_SUMMARY, involved: [{ name: 'Repeat_Harasser', role: 'alleged_harasser' }] },
      })
    ).caseId;
    await submitReport(reporter, team.slug, {
      body: { summary: AGAIN_SUMMARY, involved: [{ name: 'repeat harasser', role: 'alleged_harasser' }] },
    });
    // Ben and Cai decide the first case (the quorum is 2); Ana, who did not vote, closes it.
    expectReply(await ben.agent.post(`/api/cases/${firstId}/rounds`), 201, 'open round');
    expectReply(await voteOn(ben, firstId, 1), 201, 'vote');
    expectReply(await voteOn(cai, firstId, 1), 201, 'vote');
    await closeWithSummary(ana, firstId);
    // The sanctioned user appeals with the reference from the notice.
    const { reference } = expectReply<{ reference: string }>(
      await ana.agent.post(`/api/cases/${firstId}/appeal-reference`),
      201,
      'appeal reference',
    );
    const appellant = new Agent(fetchTransport(server.url));
    const prepared = await prepareReport(appellant, team.slug, {
      body: { summary: APPEAL_SUMMARY, what_happened: APPEAL_TEXT },
    });
    appealId = prepared.submission.id;
    expectReply(
      await postReport(appellant, { ...prepared.submission, appeal_reference: reference }),
      201,
      'appeal',
    );
  }, STORY);

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  let ana: Page;

  it(
    'finds the harasser of a new case in the earlier case through the blind index',
    async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      ana = await context.newPage();
      ana.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await signInToConsole(ana, server.url, { slug: team.slug, name: 'Ana', passphrase: ANA_PASSPHRASE });
      // The console tags the team's cases in the background with the index key.
      await expect
        .poll(
          async () =>
            (
              await server.db.selectFrom('cases').select('tag_epoch').where('team_id', '=', team.id).execute()
            ).every((row) => row.tag_epoch === 1),
          { timeout: SLOW, interval: 250 },
        )
        .toBe(true);
      await ana.getByLabel('Status', { exact: true }).selectOption({ label: 'All cases' });
      await ana.getByRole('link', { name: new RegExp(AGAIN_SUMMARY) }).click();
      const panel = ana.getByRole('region', { name: 'Seen before' });
      await panel.getByText('“repeat harasser” appears in 1 earlier case.').waitFor({ timeout: SLOW });
      const link = panel.getByRole('link', { name: 'Case #1' });
      expect(await link.getAttribute('href')).toBe(`/team/cases/${firstId}`);
    },
    STORY,
  );

  it(
    'lets a member who did not vote on the decision vote on its appeal, and refuses a member who did',
    async () => {
      const nav = ana.getByRole('navigation', { name: 'Team console' });
      await nav.getByRole('link', { name: 'Cases' }).click();
      await ana.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
      await ana.getByLabel('Status', { exact: true }).selectOption({ label: 'All cases' });
      await ana.getByRole('link', { name: new RegExp(APPEAL_SUMMARY) }).click();
      await ana.getByRole('heading', { name: 'The appeal' }).waitFor({ timeout: SLOW });
      const panel = ana.getByRole('complementary', { name: 'Case handling' });
      await panel.getByRole('button', { name: 'Open a vote' }).click();
      await panel.getByText('Round 1 is open for votes.').waitFor({ timeout: SLOW });
      const group = panel.getByRole('group', { name: 'Your vote in round 1' });
      await group.getByRole('radio', { name: /^Non-actionable/ }).check();
      const form = panel.locator('form', { has: ana.getByRole('group', { name: 'Your vote in round 1' }) });
      await form.getByLabel('Why').fill('The edits came from another person; the block should be lifted.');
      await form.getByRole('button', { name: 'Cast my vote' }).click();
      await panel.getByText('Your vote in round 1 was encrypted and counted.').waitFor({ timeout: SLOW });

      const votes = await server.db
        .selectFrom('votes')
        .select('member_id')
        .where('case_id', '=', appealId)
        .execute();
      expect(votes.map((v) => v.member_id)).toEqual([team.admin.id]);
      // Ben voted on the decision: the server refuses his vote on the appeal.
      const refused = await voteOn(ben, appealId, 1);
      expect(refused.status).toBe(409);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('voted_on_original');
      expect(problems).toEqual([]);
    },
    STORY,
  );
});
