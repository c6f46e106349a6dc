import { Trans, useLingui } from '@lingui/react/macro';

import type { VerifiedRoster } from '#crypto';
import { MemberRoleAndFingerprint } from '../../../../components/fingerprint';
import { Choice, ChoiceGroup, ChoiceList } from '../../../../components/ui';
import { nameWarnings } from '../../../../lib/roster-trust';
import { fieldIds } from '../../model/draft';
import { formatList } from '../../../../lib/format';

interface ExclusionFieldProps {
  roster: VerifiedRoster;
  teamName: string;
  excluded: readonly string[];
  error: string | undefined;
  onChange: (excluded: readonly string[]) => void;
}

/**
 * Members who must not see the report (PROTOCOL.md "excluded"): enforced by encryption, at
 * least one must remain. Each name shows its role and the member's key fingerprint (the same
 * one the Members page, the join page and the receipt page show, docs/protocol.md 5.5), and
 * look-alike names are flagged, so a decoy cannot be excluded in place of the real person.
 */
export function ExclusionField({ roster, teamName, excluded, error, onChange }: ExclusionFieldProps) {
  const { t } = useLingui();
  const members = [...roster.active.values()];
  const warnings = nameWarnings(members);
  const remaining = members.filter((m) => !excluded.includes(m.id));
  const readers = formatList(remaining.map((m) => m.name));
  const onlyMember = members[0]?.name;
  return (
    <ChoiceGroup
      legend={t`Members of ${teamName} who must not read this`}
      idPrefix="report-excluded"
      hint={t`The person you are reporting may be a member of this team, or close to one. Anyone you tick here cannot read your report: it is not encrypted for them. The other members will see whom you left out, so that they do not discuss it with them. The people who run this website can also see whom you left out, but not what you wrote. At least one member must be able to read it. Members who join ${teamName} later will also be able to read your report (an admin gives them access when adding them), except the people you tick here.`}
      error={error}
      status={
        remaining.length === 0
          ? t`Nobody would be able to read your report. Untick at least one name.`
          : t`Your report will be encrypted for: ${readers}.`
      }
    >
      {members.length === 1 ? (
        <p className="muted">
          <Trans>
            {teamName} has one member, {onlyMember}, who will read your report. If that is a problem, choose
            another team.
          </Trans>
        </p>
      ) : (
        <ChoiceList as="ul">
          {members.map((member, i) => (
            <Choice
              key={member.id}
              as="li"
              type="checkbox"
              id={i === 0 ? fieldIds.excluded : `report-excluded-${member.id}`}
              label={<span translate="no">{member.name}</span>}
              detail={<MemberRoleAndFingerprint member={member} />}
              warning={warnings.get(member.id)}
              checked={excluded.includes(member.id)}
              invalid={error ? true : undefined}
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
