/** POST /api/setup: the founding admin creates the first team with the one-time token. */
import type { RosterRow } from '#crypto';
import { api } from '../../../lib/api-client';
import { record, string } from '../../../lib/decode';
import type { MemberCredentials } from '../../../lib/keyring/keyring';
import type { NewTeam } from '#contract/teams';

export interface SetupRequest {
  token: string;
  team: NewTeam;
  genesis: RosterRow;
  admin: MemberCredentials;
  index_key_grant: string;
}

export function postSetup(
  request: SetupRequest,
): Promise<{ team: string; slug: string; fingerprint: string }> {
  return api.post('/setup', request, (data) => {
    const r = record(data, 'reply');
    return {
      team: string(r.team, 'team'),
      slug: string(r.slug, 'slug'),
      fingerprint: string(r.fingerprint, 'fingerprint'),
    };
  });
}
