import { Notice } from '../../../../components/ui';
import { formatDate } from '../../../../lib/format';
import type { LoadedCase } from '../../hooks/use-case';

/**
 * At the top of a case another team referred to this one (docs/protocol.md 10.10): who referred
 * it, from which of their cases and when, named from the referring team's verified roster after
 * the keyring checked the referring member's signature. A referral that does not check out is
 * warned about as a bad report signature is, and nobody is named but as the server's claim.
 */
export function ReferralOrigin({ loaded }: { loaded: LoadedCase }) {
  const { detail, opened, referring } = loaded;
  const served = detail.referral;
  const check = opened.referral;
  if (served === null || check === null) return null;
  const from = served.from_team.name;
  const when = formatDate(served.created_at, 'long');

  if (check.status === 'verified') {
    const name =
      referring?.status === 'verified'
        ? (referring.team.roster.known.get(check.referredBy)?.name ?? 'a former member')
        : 'a former member';
    return (
      <Notice
        tone="info"
        className="referral-origin"
        title={`Referred by ${from} (their case #${served.from_case_number}) on ${when}, by ${name}`}
      >
        <p>
          {served.needs_consent
            ? `The reporter agreed to it on ${formatDate(served.released_at, 'long')} and chose who of your team reads it.`
            : 'Both teams serve the same community, so it came to your team without asking the reporter, who was told.'}{' '}
          Its signature is {name}’s, checked against {from}’s member list in this browser. The reporter reads
          your messages here with their receipt.
        </p>
      </Notice>
    );
  }

  return (
    <Notice tone="error" role="alert" title="Warning: this referral’s signature could not be verified.">
      <p>
        The server says {from} referred this case to your team (their case #{served.from_case_number}) on{' '}
        {when}.{' '}
        {check.reason === 'roster'
          ? `But ${from}’s member list does not pass this browser’s checks, so who signed it cannot be checked.`
          : check.reason === 'packet'
            ? `A member of ${from} signed it, but it names another team, case or member than the one it came from.`
            : `But no member of ${from} signed it from that case: the server’s copy may have been altered, or a report passed off as a referral.`}{' '}
        Treat its content with suspicion; messages to the reporter are disabled. Tell your team’s admins.
      </p>
      {check.reason === 'roster' && referring?.status === 'unverified' && <p>{referring.message}</p>}
    </Notice>
  );
}
