/**
 * The team's settings as every member reads them (GET /api/team/settings). The case page loads
 * them once and hands them to the parts that use them: the composer's and the acknowledgement's
 * templates, and the team's own support list.
 */
import type { Load } from '../../../hooks/use-load';
import { getTeamSettings, type TeamSettings } from '../api/settings';
import { useTeamLoad } from './use-team-load';

export function useTeamSettings(): Load<TeamSettings> {
  return useTeamLoad((signal) => getTeamSettings({ signal }), []);
}
