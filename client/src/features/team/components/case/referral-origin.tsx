import { Trans, useLingui } from '@lingui/react/macro';

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
  const { t } = useLingui();
  const { detail, opened, referring } = loaded;
  const served = detail.referral;
  const check = opened.referral;
  if (served === null || check === null) return null;
  const fromTeam = served.from_team.name;
  const referredOn = formatDate(served.created_at, 'long');
  const theirCase = String(served.from_case_number);

  if (check.status === 'verified') {
    const memberName =
      referring?.status === 'verified'
        ? (referring.team.roster.known.get(check.referredBy)?.name ?? t`a former member`)
        : t`a former member`;
    const agreedOn = formatDate(served.released_at, 'long');
    return (
      <Notice
        tone="info"
        className="referral-origin"
        title={t`Referred by ${fromTeam} (their case #${theirCase}) on ${referredOn}, by ${memberName}`}
      >
        <p>
          {served.needs_consent ? (
            <Trans>The reporter agreed to it on {agreedOn} and chose who of your team reads it.</Trans>
          ) : (
            <Trans>
              Both teams serve the same community, so it came to your team without asking the reporter, who
              was told.
            </Trans>
          )}{' '}
          <Trans>
            Its signature is {memberName}’s, checked against {fromTeam}’s member list in this browser. The
            reporter reads your messages here with their receipt.
          </Trans>
        </p>
      </Notice>
    );
  }

  return (
    <Notice tone="error" role="alert" title={t`Warning: this referral’s signature could not be verified.`}>
      <p>
        <Trans>
          The server says {fromTeam} referred this case to your team (their case #{theirCase}) on {referredOn}
          .
        </Trans>{' '}
        {check.reason === 'roster' ? (
          <Trans>
            But {fromTeam}’s member list does not pass this browser’s checks, so who signed it cannot be
            checked.
          </Trans>
        ) : check.reason === 'packet' ? (
          <Trans>
            A member of {fromTeam} signed it, but it names another team, case or member than the one it came
            from.
          </Trans>
        ) : (
          <Trans>
            But no member of {fromTeam} signed it from that case: the server’s copy may have been altered, or
            a report passed off as a referral.
          </Trans>
        )}{' '}
        <Trans>
          Treat its content with suspicion; messages to the reporter are disabled. Tell your team’s admins.
        </Trans>
      </p>
      {check.reason === 'roster' && referring?.status === 'unverified' && <p>{referring.message}</p>}
    </Notice>
  );
}
