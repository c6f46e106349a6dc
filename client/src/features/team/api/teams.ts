/** The deployment's teams, for the sign-in form's team picker and each team's settings. */
import { TeamList, type TeamSummary } from '#contract/teams';
import { api, type RequestOptions } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

export type TeamChoice = TeamSummary;

const decodeTeams = decodeWith(TeamList, (reply) => reply.teams);

export function getTeams(options: RequestOptions = {}): Promise<TeamChoice[]> {
  return api.get('/teams', decodeTeams, options);
}
