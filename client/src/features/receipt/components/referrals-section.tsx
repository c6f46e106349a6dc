import { Plural, Trans } from '@lingui/react/macro';

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
          <h2 id="referrals-heading">
            <Trans>Other teams</Trans>
          </h2>
          <ul className="referral-lines plain-list">
            {decided.map((referral) => (
              <li key={referral.id} id={`referral-${referral.id}`} tabIndex={-1}>
                <ReferralLine referral={referral} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** What became of a referral, in one sentence, and whom it left out in another. */
function ReferralLine({ referral }: { referral: OpenedReferral }) {
  const teamName = referral.toTeam.name;
  const date = formatDate(referral.decidedAt ?? referral.createdAt, 'long');
  if (referral.state === 'refused') {
    return (
      <Trans>
        You chose not to share this with {teamName} on {date}.
      </Trans>
    );
  }
  return (
    <>
      {referral.needsConsent ? (
        <Trans>
          Shared with {teamName} on {date}.
        </Trans>
      ) : (
        <Trans>
          The team shared your report with {teamName}, which serves the same community, on {date}.
        </Trans>
      )}
      {referral.excluded.length > 0 && (
        <>
          {' '}
          <LeftOut referral={referral} />
        </>
      )}
    </>
  );
}

/** Whom a shared referral left out: named from the receiving team's verified roster, else counted. */
function LeftOut({ referral }: { referral: OpenedReferral }) {
  const { receiving, excluded, needsConsent } = referral;
  const teamName = referral.toTeam.name;
  // Names only from the receiving team's roster as this browser verified it, never the server's word.
  const roster =
    receiving?.status === 'checked' && receiving.trust.status !== 'invalid' && !receiving.problem
      ? receiving.trust.roster
      : undefined;
  const names = leftOutNames(excluded, roster)?.join(', ');
  if (names !== undefined) {
    return needsConsent ? (
      <Trans>
        You left out: <span translate="no">{names}</span>.
      </Trans>
    ) : (
      <Trans>
        Left out: <span translate="no">{names}</span>.
      </Trans>
    );
  }
  const count = excluded.length;
  return needsConsent ? (
    <Plural
      value={count}
      one={`You left out one member of ${teamName}.`}
      other={`You left out # members of ${teamName}.`}
    />
  ) : (
    <Plural
      value={count}
      one={`Left out one member of ${teamName}.`}
      other={`Left out # members of ${teamName}.`}
    />
  );
}
