import { getMembers, type MemberRow } from '../api/members';
import { loadVerifiedTeam, type VerifiedTeam } from '../api/roster';
import { teamSession } from '../session/session-store';
import type { Load } from '../../../hooks/use-load';
import { useTeamLoad } from './use-team-load';

export interface LoadedMembers {
  readonly members: MemberRow[];
  readonly team: VerifiedTeam;
}

/**
 * The team's members and invitees as the server lists them, with the roster verified in this
 * browser: the page shows as members only those the verified roster lists as active.
 */
export function useMembers(slug: string): Load<LoadedMembers> {
  return useTeamLoad(async () => {
    const [members, team] = await Promise.all([getMembers(slug), loadVerifiedTeam(slug)]);
    teamSession.updateVerifiedTeam(team);
    return { members, team };
  }, [slug]);
}
