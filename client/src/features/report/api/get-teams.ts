import { useCallback, useEffect, useState } from 'react';

import { api, ApiError, isAbortError, type RequestOptions } from '../../../lib/api-client';
import { array, boolean, integer, record, string } from '../../../lib/decode';
// One contract: the reply's type is the server's schema; the decoder below checks
// that what arrives really has that shape.
import type { TeamSummary } from '#contract/teams';

export type Team = TeamSummary;

function decodeTeams(data: unknown): Team[] {
  return array(record(data, 'reply').teams, 'teams').map((item, i) => {
    const team = record(item, `teams[${i}]`);
    const where = (field: string) => `teams[${i}].${field}`;
    return {
      id: string(team.id, where('id')),
      slug: string(team.slug, where('slug')),
      name: string(team.name, where('name')),
      description: string(team.description, where('description')),
      handles_life_threats: boolean(team.handles_life_threats, where('handles_life_threats')),
      handles_child_safety: boolean(team.handles_child_safety, where('handles_child_safety')),
      first_response_hours: integer(team.first_response_hours, where('first_response_hours')),
    };
  });
}

export function getTeams(options: RequestOptions = {}): Promise<Team[]> {
  return api.get('/teams', decodeTeams, options);
}

export type TeamsState =
  { status: 'loading' } | { status: 'ready'; teams: Team[] } | { status: 'error'; error: ApiError };

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
        setState({
          status: 'error',
          error:
            error instanceof ApiError
              ? error
              : new ApiError(0, 'unexpected', 'Something unexpected went wrong on this page.'),
        });
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
