/** The deployment's teams, for the sign-in form's team picker and each team's settings. */
import { api, type RequestOptions } from '../../../lib/api-client';
import { array, boolean, integer, record, string } from './decoders';
import type { TeamSummary } from '#contract/teams';

export type TeamChoice = TeamSummary;

export function getTeams(options: RequestOptions = {}): Promise<TeamChoice[]> {
  return api.get(
    '/teams',
    (data) =>
      array(record(data, 'reply').teams, 'teams').map((item, i) => {
        const t = record(item, `teams[${i}]`);
        return {
          id: string(t.id, 'id'),
          slug: string(t.slug, 'slug'),
          name: string(t.name, 'name'),
          description: string(t.description, 'description'),
          handles_life_threats: boolean(t.handles_life_threats, 'handles_life_threats'),
          handles_child_safety: boolean(t.handles_child_safety, 'handles_child_safety'),
          first_response_hours: integer(t.first_response_hours, 'first_response_hours'),
        };
      }),
    options,
  );
}
