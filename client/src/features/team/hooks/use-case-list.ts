import { useCallback, useEffect, useState } from 'react';

import { isAbortError } from '../../../lib/api-client';
import type { Keyring } from '../../../lib/keyring/keyring';
import { loadAllCases } from '../api/load-cases';
import type { ListedCase } from '../lib/case-store';
import { lastCaseList } from '../lib/case-store';
import { endSessionIfUnauthorized } from '../session/session-ended';

export type CaseListState =
  /** Counts so far: thousands of cases take a while to fetch and decrypt, and the page says how far it got. */
  | {
      readonly status: 'loading';
      readonly decrypted: number;
      readonly fetched: number;
      readonly more: boolean;
    }
  /** `refreshing`: shown from this session's memory while the current list loads. */
  | { readonly status: 'ready'; readonly cases: ListedCase[]; readonly refreshing: boolean }
  | { readonly status: 'error'; readonly error: unknown };

const STARTING: CaseListState = { status: 'loading', decrypted: 0, fetched: 0, more: true };

/**
 * Every case granted to the member, fetched page by page and decrypted in the keyring's workers.
 * Not `useLoad`: the list reports its progress while it loads, and a list already decrypted in
 * this session (case-store.ts) is shown at once while the current one loads behind it.
 */
export function useCaseList(keyring: Keyring, teamId: string): { state: CaseListState; retry: () => void } {
  const [state, setState] = useState<CaseListState>(() => {
    const last = lastCaseList(keyring);
    return last ? { status: 'ready', cases: last, refreshing: true } : STARTING;
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setState((current) => (current.status === 'ready' ? { ...current, refreshing: true } : STARTING));
    loadAllCases(keyring, teamId, {
      signal,
      onProgress: (decrypted, fetched, more) => {
        if (signal.aborted) return;
        // Progress only matters while nothing is shown; a remembered list stays as it is.
        setState((current) =>
          current.status === 'ready' ? current : { status: 'loading', decrypted, fetched, more },
        );
      },
    }).then(
      (cases) => {
        if (!signal.aborted) setState({ status: 'ready', cases, refreshing: false });
      },
      (error: unknown) => {
        if (signal.aborted || isAbortError(error) || endSessionIfUnauthorized(error)) return;
        setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [keyring, teamId, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
