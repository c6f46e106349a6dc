import { useCallback, useEffect, useRef, useState } from 'react';

import { isAbortError } from '../../../../lib/api-client';
import type { Keyring } from '../../../../lib/keyring/keyring';
import { endSessionIfUnauthorized } from '../../session/session-ended';

/**
 * Reports asked of the keyring at a time: their bodies are fetched and decrypted whole (a 10 KB
 * report each), and only whether each holds the words is kept, so memory stays bounded however
 * many cases are searched. Small, because the keyring answers for all of them at once: a Stop
 * loses the reports of the slice under way.
 */
const REPORTS_AT_ONCE = 100;

export type BodySearchState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'searching' | 'stopped' | 'done';
      /** Reports searched so far, of `total`; `found` of them hold the words. */
      readonly done: number;
      readonly total: number;
      readonly found: number;
    }
  | {
      readonly status: 'failed';
      readonly done: number;
      readonly total: number;
      readonly found: number;
      readonly error: unknown;
    };

const IDLE: BodySearchState = { status: 'idle' };

/**
 * "Search inside whole reports": fetches and decrypts the bodies of the cases given (those the
 * other filters let through) and keeps the ids of those whose body holds `needle`. Its results
 * belong to one search: when `scope` (the search and the filters) changes, a running search
 * stops and the results are dropped.
 */
export function useBodySearch(
  keyring: Keyring,
  teamId: string,
  scope: string,
): {
  state: BodySearchState;
  /** Cases found inside their whole report; null before a search of this scope. */
  matches: ReadonlySet<string> | null;
  start: (caseIds: readonly string[], needle: string) => void;
  stop: () => void;
} {
  const [state, setState] = useState<BodySearchState>(IDLE);
  const [matches, setMatches] = useState<ReadonlySet<string> | null>(null);
  const running = useRef<AbortController | null>(null);
  // Which search may still report: a search left behind (see below) must not.
  const generation = useRef(0);

  const stop = useCallback(() => {
    running.current?.abort();
  }, []);

  // Leaving the search (another search, other filters, another page) drops its results.
  useEffect(() => {
    setState(IDLE);
    setMatches(null);
    return () => {
      generation.current += 1;
      running.current?.abort();
      running.current = null;
    };
  }, [scope]);

  const start = useCallback(
    (caseIds: readonly string[], needle: string) => {
      running.current?.abort();
      generation.current += 1;
      const mine = generation.current;
      const controller = new AbortController();
      running.current = controller;
      const { signal } = controller;
      // Read through a function: the answer changes across each await (a Stop, leaving the search).
      const stopped = () => signal.aborted;
      const total = caseIds.length;
      const found = new Set<string>();
      let done = 0;
      const report = (status: 'searching' | 'stopped' | 'done', searched = done) => {
        if (generation.current === mine) setState({ status, done: searched, total, found: found.size });
      };
      setMatches(new Set());
      report('searching');
      void (async () => {
        try {
          for (let from = 0; from < total && !stopped(); from += REPORTS_AT_ONCE) {
            const slice = caseIds.slice(from, from + REPORTS_AT_ONCE);
            const bodies = await keyring.searchReportBodies(teamId, slice, {
              signal,
              onProgress: (sliceDone) => {
                if (!stopped()) report('searching', done + sliceDone);
              },
            });
            if (stopped()) break;
            const before = found.size;
            for (const [caseId, text] of bodies) if (text.includes(needle)) found.add(caseId);
            done += slice.length;
            // A new set only when something was found: each one filters the list again.
            if (found.size > before && generation.current === mine) setMatches(new Set(found));
            report('searching');
          }
          report(stopped() ? 'stopped' : 'done');
        } catch (error) {
          if (stopped() || isAbortError(error)) report('stopped');
          else if (generation.current === mine && !endSessionIfUnauthorized(error)) {
            setState({ status: 'failed', done, total, found: found.size, error });
          }
        } finally {
          if (running.current === controller) running.current = null;
        }
      })();
    },
    [keyring, teamId],
  );

  return { state, matches, start, stop };
}
