import { useCallback, useEffect, useRef, useState } from 'react';

import { isAbortError } from '../../../lib/api-client';
import type { Keyring } from '../../../lib/keyring/keyring';
import { loadAllCases, type LoadProgress } from '../api/load-cases';
import { lastCaseList, rememberCaseList, type ListedCase } from '../lib/case-store';
import { CaseListIndex } from '../model/case-list-index';
import { triageCase } from '../model/case-list';
import { endSessionIfUnauthorized } from '../session/session-ended';

/**
 * The list as the page shows it. `index` grows while a first load runs (`loading`, not
 * `refreshing`); when something was shown already (this session's last list, or what an earlier
 * attempt got) it stays shown, `refreshing`, and the new list replaces it once complete.
 */
export interface CaseListState {
  readonly index: CaseListIndex;
  /** Changes whenever `index` got new cases: what the page's memos depend on. */
  readonly version: number;
  /** A load is running. */
  readonly loading: boolean;
  /** How far the running load got. */
  readonly progress: LoadProgress;
  /** What is shown is not what the running load found so far, but the list from before it. */
  readonly refreshing: boolean;
  /** Every case of the server's list is in `index` (false while loading, or when a load stopped). */
  readonly complete: boolean;
  /** Why the last load stopped before the end; null when it did not. */
  readonly error: unknown;
  /** performance.now() when this visit started loading: the start of `confide:cases:first-rows`. */
  readonly startedAt: number;
}

/** The progress is shown at most this often. */
const PROGRESS_EVERY_MS = 100;
/**
 * New cases are merged into the list at most every this many milliseconds per case already in it,
 * and never more often than the progress: each merge lays out, counts and draws the whole list
 * again (a few milliseconds per 10,000 cases), so a long list grows in fewer, larger steps
 * (every second at 100,000) and that work stays a small share of the loading time.
 */
const MERGE_MS_PER_CASE = 0.01;
/** Until this many cases are shown, every batch is shown at once: the first screen comes first. */
const FIRST_SCREEN = 50;

const NO_PROGRESS: LoadProgress = { decrypted: 0, fetched: 0, more: true, total: null };

function initialState(keyring: Keyring): CaseListState {
  const last = lastCaseList(keyring);
  return {
    index: last ?? new CaseListIndex(),
    version: 0,
    loading: true,
    progress: NO_PROGRESS,
    refreshing: last !== null,
    complete: last !== null,
    error: null,
    startedAt: performance.now(),
  };
}

/**
 * Every case granted to the member, fetched page by page and decrypted in the keyring's workers,
 * shown as it arrives. Batches wait in a queue and are triaged and merged into the list in one go
 * (model/case-list-index.ts), at once until the first screen is full, then every 100 ms and less
 * often as the list grows (MERGE_MS_PER_CASE): no task of the page's thread sorts the whole list,
 * and the work that does grow with it (a merge, the list's layout) is done a bounded number of times.
 */
export function useCaseList(
  keyring: Keyring,
  teamId: string,
  firstResponseHours: number,
): { state: CaseListState; retry: () => void } {
  const [state, setState] = useState<CaseListState>(() => initialState(keyring));
  const [attempt, setAttempt] = useState(0);
  // What is on screen when a load starts: kept shown (refreshing) if it has any case. Updated
  // after each commit, before the load's effect below runs.
  const shown = useRef(state.index);
  useEffect(() => {
    shown.current = state.index;
  }, [state.index]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const before = shown.current;
    const behind = before.size > 0;
    // Loading behind what is shown fills a list of its own, swapped in at the end.
    const target = behind ? new CaseListIndex() : before;
    const startedAt = performance.now();
    let pending: ListedCase[] = [];
    let progress: LoadProgress = NO_PROGRESS;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastShown = 0;
    let lastMerged = 0;

    setState((s) => ({ ...s, loading: true, refreshing: behind, error: null, progress, startedAt }));

    /**
     * Shows the progress, and merges the cases that arrived into the list when it is time to
     * (see MERGE_MS_PER_CASE), or at once when `final`.
     */
    function show(final = false): void {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const at = performance.now();
      lastShown = at;
      const merge = pending.length > 0 && (final || at - lastMerged >= mergeInterval());
      if (merge) {
        lastMerged = at;
        const now = Date.now();
        const batch = pending.map((c) => triageCase(c, firstResponseHours, now));
        pending = [];
        target.add(batch);
      }
      if (signal.aborted) return;
      // Behind a list shown from before, only "Checking for changes…" shows until the end.
      if (!behind) {
        const current = progress;
        setState((s) => ({
          ...s,
          index: target,
          version: merge ? s.version + 1 : s.version,
          progress: current,
        }));
      }
      // Cases still waiting are merged at a later showing, even if nothing else arrives.
      if (pending.length > 0) schedule();
    }

    function mergeInterval(): number {
      if (!behind && target.size < FIRST_SCREEN) return 0;
      return Math.max(PROGRESS_EVERY_MS, target.size * MERGE_MS_PER_CASE);
    }

    function schedule(): void {
      if (timer !== null || signal.aborted) return;
      const early = !behind && target.size < FIRST_SCREEN && pending.length > 0;
      const wait = early ? 0 : Math.max(0, lastShown + PROGRESS_EVERY_MS - performance.now());
      timer = setTimeout(() => show(), wait);
    }

    loadAllCases(keyring, teamId, {
      signal,
      onProgress: (p) => {
        progress = p;
        schedule();
      },
      onCases: (cases) => {
        for (const c of cases) pending.push(c);
        schedule();
      },
    }).then(
      () => {
        show(true);
        if (signal.aborted) return;
        rememberCaseList(keyring, target);
        setState((s) => ({
          ...s,
          index: target,
          version: s.version + 1,
          loading: false,
          refreshing: false,
          complete: true,
          error: null,
        }));
      },
      (error: unknown) => {
        if (timer !== null) clearTimeout(timer);
        if (signal.aborted || isAbortError(error) || endSessionIfUnauthorized(error)) return;
        show(true);
        // What arrived stays shown; after a failed refresh, the larger of the two lists.
        const keepBefore = behind && before.size >= target.size;
        setState((s) => ({
          ...s,
          index: keepBefore ? before : target,
          version: s.version + 1,
          loading: false,
          refreshing: false,
          complete: keepBefore && s.complete,
          error,
        }));
      },
    );
    return () => {
      controller.abort();
      if (timer !== null) clearTimeout(timer);
    };
  }, [keyring, teamId, firstResponseHours, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
