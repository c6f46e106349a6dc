import { i18n } from '@lingui/core';
import { useLingui } from '@lingui/react/macro';
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
import { ApiError } from '../../../../../lib/api-client';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { castVote } from '../../../api/case-handling';
import { VOTED_ON_ORIGINAL } from '../../../model/appeals';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';
import { VOTE_DETAILS, VOTE_WORDS } from '../../../model/record-words';

/**
 * The server's refusal of a vote on an appeal by a member who voted on the original case, in the
 * console's words (in the page's language); anything else as it came.
 */
function voteRefusal(error: unknown): unknown {
  return error instanceof ApiError && error.code === 'voted_on_original'
    ? new ApiError(error.status, error.code, i18n._(VOTED_ON_ORIGINAL))
    : error;
}

/**
 * The signed-in member's one vote in the current round: an encrypted record the team reads.
 * The server learns that they voted, never how.
 *
 * On an appeal of a case the member voted on (docs/protocol.md 10.9), the controls are shown
 * disabled with the reason: others decide it. A refusal from the server does the same.
 */
export function CastVoteForm({
  caseId,
  round,
  action,
  seal,
  votedOnOriginal = false,
}: {
  caseId: string;
  round: number;
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
  /** The case is an appeal and the member voted on the case it appeals. */
  votedOnOriginal?: boolean;
}) {
  const { t } = useLingui();
  /** The server refused this member's vote here: the case detail was out of date. */
  const [refusedHere, setRefusedHere] = useState(false);
  const notTheirs = votedOnOriginal || refusedHere;
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
    if (notTheirs) return;
    if (choice === null) return setProblem(t`Choose how you vote.`);
    setProblem(null);
    await action.run(
      async () => {
        const item = await seal({
          kind: 'record',
          record: { type: 'vote', round, choice, note: note.trim() },
        });
        try {
          return await castVote(caseId, round, item);
        } catch (caught) {
          const refusal = voteRefusal(caught);
          if (refusal !== caught) setRefusedHere(true);
          throw refusal;
        }
      },
      t`Your vote in round ${round} was encrypted and counted.`,
      t`Your vote could not be cast.`,
    );
  }

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-busy={action.busy}
      aria-describedby={notTheirs ? `${idPrefix}-not-yours` : undefined}
      className="handling-form"
    >
      {notTheirs && (
        <p id={`${idPrefix}-not-yours`} className="field__hint">
          {t(VOTED_ON_ORIGINAL)}
        </p>
      )}
      <fieldset disabled={notTheirs} className="handling-fieldset">
        <ChoiceGroup legend={t`Your vote in round ${round}`} idPrefix={idPrefix} nested>
          <RadioChoices
            name={`${idPrefix}-choice`}
            options={options}
            value={choice ?? ''}
            onChange={setChoice}
          />
        </ChoiceGroup>
        <Field
          id={`${idPrefix}-note`}
          label={t`Why`}
          optional
          hint={t`The team reads your vote and this note.`}
        >
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
        <Button type="submit" size="small" disabled={action.busy || notTheirs}>
          {action.busy ? t`Encrypting…` : t`Cast my vote`}
        </Button>
      </fieldset>
    </form>
  );
}
