import { useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, Field, Select } from '../../../../../components/ui';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { patchCase } from '../../../api/cases';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';

/**
 * Assigns the case, or hands it over: the optional note (what is done, what is left, what to
 * watch for) is an internal note stored with the change, so the next member finds it in the
 * timeline beside the hand-over.
 */
export function AssignForm({
  caseId,
  assignee,
  assignable,
  action,
  seal,
}: {
  caseId: string;
  assignee: string | null;
  /** Members who may hold the case: active, not excluded by the reporter, not recused. */
  assignable: readonly { id: string; name: string }[];
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
}) {
  const { t } = useLingui();
  const [chosen, setChosen] = useState(assignee ?? '');
  const [note, setNote] = useState('');
  const selectId = useId();
  const noteId = useId();
  const unchanged = chosen === (assignee ?? '');
  const handOver = assignee !== null && chosen !== '';

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (unchanged) return;
    const to = chosen === '' ? null : chosen;
    const ok = await action.run(
      async () =>
        patchCase(caseId, {
          assignee: to,
          ...(note.trim() === '' ? {} : { item: await seal({ kind: 'note', text: note.trim() }) }),
        }),
      to === null
        ? t`Nobody is assigned now.`
        : handOver
          ? t`The case was handed over.`
          : t`Assignment saved.`,
      t`The assignment could not be saved.`,
    );
    if (ok) setNote('');
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={action.busy} className="handling-form">
      <Select
        id={selectId}
        label={t`Assigned to`}
        hint={t`Only members who may see this case are listed.`}
        value={chosen}
        onChange={(e) => setChosen(e.target.value)}
      >
        <option value="">{t`Nobody yet`}</option>
        {assignee !== null && !assignable.some((m) => m.id === assignee) && (
          <option value={assignee} disabled>
            {t`A member who can no longer hold it`}
          </option>
        )}
        {assignable.map((m) => (
          <option key={m.id} value={m.id} translate="no">
            {m.name}
          </option>
        ))}
      </Select>
      {!unchanged && (
        <Field
          id={noteId}
          label={handOver ? t`Hand-over note` : t`Note`}
          optional
          hint={t`What is done, what is left, what to watch for. An internal note, never shown to the reporter.`}
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea handling-note"
              rows={3}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
      )}
      <Button type="submit" variant="secondary" size="small" disabled={action.busy || unchanged}>
        {handOver ? t`Hand over` : t`Save assignment`}
      </Button>
    </form>
  );
}
