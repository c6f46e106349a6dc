/**
 * Leaving at once: what the "Leave now" button on a reporter's pages does (components/quick-exit.tsx).
 *
 * Someone writing a report may have to hide it in a second, because the person harassing them
 * walked in. `leaveNow()` then, in one go and without asking anything:
 *   - hides the page, so nothing stays on screen while the next site loads (over Tor, seconds);
 *   - runs every forget registered with `onLeave`: the intake's draft, an open receipt's keys;
 *   - clears this tab's sessionStorage;
 *   - ends any session on the server (DELETE /api/session, sent with `keepalive` so it is
 *     finished after the page is gone; the exit never waits for it);
 *   - replaces this page in the tab's history with the deployment's neutral address
 *     (CONFIDE_QUICK_EXIT_URL, from GET /api/config), so Back does not come here again.
 * Earlier entries of the same visit (say /receipt, before /) stay in the history: no page can
 * remove them. Their addresses and titles say nothing about a report (use-document-title.ts).
 *
 *   onLeave(resetIntake);   // at module level, beside the memory it wipes
 *   void loadQuickExitUrl(); // when a reporter's page opens, so leaving never waits for it
 */
import { ConfigReply } from '#contract/replies';
import { api } from './api-client';
import { decodeWith } from './decode';

/** Where "Leave now" goes until the deployment's address is known: the server's default too. */
export const DEFAULT_QUICK_EXIT_URL = 'https://www.wikipedia.org/';

const forgets = new Set<() => void>();

/**
 * Registers something to wipe when the reporter leaves (page memory holding what they wrote, or
 * keys). Returns a function that takes it off again.
 */
export function onLeave(forget: () => void): () => void {
  forgets.add(forget);
  return () => {
    forgets.delete(forget);
  };
}

let quickExitUrl: string | undefined;
let loading: Promise<void> | undefined;

const decodeQuickExitUrl = decodeWith(ConfigReply, (config) => config.quick_exit_url);

/**
 * Fetches the deployment's neutral address once and keeps it in memory, so that leaving never
 * waits for the network. A failure is forgotten (the next call tries again); meanwhile leaving
 * goes to the default.
 */
export function loadQuickExitUrl(): Promise<void> {
  loading ??= api.get('/config', decodeQuickExitUrl).then(
    (url) => {
      quickExitUrl = url;
    },
    () => {
      loading = undefined;
    },
  );
  return loading;
}

/** The address to leave for: only an absolute http(s) one, whatever a reply said. */
export function quickExitAddress(): string {
  try {
    const url = new URL(quickExitUrl ?? DEFAULT_QUICK_EXIT_URL);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  } catch {
    // Not an address: the default below.
  }
  return DEFAULT_QUICK_EXIT_URL;
}

let leaving = false;

// No "Leave site? Changes you made may not be saved" when leaving: the intake asks that before
// a draft is unloaded, and the question would hold the reporter on the page. Listeners on the
// window run in the order they were added, capturing or not, so this one is added as this module
// loads: with the app itself (the layout's Leave now imports it), before any page adds its own.
if (typeof window !== 'undefined') {
  window.addEventListener(
    'beforeunload',
    (event) => {
      if (leaving) event.stopImmediatePropagation();
    },
    { capture: true },
  );
}

/** Leaves this site at once, wiping what the page holds (see the top of this file). */
export function leaveNow(): void {
  if (leaving) return;
  leaving = true;

  // Nothing left on screen while the next site loads.
  document.body.hidden = true;

  for (const forget of forgets) {
    try {
      forget();
    } catch {
      // One memory that cannot be wiped must not keep the reporter here, nor stop the others.
    }
  }
  try {
    sessionStorage.clear();
  } catch {
    // Storage refused (some private windows): there is nothing in it then.
  }

  // Fired, not awaited: `keepalive` lets the request outlive the page. Sessions also end by
  // themselves after a while without use. The header is the API's CSRF guard (api-client.ts).
  fetch('/api/session', {
    method: 'DELETE',
    keepalive: true,
    credentials: 'same-origin',
    headers: { 'X-Requested-With': 'confide' },
  }).catch(() => undefined);

  window.location.replace(quickExitAddress());
}
