/**
 * The team's own support list (GET /api/team/settings, `support_kit`). A minimal fetch kept here
 * until the team settings client (api/settings.ts) exists; move to it then.
 */
import { TeamSettings } from '#contract/settings';
import { api, type RequestOptions } from '../../../../../lib/api-client';
import { decodeWith } from '../../../../../lib/decode';

export interface TeamKitEntry {
  readonly title: string;
  readonly details: string;
}

const decodeSupportKit = decodeWith(TeamSettings, (settings): TeamKitEntry[] => settings.support_kit);

export function getTeamSupportKit(options: RequestOptions = {}): Promise<TeamKitEntry[]> {
  return api.get('/team/settings', decodeSupportKit, options);
}
