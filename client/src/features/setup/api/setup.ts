/** POST /api/setup: the founding admin creates the first team with the one-time token. */
import type { RosterRow } from '#crypto';
import { SetupReply } from '#contract/members';
import type { NewTeam } from '#contract/teams';
import { api } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';
import type { MemberCredentials } from '../../../lib/keyring/keyring';

export interface SetupRequest {
  token: string;
  team: NewTeam;
  genesis: RosterRow;
  admin: MemberCredentials;
  index_key_grant: string;
}

const decodeSetup = decodeWith(SetupReply);

export function postSetup(
  request: SetupRequest,
): Promise<{ team: string; slug: string; fingerprint: string }> {
  return api.post('/setup', request, decodeSetup);
}
