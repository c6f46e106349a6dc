import { Trans } from '@lingui/react/macro';

import { TeamFingerprint } from '../../../components/fingerprint';
import { RememberTeamChoice } from '../../../components/remember-team-choice';
import type { OpenedThread } from '../model/open-case';

/**
 * The team's security fingerprint, and the choice to remember it on this device (off unless made
 * before): offered only for a roster this browser trusts and that is the case's team, since what
 * is kept is what later visits are judged against. A warning instead is TeamKeysNotice's.
 */
export function TeamOnThisDevice({ opened }: { opened: OpenedThread }) {
  const { trust } = opened;
  const teamName = opened.team.name;
  if (trust.status !== 'trusted' || opened.teamProblem) return null;
  return (
    <div className="team-on-this-device">
      <p>
        <Trans>
          Security fingerprint of {teamName}: <TeamFingerprint fingerprintHex={trust.roster.fingerprint} />
        </Trans>
      </p>
      <RememberTeamChoice key={trust.slug} slug={trust.slug} teamName={teamName} roster={trust.roster} />
    </div>
  );
}
