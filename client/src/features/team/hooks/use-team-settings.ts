/** The team's settings as every member reads them (GET /api/team/settings). */
import type { Load } from '../../../../hooks/use-load';
import { getTeamSettings, type TeamSettings } from '../../api/settings';
import { useTeamLoad } from '../../hooks/use-team-load';

export function useTeamSettings(): Load<TeamSettings> {
  return useTeamLoad((signal) => getTeamSettings({ signal }), []);
}
