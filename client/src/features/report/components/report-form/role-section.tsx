import { ChoiceGroup, RadioChoices, type RadioOption } from '../../../../components/ui';
import { fieldIds, type ReporterRole } from '../../model/draft';
import type { SectionProps } from '../../model/use-report-form';

const ROLES: readonly RadioOption<ReporterRole>[] = [
  { value: 'target', id: fieldIds.reporterRole, label: 'It is happening to me' },
  {
    value: 'third_party',
    id: 'report-role-third-party',
    label: 'I am reporting on someone else’s behalf',
    detail: 'The team may contact the person it is happening to, privately.',
    detailId: 'report-role-third-party-hint',
  },
];

/** "Who is this about?": the reporter, or someone else. */
export function RoleSection({ draft, set, errorFor }: SectionProps) {
  const error = errorFor(fieldIds.reporterRole);
  return (
    <ChoiceGroup legend="Who is this about?" idPrefix="report-role" error={error}>
      <RadioChoices
        name="reporter_role"
        options={ROLES}
        value={draft.reporterRole}
        invalid={error ? true : undefined}
        onChange={(role) => set('reporterRole', role)}
      />
    </ChoiceGroup>
  );
}
