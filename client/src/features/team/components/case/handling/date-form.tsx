import { useId, useState, type SubmitEvent } from 'react';

import { Button, Field } from '../../../../../components/ui';
import { formatDate } from '../../../../../lib/format';
import { patchCase } from '../../../api/cases';
import type { CaseAction } from '../../../hooks/use-case-action';
import { InlineForm } from '../../inline-form';
import { dayAtNoon, toDateInput } from './dates';

const DATES = {
  check_in_by: {
    label: 'Check-in date',
    hint: 'The date the reporter was told to expect the next update.',
    name: 'Check-in date',
  },
  follow_up_by: {
    label: 'Follow-up date',
    hint: 'A day to look at this closed case again: has the harassment stopped? The list shows it when due.',
    name: 'Follow-up date',
  },
} as const;

/** One of the case's dates, saved on its own (cleared when left empty). */
export function DateForm({
  caseId,
  field,
  value,
  action,
}: {
  caseId: string;
  field: keyof typeof DATES;
  value: string | null;
  action: CaseAction;
}) {
  const words = DATES[field];
  const [day, setDay] = useState(toDateInput(value));
  const id = useId();
  const unchanged = day === toDateInput(value);

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (unchanged) return;
    const at = day === '' ? null : dayAtNoon(day);
    void action.run(
      () => patchCase(caseId, { [field]: at }),
      at === null ? `${words.name} cleared.` : `${words.name} set to ${formatDate(at)}.`,
      'The date could not be saved.',
    );
  }

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
              Save date
            </Button>
          </InlineForm>
        )}
      </Field>
    </form>
  );
}
