import type { DependencyList } from 'react';

import { useLoad, type Load } from '../../../hooks/use-load';
import { endSessionIfUnauthorized } from '../session/session-ended';

/** `useLoad` for the console's pages, with the console's 401 rule (session-ended.ts) applied to every load. */
export function useTeamLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Load<T> {
  return useLoad(
    (signal) =>
      load(signal).catch((error: unknown) => {
        endSessionIfUnauthorized(error);
        throw error;
      }),
    deps,
  );
}
