// One run of the console's case list in a fresh browser context (cold cache, no keys), and the
// references run the same way: the same pages of GET /api/cases fetched and parsed with no
// decryption, by the signed-in console page itself or by a bare page of the same origin.

import type { Browser, BrowserContext, Cookie, Page, Request } from 'playwright-core';
import { ADMIN_NAME, ADMIN_PASSPHRASE } from './fixtures.js';
import {
  LIST_LOADED,
  PROBE_SCRIPT,
  READ_PROBE,
  SEARCH_FOUND,
  searchTargetScript,
  type ProbeReading,
} from './page-probe.js';
import { measureTabHeap, type TabHeap } from './tab-memory.js';

const VIEWPORT = { width: 1280, height: 900 };

/**
 * Waits until `expression` is true in the page. Playwright's waitForFunction compiles a string
 * predicate inside the page, which the console's Content-Security-Policy (no 'unsafe-eval')
 * forbids; page.evaluate goes through the DevTools protocol instead. The timing itself is taken
 * inside the page, so how often this asks does not change the figure.
 */
export async function pollInPage(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression}`);
    await page.waitForTimeout(50);
  }
}

/** The sign-in form at `path` (the console shows it at any /team address until keys are unlocked). */
export async function signIn(page: Page, url: string, slug: string, path = '/team'): Promise<void> {
  await page.goto(new URL(path, url).href);
  await page.getByRole('heading', { name: 'Team sign-in' }).waitFor();
  await page.getByLabel('Team', { exact: true }).selectOption(slug);
  await page.getByLabel('Your name in the team').fill(ADMIN_NAME);
  await page.getByLabel('Passphrase').fill(ADMIN_PASSPHRASE);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export const cookieHeader = (cookies: readonly Cookie[]): string =>
  cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/**
 * Encoded (transferred) body bytes of every GET /api/cases page the context fetched, the keyring
 * Workers' requests included: Playwright attaches to a page's dedicated Workers and reports their
 * requests on the context, and `sizes().responseBodySize` is the body as it came over the wire
 * (compressed, if it was), from the DevTools protocol's Network domain.
 */
function countListBytes(context: BrowserContext): () => Promise<{ encoded: number; requests: number }> {
  const sizes: Promise<number>[] = [];
  context.on('requestfinished', (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'GET' && path === '/api/cases') {
      sizes.push(request.sizes().then((s) => s.responseBodySize));
    }
  });
  return async () => {
    const all = await Promise.all(sizes);
    return { encoded: all.reduce((sum, n) => sum + n, 0), requests: all.length };
  };
}

export interface ListRun {
  readonly reading: ProbeReading;
  /** GET /api/cases as transferred, all pages of this run. */
  readonly listBytes: { readonly encoded: number; readonly requests: number };
  readonly heap: TabHeap | null;
  /** The session's cookies, for the references and this process's own requests. */
  readonly cookies: readonly Cookie[];
}

export interface ListRunOptions {
  readonly slug: string;
  readonly count: number;
  /** Measure the tab's JS heap once the list is loaded (after a forced GC). */
  readonly heap?: boolean;
  /**
   * A search run: the list is opened at /team/cases?q=<token> (as if the word had been typed
   * before the first row came), and the run lasts until the case's row is shown.
   */
  readonly search?: { readonly caseId: string; readonly token: string };
}

/** Sign in, let the whole list load (or the case searched for appear), read the probe. */
export async function runCaseList(browser: Browser, url: string, options: ListRunOptions): Promise<ListRun> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const listBytes = countListBytes(context);
    if (options.search) await context.addInitScript(searchTargetScript(options.search));
    await context.addInitScript(PROBE_SCRIPT);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const path = options.search ? `/team/cases?q=${encodeURIComponent(options.search.token)}` : '/team';
    await signIn(page, url, options.slug, path);
    if (options.search) {
      await pollInPage(page, `${SEARCH_FOUND} || ${LIST_LOADED}`, 180_000);
      // The list may finish a moment before the filtered row is rendered.
      if (!(await page.evaluate<boolean>(SEARCH_FOUND))) await pollInPage(page, SEARCH_FOUND, 10_000);
    } else {
      await pollInPage(page, LIST_LOADED, 180_000);
    }
    await pollInPage(page, LIST_LOADED, 180_000);
    const reading = await page.evaluate<ProbeReading | null>(READ_PROBE);
    if (errors.length > 0) throw new Error(`the console failed: ${errors.join('; ')}`);
    if (!reading) throw new Error('the console left no confide:cases:load measure');
    if (reading.cases !== options.count || reading.decrypted !== options.count)
      throw new Error(
        `the console listed ${reading.cases} and decrypted ${reading.decrypted} of ${options.count}`,
      );
    let heap: TabHeap | null = null;
    if (options.heap) {
      // Let the last render and any deferred work settle, so what is measured is what is held.
      await page.evaluate(`new Promise((r) => requestAnimationFrame(() => setTimeout(r, 500)))`);
      heap = await measureTabHeap(browser, page);
    }
    return {
      reading,
      listBytes: await listBytes(),
      heap,
      cookies: await context.cookies(),
    };
  } finally {
    await context.close();
  }
}

export interface FetchOnlyReading {
  /** Every page fetched and parsed, one after another, as the console asks for them (ms). */
  readonly ms: number;
  readonly count: number;
  readonly requests: number;
  /** Resource Timing's encodedBodySize (transferred) and decodedBodySize (JSON) summed. */
  readonly encodedBytes: number;
  readonly decodedBytes: number;
  /** GET /api/cases?limit=50 alone, fetched and parsed (ms): the first screen's worth. */
  readonly firstScreenMs: number;
  /** Bare page only: its JS heap holding every parsed page, after a forced GC. */
  readonly heap: TabHeap | null;
}

/** Every page of GET /api/cases (1,000 a page), in the page: no decryption. */
const fetchOnlyScript = (keep: boolean): string => `
(async () => {
  performance.setResourceTimingBufferSize(100000);
  const timed = async (query) => {
    const reply = await fetch('/api/cases?' + query.toString(), { credentials: 'same-origin' });
    if (!reply.ok) throw new Error('GET /api/cases answered ' + reply.status);
    return reply.json();
  };
  const screenStarted = performance.now();
  await timed(new URLSearchParams({ limit: '50' }));
  const firstScreenMs = performance.now() - screenStarted;
  performance.clearResourceTimings();
  const pages = [];
  const started = performance.now();
  let cursor = null;
  let count = 0;
  do {
    const query = new URLSearchParams({ limit: '1000' });
    if (cursor !== null) query.set('cursor', cursor);
    const page = await timed(query);
    if (${keep}) pages.push(page);
    count += page.cases.length;
    cursor = page.next;
  } while (cursor !== null);
  const ms = performance.now() - started;
  const entries = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname === '/api/cases');
  if (${keep}) Object.defineProperty(window, '__benchPages', { value: pages });
  return {
    ms,
    count,
    firstScreenMs,
    requests: entries.length,
    encodedBytes: entries.reduce((s, e) => s + e.encodedBodySize, 0),
    decodedBytes: entries.reduce((s, e) => s + e.decodedBodySize, 0),
  };
})()
`;

/**
 * The fetch-and-parse floor in the signed-in console page itself, once its own list has loaded
 * and the page has gone quiet (so the two do not share the machine). For lists of 10,000.
 */
export async function fetchOnlyInConsole(
  browser: Browser,
  url: string,
  slug: string,
): Promise<FetchOnlyReading & { cookies: readonly Cookie[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await signIn(page, url, slug);
    await pollInPage(page, LIST_LOADED, 180_000);
    await page.evaluate(`new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300)))`);
    const reading = await page.evaluate<Omit<FetchOnlyReading, 'heap'>>(fetchOnlyScript(false));
    return { ...reading, heap: null, cookies: await context.cookies() };
  } finally {
    await context.close();
  }
}

/**
 * The same in a bare page of the origin (GET /api/health, a JSON document: no app, no list),
 * with the session cookie of an earlier sign-in; then, if asked, that page's heap holding every
 * parsed page. For the list of 100,000, where a console holding its own list would weigh on both.
 */
export async function fetchOnlyInBarePage(
  browser: Browser,
  url: string,
  cookies: readonly Cookie[],
  options: { heap: boolean },
): Promise<FetchOnlyReading> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addCookies([...cookies]);
    const page = await context.newPage();
    await page.goto(new URL('/api/health', url).href);
    const reading = await page.evaluate<Omit<FetchOnlyReading, 'heap'>>(fetchOnlyScript(options.heap));
    const heap = options.heap ? await measureTabHeap(browser, page) : null;
    return { ...reading, heap };
  } finally {
    await context.close();
  }
}
