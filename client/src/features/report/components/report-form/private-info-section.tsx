import { useLingui } from '@lingui/react/macro';

import { Choice, Fieldset } from '../../../../components/ui';
import type { SectionProps } from '../../model/use-report-form';

/** Whether private information was published: the team sees this first. */
export function PrivateInfoSection({ draft, set }: Omit<SectionProps, 'errorFor'>) {
  const { t } = useLingui();
  return (
    <Fieldset legend={t`Private information`}>
      <Choice
        type="checkbox"
        id="report-private-info"
        label={t`Someone’s private information was published and can still be seen`}
        detail={t`For example a home address, phone number, workplace, real name or private photos. The team will see this first, so it can be hidden quickly.`}
        detailId="report-private-info-hint"
        checked={draft.privateInfoExposed}
        onChange={(checked) => set('privateInfoExposed', checked)}
      />
    </Fieldset>
  );
}
