import { useId, useState, type SubmitEvent } from 'react';

import {
  Button,
  ChoiceGroup,
  ErrorAlert,
  Field,
  RadioChoices,
  type RadioOption,
} from '../../../../../components/ui';
import { VOTE_CHOICES, type VoteChoice } from '#contract/enumerations';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { castVote } from '../../../api/case-handling';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';
import { VOTE_DETAILS, VOTE_WORDS } from '../../../model/record-words';

/**
 * The signed-in member's one vote in the current round: an encrypted record the team reads.
 * The server learns that they voted, never how.
 */
export function CastVoteForm({
  caseId,
  round,
  action,
  seal,
}: {
  caseId: string;
  round: number;
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
}) {
  const [choice, setChoice] = useState<VoteChoice | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const idPrefix = useId();
  const options: readonly RadioOption<VoteChoice>[] = VOTE_CHOICES.map((c) => ({
    value: c,
    id: `${idPrefix}-${c}`,
    label: VOTE_WORDS[c],
    detail: VOTE_DETAILS[c],
    detailId: `${idPrefix}-${c}-detail`,
  }));

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (choice === null) return setProblem('Choose how you vote.');
    setProblem(null);
    await action.run(
      async () =>
        castVote(
          caseId,
          round,
          await seal({ kind: 'record', record: { type: 'vote', round, choice, note: note.trim() } }),
        ),
      `Your vote in round ${round} was encrypted and counted.`,
      'Your vote could not be cast.',
    );
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={action.busy} className="handling-form">
      <ChoiceGroup legend={`Your vote in round ${round}`} idPrefix={idPrefix} nested>
        <RadioChoices
          name={`${idPrefix}-choice`}
          options={options}
          value={choice ?? ''}
          onChange={setChoice}
        />
      </ChoiceGroup>
      <Field id={`${idPrefix}-note`} label="Why" optional hint="The team reads your vote and this note.">
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <ErrorAlert message={problem} />
      <Button type="submit" size="small" disabled={action.busy}>
        {action.busy ? 'Encrypting…' : 'Cast my vote'}
      </Button>
    </form>
  );
}
