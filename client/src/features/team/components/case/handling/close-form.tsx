import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, ErrorAlert, Field } from '../../../../../components/ui';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { patchCase } from '../../../api/cases';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';
import { summaryComplete, type CloseBlocker } from '../../../model/case-state';
import { CLOSE_BLOCKER_WORDS } from '../../../model/words';

export interface SummaryDraft {
  about: string;
  investigators: string;
  findings: string;
  outcome: string;
}

/** The summary's four parts; their words are translated where the form shows them. */
const PARTS: readonly {
  key: keyof SummaryDraft;
  label: MessageDescriptor;
  hint: MessageDescriptor;
  rows: number;
}[] = [
  { key: 'about', label: msg`What the case was about`, hint: msg`In a few sentences.`, rows: 3 },
  { key: 'investigators', label: msg`Who investigated`, hint: msg`The members who worked on it.`, rows: 1 },
  { key: 'findings', label: msg`What they found`, hint: msg`The facts the team confirmed.`, rows: 4 },
  { key: 'outcome', label: msg`The outcome`, hint: msg`The decision and the actions taken.`, rows: 3 },
];

/**
 * Closes the case with its closing summary (the seed's documentation), in one request. The
 * button stays disabled, saying why, until the summary is filled in and the vote and the
 * closing order allow closing.
 */
export function CloseForm({
  caseId,
  action,
  seal,
  blockers,
  initial,
  onDone,
}: {
  caseId: string;
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
  blockers: readonly CloseBlocker[];
  initial: SummaryDraft;
  onDone: () => void;
}) {
  const { t } = useLingui();
  const [draft, setDraft] = useState<SummaryDraft>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const idPrefix = useId();
  const complete = summaryComplete(draft);
  const reasons = [
    ...(complete ? [] : [t`Fill in all four parts of the closing summary.`]),
    ...blockers.map((b) => CLOSE_BLOCKER_WORDS[b]),
  ];

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reasons.length > 0) return setProblem(reasons[0] ?? null);
    setProblem(null);
    const trimmed = {
      about: draft.about.trim(),
      investigators: draft.investigators.trim(),
      findings: draft.findings.trim(),
      outcome: draft.outcome.trim(),
    };
    const ok = await action.run(
      async () =>
        patchCase(caseId, {
          status: 'closed',
          item: await seal({ kind: 'record', record: { type: 'closing_summary', ...trimmed } }),
        }),
      t`The case is closed, with its summary.`,
      t`The case could not be closed.`,
    );
    if (ok) onDone();
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={action.busy} className="handling-form">
      {PARTS.map((part) => (
        <Field key={part.key} id={`${idPrefix}-${part.key}`} label={t(part.label)} hint={t(part.hint)}>
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={part.rows}
              value={draft[part.key]}
              onChange={(e) => setDraft({ ...draft, [part.key]: e.target.value })}
            />
          )}
        </Field>
      ))}
      {reasons.length > 0 && (
        <div id={`${idPrefix}-blockers`} className="handling-blockers">
          <p>
            <Trans>Not yet:</Trans>
          </p>
          <ul>
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </div>
      )}
      <ErrorAlert message={problem} />
      <Button
        type="submit"
        size="small"
        disabled={action.busy || reasons.length > 0}
        aria-describedby={reasons.length > 0 ? `${idPrefix}-blockers` : undefined}
      >
        {action.busy ? t`Encrypting…` : t`Close with this summary`}
      </Button>
    </form>
  );
}
