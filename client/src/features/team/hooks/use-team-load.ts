import { useCallback, useEffect, useRef, type DependencyList } from 'react';

import { useLoad, type LoadState } from '../../../hooks/use-load';
import { isAbortError } from '../../../lib/api-client';
import { endSessionIfUnauthorized } from '../session/session-ended';

export interface TeamLoad<T> {
  readonly state: LoadState<T>;
  /** Loads again from scratch, showing the loading state (the "Try again" button). */
  readonly reload: () => void;
  /**
   * Loads again after a change this page made (a reply sent, a member added) while the page
   * stays as it is: what the member just did, and its confirmation, are not swept away by a
   * loading screen. If that load fails, the page falls back to `reload`, which shows the
   * loading state and then the error (or the data, if the second try succeeds).
   */
  readonly refresh: () => void;
}

/**
 * `useLoad` for the console's pages, with the console's 401 rule (session-ended.ts) applied to
 * every load and a `refresh` that keeps the page on screen.
 */
export function useTeamLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): TeamLoad<T> {
  const { state, reload, update } = useLoad(
    (signal) =>
      load(signal).catch((error: unknown) => {
        endSessionIfUnauthorized(error);
        throw error;
      }),
    deps,
  );

  // One refresh at a time; a refresh still running when the page moves on (other deps,
  // unmounted) is dropped, so an earlier case's data never replaces the current one.
  const refreshing = useRef<AbortController | null>(null);
  useEffect(() => () => refreshing.current?.abort(), deps);

  const refresh = useCallback(() => {
    refreshing.current?.abort();
    const controller = new AbortController();
    refreshing.current = controller;
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) update(() => value);
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error) || endSessionIfUnauthorized(error)) return;
        reload();
      },
    );
    // `load` changes on every render; `deps` say when it means something new (as in useLoad).
  }, [...deps, reload, update]);

  return { state, reload, refresh };
}
