import { useMemo } from 'react';

import { caseState, type CaseState } from '../model/case-state';
import type { LoadedCase } from './use-case';

/** The case's records and server events folded into what the page shows (model/case-state.ts). */
export function useCaseState(loaded: LoadedCase): CaseState {
  const { detail, opened } = loaded;
  return useMemo(
    () =>
      caseState({
        status: detail.status,
        items: opened.items,
        events: detail.events,
        rounds: detail.rounds,
        quorum: detail.quorum,
      }),
    [detail, opened],
  );
}
