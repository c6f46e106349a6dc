/**
 * Loading something for a page: one abortable request, its loading and error states, and a way
 * to try again. Pages used to write this by hand, each a little differently (one forgot to
 * abort, another showed a stale error after a retry).
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

import { isAbortError } from '../lib/api-client';

export type LoadState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown };

export interface Load<T> {
  readonly state: LoadState<T>;
  /** Loads again (after an error, or when the data changed); the page shows loading meanwhile. */
  readonly reload: () => void;
  /**
   * Loads again after a change the page made itself (a reply sent, a member added) while the
   * page stays as it is: what the person just did, and its confirmation, are not swept away by
   * a loading screen. If that load fails, it falls back to `reload`: loading, then the error (or
   * the data, if the second try succeeds).
   */
  readonly refresh: () => void;
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/**
 * Runs `load` when the component mounts and whenever `deps` change, aborting the previous run:
 * a reply that arrives after the page moved on is dropped, not shown. `load` must pass `signal`
 * to its requests. Errors are kept as they came: the page decides the words (lib/error-words'
 * `errorText`) and what a 401 means.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Load<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  // A refresh keeps the page as it is only for the data it shows: if `deps` changed too (the
  // page moved to another case), the earlier data must not stand in while the new loads.
  const quietNext = useRef(false);
  const lastDeps = useRef<DependencyList | null>(null);

  useEffect(() => {
    const quiet = quietNext.current && lastDeps.current !== null && sameDeps(lastDeps.current, deps);
    quietNext.current = false;
    lastDeps.current = deps;
    const controller = new AbortController();
    if (!quiet) setState({ status: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        if (quiet) setVersion((n) => n + 1);
        else setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // `load` is a new function on every render; `deps` say when it means something new.
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((n) => n + 1), []);
  const refresh = useCallback(() => {
    quietNext.current = true;
    setVersion((n) => n + 1);
  }, []);
  return { state, reload, refresh };
}
