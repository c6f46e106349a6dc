import { Trans, useLingui } from '@lingui/react/macro';

import type { VerifiedRoster } from '#crypto';
import { MemberRoleAndFingerprint } from '../../../components/fingerprint';
import { Choice, ChoiceGroup, ChoiceList } from '../../../components/ui';
import { nameWarnings } from '../../../lib/roster-trust';
import { NOBODY_LEFT } from '../model/consent';

interface ReferralExclusionsProps {
  referralId: string;
  /** The receiving team's roster, verified and trusted. */
  roster: VerifiedRoster;
  toTeamName: string;
  excluded: readonly string[];
  error: string | undefined;
  disabled: boolean;
  onChange: (excluded: readonly string[]) => void;
}

/**
 * Whom on the receiving team to leave out, as the report form asks it (its exclusion field,
 * mirrored here: features do not share components): each active member of the verified roster
 * with their role and key fingerprint (docs/protocol.md 5.5), look-alike names flagged.
 */
export function ReferralExclusions({
  referralId,
  roster,
  toTeamName,
  excluded,
  error,
  disabled,
  onChange,
}: ReferralExclusionsProps) {
  const { i18n } = useLingui();
  const members = [...roster.active.values()];
  const warnings = nameWarnings(members);
  const remaining = members.filter((m) => !excluded.includes(m.id));
  const names = remaining.map((m) => m.name).join(', ');
  const onlyMember = members[0]?.name;
  return (
    <ChoiceGroup
      legend={<Trans>Members of {toTeamName} who must not read it</Trans>}
      idPrefix={`referral-${referralId}-excluded`}
      hint={
        <Trans>
          If the person who harmed you is a member of {toTeamName}, or close to one, tick their name: your
          report is then not given to them. The other members will see whom you left out, so that they do not
          discuss it with them. At least one member must be able to read it. Each fingerprint is the one the
          member sees for themselves in their team’s console.
        </Trans>
      }
      error={error}
      status={
        remaining.length === 0 ? (
          i18n._(NOBODY_LEFT)
        ) : (
          <Trans>
            If you agree, it will be shared with: <span translate="no">{names}</span>.
          </Trans>
        )
      }
    >
      {members.length === 1 ? (
        <p className="muted">
          <Trans>
            {toTeamName} has one member, <span translate="no">{onlyMember}</span>, who would read it. If that
            is a problem, choose “Do not share”.
          </Trans>
        </p>
      ) : (
        <ChoiceList as="ul">
          {members.map((member) => (
            <Choice
              key={member.id}
              as="li"
              type="checkbox"
              id={`referral-${referralId}-excluded-${member.id}`}
              label={<span translate="no">{member.name}</span>}
              detail={<MemberRoleAndFingerprint member={member} />}
              warning={warnings.get(member.id)}
              checked={excluded.includes(member.id)}
              invalid={error ? true : undefined}
              disabled={disabled}
              onChange={(checked) =>
                onChange(checked ? [...excluded, member.id] : excluded.filter((other) => other !== member.id))
              }
            />
          ))}
        </ChoiceList>
      )}
    </ChoiceGroup>
  );
}
