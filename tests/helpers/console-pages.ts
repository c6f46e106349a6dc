/**
 * What the browser suites of the team console share: the suite's server and Chromium started
 * together, the "Stewards" team most of them sign in to, and signing in on /team as a person does.
 */
import type { Browser, Page } from 'playwright-core';

import { startAppServer } from './app-server.js';
import { builtClientCopy, launchBrowser } from './browser.js';
import { cheapKdf, createTeamWithService, type CreatedTeam } from './protocol/index.js';

/** The suites' members' passphrases (strong enough for the console's checks). */
export const ANA_PASSPHRASE = 'correct horse battery staple 42';
export const BEN_PASSPHRASE = 'pelican lantern orchard drizzle 57';
export const CAI_PASSPHRASE = 'marmalade glacier trombone whispers 83';

export type SuiteServer = Awaited<ReturnType<typeof startAppServer>>;

/** Argon2id in the page, then the case list decrypted, on a loaded 2-core machine. */
const SIGN_IN_TIMEOUT_MS = 60_000;

/**
 * The suite's server, serving its own copy of the built client (remove it with removeClientCopy
 * when the suite ends), and Chromium, started together. Rate limits are off: a suite signs in
 * many times a minute from one address, and the limiter is not what it tests.
 */
export async function startServerAndBrowser(): Promise<{
  server: SuiteServer;
  browser: Browser;
  clientDir: string;
}> {
  const clientDir = builtClientCopy();
  const [server, browser] = await Promise.all([
    startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir } }),
    launchBrowser(),
  ]);
  return { server, browser, clientDir };
}

/**
 * The team "Stewards" (slug stewards), made as the command line makes it, its admin Ana with
 * `passphrase` and the cheapest allowed Argon2id, so that signing in as her in a page is quick.
 */
export function createStewards(
  db: Parameters<typeof createTeamWithService>[0],
  passphrase: string,
): Promise<CreatedTeam> {
  return createTeamWithService(db, {
    slug: 'stewards',
    name: 'Stewards',
    adminName: 'Ana',
    passphrase,
    kdf: cheapKdf(),
  });
}

/** Opens /team on `serverUrl`, fills the sign-in form and sends it; what follows is the caller's to wait for. */
export async function fillTeamSignIn(
  page: Page,
  serverUrl: string,
  credentials: { slug: string; name: string; passphrase: string },
): Promise<void> {
  await page.goto(new URL('/team', serverUrl).href);
  await page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
  await page.getByLabel('Team', { exact: true }).selectOption(credentials.slug);
  await page.getByLabel('Your name in the team').fill(credentials.name);
  await page.getByLabel('Passphrase').fill(credentials.passphrase);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** fillTeamSignIn, then waits for the console's case list (`timeoutMs` for a suite on a heavier page). */
export async function signInToConsole(
  page: Page,
  serverUrl: string,
  credentials: { slug: string; name: string; passphrase: string },
  timeoutMs = SIGN_IN_TIMEOUT_MS,
): Promise<void> {
  await fillTeamSignIn(page, serverUrl, credentials);
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor({ timeout: timeoutMs });
}
