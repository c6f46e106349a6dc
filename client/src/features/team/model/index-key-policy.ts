/**
 * When an admin's console issues the team's index key (docs/protocol.md 7, review-notes.md R-5);
 * lib/index-key-upkeep.ts does the issuing.
 *
 * - `signed-in`: the team has no signed key yet (epoch 0), this admin holds none of the current
 *   epoch (their grant was missing or refused), or the server says a member was removed since the
 *   key was made (`due`: an admin who removed themselves could not rotate) → a new key of the next
 *   epoch.
 * - `member-removed` → a new key of the next epoch (rotation).
 * - `admin-demoted` → the held key signed again at its epoch, since grants the former admin signed
 *   no longer verify; a new key if this admin holds none of the current epoch.
 */
export type IndexKeyEvent = 'signed-in' | 'member-removed' | 'admin-demoted';

/** The epoch an admin's console issues after `event`, or null when nothing needs issuing. */
export function epochToIssue(
  event: IndexKeyEvent,
  teamEpoch: number,
  held: { status: string; epoch?: number },
  due = false,
): number | null {
  const holdsCurrent = teamEpoch >= 1 && held.status === 'held' && held.epoch === teamEpoch;
  if (!holdsCurrent || event === 'member-removed' || (event === 'signed-in' && due)) return teamEpoch + 1;
  if (event === 'admin-demoted') return teamEpoch;
  return null;
}
