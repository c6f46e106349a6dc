// What the console benchmark records inside the page, installed before any of the app's own
// scripts run (Playwright's init scripts are injected through the DevTools protocol, so the
// page's Content-Security-Policy stays as it is for the app):
//   - every main-thread long task (> 50 ms): how long the page could not answer input;
//   - the largest gap between two animation frames: the worst stutter a person would see;
//   - when the first row of the case list was put on screen.
// Plain JavaScript in a string: it runs in the browser, not in this process.

export const PROBE_SCRIPT = `
(() => {
  const probe = { longTasks: [], frameGaps: [], firstRowAt: null };
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
  new MutationObserver(() => {
    if (probe.firstRowAt === null && document.querySelector('ol.case-list > li')) probe.firstRowAt = performance.now();
  }).observe(document, { childList: true, subtree: true });
})();
`;

export interface ProbeReading {
  /** confide:cases:load, the whole list fetched and decrypted (ms). */
  readonly loadMs: number;
  /** confide:cases:decrypt, first page handed to the workers to the last case back (ms). */
  readonly decryptMs: number;
  /** From the start of the load to the first row on screen (ms). */
  readonly firstRowMs: number;
  /** Cases listed and decrypted, from the measure's detail. */
  readonly cases: number;
  readonly decrypted: number;
  /** The longest main-thread task while loading, and the sum of their parts over 50 ms (ms). */
  readonly longestTaskMs: number;
  readonly blockingMs: number;
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
  const during = (t) => t >= start && t <= end;
  const tasks = probe.longTasks.filter((t) => during(t.start) || during(t.start + t.duration));
  const gaps = probe.frameGaps.filter((g) => during(g.at));
  return {
    loadMs: load.duration,
    decryptMs: decrypt.duration,
    firstRowMs: probe.firstRowAt === null ? -1 : probe.firstRowAt - start,
    cases: load.detail.cases,
    decrypted: load.detail.decrypted,
    longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    blockingMs: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    worstFrameGapMs: gaps.reduce((m, g) => Math.max(m, g.gap), 0),
  };
})()
`;
