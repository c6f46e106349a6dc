/**
 * R-2 and R-4 (docs/review-notes.md): a report names, inside its encryption, the team
 * fingerprint and the roster head it was encrypted to. If this browser's verified roster is of
 * another team, or does not hold that entry at that position, the server showed the reporter
 * (or this browser) a different member list: someone else may have received the report.
 */
import type { RosterRow } from '#crypto';

export type ReportRosterMismatch = 'other-team' | 'unknown-roster';

/**
 * How the report's claims disagree with the verified roster, or null when they agree (or the
 * report, written by an older version, makes no claim).
 */
export function reportRosterMismatch(
  claims: {
    readonly teamFingerprint: string | null;
    readonly rosterHead: { readonly seq: number; readonly hash: string } | null;
  },
  roster: { readonly fingerprint: string; readonly rows: readonly Pick<RosterRow, 'hash'>[] },
): ReportRosterMismatch | null {
  if (claims.teamFingerprint !== null && claims.teamFingerprint.toLowerCase() !== roster.fingerprint) {
    return 'other-team';
  }
  const head = claims.rosterHead;
  if (head !== null && roster.rows[head.seq]?.hash !== head.hash) return 'unknown-roster';
  return null;
}
