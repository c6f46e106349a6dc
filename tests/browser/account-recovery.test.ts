/**
 * A member's own account, in Chromium against the real server and its real
 * Content-Security-Policy: recovery with the recovery code through the pages (the old
 * passphrase and code then fail, the new ones work), a passphrase change, a passkey added with
 * Chromium's virtual authenticator and used to sign in (a replayed assertion is refused), an
 * authenticator app (TOTP) set up from the secret the page shows, a team that requires a second
 * factor, the role-change screen, an admin's reset of a member's second factor (after "Confirm it's
 * you"), and what a pending member and used links are told.
 *
 * WebAuthn needs a host name as its relying party: the server's PUBLIC_URL is
 * http://localhost:PORT, and the browser opens that address (the API calls of the test itself
 * go to 127.0.0.1, the same server).
 */
import { createServer } from 'node:net';

import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, ConsoleMessage, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

import {
  deriveMemberSecrets,
  generateRecoveryCode,
  isConfideCryptoError,
  keyToBase64,
  openRecoveryBundle,
  toBase64Url,
  type Envelope,
  type KdfParams,
} from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  describeBrowser,
  expectNoSeriousA11yViolations,
  launchBrowser,
  builtClientCopy,
  removeClientCopy,
} from '../helpers/browser.js';
import { ANA_PASSPHRASE, createStewards } from '../helpers/console-pages.js';
import {
  acceptInvitation,
  Agent,
  cheapKdf,
  createTeamWithService,
  createTeamWithSetupLink,
  expectError,
  expectReply,
  fetchTeam,
  fetchTransport,
  invite,
  joinTeam,
  newSetupToken,
  signIn as apiSignIn,
  signInFast,
  type CreatedTeam,
  type MemberIdentity,
  type MemberSession,
  UnexpectedReply,
} from '../helpers/protocol/index.js';

/** Argon2id at the default 256 MiB runs several times per test; a loaded 2-core machine is slow. */
const SLOW = 240_000;
const NEW_PASSPHRASE = 'violet tractor umbrella sings 7';
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

interface Watched {
  page: Page;
  context: BrowserContext;
  requests: Request[];
  consoleErrors: ConsoleMessage[];
  pageErrors: Error[];
}

/** A port nobody listens on now: PUBLIC_URL must name it before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

/** The code an authenticator app shows for `secret` (base32, as the page shows it) at a time. */
function totpCode(secret: string, timestamp: number): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp });
}

describeBrowser('a member’s account in Chromium: recovery, passphrase, second factors', () => {
  let server: TestApp;
  /** What the browser opens: localhost, WebAuthn's relying party. */
  let base: string;
  /** What the test's own API calls use: the same server, by its IPv4 address. */
  let api: string;
  let browser: Browser;
  let team: CreatedTeam;
  let admin: MemberSession;
  let clientDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    clientDir = builtClientCopy();
    const port = await freePort();
    base = `http://localhost:${port}`;
    api = `http://127.0.0.1:${port}`;
    [server, browser] = await Promise.all([
      // Several sign-ins a minute from one address: the limiter is not what these tests are about.
      buildTestApp({
        env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir, PUBLIC_URL: base },
      }),
      launchBrowser(),
    ]);
    await server.app.listen({ host: '127.0.0.1', port });
    team = await createStewards(server.db, ANA_PASSPHRASE);
    admin = await signInFast(new Agent(fetchTransport(api)), team.slug, team.admin);
  });

  afterAll(async () => {
    await browser.close();
    await server.close();
    removeClientCopy(clientDir);
  });

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  async function openPage(): Promise<Watched> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    const watched: Watched = { page, context, requests: [], consoleErrors: [], pageErrors: [] };
    page.on('request', (request) => watched.requests.push(request));
    page.on('console', (message) => {
      // Refusals these tests provoke (a wrong passphrase, code or link) are logged by Chromium.
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) {
        watched.consoleErrors.push(message);
      }
    });
    page.on('pageerror', (error) => watched.pageErrors.push(error));
    return watched;
  }

  function expectCleanRun(watched: Watched): void {
    expect(watched.pageErrors).toEqual([]);
    expect(watched.consoleErrors.map((m) => m.text())).toEqual([]);
    expect(
      watched.requests.map((r) => r.url()).filter((url) => !url.startsWith(base) && !url.startsWith('blob:')),
    ).toEqual([]);
  }

  /** A member with a passphrase (Argon2id at the protocol minimum), added by Ana. */
  async function newMember(name: string, passphrase: string): Promise<MemberIdentity> {
    const joined = await joinTeam(admin, { name, passphrase, agent: new Agent(fetchTransport(api)) });
    return joined.identity;
  }

  async function fillSignIn(page: Page, slug: string, name: string, passphrase: string): Promise<void> {
    await page.goto(`${base}/team`);
    await page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
    await page.locator('select[name="team"]:enabled').waitFor();
    await page.getByLabel('Team', { exact: true }).selectOption(slug);
    await page.getByLabel('Your name in the team').fill(name);
    await page.getByLabel('Passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function expectCases(page: Page): Promise<void> {
    await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor({ timeout: SLOW });
  }

  async function signOutFromHeader(page: Page): Promise<void> {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
  }

  async function openAccountPage(page: Page): Promise<void> {
    await page
      .getByRole('navigation', { name: 'Team console' })
      .getByRole('link', { name: 'Your account' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  }

  /** The recovery copy the server now keeps, opened in Node with `code`. */
  async function openServedRecoveryCopy(name: string, code: string) {
    const agent = new Agent(fetchTransport(api));
    const start = expectReply<{ member: string; team: string; recovery: { kdf: KdfParams; keys: Envelope } }>(
      await agent.post('/api/recovery/start', { team: team.slug, name }),
      200,
      'POST /api/recovery/start',
    );
    return openRecoveryBundle(code, start.recovery, { team: start.team, memberId: start.member });
  }

  function expectRecoveryCodeDead(name: string, code: string): Promise<void> {
    return openServedRecoveryCopy(name, code).then(
      () => {
        throw new Error(`the old recovery code of ${name} still opens the served recovery copy`);
      },
      (error: unknown) => {
        expect(isConfideCryptoError(error, 'RECOVERY_CODE_WRONG')).toBe(true);
      },
    );
  }

  /** Signs in through the API (as a second browser would); the HTTP status of POST /api/session. */
  async function apiSignInStatus(name: string, passphrase: string): Promise<number> {
    try {
      await apiSignIn(new Agent(fetchTransport(api)), team.slug, name, passphrase);
      return 200;
    } catch (error) {
      if (error instanceof UnexpectedReply) return error.response.status;
      throw error;
    }
  }

  /** `auth` of a passphrase with the member's stored parameters, as a browser derives it. */
  async function passphraseAuth(name: string, passphrase: string): Promise<string> {
    const params = expectReply<{ kdf: KdfParams }>(
      await new Agent(fetchTransport(api)).post('/api/session/params', { team: team.slug, name }),
      200,
      'POST /api/session/params',
    );
    return toBase64Url(deriveMemberSecrets(passphrase, params.kdf).auth);
  }

  it(
    'recovers an account with the recovery code; the old passphrase then fails and the new one signs in',
    async () => {
      const oldPassphrase = 'dana old passphrase 1';
      const dana = await newMember('Dana', oldPassphrase);
      const oldCode = dana.recoveryCode ?? '';
      const watched = await openPage();
      const { page } = watched;

      await page.goto(`${base}/team`);
      await page.getByRole('link', { name: 'Use your recovery code' }).click();
      await page.getByRole('heading', { level: 1, name: 'Recover your account' }).waitFor();
      await page.locator('select[name="team"]:enabled').waitFor();
      await expectNoSeriousA11yViolations(page);
      await page.getByLabel('Team', { exact: true }).selectOption(team.slug);
      await page.getByLabel('Your name in the team').fill('Dana');
      await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
      await page.getByLabel('The same passphrase again').fill(NEW_PASSPHRASE);

      // A code that is not a code is named before anything slow starts.
      await page.getByLabel('Your recovery code').fill('ABCD-EFGU-HJKM-NPQR-STVW');
      await page.getByRole('button', { name: 'Recover my account' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('never contain the letter U');

      // A wrong code is found out in this browser: the copy does not open, nothing is sent.
      await page.getByLabel('Your recovery code').fill(generateRecoveryCode());
      await page.getByRole('button', { name: 'Recover my account' }).click();
      await page.getByText('does not open the keys of this name').waitFor({ timeout: SLOW });
      expect(watched.requests.filter((r) => r.url().endsWith('/api/recovery/complete'))).toEqual([]);

      // The right code, typed as people do: lower case, without its dashes.
      await page.getByLabel('Your recovery code').fill(oldCode.toLowerCase().replace(/-/g, ' '));
      await page.getByRole('button', { name: 'Recover my account' }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Your account is recovered' })
        .waitFor({ timeout: SLOW });
      const newCode = (
        (await page.locator('#recovery-heading + .secret-panel__code').textContent()) ?? ''
      ).trim();
      expect(newCode).toMatch(CODE_FORMAT);
      expect(newCode).not.toBe(oldCode);
      await expectNoSeriousA11yViolations(page);
      const next = page.getByRole('button', { name: 'Continue to the console' });
      expect(await next.isDisabled()).toBe(true);
      await page.getByLabel('I have stored my new recovery code somewhere safe').check();
      await next.click();
      await expectCases(page);

      // The header says who is signed in, not "Team sign-in".
      const header = page.getByRole('banner');
      expect(await header.getByRole('link', { name: 'Team console' }).isVisible()).toBe(true);
      expect(await header.getByRole('link', { name: 'Team sign-in' }).count()).toBe(0);
      expect(await header.getByText('Stewards').isVisible()).toBe(true);

      // The server keeps the new recovery copy only: the old code opens nothing, the new one
      // opens Dana's own keys.
      await expectRecoveryCodeDead('Dana', oldCode);
      const reopened = await openServedRecoveryCopy('Dana', newCode);
      expect(keyToBase64(reopened.sign.publicKey)).toBe(dana.credentials.sign_pk);

      // Nothing secret went into storage.
      const stored = await page.evaluate<string>(
        'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })',
      );
      expect(stored).not.toContain(newCode);
      expect(stored).not.toContain(NEW_PASSPHRASE);

      await signOutFromHeader(page);
      expect(await page.getByRole('banner').getByRole('link', { name: 'Team sign-in' }).isVisible()).toBe(
        true,
      );
      await fillSignIn(page, team.slug, 'Dana', oldPassphrase);
      await page.getByText('That name and passphrase do not match').waitFor({ timeout: SLOW });
      await fillSignIn(page, team.slug, 'Dana', NEW_PASSPHRASE);
      await expectCases(page);
      expectCleanRun(watched);
    },
    SLOW * 2,
  );

  /** POST /api/session with the passphrase's `auth`: its status (200 also for a challenge). */
  async function sessionStatus(name: string, passphrase: string): Promise<number> {
    const auth = await passphraseAuth(name, passphrase);
    return (await new Agent(fetchTransport(api)).post('/api/session', { team: team.slug, name, auth }))
      .status;
  }

  /** Turns on an authenticator app for a member through the API, as their app would; its secret. */
  async function addTotpByApi(session: MemberSession): Promise<string> {
    const { secret } = expectReply<{ secret: string }>(
      await session.agent.post('/api/me/second-factor/totp/start'),
      200,
      'POST /api/me/second-factor/totp/start',
    );
    expectReply(
      await session.agent.post('/api/me/second-factor/totp', { code: totpCode(secret, Date.now() - 30_000) }),
      200,
      'POST /api/me/second-factor/totp',
    );
    return secret;
  }

  /** Fills the recovery form of the page and sends it. */
  async function recoverThroughPage(page: Page, name: string, code: string): Promise<void> {
    await page.goto(`${base}/team/recover`);
    await page.locator('select[name="team"]:enabled').waitFor();
    await page.getByLabel('Team', { exact: true }).selectOption(team.slug);
    await page.getByLabel('Your name in the team').fill(name);
    await page.getByLabel('Your recovery code').fill(code);
    await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByLabel('The same passphrase again').fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Recover my account' }).click();
  }

  it(
    'asks the second factor after a recovery, and changes nothing until it is given',
    async () => {
      const oldPassphrase = 'jo old passphrase 8';
      const jo = await joinTeam(admin, {
        name: 'Jo',
        passphrase: oldPassphrase,
        agent: new Agent(fetchTransport(api)),
      });
      const secret = await addTotpByApi(jo.session);
      const oldCode = jo.identity.recoveryCode ?? '';
      const watched = await openPage();
      const { page } = watched;

      // Giving up at the second factor: the recovery is dropped.
      await recoverThroughPage(page, 'Jo', oldCode);
      await page
        .getByRole('heading', { level: 1, name: 'One more step: your second factor' })
        .waitFor({ timeout: SLOW });
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('button', { name: 'Cancel and start again' }).click();
      await page.getByText('Nothing was changed').waitFor();
      expect(await sessionStatus('Jo', oldPassphrase)).toBe(200);
      expect(await sessionStatus('Jo', NEW_PASSPHRASE)).toBe(401);

      // Given: the new passphrase and code take effect, and the code is shown then.
      await recoverThroughPage(page, 'Jo', oldCode);
      await page
        .getByRole('heading', { level: 1, name: 'One more step: your second factor' })
        .waitFor({ timeout: SLOW });
      await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, Date.now()));
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await page
        .getByRole('heading', { level: 1, name: 'Your account is recovered' })
        .waitFor({ timeout: SLOW });
      const newCode = (
        (await page.locator('#recovery-heading + .secret-panel__code').textContent()) ?? ''
      ).trim();
      expect(newCode).toMatch(CODE_FORMAT);
      await page.getByLabel('I have stored my new recovery code somewhere safe').check();
      await page.getByRole('button', { name: 'Continue to the console' }).click();
      await expectCases(page);
      expect(await sessionStatus('Jo', oldPassphrase)).toBe(401);
      expect(await sessionStatus('Jo', NEW_PASSPHRASE)).toBe(200);
      await expectRecoveryCodeDead('Jo', oldCode);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'says so when the server refuses the recovery proof or limits attempts, and changes nothing',
    async () => {
      const oldPassphrase = 'eli old passphrase 2';
      const eli = await newMember('Eli', oldPassphrase);
      const watched = await openPage();
      const { page } = watched;
      await page.goto(`${base}/team/recover`);
      await page.locator('select[name="team"]:enabled').waitFor();
      await page.getByLabel('Team', { exact: true }).selectOption(team.slug);
      await page.getByLabel('Your name in the team').fill('Eli');
      await page.getByLabel('Your recovery code').fill(eli.recoveryCode ?? '');
      await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
      await page.getByLabel('The same passphrase again').fill(NEW_PASSPHRASE);

      // Over the rate limit (the server's limiter is off here; its reply is played).
      await page.route('**/api/recovery/start', (route) =>
        route.fulfill({
          status: 429,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests.' } }),
        }),
      );
      await page.getByRole('button', { name: 'Recover my account' }).click();
      await page.getByText('too many recovery attempts').waitFor();
      await page.unroute('**/api/recovery/start');

      // A signature the recovered key did not make: one character of it changed on the way.
      await page.route('**/api/recovery/complete', (route) => {
        const body = JSON.parse(route.request().postData() ?? '{}') as { sig: string };
        const tampered = `${body.sig.startsWith('A') ? 'B' : 'A'}${body.sig.slice(1)}`;
        return route.continue({ postData: JSON.stringify({ ...body, sig: tampered }) });
      });
      await page.getByRole('button', { name: 'Recover my account' }).click();
      await page
        .getByText('did not accept the proof made with your recovered keys')
        .waitFor({ timeout: SLOW });
      await page.unroute('**/api/recovery/complete');

      // Nothing changed: the old passphrase and recovery code still work.
      expect(await apiSignInStatus('Eli', oldPassphrase)).toBe(200);
      const copy = await openServedRecoveryCopy('Eli', eli.recoveryCode ?? '');
      expect(keyToBase64(copy.sign.publicKey)).toBe(eli.credentials.sign_pk);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'changes the passphrase on the account page, with a new recovery code',
    async () => {
      const oldPassphrase = 'finn old passphrase 3';
      const finn = await newMember('Finn', oldPassphrase);
      const watched = await openPage();
      const { page } = watched;
      await fillSignIn(page, team.slug, 'Finn', oldPassphrase);
      await expectCases(page);
      await openAccountPage(page);
      await expectNoSeriousA11yViolations(page);

      await page.getByLabel('Current passphrase').fill('not my passphrase at all');
      await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE);
      await page.getByLabel('The same passphrase again').fill(NEW_PASSPHRASE);
      await page.getByRole('button', { name: 'Change my passphrase' }).click();
      await page.getByText('Your current passphrase is not right').waitFor({ timeout: SLOW });

      await page.getByLabel('Current passphrase').fill(oldPassphrase);
      await page.getByLabel(/Also make a new recovery code/).check();
      await page.getByRole('button', { name: 'Change my passphrase' }).click();
      await page.getByText('Your passphrase was changed.').waitFor({ timeout: SLOW });
      const newCode = (
        (await page.locator('#recovery-heading + .secret-panel__code').textContent()) ?? ''
      ).trim();
      expect(newCode).toMatch(CODE_FORMAT);

      // The old passphrase and recovery code are dead; the new ones work.
      expect(await apiSignInStatus('Finn', oldPassphrase)).toBe(401);
      expect(await apiSignInStatus('Finn', NEW_PASSPHRASE)).toBe(200);
      await expectRecoveryCodeDead('Finn', finn.recoveryCode ?? '');
      const reopened = await openServedRecoveryCopy('Finn', newCode);
      expect(keyToBase64(reopened.enc.publicKey)).toBe(finn.credentials.enc_pk);

      // The console stays usable: the same keys, under the new passphrase.
      await page.getByRole('button', { name: 'I have stored my new recovery code' }).click();
      await page
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Cases' })
        .click();
      await expectCases(page);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'adds a passkey with the virtual authenticator and signs in with it; a replayed assertion is refused',
    async () => {
      const passphrase = 'gwen passphrase 4';
      await newMember('Gwen', passphrase);
      const watched = await openPage();
      const { page, context } = watched;
      const cdp = await context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
        },
      });

      await fillSignIn(page, team.slug, 'Gwen', passphrase);
      await expectCases(page);
      await openAccountPage(page);
      await page.getByLabel('Name for this key').fill('Laptop passkey');
      await page.getByRole('button', { name: 'Add a security key or passkey' }).click();
      // The first factor comes with one-time recovery codes, shown once.
      await page.getByRole('heading', { name: 'Your one-time recovery codes' }).waitFor({ timeout: 60_000 });
      expect(await page.locator('.account-codes li').count()).toBeGreaterThan(0);
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('button', { name: 'I have stored these codes' }).click();
      await page.locator('.account-factor__name', { hasText: 'Laptop passkey' }).waitFor();

      await signOutFromHeader(page);
      await fillSignIn(page, team.slug, 'Gwen', passphrase);
      await page.getByRole('heading', { level: 1, name: 'Confirm it’s you' }).waitFor({ timeout: SLOW });
      await expectNoSeriousA11yViolations(page);
      const answered = page.waitForRequest((r) => r.url().endsWith('/api/session/second-factor'));
      await page.getByRole('button', { name: 'Use your security key or passkey' }).click();
      const assertion = JSON.parse((await answered).postData() ?? '{}') as {
        token: string;
        webauthn: Record<string, unknown>;
      };
      await expectCases(page);
      expect(assertion.webauthn).toBeTypeOf('object');

      // The same request again: its token is spent.
      const replayer = new Agent(fetchTransport(api));
      expectError(
        await replayer.post('/api/session/second-factor', assertion),
        401,
        'second_factor_token_invalid',
      );
      // The same assertion with a fresh token (the passphrase given again): its challenge is not
      // this sign-in's, so it proves nothing.
      const auth = await passphraseAuth('Gwen', passphrase);
      const challenge = expectReply<{ second_factor: { token: string } }>(
        await replayer.post('/api/session', { team: team.slug, name: 'Gwen', auth }),
        200,
        'POST /api/session',
      );
      expectError(
        await replayer.post('/api/session/second-factor', {
          token: challenge.second_factor.token,
          webauthn: assertion.webauthn,
        }),
        401,
        'second_factor_invalid',
      );
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'sets up an authenticator app from the secret on the page and signs in with its codes',
    async () => {
      const passphrase = 'hana passphrase 5';
      await newMember('Hana', passphrase);
      const watched = await openPage();
      const { page } = watched;
      await fillSignIn(page, team.slug, 'Hana', passphrase);
      await expectCases(page);
      await openAccountPage(page);
      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const qr = page.getByRole('img', { name: 'QR code with the secret for your authenticator app' });
      await qr.waitFor();
      expect(((await qr.locator('path').getAttribute('d')) ?? '').length).toBeGreaterThan(100);
      await expectNoSeriousA11yViolations(page);
      const secret = ((await page.locator('.account-secret').textContent()) ?? '').replace(/\s+/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);

      // A code of an hour ago is refused, with advice.
      const totpField = page.getByLabel('Code from your authenticator app');
      await totpField.fill(totpCode(secret, Date.now() - 3_600_000));
      await page.getByRole('button', { name: 'Confirm and turn on' }).click();
      await page.getByText('not the one your authenticator app shows now').waitFor();
      // The code of the step before now (the app's clock a little behind): accepted, and spent.
      await totpField.fill(totpCode(secret, Date.now() - 30_000));
      await page.getByRole('button', { name: 'Confirm and turn on' }).click();
      await page.getByRole('heading', { name: 'Your one-time recovery codes' }).waitFor();
      const backupCodes = await page.locator('.account-codes li').allTextContents();
      expect(backupCodes.length).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'I have stored these codes' }).click();
      await page.getByText('An authenticator app is set up.').waitFor();

      await signOutFromHeader(page);
      await fillSignIn(page, team.slug, 'Hana', passphrase);
      await page.getByRole('heading', { level: 1, name: 'Confirm it’s you' }).waitFor({ timeout: SLOW });
      const stepField = page.getByLabel('Code from your authenticator app');
      await stepField.fill(totpCode(secret, Date.now() - 3_600_000));
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await page.getByText('not the one your authenticator app shows now').waitFor();
      await stepField.fill(totpCode(secret, Date.now()));
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await expectCases(page);

      // Without the phone: a one-time recovery code, once.
      await signOutFromHeader(page);
      await fillSignIn(page, team.slug, 'Hana', passphrase);
      await page.getByRole('heading', { level: 1, name: 'Confirm it’s you' }).waitFor({ timeout: SLOW });
      await page.getByRole('button', { name: 'Use a one-time recovery code' }).click();
      await page.getByLabel('One-time recovery code').fill(backupCodes[0] ?? '');
      await page.getByRole('button', { name: 'Use this code' }).click();
      await expectCases(page);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'shows only the second-factor enrolment while the team requires one the member lacks',
    async () => {
      const wardens = await createTeamWithService(server.db, {
        slug: 'wardens',
        name: 'Wardens',
        adminName: 'Zoe',
        passphrase: ANA_PASSPHRASE,
        kdf: cheapKdf(),
      });
      const zoe = await signInFast(new Agent(fetchTransport(api)), wardens.slug, wardens.admin);
      expectReply(
        await zoe.agent.patch('/api/team/settings', { require_second_factor: true }),
        200,
        'PATCH /api/team/settings',
      );
      const watched = await openPage();
      const { page } = watched;
      await fillSignIn(page, wardens.slug, 'Zoe', ANA_PASSPHRASE);
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor({ timeout: SLOW });
      await page.getByText('Your team asks every member to use a second factor.').waitFor();
      // Only the enrolment: no passphrase form, and every other page leads back here.
      expect(await page.getByLabel('Current passphrase').count()).toBe(0);
      await page
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Cases' })
        .click();
      // The click moves to /team/cases and the gate sends the member back; the account heading is
      // on the page all along, so wait for the address to come back rather than for the heading.
      await page.waitForURL((url) => url.pathname === '/team/account', { timeout: SLOW });
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
      expect(await page.getByRole('heading', { level: 1, name: 'Cases' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
      const secret = ((await page.locator('.account-secret').textContent()) ?? '').replace(/\s+/g, '');
      await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, Date.now()));
      await page.getByRole('button', { name: 'Confirm and turn on' }).click();
      await page.getByRole('button', { name: 'I have stored these codes' }).click();
      // The console opens.
      await page
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Cases' })
        .click();
      await expectCases(page);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'lets an admin change a role by a signed roster entry, and keeps the last admin',
    async () => {
      await newMember('Ivy', 'ivy passphrase 6');
      const watched = await openPage();
      const { page } = watched;
      await fillSignIn(page, team.slug, 'Ana', ANA_PASSPHRASE);
      await expectCases(page);
      await page
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Members' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
      const anaCard = page.locator('.member-card', { has: page.getByRole('heading', { name: /^Ana/ }) });
      const ivyCard = page.locator('.member-card', { has: page.getByRole('heading', { name: /^Ivy/ }) });
      await ivyCard.waitFor();
      // Ana is the only admin: no button makes her a member, and the page says why.
      expect(await anaCard.getByText('You are the team’s only admin.').isVisible()).toBe(true);
      expect(await anaCard.getByRole('button', { name: 'Make me a member' }).count()).toBe(0);

      await ivyCard.getByRole('button', { name: 'Make Ivy an admin' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Make Ivy an admin' }).click();
      await ivyCard.getByRole('button', { name: 'Make Ivy a member' }).waitFor();
      const served = await fetchTeam(new Agent(fetchTransport(api)), team.slug);
      const ivy = [...served.roster.active.values()].find((m) => m.name === 'Ivy');
      expect(ivy?.role).toBe('admin');
      const last = served.detail.roster.at(-1)?.entry;
      expect(last?.op).toBe('role');
      expect(last?.by).toBe(team.admin.id);
      // With a second admin, Ana may step down: the button is there now.
      await anaCard.getByRole('button', { name: 'Make me a member' }).waitFor();

      await ivyCard.getByRole('button', { name: 'Make Ivy a member' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Make Ivy a member' }).click();
      await ivyCard.getByRole('button', { name: 'Make Ivy an admin' }).waitFor();
      await expectNoSeriousA11yViolations(page);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it(
    'lets an admin reset a member’s second factor from the Members page, confirming it’s them first',
    async () => {
      const kitPassphrase = 'kit passphrase 9';
      const kit = await joinTeam(admin, {
        name: 'Kit',
        passphrase: kitPassphrase,
        agent: new Agent(fetchTransport(api)),
      });
      await addTotpByApi(kit.session);
      const watched = await openPage();
      const { page } = watched;
      await fillSignIn(page, team.slug, 'Ana', ANA_PASSPHRASE);
      await expectCases(page);
      // As if Ana had signed in a while ago: the server wants her to confirm it is her.
      await server.db
        .updateTable('sessions')
        .set({ created_at: sql`now() - interval '11 minutes'` })
        .where('member_id', '=', team.admin.id)
        .execute();
      await page
        .getByRole('navigation', { name: 'Team console' })
        .getByRole('link', { name: 'Members' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
      const kitCard = page.locator('.member-card', { has: page.getByRole('heading', { name: /^Kit/ }) });
      await kitCard.waitFor();

      await kitCard.getByRole('button', { name: 'Reset second factor' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.textContent()).toContain('really Kit asking');
      await dialog.getByRole('button', { name: 'Reset second factor' }).click();
      // Confirm it's you, in the card: a wrong passphrase first.
      const passphrase = kitCard.getByLabel('Your passphrase');
      await passphrase.waitFor();
      await expectNoSeriousA11yViolations(page);
      await passphrase.fill('not my passphrase at all');
      await kitCard.getByRole('button', { name: 'Confirm', exact: true }).click();
      await kitCard.getByText('Your current passphrase is not right').waitFor({ timeout: SLOW });
      expect((await kit.session.agent.get('/api/session')).status).toBe(200);
      await passphrase.fill(ANA_PASSPHRASE);
      await kitCard.getByRole('button', { name: 'Confirm', exact: true }).click();
      // The reset goes ahead by itself once Ana is confirmed.
      await kitCard.getByText('The second factor of Kit was reset.').waitFor({ timeout: SLOW });
      // The button goes once the members list has been read again, which may come after the message.
      await expect
        .poll(() => kitCard.getByRole('button', { name: 'Reset second factor' }).count(), { timeout: SLOW })
        .toBe(0);

      // Kit was signed out, and the passphrase alone opens a session now.
      expectError(await kit.session.agent.get('/api/session'), 401, 'unauthorized');
      const auth = await passphraseAuth('Kit', kitPassphrase);
      const signedIn = expectReply<{ member?: { id: string }; second_factor?: unknown }>(
        await new Agent(fetchTransport(api)).post('/api/session', { team: team.slug, name: 'Kit', auth }),
        200,
        'POST /api/session',
      );
      expect(signedIn.second_factor).toBeUndefined();
      expect(signedIn.member?.id).toBe(kit.identity.id);
      const audit = await server.db
        .selectFrom('audit_events')
        .select(['member_id', 'details'])
        .where('action', '=', 'member.second_factor_reset')
        .execute();
      expect(audit).toEqual([
        { member_id: team.admin.id, details: { member: kit.identity.id, totp: true, security_keys: 0 } },
      ]);
      expectCleanRun(watched);
    },
    SLOW,
  );

  it('tells a member waiting for approval so, instead of "wrong passphrase"', async () => {
    const invitation = await invite(admin);
    await acceptInvitation(new Agent(fetchTransport(api)), invitation.token, {
      name: 'Pat',
      passphrase: 'pat passphrase 7',
      kdf: cheapKdf(),
    });
    const watched = await openPage();
    const { page } = watched;
    await fillSignIn(page, team.slug, 'Pat', 'pat passphrase 7');
    await page.getByText('An admin has not approved you yet.').waitFor({ timeout: SLOW });
    expect(await page.getByText('do not match').count()).toBe(0);
    expectCleanRun(watched);
  });

  it('says a used invitation or set-up link is used before any form is shown', async () => {
    const invitation = await invite(admin);
    await acceptInvitation(new Agent(fetchTransport(api)), invitation.token, { name: 'Quinn' });
    const watched = await openPage();
    const { page } = watched;
    await page.goto(`${base}/join#${invitation.token}`);
    await page.getByText('already been used').or(page.getByText('already used')).first().waitFor();
    expect(await page.getByRole('button', { name: 'Make my keys and ask to join' }).count()).toBe(0);

    const token = await newSetupToken(server.db, new URL(base));
    await createTeamWithSetupLink(new Agent(fetchTransport(api)), token, { slug: 'made-by-link' });
    await page.goto(`${base}/setup#${token}`);
    await page.getByText('This set-up link was already used').waitFor();
    expect(await page.getByLabel('Team name').count()).toBe(0);

    // Another page first: a new fragment on the same page would not load it again.
    await page.goto(`${base}/`);
    await page.goto(`${base}/setup#${'x'.repeat(43)}`);
    await page.getByText('This set-up link is not valid').waitFor();
    expect(await page.getByLabel('Team name').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    expectCleanRun(watched);
  });
});
