import { formatDate } from '../../../lib/format';
import { leftOutNames } from '../model/consent';
import type { OpenedReferral } from '../model/open-case';
import { ConsentCard } from './consent-card';
import './referrals.css';

/**
 * The referrals of the reporter's case to other teams (docs/protocol.md 10.10): a card for each
 * that waits for their answer, and a line for each answered or shared.
 */
export function ReferralsSection({
  referrals,
  teamName,
  onRefresh,
}: {
  referrals: readonly OpenedReferral[];
  teamName: string;
  onRefresh: () => Promise<void>;
}) {
  const waiting = referrals.filter((r) => r.state === 'awaiting_consent');
  const decided = referrals.filter((r) => r.state !== 'awaiting_consent');
  return (
    <>
      {waiting.map((referral) => (
        <ConsentCard key={referral.id} referral={referral} teamName={teamName} onRefresh={onRefresh} />
      ))}
      {decided.length > 0 && (
        <section aria-labelledby="referrals-heading">
          <h2 id="referrals-heading">Other teams</h2>
          <ul className="referral-lines plain-list">
            {decided.map((referral) => (
              <li key={referral.id} id={`referral-${referral.id}`} tabIndex={-1}>
                {referralLine(referral)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** What became of a referral, in one sentence (and whom it left out). */
export function referralLine(referral: OpenedReferral): string {
  const team = referral.toTeam.name;
  const date = formatDate(referral.decidedAt ?? referral.createdAt, 'long');
  if (referral.state === 'refused') return `You chose not to share this with ${team} on ${date}.`;
  const shared = referral.needsConsent
    ? `Shared with ${team} on ${date}.`
    : `The team shared your report with ${team}, which serves the same community, on ${date}.`;
  return referral.excluded.length === 0 ? shared : `${shared} ${leftOutSentence(referral)}`;
}

function leftOutSentence(referral: OpenedReferral): string {
  const { receiving, excluded, toTeam } = referral;
  // Names only from the receiving team's roster as this browser verified it, never the server's word.
  const roster =
    receiving?.status === 'checked' && receiving.trust.status !== 'invalid' && !receiving.problem
      ? receiving.trust.roster
      : undefined;
  const names = leftOutNames(excluded, roster);
  const who = referral.needsConsent ? 'You left out' : 'Left out';
  if (names !== undefined) return `${who}: ${names.join(', ')}.`;
  const count = excluded.length === 1 ? 'one member' : `${String(excluded.length)} members`;
  return `${who} ${count} of ${toTeam.name}.`;
}
