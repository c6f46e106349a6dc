import { TeamFingerprint } from '../../../components/fingerprint';
import { RememberTeamChoice } from '../../../components/remember-team-choice';
import type { OpenedThread } from '../model/open-case';

/**
 * The team's security fingerprint, and the choice to remember it on this device (off unless made
 * before): offered only for a roster this browser trusts and that is the case's team, since what
 * is kept is what later visits are judged against. A warning instead is TeamKeysNotice's.
 */
export function TeamOnThisDevice({ opened }: { opened: OpenedThread }) {
  const { trust, team } = opened;
  if (trust.status !== 'trusted' || opened.teamProblem) return null;
  return (
    <div className="team-on-this-device">
      <p>
        Security fingerprint of {team.name}: <TeamFingerprint fingerprintHex={trust.roster.fingerprint} />
      </p>
      <RememberTeamChoice key={trust.slug} slug={trust.slug} teamName={team.name} roster={trust.roster} />
    </div>
  );
}
