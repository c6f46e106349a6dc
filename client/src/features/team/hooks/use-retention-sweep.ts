import { useEffect } from 'react';

import { ApiError } from '../../../lib/api-client';
import { isKeyringError, type Keyring } from '../../../lib/keyring/keyring';
import { loadVerifiedTeam, type VerifiedTeam } from '../api/roster';
import type { ListedCase } from '../lib/case-store';
import { fetchAndWriteRetainedRecord, handledInSession } from '../lib/retained-writer';
import { needsRetainedRecord } from '../model/retained-record';

/** Cases written at the same time: a few, so the sweep never competes with the member's own work. */
const AT_ONCE = 2;

/**
 * After the case list has loaded: writes the retained record (docs/protocol.md 10.8) of every
 * finished case that has none yet, such as cases closed before retention existed, so that the
 * server may purge them when the team's retention says so. In the background, a few cases at a
 * time, and quietly: the list never waits for it and shows nothing of it; a case that fails is
 * tried again the next time a console loads the list (one whose report this browser cannot open,
 * only in another session or by another member). Leaving the list stops it.
 *
 * `cases` is the list once loaded (not while it is shown from memory and refreshing), or null.
 */
export function useRetentionSweep(keyring: Keyring, slug: string, cases: readonly ListedCase[] | null): void {
  useEffect(() => {
    if (cases === null) return;
    const due = cases
      .filter((c) => needsRetainedRecord(c.row) && !handledInSession(keyring, c.row))
      .map((c) => c.row.id);
    if (due.length === 0) return;
    const controller = new AbortController();
    void sweep(keyring, slug, shuffled(due), controller.signal);
    return () => controller.abort();
  }, [keyring, slug, cases]);
}

async function sweep(keyring: Keyring, slug: string, due: string[], signal: AbortSignal): Promise<void> {
  let team: VerifiedTeam;
  try {
    // Verified once for the sweep: the records are sealed to this roster's members.
    team = await loadVerifiedTeam(slug);
  } catch {
    return; // The case page says what is wrong with the roster; the sweep waits for a good one.
  }
  const queue = [...due];
  let stopped = false;
  async function worker(): Promise<void> {
    for (let id = queue.shift(); id !== undefined && !stopped && !signal.aborted; id = queue.shift()) {
      try {
        await fetchAndWriteRetainedRecord(keyring, team, id, signal);
      } catch (error) {
        // Signed out or locked: nothing more can be written in this session. Anything else (the
        // case reopened or purged meanwhile, a network fault) waits for the next sweep.
        if ((error instanceof ApiError && error.status === 401) || isKeyringError(error, 'LOCKED')) {
          stopped = true;
        }
      }
    }
  }
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
}

/**
 * The cases in random order: members whose consoles sweep at the same time (the day retention is
 * turned on) then mostly write different cases, instead of each writing the same ones first.
 */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
