import { useCallback, useEffect, useState } from 'react';

import { TeamList, type TeamSummary } from '#contract/teams';
import { api, isAbortError, type RequestOptions } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

export type Team = TeamSummary;

const decodeTeams = decodeWith(TeamList, (reply) => reply.teams);

export function getTeams(options: RequestOptions = {}): Promise<Team[]> {
  return api.get('/teams', decodeTeams, options);
}

/** `error`: why the list could not be loaded, put into words where it is shown (lib/error-words.ts errorText). */
export type TeamsState =
  { status: 'loading' } | { status: 'ready'; teams: Team[] } | { status: 'error'; error: unknown };

/** The deployment's teams, fetched once on mount; `retry` fetches again after an error. */
export function useTeams(): { state: TeamsState; retry: () => void } {
  const [state, setState] = useState<TeamsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getTeams({ signal: controller.signal }).then(
      (teams) => setState({ status: 'ready', teams }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { state, retry };
}
