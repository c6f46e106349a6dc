import { useLingui } from '@lingui/react/macro';

import type { VerifiedRoster } from '#crypto';
import { MemberRoleAndFingerprint } from '../../../../components/fingerprint';
import { Choice, ChoiceGroup, ChoiceList } from '../../../../components/ui';
import { formatList } from '../../../../lib/format';
import { nameWarnings } from '../../../../lib/roster-trust';

/**
 * Members of the receiving team to leave out of a referral, offered only when the reporter is not
 * asked (both teams serve one community; otherwise the reporter chooses). As on the report form,
 * each name shows its role and key fingerprint, and look-alike names are flagged, so a decoy
 * is not left out in place of the real person.
 */
export function ReferralExclusions({
  roster,
  teamName,
  excluded,
  disabled,
  onChange,
}: {
  roster: VerifiedRoster;
  teamName: string;
  excluded: readonly string[];
  disabled: boolean;
  onChange: (excluded: readonly string[]) => void;
}) {
  const { t } = useLingui();
  const members = [...roster.active.values()];
  const warnings = nameWarnings(members);
  const remaining = members.filter((m) => !excluded.includes(m.id));
  const readers = formatList(remaining.map((m) => m.name));
  return (
    <ChoiceGroup
      legend={t`Members of ${teamName} who must not read this`}
      idPrefix="referral-excluded"
      hint={t`Anyone you tick cannot read the referral: it is not released to them. ${teamName}’s other members will see whom you left out. At least one must be able to read it.`}
      status={
        remaining.length === 0
          ? t`Nobody would be able to read the referral. Untick at least one name.`
          : t`The referral will be readable by: ${readers}.`
      }
    >
      <ChoiceList as="ul">
        {members.map((member) => (
          <Choice
            key={member.id}
            as="li"
            type="checkbox"
            id={`referral-excluded-${member.id}`}
            label={<span translate="no">{member.name}</span>}
            detail={<MemberRoleAndFingerprint member={member} />}
            warning={warnings.get(member.id)}
            checked={excluded.includes(member.id)}
            disabled={disabled}
            onChange={(checked) =>
              onChange(checked ? [...excluded, member.id] : excluded.filter((other) => other !== member.id))
            }
          />
        ))}
      </ChoiceList>
    </ChoiceGroup>
  );
}
