/**
 * Opening a fetched case in the keyring: the parts of GET /api/cases/{id} it reads, checked against
 * the verified roster (every author's key, removed members' too). One way for the case page, the
 * retention sweep and the blind index's reading of earlier outcomes. A case a referral made is
 * checked against the referring team's verified roster instead (docs/protocol.md 10.10).
 */
import type { Keyring, OpenedCase } from '../../../lib/keyring/keyring';
import type { CaseDetail } from '../api/cases';
import type { VerifiedTeam } from '../api/roster';
import { loadReferringRoster, type ReferringRoster } from './referring-roster';
import { authorKeys } from './roster-keys';

/**
 * `referring`: the referring team's roster when the caller loaded it already (to name its
 * members); left out, it is loaded here for a referred case.
 */
export async function openFetchedCase(
  keyring: Keyring,
  team: VerifiedTeam,
  detail: CaseDetail,
  referring?: ReferringRoster | null,
): Promise<OpenedCase> {
  const from = referring === undefined ? await loadReferringRoster(detail) : referring;
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
      referral:
        detail.referral === null
          ? null
          : {
              from_case: detail.referral.from_case,
              from_team: detail.referral.from_team.id,
              referred_by: detail.referral.referred_by,
              authors: from?.status === 'verified' ? authorKeys(from.team.rows, from.team.roster) : null,
            },
    },
    authorKeys(team.rows, team.roster),
  );
}
