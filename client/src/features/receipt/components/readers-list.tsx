import { Trans, useLingui } from '@lingui/react/macro';

import type { ActiveMember } from '#crypto';
import { MemberFingerprint } from '../../../components/fingerprint';
import type { OpenedThread } from '../model/open-case';
import { TeamOnThisDevice } from './team-on-this-device';
import './readers-list.css';

/**
 * Who can read the report now: the members the server says hold a key to it (`readers`), named
 * and fingerprinted from the team's member list as this browser verified it (the fingerprint of
 * docs/protocol.md 5.5, as on the Members and join pages, so a member can read theirs out to the
 * reporter). Anything the list cannot back up is said, never hidden. Last, the team's fingerprint
 * and the choice to remember it on this device (team-on-this-device.tsx).
 */
export function ReadersList({ opened }: { opened: OpenedThread }) {
  const { t } = useLingui();
  const { trust } = opened;
  const teamName = opened.team.name;
  const roster = trust.status !== 'invalid' && !opened.teamProblem ? trust.roster : undefined;
  const excluded = new Set(opened.excluded);
  const excludedNames =
    roster === undefined
      ? []
      : opened.excluded.map((id) => roster.known.get(id)?.name ?? t`an unknown member`);
  const names = excludedNames.join(', ');

  return (
    <section aria-labelledby="readers-heading">
      <h2 id="readers-heading">
        <Trans>Who can read your report</Trans>
      </h2>
      {roster === undefined ? (
        <p>
          <Trans>
            This cannot be shown: the team’s member list did not pass this browser’s checks (see the warning
            above).
          </Trans>
        </p>
      ) : opened.readers.length === 0 ? (
        <p>
          <Trans>The website says nobody on the team holds a key to your report at the moment.</Trans>
        </p>
      ) : (
        <>
          <p>
            <Trans>
              These members of {teamName} hold a key to your report now. Each fingerprint is the one the
              member sees for themselves in the team’s console: if you know a member, you can ask them to read
              theirs out to you.
            </Trans>
          </p>
          <ul className="readers-list plain-list">
            {opened.readers.map((id) => (
              <Reader
                key={id}
                member={roster.known.get(id)}
                active={roster.active.has(id)}
                excluded={excluded.has(id)}
              />
            ))}
          </ul>
        </>
      )}
      <p>
        <Trans>
          Members who join {teamName} later will also be able to read your report: an admin gives them access
          when adding them.
        </Trans>
        {opened.excluded.length > 0 && (
          <>
            {' '}
            {excludedNames.length > 0 ? (
              <Trans>The people you excluded ({names}) are never given access.</Trans>
            ) : (
              <Trans>The people you excluded are never given access.</Trans>
            )}
          </>
        )}
      </p>
      <TeamOnThisDevice opened={opened} />
    </section>
  );
}

function Reader({
  member,
  active,
  excluded,
}: {
  member: ActiveMember | undefined;
  active: boolean;
  excluded: boolean;
}) {
  if (member === undefined) {
    return (
      <li className="readers-list__reader readers-list__reader--warning">
        <Trans>
          Someone who is not on the team’s member list. This should not happen: please tell the team through
          another channel.
        </Trans>
      </li>
    );
  }
  return (
    <li className={excluded ? 'readers-list__reader readers-list__reader--warning' : 'readers-list__reader'}>
      <span className="readers-list__name" translate="no">
        {member.name}
      </span>{' '}
      <span className="muted">
        {!active ? (
          <Trans>(no longer on the team)</Trans>
        ) : member.role === 'admin' ? (
          <Trans>(admin)</Trans>
        ) : (
          <Trans>(member)</Trans>
        )}
      </span>
      <br />
      <Trans>
        Fingerprint{' '}
        <MemberFingerprint encPublicKey={member.encPublicKey} signPublicKey={member.signPublicKey} />
      </Trans>
      {excluded && (
        <>
          <br />
          <Trans>
            <strong>You excluded this person.</strong> Your report was not encrypted for them; if they hold a
            key to it, please tell the team through another channel.
          </Trans>
        </>
      )}
    </li>
  );
}
