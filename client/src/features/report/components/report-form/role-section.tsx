import { Trans, useLingui } from '@lingui/react/macro';

import { ChoiceGroup, RadioChoices, type RadioOption } from '../../../../components/ui';
import { fieldIds, type ReporterRole } from '../../model/draft';
import type { SectionProps } from '../../model/use-report-form';

/** The choices; `<Trans>` elements, translated when they render (in the page's language then). */
const ROLES: readonly RadioOption<ReporterRole>[] = [
  { value: 'target', id: fieldIds.reporterRole, label: <Trans>It is happening to me</Trans> },
  {
    value: 'third_party',
    id: 'report-role-third-party',
    label: <Trans>I am reporting on someone else’s behalf</Trans>,
    detail: <Trans>The team may contact the person it is happening to, privately.</Trans>,
    detailId: 'report-role-third-party-hint',
  },
];

/** "Who is this about?": the reporter, or someone else. */
export function RoleSection({ draft, set, errorFor }: SectionProps) {
  const { t } = useLingui();
  const error = errorFor(fieldIds.reporterRole);
  return (
    <ChoiceGroup legend={t`Who is this about?`} idPrefix="report-role" error={error}>
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
