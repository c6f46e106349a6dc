/**
 * Loading something for a page: one abortable request, its loading and error states, and a way
 * to try again. Pages used to write this by hand, each a little differently (one forgot to
 * abort, another showed a stale error after a retry).
 */
import { useCallback, useEffect, useState, type DependencyList } from 'react';

import { isAbortError } from '../lib/api-client';

export type LoadState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'error'; readonly error: unknown };

export interface Load<T> {
  readonly state: LoadState<T>;
  /** Loads again (after an error, or when the data changed); the page shows loading meanwhile. */
  readonly reload: () => void;
  /** Replaces the loaded value after a change the page made itself, without a round trip. */
  readonly update: (change: (value: T) => T) => void;
}

/**
 * Runs `load` when the component mounts and whenever `deps` change, aborting the previous run:
 * a reply that arrives after the page moved on is dropped, not shown. `load` must pass `signal`
 * to its requests. Errors are kept as they came: the page decides the words (lib/format's
 * `errorText`) and what a 401 means.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Load<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbortError(error)) return;
        setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
    // `load` is a new function on every render; `deps` say when it means something new.
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((n) => n + 1), []);
  const update = useCallback(
    (change: (value: T) => T) =>
      setState((current) =>
        current.status === 'ready' ? { status: 'ready', value: change(current.value) } : current,
      ),
    [],
  );
  return { state, reload, update };
}
