// What the console benchmark records inside the page, installed before any of the app's own
// scripts run (Playwright's init scripts are injected through the DevTools protocol, so the
// page's Content-Security-Policy stays as it is for the app):
//   - every main-thread long task (> 50 ms; PerformanceObserver, buffered): how long the page
//     could not answer input;
//   - the largest gap between two animation frames: the worst stutter a person would see;
//   - when sign-in completed: the moment the sign-in form ("Team sign-in") left the page for the
//     console, which happens once the keys are unlocked and the roster verified;
//   - when the first row of the case list, and the first 50, were put in the page (the console's
//     own `confide:cases:first-rows` mark is preferred where it exists);
//   - for a search run, when the row of the case searched for was shown with its summary line.
// Plain JavaScript in strings: it runs in the browser, not in this process.

/** A case's row in the list links to the case (client/src/features/team/components/case-list). */
const ROW_LINK = /^\/team\/cases\/[0-9a-f-]{36}$/;

/** Rows the "first screen" counts. */
export const FIRST_ROWS = 50;

/**
 * Set before PROBE_SCRIPT on a search run: the case whose row must appear and a word of its
 * summary line, which the row shows once its summary is decrypted and matched.
 */
export const searchTargetScript = (target: { caseId: string; token: string }): string =>
  `Object.defineProperty(window, '__confideBenchSearch', { value: ${JSON.stringify(target)} });`;

export const PROBE_SCRIPT = `
(() => {
  const probe = {
    longTasks: [], frameGaps: [],
    signInSeenAt: null, signedInAt: null,
    firstRowAt: null, firstRowsAt: null,
    foundAt: null,
  };
  Object.defineProperty(window, '__confideBench', { value: probe });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  const frame = (now) => {
    probe.frameGaps.push({ at: now, gap: now - last });
    if (probe.frameGaps.length > 20000) probe.frameGaps.splice(0, 10000);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const rowLink = ${ROW_LINK.toString()};
  const check = () => {
    const now = performance.now();
    if (probe.signedInAt === null) {
      const onSignIn = [...document.querySelectorAll('h1')].some((h) => h.textContent.trim() === 'Team sign-in');
      if (onSignIn) probe.signInSeenAt ??= now;
      else if (probe.signInSeenAt !== null) probe.signedInAt = now;
    }
    if (probe.signedInAt !== null && probe.firstRowsAt === null) {
      let rows = 0;
      for (const a of document.querySelectorAll('a[href^="/team/cases/"]')) {
        if (rowLink.test(a.getAttribute('href'))) rows++;
      }
      if (rows > 0) probe.firstRowAt ??= now;
      if (rows >= ${FIRST_ROWS}) probe.firstRowsAt = now;
    }
    const search = window.__confideBenchSearch;
    if (search && probe.foundAt === null) {
      const row = document.querySelector('a[href="/team/cases/' + search.caseId + '"]');
      if (row && (row.closest('li, [role="row"], [role="listitem"], article') ?? row).textContent.includes(search.token)) {
        probe.foundAt = now;
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
})();
`;

export interface ProbeReading {
  /** confide:cases:load, the whole list fetched and decrypted (ms), and when it started and ended. */
  readonly loadMs: number;
  readonly loadStart: number;
  readonly loadEnd: number;
  /** confide:cases:decrypt, first page handed to the workers to the last case back (ms). */
  readonly decryptMs: number;
  /** Cases listed and decrypted, from the measure's detail. */
  readonly cases: number;
  readonly decrypted: number;
  /** Which code computed X25519 in the Workers ('webcrypto' or 'libsodium'), from the detail. */
  readonly x25519: string | null;
  /** When the sign-in form left the page (page clock), or null if it was never seen to. */
  readonly signedInAt: number | null;
  /** From the start of the load to the first row in the page (ms); -1 if none was seen. */
  readonly firstRowMs: number;
  /** When the first 50 rows were on screen (page clock): the console's mark, else the DOM. */
  readonly firstRowsAt: number | null;
  readonly firstRowsFrom: 'mark' | 'dom' | 'none';
  /** Search runs: when the case searched for was shown (page clock). */
  readonly foundAt: number | null;
  /** The longest main-thread task during the load, and the sum of their parts over 50 ms (ms). */
  readonly longestTaskMs: number;
  readonly blockingMs: number;
  /** The same from sign-in to the end of the load (the console's first render included). */
  readonly longestTaskSinceSignInMs: number;
  readonly blockingSinceSignInMs: number;
  /** The largest gap between two frames while loading (ms). */
  readonly worstFrameGapMs: number;
}

/** Evaluated in the page once the list has loaded (a string: it runs in the browser). */
export const READ_PROBE = `
(() => {
  const probe = window.__confideBench;
  const load = performance.getEntriesByName('confide:cases:load').at(-1);
  const decrypt = performance.getEntriesByName('confide:cases:decrypt').at(-1);
  if (!probe || !load || !decrypt) return null;
  const start = load.startTime;
  const end = start + load.duration;
  const from = Math.min(start, probe.signedInAt ?? start);
  const overlaps = (t, a) => t.start + t.duration >= a && t.start <= end;
  const tasks = probe.longTasks.filter((t) => overlaps(t, start));
  const sinceSignIn = probe.longTasks.filter((t) => overlaps(t, from));
  const gaps = probe.frameGaps.filter((g) => g.at >= start && g.at <= end);
  const mark = performance.getEntriesByName('confide:cases:first-rows').at(0);
  const longest = (list) => list.reduce((m, t) => Math.max(m, t.duration), 0);
  const blocking = (list) => list.reduce((s, t) => s + Math.max(0, t.duration - 50), 0);
  return {
    loadMs: load.duration,
    loadStart: start,
    loadEnd: end,
    decryptMs: decrypt.duration,
    cases: load.detail?.cases ?? -1,
    decrypted: load.detail?.decrypted ?? -1,
    x25519: load.detail?.x25519 ?? null,
    signedInAt: probe.signedInAt,
    firstRowMs: probe.firstRowAt === null ? -1 : probe.firstRowAt - start,
    firstRowsAt: mark ? mark.startTime : probe.firstRowsAt,
    firstRowsFrom: mark ? 'mark' : probe.firstRowsAt !== null ? 'dom' : 'none',
    foundAt: probe.foundAt,
    longestTaskMs: longest(tasks),
    blockingMs: blocking(tasks),
    longestTaskSinceSignInMs: longest(sinceSignIn),
    blockingSinceSignInMs: blocking(sinceSignIn),
    worstFrameGapMs: gaps.reduce((m, g) => Math.max(m, g.gap), 0),
  };
})()
`;

/** Evaluated in the page: true once the console has left its load measure. */
export const LIST_LOADED = `performance.getEntriesByName('confide:cases:load').length > 0`;

/** Evaluated in the page on a search run: true once the case searched for is shown. */
export const SEARCH_FOUND = `window.__confideBench.foundAt !== null`;
