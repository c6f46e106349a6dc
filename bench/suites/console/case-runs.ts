// Opening one case from the loaded list, in Chromium, timed inside the page; and the same case
// opened by sodium-native on one core of this process, as the reference.

import type { Browser } from 'playwright-core';
import {
  nativeOpenEnvelope,
  nativeOpenItem,
  nativeOpenSummary,
  nativeUnwrapKey,
  nativeVerifyReport,
  type NativeBoxKeyPair,
  type NativeEnvelope,
} from '../../reference/native.js';
import type { CaseFixture } from './case-fixtures.js';
import { LIST_LOADED } from './page-probe.js';
import { cookieHeader, pollInPage, signIn } from './list-runs.js';

/** The items of the case page's thread (client/src/features/team/components/case/thread.tsx). */
const THREAD_ITEM_SELECTOR = 'ol.thread > li';

/**
 * Installed before the app's scripts: once a run has set `start`, notes how many thread items are
 * in the document, and when that number last grew. A MutationObserver's callback runs right after
 * the DOM change, before the next paint, so `shownAt` is when the last item was put in the page.
 */
const CASE_PROBE_SCRIPT = `
(() => {
  const probe = { start: null, shown: 0, shownAt: null };
  Object.defineProperty(window, '__confideCaseBench', { value: probe });
  new MutationObserver(() => {
    if (probe.start === null) return;
    const shown = document.querySelectorAll(${JSON.stringify(THREAD_ITEM_SELECTOR)}).length;
    if (shown > probe.shown) {
      probe.shown = shown;
      probe.shownAt = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
})();
`;

/**
 * In the page: start the clock, then go to the case the way a click in the list does (a
 * client-side navigation; a full page load would lock the keys and ask for the passphrase).
 */
const navigateToCase = (caseId: string): string => `
(() => {
  window.__confideCaseBench.start = performance.now();
  history.pushState(null, '', ${JSON.stringify(`/team/cases/${caseId}`)});
  dispatchEvent(new PopStateEvent('popstate', { state: null }));
})()
`;

/** Ready once `minimum` items are in the thread, or the page says it could not open the case. */
const caseShownOrFailed = (minimum: number): string => `
(() => {
  if (window.__confideCaseBench.shown >= ${minimum}) return true;
  const heading = document.querySelector('main h1');
  return heading !== null && /could not be opened|not found/i.test(heading.textContent ?? '');
})()
`;

const READ_CASE_PROBE = `
(() => {
  const probe = window.__confideCaseBench;
  const items = [...document.querySelectorAll(${JSON.stringify(THREAD_ITEM_SELECTOR)})];
  return {
    openMs: probe.shownAt === null ? -1 : probe.shownAt - probe.start,
    sinceLastMs: probe.shownAt === null ? 0 : performance.now() - probe.shownAt,
    shown: items.length,
    unverified: items.filter((li) => /could not be verified/i.test(li.textContent ?? '')).length,
    heading: document.querySelector('main h1')?.textContent ?? '',
  };
})()
`;

export interface CaseReading {
  readonly openMs: number;
  readonly sinceLastMs: number;
  readonly shown: number;
  readonly unverified: number;
  readonly heading: string;
}

/**
 * One run in a fresh browser context: sign in, let the case list finish loading, then open the
 * case and time, inside the page, from the navigation to the last thread item in the DOM.
 * Messages and notes are always in the thread; records may be shown elsewhere on the page (they
 * are opened in the same pass, so they appear in the same render), hence the minimum.
 */
export async function openCase(
  browser: Browser,
  url: string,
  slug: string,
  fixture: CaseFixture,
): Promise<CaseReading & { cookie: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(CASE_PROBE_SCRIPT);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, url, slug);
    await pollInPage(page, LIST_LOADED, 180_000);
    // Let the list render and the page go quiet, so the case does not share the machine with it.
    await page.evaluate(`new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300)))`);
    await page.evaluate(navigateToCase(fixture.caseId));
    await pollInPage(page, caseShownOrFailed(fixture.messages + fixture.notes), 60_000);
    // Whatever is still to come (records rendered apart) arrives in the next moments, or never.
    let reading = await page.evaluate<CaseReading>(READ_CASE_PROBE);
    while (reading.openMs >= 0 && reading.sinceLastMs < 300) {
      await page.waitForTimeout(100);
      reading = await page.evaluate<CaseReading>(READ_CASE_PROBE);
    }
    if (errors.length > 0) throw new Error(`the case page failed: ${errors.join('; ')}`);
    if (reading.shown < fixture.messages + fixture.notes)
      throw new Error(`the case page showed ${reading.shown} items ("${reading.heading}")`);
    if (reading.unverified > 0)
      throw new Error(`${reading.unverified} of the case's items could not be verified in the browser`);
    return { ...reading, cookie: cookieHeader(await context.cookies()) };
  } finally {
    await context.close();
  }
}

interface ServedItemJson {
  id: string;
  case: string;
  kind: string;
  payload: NativeEnvelope;
  sig: string;
  grant: string;
}

/** A case as GET /api/cases/:id serves it to the admin: what the page opened. */
export interface ServedCaseJson {
  id: string;
  payload: NativeEnvelope | null;
  summary: NativeEnvelope | null;
  grant: string | null;
  sig: string;
  reporter: { sign_pk: string };
  items: ServedItemJson[];
}

export async function fetchCase(url: string, cookie: string, caseId: string): Promise<ServedCaseJson> {
  const reply = await fetch(new URL(`/api/cases/${caseId}`, url), { headers: { cookie } });
  if (!reply.ok) throw new Error(`GET /api/cases/${caseId} answered ${reply.status}`);
  return (await reply.json()) as ServedCaseJson;
}

/**
 * What the case page does, natively: with `report`, the reporter's signature over the body (and
 * summary), the grant, the body and the summary opened and parsed; then every item's signature,
 * grant, decryption and JSON.parse.
 */
export function nativeOpenCase(
  served: ServedCaseJson,
  options: {
    readonly team: string;
    readonly me: NativeBoxKeyPair;
    readonly authorSignPublicKey: Uint8Array;
    readonly report: boolean;
  },
): void {
  if (options.report) {
    if (!served.payload || !served.grant) throw new Error(`case ${served.id} is served without its report`);
    nativeVerifyReport({
      id: served.id,
      payload: served.payload,
      sig: served.sig,
      reporter: served.reporter,
      ...(served.summary ? { summary: served.summary } : {}),
    });
    const key = nativeUnwrapKey(served.grant, options.me);
    const context = { team: options.team, id: served.id };
    JSON.parse(nativeOpenEnvelope(served.payload, key, { kind: 'report', ...context }).toString());
    if (served.summary) JSON.parse(nativeOpenSummary(served.summary, key, context).toString());
  }
  for (const item of served.items) {
    JSON.parse(
      nativeOpenItem({
        team: options.team,
        item,
        me: options.me,
        authorSignPublicKey: options.authorSignPublicKey,
      }).toString(),
    );
  }
}
