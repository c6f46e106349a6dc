import type { Keyring, OpenedCase } from '../../../lib/keyring/keyring';
import { getCase, type CaseDetail } from '../api/cases';
import { loadVerifiedTeam, type VerifiedTeam } from '../api/roster';
import { openFetchedCase } from '../lib/open-case';
import { loadReferringRoster, type ReferringRoster } from '../lib/referring-roster';
import { teamSession } from '../session/session-store';
import type { Load } from '../../../hooks/use-load';
import { useTeamLoad } from './use-team-load';

/** One case as the case page shows it: what the server sent, what the keyring made of it, and the roster used. */
export interface LoadedCase {
  readonly detail: CaseDetail;
  readonly opened: OpenedCase;
  readonly team: VerifiedTeam;
  /**
   * On a case a referral made (docs/protocol.md 10.10): the referring team's roster, as checked
   * here, which names the member who referred it; null on every other case.
   */
  readonly referring: ReferringRoster | null;
}

async function loadCase(
  id: string,
  slug: string,
  keyring: Keyring,
  signal: AbortSignal,
): Promise<LoadedCase> {
  // The roster is verified again on every case: the authors' keys and the recipients of
  // anything written here come from it.
  const [detail, team] = await Promise.all([getCase(id, { signal }), loadVerifiedTeam(slug)]);
  teamSession.updateVerifiedTeam(team);
  const referring = await loadReferringRoster(detail);
  const opened = await openFetchedCase(keyring, team, detail, referring);
  return { detail, opened, team, referring };
}

/** Fetches, checks and decrypts case `id` in this browser. */
export function useCase(id: string, slug: string, keyring: Keyring): Load<LoadedCase> {
  return useTeamLoad((signal) => loadCase(id, slug, keyring, signal), [id, slug, keyring]);
}
