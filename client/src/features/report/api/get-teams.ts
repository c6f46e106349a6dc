import { useCallback, useEffect, useState } from 'react';

import { api, ApiError, isAbortError, type RequestOptions } from '../../../lib/api-client';
import { array, record, string } from '../../../lib/decode';

// The reply of `GET /api/teams` (PROTOCOL.md, HTTP API). Once the server exports
// its TypeBox schemas, take this type from them with `import type` instead.
export interface Team {
  id: string;
  slug: string;
  name: string;
  description: string;
}

function decodeTeams(data: unknown): Team[] {
  return array(record(data, 'reply').teams, 'teams').map((item, i) => {
    const team = record(item, `teams[${i}]`);
    return {
      id: string(team.id, `teams[${i}].id`),
      slug: string(team.slug, `teams[${i}].slug`),
      name: string(team.name, `teams[${i}].name`),
      description: string(team.description, `teams[${i}].description`),
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
