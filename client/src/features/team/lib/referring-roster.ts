/**
 * The roster of the team a case was referred from (docs/protocol.md 10.10): a referred case is
 * signed by a member of that team, so its verified roster (pins and this browser's memory
 * included, as for any team) is what the keyring checks the signature against, and where the
 * referring member's name comes from.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { ApiError } from '../../../lib/api-client';
import type { CaseDetail } from '../api/cases';
import { loadVerifiedTeam, RosterTrustError, type VerifiedTeam } from '../api/roster';

export type ReferringRoster =
  | { readonly status: 'verified'; readonly team: VerifiedTeam }
  /** Its roster failed this browser's checks, or the team is gone: `message` says which, in the page's language. */
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
      const address = from.slug;
      return {
        status: 'unverified',
        message: i18n._(msg`The team at ${address} is not the one the referral names.`),
      };
    }
    return { status: 'verified', team };
  } catch (error) {
    if (error instanceof RosterTrustError) return { status: 'unverified', message: error.message };
    if (error instanceof ApiError && error.status === 404) {
      const teamName = from.name;
      return { status: 'unverified', message: i18n._(msg`${teamName} is not on this deployment any more.`) };
    }
    throw error;
  }
}
