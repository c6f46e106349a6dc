import { useEffect, useState } from 'react';

import type { Keyring } from '../../../lib/keyring/keyring';
import { failedInSession, runTaggingPass, taggingPassIo, type TaggingProgress } from '../lib/case-tagging';

export type { TaggingProgress };

/**
 * After the case list has loaded: tags, for the blind index of involved accounts (docs/protocol.md
 * 12), every case this member may see that has no tags of the team's current index key yet, such
 * as cases from before the team had a signed key, or from before the key was rotated
 * (lib/case-tagging.ts runTaggingPass). In the background and quietly: the list never waits for
 * it, and whatever stops it (no key, signed out, locked, the key moved on, offline) only leaves the
 * rest for the next visit to the list. Leaving the list stops it.
 *
 * Returns how far it got while it runs, for the list's status line; null when it is not running.
 * `indexEpoch`: the team's epoch as the session last heard it (0: no signed key, nothing to tag
 * with). `start`: the list is loaded (not shown from memory while refreshing).
 */
export function useBackgroundTagging(
  keyring: Keyring,
  team: { id: string; slug: string },
  indexEpoch: number,
  start: boolean,
): TaggingProgress | null {
  const [progress, setProgress] = useState<TaggingProgress | null>(null);
  const { id, slug } = team;

  // Again when the team's epoch moves (an admin's console issued the team's first key, or a new
  // one, after this list loaded): the keyring may hold the new key by then.
  useEffect(() => {
    if (!start || indexEpoch === 0) return;
    const controller = new AbortController();
    const { signal } = controller;
    runTaggingPass(taggingPassIo(keyring, { id, slug }), failedInSession(keyring), signal, (p) => {
      if (!signal.aborted) setProgress(p);
    })
      .catch(() => {
        // Quietly: see above. Cases left untagged are listed again on the next visit.
      })
      .finally(() => {
        if (!signal.aborted) setProgress(null);
      });
    return () => {
      controller.abort();
      setProgress(null);
    };
  }, [keyring, id, slug, indexEpoch, start]);

  return progress;
}
