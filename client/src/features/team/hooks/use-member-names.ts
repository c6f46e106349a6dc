import { useMemo } from 'react';

import type { VerifiedTeam } from '../api/roster';

/**
 * Names by member id for everyone the verified roster has ever listed, removed members
 * included: cases, messages and the audit log name people who may have left since.
 */
export function useMemberNames(team: VerifiedTeam): ReadonlyMap<string, string> {
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const m of team.roster.known.values()) names.set(m.id, m.name);
    return names;
  }, [team]);
}
