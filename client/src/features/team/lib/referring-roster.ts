/**
 * The roster of the team a case was referred from (docs/protocol.md 10.10): a referred case is
 * signed by a member of that team, so its verified roster (pins and this browser's memory
 * included, as for any team) is what the keyring checks the signature against, and where the
 * referring member's name comes from.
 */
import { ApiError } from '../../../lib/api-client';
import type { CaseDetail } from '../api/cases';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../api/roster';

export type ReferringRoster =
  | { readonly status: 'verified'; readonly team: VerifiedTeam }
  /** Its roster failed this browser's checks, or the team is gone: `message` says which. */
  | { readonly status: 'unverified'; readonly message: string };

/**
 * The referring team's verified roster for a case a referral made; null for every other case.
 * Rejects only when the network fails: a roster that does not check out is an answer.
 */
export async function loadReferringRoster(
  detail: Pick<CaseDetail, 'referral'>,
): Promise<ReferringRoster | null> {
  const from = detail.referral?.from_team;
  if (from === undefined) return null;
  try {
    const team = await loadVerifiedTeam(from.slug);
    // The slug is the server's word too: the roster must be the team the referral names.
    if (team.id !== from.id) {
      return { status: 'unverified', message: `The team at ${from.slug} is not the one the referral names.` };
    }
    return { status: 'verified', team };
  } catch (error) {
    if (error instanceof RosterTrustError) return { status: 'unverified', message: error.message };
    if (error instanceof ApiError && error.status === 404) {
      return { status: 'unverified', message: `${from.name} is not on this deployment any more.` };
    }
    throw error;
  }
}
