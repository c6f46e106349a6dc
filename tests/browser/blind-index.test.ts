/**
 * "Have we dealt with this account before?" (issue 13, docs/protocol.md 12) in Chromium against
 * the real server: the console tags the cases a member may see in the background after the case
 * list loads, with the team's index key inside the keyring worker, and a case's "Seen before"
 * panel names the other cases sharing an account, with the names as each case writes them.
 *
 *   #1 names "Example_Troll"; #2 someone else (the reporter being the target: a reporter tag);
 *   #3 "example troll" and a bystander; #4 "EXAMPLE_TROLL" and excludes Ben.
 *
 * Ana (admin) tags #4 through the API with the same key (Node's crypto: the tags must agree with
 * the browser's). Ben signs in: his console tags #1–#3, and #3's panel shows the account in one
 * earlier case, #1, with "Example_Troll" beside "example troll"; #4, which he may not see, is not
 * counted. Then #5 arrives, its reporter naming their own account "example_troll": opened (the
 * background pass held off), the case page tags it itself and shows the reporter's own account in
 * two earlier cases. No request from Ben's browser carries a name.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';

import { blindIndexTagBase64, ready } from '../../crypto/index.js';
import { storedTagsOf, tagEpochsOf } from '../helpers/stored-tags.js';
import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  BEN_PASSPHRASE,
  createStewards,
  signInToConsole,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  closeWithSummary,
  expectReply,
  fetchTransport,
  joinTeam,
  openCase,
  postMemberItem,
  signInFast,
  submitReport,
  type CreatedTeam,
  type MemberSession,
  type SubmittedReport,
} from '../helpers/protocol/index.js';

const STORY = 300_000;
const SLOW = 60_000;

/** Every name a report gives: none may reach the server in the clear. */
const NAMES = [
  'Example_Troll',
  'example troll',
  'EXAMPLE_TROLL',
  'example_troll',
  'Quiet Neighbour',
  'Bystander Bea',
];

describeBrowser('the blind index of involved accounts in Chromium', () => {
  let server: SuiteServer;
  let browser: Browser;
  let team: CreatedTeam;
  let ana: MemberSession;
  let benId: string;
  let clientDir: string;
  let reporter: Agent;
  const contexts: BrowserContext[] = [];
  /** The four reports, #1 to #4 in order of arrival. */
  const reports: SubmittedReport[] = [];

  beforeAll(async () => {
    await ready();
    ({ server, browser, clientDir } = await startServerAndBrowser());
    team = await createStewards(server.db, ANA_PASSPHRASE);
    ana = await signInFast(new Agent(fetchTransport(server.url)), team.slug, team.admin);
    const ben = await joinTeam(ana, { name: 'Ben', passphrase: BEN_PASSPHRASE });
    benId = ben.identity.id;

    reporter = new Agent(fetchTransport(server.url));
    const drafts = [
      {
        body: {
          summary: 'Insults under my edits',
          reporter_role: 'target' as const,
          involved: [{ name: 'Example_Troll', role: 'alleged_harasser' as const }],
        },
      },
      {
        body: {
          summary: 'A noisy talk page',
          reporter_role: 'target' as const,
          involved: [{ name: 'Quiet Neighbour', role: 'target' as const }],
        },
      },
      {
        body: {
          summary: 'Harassment on the village pump',
          reporter_role: 'third_party' as const,
          involved: [
            { name: 'example troll', role: 'alleged_harasser' as const },
            { name: 'Bystander Bea', role: 'witness' as const },
          ],
        },
      },
      {
        body: {
          summary: 'Threats by e-mail',
          reporter_role: 'target' as const,
          involved: [{ name: 'EXAMPLE_TROLL', role: 'alleged_harasser' as const }],
        },
        exclude: [ben.identity.id],
      },
    ];
    // One after another: the case numbers follow the order of arrival.
    for (const draft of drafts) reports.push(await submitReport(reporter, team.slug, draft));

    // Ana's console would tag #4; here her API session does, with Node's crypto and the same key.
    const troll = blindIndexTagBase64('EXAMPLE_TROLL', team.indexKey);
    expectReply(
      await ana.agent.request('PUT', `/api/cases/${caseId(4)}/tags`, {
        json: { epoch: 1, involved: [troll], reporter: [] },
      }),
      204,
      'PUT /api/cases/{id}/tags',
    );
  });

  afterAll(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  function caseId(number: number): string {
    const report = reports[number - 1];
    if (!report) throw new Error(`no case #${String(number)}`);
    return report.caseId;
  }

  const tagEpochs = () => tagEpochsOf(server.db, team.id);

  const storedTags = (number: number) => storedTagsOf(server.db, caseId(number));

  async function signIn(page: Page, name: string, passphrase: string): Promise<void> {
    await signInToConsole(page, server.url, { slug: team.slug, name, passphrase });
  }

  it(
    'tags the cases in the background and shows the account in the earlier case it may see, names side by side',
    async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      const page = await context.newPage();
      const requests: Request[] = [];
      const problems: string[] = [];
      page.on('request', (request) => requests.push(request));
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        // The session check answers 401 before anyone has signed in; Chromium logs that fetch.
        if (message.type() === 'error' && !message.text().includes('401')) problems.push(message.text());
      });

      expect(await tagEpochs()).toEqual([null, null, null, 1]);
      // The tags wait until the list has said how far the pass got: three cases are soon done.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The pass stores a page's tags in one request (PUT /api/teams/{slug}/case-tags).
      const TAGS = /\/api\/teams\/[^/]+\/case-tags$/;
      await page.route(TAGS, async (route) => {
        await held;
        await route.fallback();
      });
      await signIn(page, 'Ben', BEN_PASSPHRASE);

      // The background pass tags the three cases Ben may see; #4 keeps Ana's tags.
      const progress = page
        .getByRole('status')
        .filter({ hasText: 'Indexing accounts of earlier cases: 0 of 3' });
      await progress.waitFor({ timeout: SLOW });
      release();
      await page.unroute(TAGS);
      await expect.poll(tagEpochs, { timeout: SLOW, interval: 250 }).toEqual([1, 1, 1, 1]);
      await page.getByText(/Indexing accounts of earlier cases/).waitFor({ state: 'hidden', timeout: SLOW });

      // The browser's tags are the ones Node's crypto makes with the same key: spellings that
      // differ in case, "_" and spaces share one; the reporter's own account has a reporter tag.
      const tagOf = (name: string) => blindIndexTagBase64(name, team.indexKey);
      expect(tagOf('Example_Troll')).toBe(tagOf('example troll'));
      expect(await storedTags(1)).toEqual([`involved:${tagOf('Example_Troll')}`]);
      expect(await storedTags(2)).toEqual(
        [`involved:${tagOf('Quiet Neighbour')}`, `reporter:${tagOf('Quiet Neighbour')}`].sort(),
      );
      expect(await storedTags(3)).toEqual(
        [`involved:${tagOf('example troll')}`, `involved:${tagOf('Bystander Bea')}`].sort(),
      );

      // The list filtered by account: the name typed another way finds #1 and #3, not #4 (Ben is
      // excluded from it) nor #2; only the tag goes to the server, and the address keeps no name.
      const filter = page.getByRole('search', { name: 'Cases naming an account' });
      await filter.getByLabel('Cases naming an account').fill('EXAMPLE  troll');
      await filter.getByRole('button', { name: 'Find cases' }).click();
      await filter
        .getByRole('status')
        .getByText(/^2 cases you can see name “EXAMPLE {2}troll”/)
        .waitFor({ timeout: SLOW });
      const listed = page.getByRole('link', {
        name: /Insults under my edits|A noisy talk page|Harassment on the village pump|Threats by e-mail/,
      });
      await expect.poll(() => listed.count(), { timeout: SLOW }).toBe(2);
      expect(page.url()).not.toMatch(/troll/i);
      await filter.getByRole('button', { name: 'Show all accounts' }).click();
      await expect.poll(() => listed.count(), { timeout: SLOW }).toBe(3);

      // Case #3: the account appears in one earlier case Ben may see (#1), not in #4.
      await page.getByRole('link', { name: /Harassment on the village pump/ }).click();
      const panel = page.getByRole('region', { name: 'Seen before' });
      await panel.getByText('“example troll” appears in 1 earlier case.').waitFor({ timeout: SLOW });
      await expect
        .poll(() => panel.getByText(/Names are matched ignoring letter case, underscores and spaces/).count())
        .toBe(1);
      const links = panel.getByRole('link');
      expect(await links.allTextContents()).toEqual(['Case #1']);
      expect(await links.first().getAttribute('href')).toBe(`/team/cases/${caseId(1)}`);
      // The innermost item: the case, inside the account's item.
      const item = panel.getByRole('listitem').filter({ hasText: 'Case #1' }).last();
      expect(await item.textContent()).toMatch(
        /Written there: “Example_Troll” · in this case: “example troll”/,
      );
      expect(await panel.textContent()).not.toMatch(/#4|EXAMPLE_TROLL/);
      expect(await panel.textContent()).not.toMatch(/Bystander Bea/);
      await expectNoSeriousA11yViolations(page);
      await panel.screenshot({ path: path.join(tmpdir(), 'confide-seen-before.png') });

      // The link leads to case #1, whose panel points back at #3 (a later case).
      await links.first().click();
      await page
        .getByRole('heading', { level: 1, name: 'Insults under my edits' })
        .waitFor({ timeout: SLOW });
      const back = page.getByRole('region', { name: 'Seen before' });
      await back.getByText('“Example_Troll” appears in 1 later case.').waitFor({ timeout: SLOW });
      expect(await back.getByRole('link').allTextContents()).toEqual(['Case #3']);

      // Case #2 names an account no other case names.
      await page.getByRole('link', { name: '← All cases' }).click();
      await page.getByRole('link', { name: /A noisy talk page/ }).click();
      await page
        .getByRole('region', { name: 'Seen before' })
        .getByText('No other case you can see names these accounts.')
        .waitFor({ timeout: SLOW });

      // #5 arrives. The list's background pass is held off (the server says nothing is left to
      // tag), so the case page, opening it, tags it itself: the reporter's own account too.
      reports.push(
        await submitReport(reporter, team.slug, {
          body: {
            summary: 'They followed me to another wiki',
            reporter_role: 'target',
            involved: [{ name: 'example_troll', role: 'target' }],
          },
        }),
      );
      await page.route('**/api/teams/*/untagged-cases*', (route) =>
        route.fulfill({ json: { epoch: 1, cases: [], more: false } }),
      );
      await page.getByRole('link', { name: '← All cases' }).click();
      await page.getByRole('link', { name: /They followed me to another wiki/ }).click({ timeout: SLOW });
      const fifth = page.getByRole('region', { name: 'Seen before' });
      await fifth
        .getByText('The reporter’s own account, “example_troll”, also appears in 2 earlier cases.')
        .waitFor({ timeout: SLOW });
      expect(await fifth.getByRole('link').allTextContents()).toEqual(['Case #3', 'Case #1']);
      expect(await tagEpochs()).toEqual([1, 1, 1, 1, 1]);
      expect(await storedTags(5)).toEqual(
        [`involved:${tagOf('example_troll')}`, `reporter:${tagOf('example_troll')}`].sort(),
      );

      // Tags went to the server, names did not: not in any body, nor in any address. The
      // background pass stored #1–#3 in one batch; the case page stored #5's alone.
      const puts = (pattern: RegExp) => requests.filter((r) => r.method() === 'PUT' && pattern.test(r.url()));
      const batched = puts(TAGS).flatMap((r) =>
        (r.postDataJSON() as { cases: { case: string }[] }).cases.map((c) => c.case),
      );
      expect([...new Set(batched)].sort()).toEqual([caseId(1), caseId(2), caseId(3)].sort());
      const single = puts(/\/api\/cases\/[^/]+\/tags$/).map((r) => new URL(r.url()).pathname);
      expect(single.length).toBeGreaterThanOrEqual(1);
      expect(new Set(single)).toEqual(new Set([`/api/cases/${caseId(5)}/tags`]));
      for (const request of requests) {
        const sent = `${request.url()}\n${request.postData() ?? ''}`.toLowerCase();
        for (const name of NAMES) {
          expect(sent).not.toContain(name.toLowerCase());
          expect(sent).not.toContain(encodeURIComponent(name).toLowerCase());
        }
        expect(sent).not.toContain('troll');
      }
      expect(problems).toEqual([]);
    },
    STORY,
  );
  it(
    'says why it cannot compare accounts when the member holds no copy of the index key',
    async () => {
      // Ben's grant is gone (as for a member added before the team had a signed key).
      await server.db.deleteFrom('index_key_grants').where('member_id', '=', benId).execute();
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      const puts: Request[] = [];
      page.on('request', (request) => {
        if (request.method() === 'PUT') puts.push(request);
      });
      await signIn(page, 'Ben', BEN_PASSPHRASE);
      await page.getByRole('link', { name: /Harassment on the village pump/ }).click();
      const panel = page.getByRole('region', { name: 'Seen before' });
      await panel.getByText(/You have no copy of the team’s account index key/).waitFor({ timeout: SLOW });
      expect(await panel.getByRole('link').count()).toBe(0);
      await expectNoSeriousA11yViolations(page);
      // Nothing was tagged without a key.
      expect(puts).toEqual([]);
      expect(problems).toEqual([]);
    },
    STORY,
  );

  it(
    'points out an earlier report by the same reporter’s account that was closed as malicious',
    async () => {
      // Data set-up through Ana's API session: closing needs no vote round here.
      await server.db.updateTable('teams').set({ quorum: 0 }).where('id', '=', team.id).execute();
      const earlier = await submitReport(reporter, team.slug, {
        body: {
          summary: 'They keep reverting my edits',
          reporter_role: 'target',
          involved: [
            { name: 'Sock Puppet', role: 'target' },
            { name: 'Innocent Editor', role: 'alleged_harasser' },
          ],
        },
      });
      const view = await openCase(ana, earlier.caseId);
      await postMemberItem(ana, view, {
        kind: 'record',
        text: '',
        record: {
          type: 'decision',
          outcome: 'malicious',
          actions: [],
          reporter_asked_before_suppression: null,
          note: '',
        },
      });
      await closeWithSummary(ana, earlier.caseId);
      const again = await submitReport(reporter, team.slug, {
        body: {
          summary: 'The same editor again',
          reporter_role: 'target',
          involved: [{ name: 'sock_puppet', role: 'target' }],
        },
      });

      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, 'Ana', ANA_PASSPHRASE);
      // The list's background pass tags both; then the newer case is opened.
      const tagged = async () =>
        (
          await server.db
            .selectFrom('cases')
            .select('tag_epoch')
            .where('id', 'in', [earlier.caseId, again.caseId])
            .execute()
        ).map((r) => r.tag_epoch);
      await expect.poll(tagged, { timeout: SLOW, interval: 250 }).toEqual([1, 1]);
      const { number } = await server.db
        .selectFrom('cases')
        .select('number')
        .where('id', '=', earlier.caseId)
        .executeTakeFirstOrThrow();
      await page.getByRole('link', { name: /The same editor again/ }).click();
      const panel = page.getByRole('region', { name: 'Seen before' });
      const warning = panel
        .getByRole('status')
        .filter({ hasText: 'closed as a misuse of the reporting system' });
      await warning.waitFor({ timeout: SLOW });
      expect(await warning.textContent()).toContain(`Case #${String(number)} (malicious)`);
      expect(await warning.getByRole('link').allTextContents()).toEqual([`Case #${String(number)}`]);
      await panel
        .getByText('The reporter’s own account, “sock_puppet”, also appears in 1 earlier case.')
        .waitFor({ timeout: SLOW });
      await expectNoSeriousA11yViolations(page);
    },
    STORY,
  );
});
