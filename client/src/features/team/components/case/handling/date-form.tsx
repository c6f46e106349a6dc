import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, Field } from '../../../../../components/ui';
import { formatDate } from '../../../../../lib/format';
import { patchCase } from '../../../api/cases';
import type { CaseAction } from '../../../hooks/use-case-action';
import { InlineForm } from '../../inline-form';
import { dayAtNoon, toDateInput } from './dates';

type DateField = 'check_in_by' | 'follow_up_by';

/** One of the case's dates, saved on its own (cleared when left empty). */
export function DateForm({
  caseId,
  field,
  value,
  action,
}: {
  caseId: string;
  field: DateField;
  value: string | null;
  action: CaseAction;
}) {
  const { t } = useLingui();
  const [day, setDay] = useState(toDateInput(value));
  const id = useId();
  const unchanged = day === toDateInput(value);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (unchanged) return;
    const at = day === '' ? null : dayAtNoon(day);
    const date = at === null ? '' : formatDate(at);
    // Each date's words whole: a translator never joins a date's name to the rest.
    const done =
      field === 'check_in_by'
        ? at === null
          ? t`Check-in date cleared.`
          : t`Check-in date set to ${date}.`
        : at === null
          ? t`Follow-up date cleared.`
          : t`Follow-up date set to ${date}.`;
    void action.run(() => patchCase(caseId, { [field]: at }), done, t`The date could not be saved.`);
  }

  const words =
    field === 'check_in_by'
      ? { label: t`Check-in date`, hint: t`The date the reporter was told to expect the next update.` }
      : {
          label: t`Follow-up date`,
          hint: t`A day to look at this closed case again: has the harassment stopped? The list shows it when due.`,
        };

  return (
    <form onSubmit={submit} noValidate aria-busy={action.busy} className="handling-form">
      <Field id={id} label={words.label} hint={words.hint}>
        {(control) => (
          <InlineForm>
            <input
              {...control}
              className="input"
              type="date"
              value={day}
              onChange={(e) => setDay(e.target.value)}
            />
            <Button type="submit" variant="secondary" size="small" disabled={action.busy || unchanged}>
              <Trans>Save date</Trans>
            </Button>
          </InlineForm>
        )}
      </Field>
    </form>
  );
}
