import { Trans, useLingui } from '@lingui/react/macro';

import { TeamFingerprint } from '../../../../components/fingerprint';
import { Notice } from '../../../../components/ui';
import { formatDate } from '../../../../lib/format';
import { describeRosterChange, nameWarnings } from '../../../../lib/roster-trust';
import type { LoadedMembers } from '../../hooks/use-members';
import { mayChangeRole, mayRemoveMember } from '../../model/removal-policy';
import { CardList } from '../card';
import { ActiveMember } from './active-member';
import { InviteSection } from './invite-section';
import { PendingMember } from './pending-member';

/** The members page once loaded: what changed, inviting, requests to join, members, former members. */
export function MembersView({
  loaded,
  onChanged,
  onKeyNotRenewed,
}: {
  loaded: LoadedMembers;
  onChanged: () => void;
  onKeyNotRenewed: (removedName: string, error: unknown) => void;
}) {
  const { t } = useLingui();
  const { members, team } = loaded;
  const teamName = team.name;
  const pending = members.filter((m) => m.status === 'pending');
  const active = members.filter((m) => m.status === 'active' && team.roster.active.has(m.id));
  const removed = members.filter((m) => m.status === 'removed');
  const warnings = nameWarnings(team.roster.active.values());

  return (
    <>
      <p className="lead">
        <Trans>
          Who can read the reports sent to {teamName}. Every change is a roster entry signed with your key,
          which reporters’ browsers check before they encrypt anything.
        </Trans>
      </p>
      <p>
        <span className="muted">
          <Trans>Team fingerprint:</Trans>
        </span>{' '}
        <TeamFingerprint fingerprintHex={team.roster.fingerprint} />
      </p>
      {team.changes.length > 0 && (
        <Notice role="status" title={t`Changes since this browser last checked the team:`}>
          <ul>
            {team.changes.map((c) => (
              <li key={c.seq}>
                {describeRosterChange(c)} ({formatDate(c.at)})
              </li>
            ))}
          </ul>
        </Notice>
      )}

      <InviteSection slug={team.slug} />

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">
          <Trans>Waiting for approval</Trans>
        </h2>
        {pending.length === 0 ? (
          <p className="muted">
            <Trans>Nobody is waiting. People you invite appear here once they have made their keys.</Trans>
          </p>
        ) : (
          <CardList>
            {pending.map((m) => (
              <PendingMember key={m.id} member={m} team={team} active={active} onChanged={onChanged} />
            ))}
          </CardList>
        )}
      </section>

      <section aria-labelledby="active-heading">
        <h2 id="active-heading">
          <Trans>Members</Trans>
        </h2>
        <p className="field__hint">
          <Trans>
            Admins invite, add and remove members and change their roles. A team always keeps at least one
            admin, so the last admin can be neither removed nor made a member.
          </Trans>
        </p>
        <CardList>
          {active.map((m) => (
            <ActiveMember
              key={m.id}
              member={m}
              team={team}
              removable={mayRemoveMember(m, active)}
              roleChangeable={mayChangeRole(m, active)}
              warning={warnings.get(m.id) ?? null}
              onChanged={onChanged}
              onKeyNotRenewed={onKeyNotRenewed}
            />
          ))}
        </CardList>
      </section>

      {removed.length > 0 && (
        <section aria-labelledby="removed-heading">
          <h2 id="removed-heading">
            <Trans>Former members</Trans>
          </h2>
          <ul className="plain-list muted" translate="no">
            {removed.map((m) => (
              <li key={m.id}>{m.name}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
