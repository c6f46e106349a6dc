/**
 * An admin's console keeps the team's index key usable and private (docs/protocol.md 7,
 * review-notes.md R-5): every active member holds a grant signed by an active admin, and a
 * removed member's copy stops making the tags in use. When to issue is model/index-key-policy.ts;
 * this sends the grants.
 *
 * A refusal (another admin issued at the same moment, the roster changed meanwhile) is left: the
 * next sign-in sees the team's new epoch and starts from there.
 */
import type { Keyring } from '../../../lib/keyring/keyring';
import { loadCrypto } from '../../../lib/load-crypto';
import { putIndexKey } from '../api/index-keys';
import { loadVerifiedTeam, type VerifiedTeam } from '../api/roster';
import { teamSession } from '../session/session-store';
import { epochToIssue, type IndexKeyEvent } from '../model/index-key-policy';

/**
 * Issues the index key after `event` if it needs to be, to the active members of `team` (a roster
 * verified just now). Returns the team's epoch after it, or null when nothing was issued.
 */
export async function keepIndexKey(
  keyring: Keyring,
  team: VerifiedTeam,
  teamEpoch: number,
  event: IndexKeyEvent,
  due = false,
): Promise<number | null> {
  const epoch = epochToIssue(event, teamEpoch, await keyring.indexKeyState(), due);
  if (epoch === null) return null;
  const { keyToBase64 } = await loadCrypto();
  const members = [...team.roster.active.values()].map((m) => ({
    id: m.id,
    enc_pk: keyToBase64(m.encPublicKey),
  }));
  const grants = await keyring.prepareIndexKey(epoch, members);
  await putIndexKey(team.slug, { epoch, grants });
  await keyring.commitIndexKey(epoch);
  return epoch;
}

/**
 * Right after a removal: a new key for the members who stay, issued on a roster verified just now,
 * and the session's epoch moved on. Rejects when it could not be issued: the removed member's copy
 * then still makes the tags in use until an admin issues one (the server keeps it due).
 */
export async function renewIndexKeyAfterRemoval(
  keyring: Keyring,
  slug: string,
  teamEpoch: number,
): Promise<void> {
  const epoch = await keepIndexKey(keyring, await loadVerifiedTeam(slug), teamEpoch, 'member-removed');
  if (epoch !== null) teamSession.updateIndexEpoch(epoch);
}
