/**
 * The team side, as people use it, in Chromium against the real server and its real
 * Content-Security-Policy: the founding admin sets up a team from the one-time link, members
 * sign in (Argon2id and every private key stay in Web Workers), an admin invites someone who
 * makes keys in their own browser, compares fingerprints and adds them, and the console reads
 * and answers a case.
 */

import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, ConsoleMessage, Page, Request } from 'playwright-core';

import { formatFingerprint, keyToBase64, generateMemberKeys } from '../../crypto/index.js';
import { describeBrowser, expectNoSeriousA11yViolations, removeClientCopy } from '../helpers/browser.js';
import {
  ANA_PASSPHRASE,
  createStewards,
  fillTeamSignIn,
  startServerAndBrowser,
  type SuiteServer,
} from '../helpers/console-pages.js';
import {
  Agent,
  fetchTransport,
  newReporter,
  newSetupToken,
  openReceiptSession,
  readReceiptCase,
  submitReport,
  type CreatedTeam,
} from '../helpers/protocol/index.js';

/** Argon2id at the default 256 MiB runs several times per test; a loaded 2-core machine is slow. */
const SLOW = 240_000;
const STRONG = 'violet tractor umbrella sings 7';

interface Watched {
  page: Page;
  requests: Request[];
  consoleErrors: ConsoleMessage[];
  pageErrors: Error[];
}

describeBrowser('team console in Chromium', () => {
  let server: SuiteServer;
  let browser: Browser;
  let team: CreatedTeam;
  let clientDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ server, browser, clientDir } = await startServerAndBrowser());
    // A team made the way the command line makes it, with the cheapest allowed Argon2id so
    // that signing in as its admin is quick; the set-up test makes its own team in the browser.
    team = await createStewards(server.db, ANA_PASSPHRASE);
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  async function openPage(viewport = { width: 1280, height: 900 }): Promise<Watched> {
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    contexts.push(context);
    const page = await context.newPage();
    const watched: Watched = { page, requests: [], consoleErrors: [], pageErrors: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('console', (message) => {
      // The session check answers 401 before anyone has signed in; Chromium logs that fetch.
      if (message.type() === 'error' && !message.text().includes('401')) watched.consoleErrors.push(message);
    });
    page.on('pageerror', (error) => watched.pageErrors.push(error));
    return watched;
  }

  function expectCleanRun(watched: Watched): void {
    expect(watched.pageErrors).toEqual([]);
    expect(watched.consoleErrors.map((m) => m.text())).toEqual([]);
    const origin = new URL(server.url).origin;
    expect(
      watched.requests
        .map((r) => r.url())
        .filter((url) => !url.startsWith(origin) && !url.startsWith('blob:')),
    ).toEqual([]);
  }

  async function signIn(page: Page, slug: string, name: string, passphrase: string): Promise<void> {
    await fillTeamSignIn(page, server.url, { slug, name, passphrase });
  }

  async function signInAsAna(page: Page): Promise<void> {
    await signIn(page, 'stewards', 'Ana', ANA_PASSPHRASE);
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor({ timeout: 60_000 });
  }

  async function noSidewaysScroll(page: Page): Promise<void> {
    const [scrollWidth, clientWidth] = await page.evaluate<[number, number]>(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  }

  it(
    'sets up a team from the one-time link: strong passphrase, recovery code, fingerprint, then sign-in',
    async () => {
      const token = await newSetupToken(server.db, new URL(server.url));
      const watched = await openPage();
      const { page } = watched;
      await page.goto(new URL(`/setup#${token}`, server.url).href);
      await page.getByRole('heading', { name: 'Set up your team' }).waitFor();
      // The token leaves the address bar (and this history entry) once read.
      expect(new URL(page.url()).hash).toBe('');
      await expectNoSeriousA11yViolations(page);

      await page.getByLabel('Team name').fill('Code of Conduct Committee');
      expect(await page.getByLabel('Short name for addresses').inputValue()).toBe(
        'code-of-conduct-committee',
      );
      await page.getByLabel('What the team handles').fill('Conduct at our events and in our spaces');
      await page.getByLabel('Community').fill('Meta Wikimedia!');
      await page.getByLabel('This team handles child safety').check();
      await page.getByLabel('First reply within (hours)').fill('48');
      await page.getByLabel('Your name in the team').fill('Chris');

      // A guessable passphrase is refused, with advice; so is a community label that is not one.
      await page.getByLabel('Passphrase', { exact: true }).fill('password123');
      await page.getByLabel('The same passphrase again').fill('password123');
      await page.getByText('not strong enough yet').waitFor();
      await page.getByRole('button', { name: 'Create the team' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('too easy to guess');
      expect(await page.getByRole('alert').textContent()).toContain('A community label is up to 64 letters');
      expect(await page.getByLabel('Community').getAttribute('aria-invalid')).toBe('true');
      expect(watched.requests.filter((r) => r.url().endsWith('/api/setup'))).toEqual([]);

      // Optional; lowercased and trimmed before it is sent.
      await page.getByLabel('Community').fill(' Meta.Wikimedia ');

      await page.getByLabel('Passphrase', { exact: true }).fill(STRONG);
      await page.getByLabel('The same passphrase again').fill(STRONG);
      await page.getByText('Strength: Strong').or(page.getByText('Strength: Very strong')).waitFor();
      await page.getByRole('button', { name: 'Create the team' }).click();
      await page
        .getByRole('heading', { name: 'Code of Conduct Committee is ready' })
        .waitFor({ timeout: SLOW });

      const code = (await page.locator('#recovery-heading + .secret-panel__code').textContent()) ?? '';
      // Its Print button prints the code: the receipt page's print rules must not hide it.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#recovery-heading + .secret-panel__code').isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
      expect(await page.getByText('cannot be recovered').count()).toBeGreaterThan(0);
      const served = (await (
        await fetch(new URL('/api/teams/code-of-conduct-committee', server.url))
      ).json()) as {
        fingerprint: string;
        handles_child_safety: boolean;
        first_response_hours: number;
        community: string | null;
      };
      expect(served.handles_child_safety).toBe(true);
      expect(served.community).toBe('meta.wikimedia');
      expect(served.first_response_hours).toBe(48);
      const shown = (await page.locator('#fingerprint-heading + .secret-panel__code').textContent())?.trim();
      expect(shown).toBe(formatFingerprint(served.fingerprint));
      await expectNoSeriousA11yViolations(page);
      // Nothing secret went into storage.
      const stored = await page.evaluate<string>(
        'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
      );
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(STRONG);

      const next = page.getByRole('button', { name: 'Continue to sign in' });
      expect(await next.isDisabled()).toBe(true);
      await page.getByLabel('I have stored my recovery code somewhere safe').check();
      await next.click();
      await page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
      // The chosen team shows once the list of teams has arrived and the select is enabled.
      const teamSelect = page.getByLabel('Team', { exact: true });
      await page.locator('select[name="team"]:enabled').waitFor();
      expect(await teamSelect.inputValue()).toBe('code-of-conduct-committee');
      expect(await page.getByLabel('Your name in the team').inputValue()).toBe('Chris');
      await page.getByLabel('Passphrase').fill(STRONG);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor({ timeout: SLOW });
      // The heading comes before the (empty) list has been fetched and decrypted: wait for it.
      await page.getByText('No reports yet').waitFor({ timeout: SLOW });
      expect(await page.getByText('No reports yet').count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Members' }).count()).toBe(1);

      // The link is single-use.
      const again = await fetch(new URL('/api/setup', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'confide' },
        body: JSON.stringify({ token }),
      });
      expect(again.status).toBeGreaterThanOrEqual(400);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'answers a wrong passphrase and an unknown name with the same message',
    async () => {
      const watched = await openPage();
      const { page } = watched;
      await signIn(page, 'stewards', 'Ana', 'not the passphrase at all');
      const wrong = (await page.getByRole('alert').textContent({ timeout: 60_000 })) ?? '';
      await signIn(page, 'stewards', 'Nobody', 'not the passphrase at all');
      await page.getByRole('alert').waitFor({ timeout: 60_000 });
      const unknown = (await page.getByRole('alert').textContent()) ?? '';
      expect(wrong).toBe('That name and passphrase do not match a member of this team.');
      expect(unknown).toBe(wrong);
      // Focus goes to the message, and the passphrase field is emptied.
      expect(await page.evaluate<string>('document.activeElement?.getAttribute("role") ?? ""')).toBe('alert');
      expect(await page.getByLabel('Passphrase').inputValue()).toBe('');
      await expectNoSeriousA11yViolations(page);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'invites by link; the invitee makes keys; the admin compares fingerprints and adds them; they sign in and read earlier cases',
    async () => {
      const reporterAgent = new Agent(fetchTransport(server.url));
      const earlier = await submitReport(reporterAgent, 'stewards', {
        body: { summary: 'An earlier case the newcomer should see', kinds: ['threat'] },
      });

      const admin = await openPage();
      await signInAsAna(admin.page);
      await admin.page.getByRole('link', { name: 'Members' }).click();
      await admin.page.getByRole('heading', { name: 'Invite someone' }).waitFor();
      await admin.page.getByLabel('As').selectOption('member');
      await admin.page.getByRole('button', { name: 'Create invitation link' }).click();
      const link = await admin.page.locator('#invite-link-url').inputValue();
      expect(link).toMatch(new RegExp(`^${server.url}/join#[A-Za-z0-9_-]{20,}$`));
      await expectNoSeriousA11yViolations(admin.page);

      const invitee = await openPage();
      await invitee.page.goto(link);
      await invitee.page.getByRole('heading', { name: 'Join Stewards' }).waitFor();
      expect(new URL(invitee.page.url()).hash).toBe('');
      await invitee.page.getByLabel('Your name in the team').fill('Ben');
      await invitee.page.getByLabel('Passphrase', { exact: true }).fill(STRONG);
      await invitee.page.getByLabel('The same passphrase again').fill(STRONG);
      // Sent at once, as after a paste or a password manager, before the strength checker (loaded
      // on first use) has answered: the form waits for it instead of refusing.
      await invitee.page.getByRole('button', { name: 'Make my keys and ask to join' }).click();
      await invitee.page.getByRole('heading', { name: /read your fingerprint/ }).waitFor({ timeout: SLOW });
      const spoken = invitee.page.locator(
        '#member-fingerprint-heading + .secret-panel__code .key-fingerprint',
      );
      await spoken.waitFor();
      const readOut = ((await spoken.textContent()) ?? '').trim();
      expect(readOut).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
      await expectNoSeriousA11yViolations(invitee.page);

      // The admin sees the request with the fingerprint Confide has for Ben, and compares.
      await admin.page.getByRole('link', { name: 'Cases' }).click();
      await admin.page.getByRole('link', { name: 'Members' }).click();
      const card = admin.page.locator('.member-card--pending', { hasText: 'Ben' });
      await card.locator('.key-fingerprint').waitFor();
      expect(((await card.locator('.key-fingerprint').textContent()) ?? '').trim()).toBe(readOut);
      const add = card.getByRole('button', { name: 'Add Ben as a member' });
      expect(await add.isDisabled()).toBe(true);
      await card.getByLabel('Ben read me the same fingerprint').check();
      await add.click();
      await card.getByText('Ben is now a member.').waitFor({ timeout: SLOW });
      expect(await card.textContent()).toMatch(/1 key to earlier cases and their messages was shared/);

      // The roster now carries Ben, signed by Ana: anyone can check it.
      const detail = (await (await fetch(new URL('/api/teams/stewards', server.url))).json()) as {
        roster: { entry: { op: string; by: string; member: { name: string } } }[];
      };
      expect(detail.roster.at(-1)?.entry).toMatchObject({
        op: 'add',
        by: team.admin.id,
        member: { name: 'Ben' },
      });

      const ben = await openPage();
      await signIn(ben.page, 'stewards', 'Ben', STRONG);
      await ben.page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor({ timeout: SLOW });
      await ben.page.getByRole('link', { name: 'An earlier case the newcomer should see' }).click();
      await ben.page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
      expect(ben.page.url()).toContain(earlier.caseId);
      // Ben is a member, not an admin.
      expect(await ben.page.getByRole('link', { name: 'Members' }).count()).toBe(0);
      for (const watched of [admin, invitee, ben]) expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'locks on request: keys wiped, only the passphrase asked, back to the same page; a reload locks too',
    async () => {
      const watched = await openPage();
      const { page } = watched;
      await signInAsAna(page);
      await page.getByRole('link', { name: 'Members' }).click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
      const workersBefore = page.workers().length;
      expect(workersBefore).toBeGreaterThanOrEqual(1);

      await page.getByRole('button', { name: 'Lock' }).click();
      await page.getByRole('heading', { name: 'The console is locked' }).waitFor();
      // Focus moves to the new heading; the keyring workers are gone.
      await expect.poll(() => page.evaluate<string>('document.activeElement?.tagName ?? ""')).toBe('H1');
      await expect.poll(() => page.workers().length).toBe(0);
      expect(await page.getByText('No reports yet').count()).toBe(0);
      expect(page.url()).toMatch(/\/team\/members$/);
      await expectNoSeriousA11yViolations(page);

      await page.getByLabel('Passphrase').fill('wrong passphrase entirely');
      await page.getByRole('button', { name: 'Unlock' }).click();
      expect(await page.getByRole('alert').textContent({ timeout: 60_000 })).toContain(
        'does not unlock your keys',
      );
      await page.getByLabel('Passphrase').fill(ANA_PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor({ timeout: 60_000 });

      await page.reload();
      await page.getByRole('heading', { name: 'The console is locked' }).waitFor();
      expect(await page.textContent('main')).toContain('never kept when the page reloads');

      await page.getByRole('button', { name: 'Sign out instead' }).click();
      await page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
      const session = await page.evaluate<number>("fetch('/api/session').then((r) => r.status)");
      expect(session).toBe(401);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'names the community the team serves in its settings: an invalid label refused, saved, shown to reporters, cleared',
    async () => {
      const watched = await openPage();
      const { page } = watched;
      await signInAsAna(page);
      await page
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Settings' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      const section = page.getByRole('region', { name: 'The team', exact: true });
      const community = section.getByLabel('Community');
      await expect.poll(() => community.inputValue()).toBe('');
      const hintId = await community.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${hintId}"]`).textContent()).toContain(
        'Reporters see it beside the team’s name.',
      );
      const patches = () =>
        watched.requests.filter((r) => r.method() === 'PATCH' && r.url().endsWith('/api/team/settings'));

      // Refused in the form, saying why, and nothing is sent.
      await community.fill('En Wikipedia!');
      await section.getByRole('button', { name: 'Save' }).click();
      await expect
        .poll(() => section.getByRole('alert').textContent())
        .toContain('A community label is up to 64 letters, digits, dots and hyphens');
      expect(await community.getAttribute('aria-invalid')).toBe('true');
      expect(patches()).toEqual([]);

      // Lowercased and trimmed before it is sent.
      await community.fill('  EN.Wikipedia ');
      await section.getByRole('button', { name: 'Save' }).click();
      await section.getByText('The team’s settings were saved.').waitFor();
      expect(patches().map((r) => (r.postDataJSON() as { community: unknown }).community)).toEqual([
        'en.wikipedia',
      ]);
      await expect.poll(() => community.inputValue()).toBe('en.wikipedia');
      expect(await section.getByRole('alert').count()).toBe(0);
      await expectNoSeriousA11yViolations(page);

      // Saved: after a reload (which locks the console) the field shows it again.
      await page.reload();
      await page.getByRole('heading', { name: 'The console is locked' }).waitFor();
      await page.getByLabel('Passphrase').fill(ANA_PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor({ timeout: 60_000 });
      await expect.poll(() => community.inputValue()).toBe('en.wikipedia');

      // Reporters see it beside the team's name on the intake page.
      const reporter = await openPage();
      await reporter.page.goto(server.url);
      const card = reporter.page.locator('.team-list > li', {
        has: reporter.page.getByRole('heading', { level: 3, name: 'Stewards' }),
      });
      await expect
        .poll(() => card.locator('.team-card__heading').textContent())
        .toBe('StewardsCommunity: en.wikipedia');
      await expectNoSeriousA11yViolations(reporter.page);

      // Emptied: the team names no community, and the intake page shows none.
      await community.fill('');
      await section.getByRole('button', { name: 'Save' }).click();
      await section.getByText('The team’s settings were saved.').waitFor();
      expect((patches().at(-1)?.postDataJSON() as { community: unknown }).community).toBeNull();
      const served = (await (await fetch(new URL('/api/teams/stewards', server.url))).json()) as {
        community: string | null;
      };
      expect(served.community).toBeNull();
      await reporter.page.reload();
      await expect.poll(() => card.locator('.team-card__heading').textContent()).toBe('Stewards');
      expectCleanRun(watched);
      expectCleanRun(reporter);
    },
    SLOW,
  );

  it(
    'reads a case, replies to the reporter and writes an internal note; a tampered reporter key stops replies',
    async () => {
      const reporter = newReporter();
      const reporterAgent = new Agent(fetchTransport(server.url));
      const report = await submitReport(reporterAgent, 'stewards', {
        reporter,
        body: {
          summary: 'My address was posted on a user page',
          what_happened: 'Since Tuesday an account posts my home address.',
          kinds: ['doxing', 'threat'],
          private_info_exposed: true,
          danger: 'life',
          links: [{ url: 'https://example.org/w/index.php?diff=1', note: 'the edit' }],
          involved: [{ name: 'Bad_Actor', role: 'alleged_harasser' }],
          contact: { by: 'email', email: 'reporter@example.org' },
        },
        attachments: [{ name: 'screenshot.png', type: 'image/png', bytes: tinyPng() }],
      });

      const watched = await openPage();
      const { page } = watched;
      await signInAsAna(page);
      const row = page.locator('.case-card', { hasText: 'My address was posted on a user page' });
      await row.waitFor();
      // Urgent first, and the flags say why.
      expect(await page.locator('.case-card').first().textContent()).toContain('My address was posted');
      expect(await row.textContent()).toContain('Danger to someone’s life');
      expect(await row.textContent()).toContain('Private information exposed');
      await page.getByLabel('Search').fill('bad_actor');
      await expect.poll(() => page.locator('.case-card').count()).toBe(1);
      // The words stay out of the address, which a reload would send to the server; the back
      // button still brings them back, from the history entry.
      expect(page.url()).not.toContain('bad_actor');
      await row.getByRole('link').click();
      await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
      await page.goBack();
      await expect.poll(() => page.getByLabel('Search').inputValue()).toBe('bad_actor');
      await expect.poll(() => page.locator('.case-card').count()).toBe(1);
      expect(watched.requests.filter((r) => r.url().toLowerCase().includes('bad_actor'))).toEqual([]);
      await page.getByLabel('Search').fill('');
      await expectNoSeriousA11yViolations(page);

      await row.getByRole('link').click();
      await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
      await expect.poll(() => page.evaluate<string>('document.activeElement?.tagName ?? ""')).toBe('H1');
      const main = (await page.textContent('main')) ?? '';
      expect(main).toContain('Since Tuesday an account posts my home address.');
      expect(main).toContain('reporter@example.org');
      expect(main).toContain('Bad_Actor');
      const external = page.getByRole('link', { name: /Open example\.org/ });
      expect(await external.getAttribute('rel')).toBe('noreferrer noopener');
      expect(await external.getAttribute('target')).toBe('_blank');
      // The evidence image is decrypted, and blurred until someone chooses to look.
      const image = page.locator('img.evidence__image');
      await image.waitFor({ timeout: 30_000 });
      expect(await image.getAttribute('src')).toMatch(/^blob:/);
      expect(await image.getAttribute('class')).toContain('evidence__image--blurred');
      await page.getByRole('button', { name: 'Show image' }).click();
      expect(await image.getAttribute('class')).not.toContain('blurred');
      await expectNoSeriousA11yViolations(page);

      await page.getByLabel('Your reply').fill('Thank you for telling us. We are on it.');
      await page.getByRole('button', { name: 'Send reply to the reporter' }).click();
      await page.getByText('Your reply was encrypted and sent.').waitFor({ timeout: 30_000 });
      await page.getByLabel('An internal note — never shown to the reporter').check();
      await page.getByLabel('Your note').fill('Address confirmed; asking for suppression.');
      await page.getByRole('button', { name: 'Save internal note' }).click();
      await page.getByText('Your note was encrypted and saved.').waitFor({ timeout: 30_000 });
      const thread = page.locator('.thread');
      await thread.getByText('Address confirmed; asking for suppression.').waitFor();
      expect(await thread.locator('.thread-item--note').textContent()).toContain(
        'Internal note — never shown to the reporter',
      );

      // The first reply acknowledged the case, in the same request (docs/protocol.md 10.5).
      await page.getByText('Ana changed the status from New to Acknowledged').first().waitFor();
      await page.getByLabel('Assigned to').selectOption({ label: 'Ana' });
      await page.getByRole('button', { name: 'Save assignment' }).click();
      await page.locator('.thread').getByText('Ana took the case').waitFor({ timeout: 30_000 });

      // The reporter reads the reply with the receipt, and never sees the note.
      const back = new Agent(fetchTransport(server.url));
      await openReceiptSession(back, reporter);
      const view = await readReceiptCase(back, reporter);
      expect(view.raw.status).toBe('acknowledged');
      expect(view.items.map((i) => i.body.text)).toEqual(['Thank you for telling us. We are on it.']);

      // Someone with database access swaps the reporter's key to read future replies.
      const attacker = generateMemberKeys();
      await server.db
        .updateTable('cases')
        .set({ reporter_box_pk: Buffer.from(attacker.enc.publicKey) })
        .where('id', '=', report.caseId)
        .execute();
      await page.reload();
      await page.getByRole('heading', { name: 'The console is locked' }).waitFor();
      await page.getByLabel('Passphrase').fill(ANA_PASSPHRASE);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
      expect(await page.getByRole('alert').first().textContent()).toContain(
        'the server’s copy of this case was altered',
      );
      expect(await page.getByLabel('A reply to the reporter').isDisabled()).toBe(true);
      expect(keyToBase64(attacker.enc.publicKey)).not.toBe(report.submission.reporter.box_pk);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'fits a 360 px wide screen: sign-in, case list and case page',
    async () => {
      await submitReport(new Agent(fetchTransport(server.url)), 'stewards', {
        body: {
          summary: 'A report with a very long unbroken link to check wrapping on phones',
          links: [{ url: `https://example.org/${'a'.repeat(200)}`, note: '' }],
        },
      });
      const watched = await openPage({ width: 360, height: 740 });
      const { page } = watched;
      await page.goto(new URL('/team', server.url).href);
      await page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
      await noSidewaysScroll(page);
      await signInAsAna(page);
      await page.locator('.case-card').first().waitFor();
      await noSidewaysScroll(page);
      await page.getByRole('link', { name: /very long unbroken link/ }).click();
      await page.getByRole('heading', { name: 'The report' }).waitFor({ timeout: 60_000 });
      await noSidewaysScroll(page);
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('table').waitFor();
      // The table scrolls inside its own region; the page does not.
      await noSidewaysScroll(page);
      expect(await page.getByRole('table').textContent()).toContain('Created the team');
      await expectNoSeriousA11yViolations(page);
      expectCleanRun(watched);
    },
    SLOW,
  );
});

/** A 2×2 PNG, enough for an <img>. */
function tinyPng(): Uint8Array {
  return Uint8Array.from(
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
}
