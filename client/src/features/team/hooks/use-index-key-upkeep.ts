import { useEffect } from 'react';

import type { Keyring } from '../../../lib/keyring/keyring';
import { keepIndexKey } from '../lib/index-key-upkeep';
import type { VerifiedTeam } from '../api/roster';
import { teamSession } from '../session/session-store';

/**
 * Once per unlock, in an admin's console: gives the team a signed index key if it has none, or a
 * new one if this admin holds none of the current epoch or a removal left one due
 * (model/index-key-policy.ts). Quietly: a
 * failure only leaves the blind index off until the next sign-in, never the console.
 */
export function useIndexKeyUpkeep(
  keyring: Keyring,
  team: VerifiedTeam,
  teamEpoch: number,
  due: boolean,
  isAdmin: boolean,
): void {
  useEffect(() => {
    if (!isAdmin) return;
    let live = true;
    keepIndexKey(keyring, team, teamEpoch, 'signed-in', due)
      .then((epoch) => {
        if (live && epoch !== null) teamSession.updateIndexEpoch(epoch);
      })
      .catch(() => {
        // Locked, signed out, or another admin issued at the same moment: tried again next time.
      });
    return () => {
      live = false;
    };
    // Only on unlocking: the roster and epoch it reads are the ones of that moment.
  }, [keyring, isAdmin]);
}
