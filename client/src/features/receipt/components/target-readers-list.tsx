import { Trans } from '@lingui/react/macro';

import { MemberFingerprint } from '../../../components/fingerprint';
import type { OpenedTargetCase } from '../model/open-case';
import { messageReaders } from '../model/seal-reply';
import { TeamOnThisDevice } from './team-on-this-device';
import './readers-list.css';

/**
 * Whom the target's messages are encrypted for: the team's active members less those left out,
 * exactly as seal-reply.ts encrypts them, named and fingerprinted from the member list as this
 * browser verified it (docs/protocol.md 5.5), so a member can read theirs out to the target.
 * Last, the team's fingerprint and the choice to remember it on this device.
 */
export function TargetReadersList({ opened }: { opened: OpenedTargetCase }) {
  const { trust } = opened;
  const teamName = opened.team.name;
  const roster = trust.status !== 'invalid' && !opened.teamProblem ? trust.roster : undefined;
  return (
    <section aria-labelledby="readers-heading">
      <h2 id="readers-heading">
        <Trans>Who can read your messages</Trans>
      </h2>
      {roster === undefined ? (
        <p>
          <Trans>
            This cannot be shown: the team’s member list did not pass this browser’s checks (see the warning
            above).
          </Trans>
        </p>
      ) : (
        <>
          <p>
            <Trans>
              Your messages are encrypted for you and for these members of {teamName}. Each fingerprint is the
              one the member sees for themselves in the team’s console: if you know a member, you can ask them
              to read theirs out to you.
            </Trans>
          </p>
          <ul className="readers-list plain-list">
            {messageReaders(roster, opened.excluded).map((member) => (
              <li key={member.id} className="readers-list__reader">
                <span className="readers-list__name" translate="no">
                  {member.name}
                </span>{' '}
                <span className="muted">
                  {member.role === 'admin' ? <Trans>(admin)</Trans> : <Trans>(member)</Trans>}
                </span>
                <br />
                <Trans>
                  Fingerprint{' '}
                  <MemberFingerprint
                    encPublicKey={member.encPublicKey}
                    signPublicKey={member.signPublicKey}
                  />
                </Trans>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Trans>
          Members who join {teamName} later will also be able to read them: an admin gives them access when
          adding them. They are never encrypted for the person who made the report.
        </Trans>
      </p>
      <TeamOnThisDevice opened={opened} />
    </section>
  );
}
