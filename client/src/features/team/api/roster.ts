/**
 * The team's public page and roster, verified in this browser before any key from it is
 * used: the shared roster-trust module checks the chain from genesis, the served
 * fingerprint, and what this browser remembers (no changed fingerprint, fork or rollback),
 * which on members' pages is kept on the device between visits (roster-trust.ts, RosterMemory).
 *
 * The console refuses anything but a trusted roster: it encrypts items to the roster's
 * keys, checks authors against them, and admins sign new entries on top of its head.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type { RosterRow, VerifiedRoster } from '#crypto';
import { describePinMismatchForTeam } from '../../../lib/pinned-fingerprints';
import {
  checkTeamRoster,
  describeTrustProblem,
  type RosterChange,
  type RosterTrust,
} from '../../../lib/roster-trust';

export interface VerifiedTeam {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly firstResponseHours: number;
  readonly rows: readonly RosterRow[];
  readonly roster: VerifiedRoster;
  /** Roster entries since this browser last saw the team ("Ben joined the team"). */
  readonly changes: readonly RosterChange[];
}

/** The roster failed a check; `message` says what, in words for the team. */
export class RosterTrustError extends Error {
  override readonly name = 'RosterTrustError';
  /** Errors with a code carry a message written for people (see lib/error-words.ts errorText). */
  readonly code = 'roster_untrusted';
}

export async function loadVerifiedTeam(slug: string): Promise<VerifiedTeam> {
  // A member's browser keeps the roster it verified between visits (see RosterMemory).
  const trust = await checkTeamRoster(slug, { remember: 'device' });
  if (trust.status === 'invalid') {
    const problem = trust.message;
    throw new RosterTrustError(
      i18n._(
        msg`The member list of this team does not pass this browser’s checks (${problem}). Nothing was decrypted or encrypted with it. Tell your team’s admins: the server may have been tampered with.`,
      ),
    );
  }
  if (trust.status === 'warning') throw new RosterTrustError(rosterWarningMessage(trust));
  return {
    id: trust.team.id,
    slug: trust.team.slug,
    name: trust.team.name,
    description: trust.team.description,
    firstResponseHours: trust.team.first_response_hours,
    rows: trust.team.roster,
    roster: trust.roster,
    changes: trust.changes,
  };
}

/**
 * Words for a roster the console will not use. A pin that differs also names both fingerprints
 * and who can act (pinned-fingerprints.ts).
 */
function rosterWarningMessage(trust: Extract<RosterTrust, { status: 'warning' }>): string {
  const problems = trust.problems.map((p) => describeTrustProblem(p, trust.team.name)).join(' ');
  const nextStep =
    trust.problems.includes('pinned-fingerprint-differs') && trust.pinned !== undefined
      ? describePinMismatchForTeam(trust.pinned, trust.roster.fingerprint)
      : i18n._(msg`Compare the team fingerprint with another admin before going on.`);
  return i18n._(msg`${problems} Nothing was decrypted or encrypted with it. ${nextStep}`);
}
