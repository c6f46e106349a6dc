// The two journeys whose bytes issue 12 counts, each in a fresh browser context (an empty cache),
// with Chromium's own Accept-Encoding ("gzip, deflate, br, zstd") or, for the reference, with
// "identity" (nothing compressed); and the layout shift of signing in on a phone-sized screen.

import type { Browser, BrowserContextOptions } from 'playwright-core';
import { LIST_LOADED } from '../console/page-probe.js';
import { pollInPage, signIn } from '../console/list-runs.js';
import type { TransferCounter, TransferTotal } from './transfer-counter.js';

/** The field a reporter types first (client/src/features/report/components/report-form). */
const FIRST_FIELD = 'In one line, what is this about?';

/** Playwright sends it as an extra header; Chromium then asks for the body as it is. */
const UNCOMPRESSED: BrowserContextOptions = { extraHTTPHeaders: { 'accept-encoding': 'identity' } };

/** Lighthouse's mobile screen (a Moto G Power), for the layout shift of signing in. */
const PHONE: BrowserContextOptions = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
};

export interface JourneyBytes {
  /** Everything sent up to the moment the journey's goal was reached. */
  readonly atGoal: TransferTotal;
  /** Everything sent once the page had gone quiet (1 s without a request) after it. */
  readonly settled: TransferTotal;
}

/**
 * A reporter arriving cold at `/`: the page, the team list, "Report to <team>", until the
 * report's first field takes typing.
 */
export async function reporterCanType(
  browser: Browser,
  url: string,
  counter: TransferCounter,
  teamName: string,
  options: { uncompressed: boolean },
): Promise<JourneyBytes> {
  const context = await browser.newContext(options.uncompressed ? UNCOMPRESSED : {});
  try {
    const page = await context.newPage();
    counter.reset();
    await page.goto(new URL('/', url).href);
    await page.getByRole('button', { name: `Report to ${teamName}` }).click();
    const field = page.getByLabel(FIRST_FIELD);
    await field.waitFor({ state: 'visible' });
    const deadline = Date.now() + 30_000;
    while (!(await field.isEditable())) {
      if (Date.now() > deadline) throw new Error(`"${FIRST_FIELD}" never took typing`);
      await page.waitForTimeout(20);
    }
    const atGoal = counter.total();
    await counter.quiet(1000, 20_000);
    return { atGoal, settled: counter.total() };
  } finally {
    await context.close();
  }
}

/** A member signing in cold at /team, until the console's case list is loaded and shown. */
export async function memberSignIn(
  browser: Browser,
  url: string,
  counter: TransferCounter,
  slug: string,
  options: { uncompressed: boolean },
): Promise<JourneyBytes> {
  const context = await browser.newContext(options.uncompressed ? UNCOMPRESSED : {});
  try {
    const page = await context.newPage();
    counter.reset();
    await signIn(page, url, slug);
    await pollInPage(page, LIST_LOADED, 120_000);
    await page.locator('a[href^="/team/cases/"]').first().waitFor({ state: 'visible' });
    const atGoal = counter.total();
    await counter.quiet(1000, 20_000);
    return { atGoal, settled: counter.total() };
  } finally {
    await context.close();
  }
}

/** Records every layout shift of the page (buffered, so from the first paint on). */
const SHIFT_PROBE = `
(() => {
  const shifts = [];
  Object.defineProperty(window, '__benchShifts', { value: shifts });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) shifts.push({ value: e.value, at: e.startTime, input: e.hadRecentInput });
  }).observe({ type: 'layout-shift', buffered: true });
})();
`;

/**
 * Cumulative layout shift as Chromium and Lighthouse define it: shifts within 500 ms of an input
 * left out, the rest grouped in session windows (gaps under 1 s, at most 5 s long), the largest
 * window's sum. Also the sum of every shift, input or not.
 */
const READ_SHIFTS = `
(() => {
  let largest = 0, current = 0, first = -Infinity, previous = -Infinity;
  for (const s of window.__benchShifts.filter((s) => !s.input)) {
    if (s.at - previous < 1000 && s.at - first < 5000) current += s.value;
    else { current = s.value; first = s.at; }
    previous = s.at;
    largest = Math.max(largest, current);
  }
  return {
    cls: largest,
    all: window.__benchShifts.reduce((sum, s) => sum + s.value, 0),
    shifts: window.__benchShifts.length,
  };
})()
`;

export interface SignInShift {
  readonly cls: number;
  readonly all: number;
  readonly shifts: number;
}

/** Signing in on a phone-sized screen, from /team to the case list shown and a second after. */
export async function signInLayoutShift(browser: Browser, url: string, slug: string): Promise<SignInShift> {
  const context = await browser.newContext(PHONE);
  try {
    await context.addInitScript(SHIFT_PROBE);
    const page = await context.newPage();
    await signIn(page, url, slug);
    await pollInPage(page, LIST_LOADED, 120_000);
    await page.locator('a[href^="/team/cases/"]').first().waitFor({ state: 'visible' });
    await page.waitForTimeout(1000);
    return await page.evaluate<SignInShift>(READ_SHIFTS);
  } finally {
    await context.close();
  }
}
