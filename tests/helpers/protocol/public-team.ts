/**
 * What anyone may read of a team: GET /api/teams/{slug}, its roster verified from genesis.
 * Reporters, members and admins all start from here.
 */
import { verifyRoster, type VerifiedRoster } from '../../../crypto/index.js';
import { expectReply, type Agent } from './transport.js';
import type { TeamDetailJson } from './wire-types.js';

export interface PublicTeam {
  readonly detail: TeamDetailJson;
  readonly roster: VerifiedRoster;
}

/** GET /api/teams/{slug}, with the roster verified from genesis and the fingerprint recomputed. */
export async function fetchTeam(
  agent: Agent,
  slug: string,
  expectedFingerprint?: string,
): Promise<PublicTeam> {
  const detail = expectReply<TeamDetailJson>(
    await agent.get(`/api/teams/${slug}`),
    200,
    'GET /api/teams/{slug}',
  );
  const roster = verifyRoster(detail.roster, {
    team: detail.id,
    ...(expectedFingerprint === undefined ? {} : { fingerprint: expectedFingerprint }),
  });
  if (roster.fingerprint !== detail.fingerprint) {
    throw new Error('the served fingerprint is not the genesis hash');
  }
  return { detail, roster };
}
