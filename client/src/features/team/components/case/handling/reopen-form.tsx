import { useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, ErrorAlert, Field } from '../../../../../components/ui';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { patchCase } from '../../../api/cases';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';

/** Reopens a closed case: the reason is an internal note stored with the change. */
export function ReopenForm({
  caseId,
  action,
  seal,
  onDone,
}: {
  caseId: string;
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
  onDone: () => void;
}) {
  const { t } = useLingui();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() === '') return setProblem(t`Say why the case is reopened.`);
    setProblem(null);
    const why = reason.trim();
    const ok = await action.run(
      async () =>
        patchCase(caseId, {
          status: 'investigating',
          item: await seal({ kind: 'note', text: t`Reopened: ${why}` }),
        }),
      t`The case is open again, as “Investigating”.`,
      t`The case could not be reopened.`,
    );
    if (ok) onDone();
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={action.busy} className="handling-form">
      <Field id={id} label={t`Why reopen it?`} hint={t`An internal note, never shown to the reporter.`}>
        {(control) => (
          <textarea
            {...control}
            className="textarea handling-note"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <ErrorAlert message={problem} />
      <Button type="submit" size="small" disabled={action.busy}>
        {action.busy ? t`Encrypting…` : t`Reopen the case`}
      </Button>
    </form>
  );
}
