/**
 * Opening a fetched case in the keyring: the parts of GET /api/cases/{id} it reads, checked against
 * the verified roster (every author's key, removed members' too). One way for the case page, the
 * retention sweep and the blind index's reading of earlier outcomes.
 */
import type { Keyring, OpenedCase } from '../../../lib/keyring/keyring';
import type { CaseDetail } from '../api/cases';
import type { VerifiedTeam } from '../api/roster';
import { authorKeys } from './roster-keys';

export function openFetchedCase(
  keyring: Keyring,
  team: VerifiedTeam,
  detail: CaseDetail,
): Promise<OpenedCase> {
  return keyring.openCase(
    team.id,
    {
      id: detail.id,
      urgent: detail.urgent,
      excluded: detail.excluded,
      payload: detail.payload,
      grant: detail.grant,
      summary: detail.summary,
      reporter: detail.reporter,
      sig: detail.sig,
      items: detail.items,
      target: detail.target,
    },
    authorKeys(team.rows, team.roster),
  );
}
