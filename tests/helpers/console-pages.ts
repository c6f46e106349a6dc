/**
 * What the browser suites of the team console share: the suite's server and Chromium started
 * together, the "Stewards" team most of them sign in to, signing in on /team as a person does,
 * waiting until a console page has loaded, and the console's catalog as the build reads it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { formatter } from '@lingui/format-po';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

import { SOURCE_LANGUAGE } from '../../contract/languages.js';

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
 * many times a minute from one address, and the limiter is not what it tests. `env` adds to the
 * server's settings.
 */
export async function startServerAndBrowser(env: Record<string, string> = {}): Promise<{
  server: SuiteServer;
  browser: Browser;
  clientDir: string;
}> {
  const clientDir = builtClientCopy();
  const [server, browser] = await Promise.all([
    startAppServer({ env: { CONFIDE_RATE_LIMIT: 'off', CONFIDE_CLIENT_DIR: clientDir, ...env } }),
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

/**
 * A console page has loaded and decrypted what it shows: its loading messages are gone (each a
 * `p.muted[role="status"]`, except the case list's count of cases, which stays), and the case
 * list's progress bar is hidden (the cases decrypted, any background indexing of their accounts
 * over). Tabbing or checking a page still loading would find controls appear around it.
 */
export async function consoleSettled(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate<number>(
          `document.querySelectorAll('main p.muted[role="status"]:not(.case-list-status__line), ` +
            `main .case-list-status__progress:not([aria-hidden="true"])').length`,
        ),
      { timeout: SIGN_IN_TIMEOUT_MS },
    )
    .toBe(0);
}

/**
 * The console's catalog in `language` (client/src/features/team/locales), read as the build reads
 * it: each English message's translation ('' when missing). Where one English text is several
 * messages, the one without a context (a translator's note) is taken: headings and statuses use it.
 */
export async function consoleCatalog(language: string): Promise<Map<string, string>> {
  const file = path.resolve(import.meta.dirname, `../../client/src/features/team/locales/${language}.po`);
  const entries = (await formatter({ lineNumbers: false }).parse(readFileSync(file, 'utf8'), {
    locale: language,
    sourceLocale: SOURCE_LANGUAGE,
    filename: file,
  })) as Record<string, { message?: string; translation?: string; context?: string }>;
  const translations = new Map<string, string>();
  const withoutContextFirst = Object.values(entries).sort(
    (a, b) => Number(a.context != null) - Number(b.context != null),
  );
  for (const entry of withoutContextFirst) {
    if (entry.message !== undefined && !translations.has(entry.message)) {
      translations.set(entry.message, entry.translation ?? '');
    }
  }
  return translations;
}
