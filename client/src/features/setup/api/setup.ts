/**
 * POST /api/setup: the founding admin creates the first team with the one-time token; POST
 * /api/setup/check first, so a used or expired link is said before the form is filled.
 */
import type { RosterRow } from '#crypto';
import { SetupCheckReply, SetupReply } from '#contract/members';
import type { IndexKeyGrant } from '#contract/index-keys';
import type { NewTeam } from '#contract/teams';
import { api } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';
import type { MemberCredentials } from '../../../lib/keyring/keyring';

export interface SetupRequest {
  token: string;
  team: NewTeam;
  genesis: RosterRow;
  admin: MemberCredentials;
  index_key_grant: IndexKeyGrant;
}

const decodeSetup = decodeWith(SetupReply);

export function postSetup(
  request: SetupRequest,
): Promise<{ team: string; slug: string; fingerprint: string }> {
  return api.post('/setup', request, decodeSetup);
}

const decodeSetupCheck = decodeWith(SetupCheckReply, (reply) => ({ expiresAt: reply.expires_at }));

/**
 * Whether the link can still create a team: rejects with ApiError 410 `setup_link_used` or 404
 * `setup_link_invalid` (unknown, replaced or expired).
 */
export function checkSetupLink(
  token: string,
  options: { signal?: AbortSignal } = {},
): Promise<{ expiresAt: string }> {
  return api.post('/setup/check', { token }, decodeSetupCheck, options);
}
