import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import {
  Button,
  ChoiceGroup,
  Notice,
  RadioChoices,
  Select,
  TextArea,
  TextField,
  type RadioOption,
} from '../../../../../components/ui';
import { VOTE_CHOICES, WIKI_ACTIONS, type VoteChoice, type WikiAction } from '#contract/enumerations';
import type { LoadedCase } from '../../../hooks/use-case';
import { VOTE_DETAILS, VOTE_WORDS, WIKI_ACTION_WORDS } from '../../../model/record-words';
import { ByLine, RecordsPart, WriterStatus } from './panel';
import { latestRecordOfType, type RecordEntry } from '../../../model/case-state';
import { describeRecord } from './describe-record';
import { useRecordWriter } from './use-record-writer';

interface ActionRow {
  readonly key: number;
  readonly action: WikiAction;
  readonly target: string;
  readonly note: string;
}

type Asked = 'yes' | 'no' | '';

/**
 * The decision: the outcome, and the on-wiki actions taken, recorded as facts (Confide performs
 * none). With a suppression among them, whether the reporter was asked first is required: the
 * seed warns that hiding many revisions draws attention (the "Streisand effect").
 */
export function DecisionPanel({
  loaded,
  entries,
  names,
  onChanged,
}: {
  loaded: LoadedCase;
  entries: readonly RecordEntry[];
  names: ReadonlyMap<string, string>;
  onChanged: () => void;
}) {
  const { t } = useLingui();
  const writer = useRecordWriter(loaded, onChanged);
  const latest = latestRecordOfType(entries, 'decision');
  const [outcome, setOutcome] = useState<VoteChoice | ''>(latest?.record.outcome ?? '');
  const [actions, setActions] = useState<readonly ActionRow[]>(
    latest?.record.actions.map((a, key) => ({ key, ...a })) ?? [],
  );
  const [nextKey, setNextKey] = useState(1000);
  const [asked, setAsked] = useState<Asked>(
    latest?.record.reporter_asked_before_suppression == null
      ? ''
      : latest.record.reporter_asked_before_suppression
        ? 'yes'
        : 'no',
  );
  const [note, setNote] = useState(latest?.record.note ?? '');
  const [invalid, setInvalid] = useState<'outcome' | 'asked' | null>(null);
  const id = useId();
  const hasSuppression = actions.some((a) => a.action === 'suppression');

  const outcomes: RadioOption<VoteChoice>[] = VOTE_CHOICES.map((choice) => ({
    value: choice,
    id: `${id}-outcome-${choice}`,
    label: VOTE_WORDS[choice],
    detail: VOTE_DETAILS[choice],
    detailId: `${id}-outcome-${choice}-detail`,
  }));
  const askedOptions: RadioOption<'yes' | 'no'>[] = [
    {
      value: 'yes',
      id: `${id}-asked-yes`,
      label: t`Yes, the reporter was asked and agreed to the extra attention`,
    },
    { value: 'no', id: `${id}-asked-no`, label: t`No` },
  ];

  function update(key: number, change: Partial<Omit<ActionRow, 'key'>>) {
    setActions((rows) => rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  }

  function addAction() {
    setActions((rows) => [...rows, { key: nextKey, action: 'block', target: '', note: '' }]);
    setNextKey((n) => n + 1);
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (outcome === '') {
      setInvalid('outcome');
      writer.refuse(t`Choose the outcome.`);
      return;
    }
    if (hasSuppression && asked === '') {
      setInvalid('asked');
      writer.refuse(t`Say whether the reporter was asked before the suppression.`);
      return;
    }
    setInvalid(null);
    await writer.write(
      {
        type: 'decision',
        outcome,
        actions: actions.map(({ action, target, note: n }) => ({
          action,
          target: target.trim(),
          note: n.trim(),
        })),
        reporter_asked_before_suppression: hasSuppression ? asked === 'yes' : null,
        note: note.trim(),
      },
      t`The decision was recorded.`,
    );
  }

  return (
    <RecordsPart
      title={t`Decision and on-wiki actions`}
      state={latest === null ? t`not recorded` : VOTE_WORDS[latest.record.outcome]}
    >
      {latest !== null && (
        <p>
          {describeRecord(latest.record, names)}
          <ByLine author={latest.author} at={latest.at} names={names} />
        </p>
      )}
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={writer.busy}>
        <ChoiceGroup
          legend={t`Outcome`}
          idPrefix={`${id}-outcome`}
          hint={t`Record the outcome the team reached (the vote's majority where the team votes).`}
          error={invalid === 'outcome' ? t`Choose the outcome.` : undefined}
        >
          <RadioChoices
            name={`${id}-outcome`}
            options={outcomes}
            value={outcome}
            onChange={setOutcome}
            invalid={invalid === 'outcome'}
          />
        </ChoiceGroup>

        <fieldset className="fieldset">
          <legend className="fieldset__legend">
            <Trans>On-wiki actions taken</Trans>
          </legend>
          <p className="field__hint">
            <Trans>
              Record each action once it is done, as a fact: Confide performs none of them. For an actionable
              case, place blocks first, then notify the sanctioned user at once.
            </Trans>
          </p>
          {actions.length === 0 && (
            <p className="muted">
              <Trans>No action recorded.</Trans>
            </p>
          )}
          {actions.map((row, i) => {
            const position = i + 1;
            return (
              <div className="records__action" key={row.key}>
                <Select
                  id={`${id}-action-${row.key}`}
                  label={t`Action ${position}`}
                  value={row.action}
                  onChange={(e) => update(row.key, { action: e.target.value as WikiAction })}
                >
                  {WIKI_ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {WIKI_ACTION_WORDS[a]}
                    </option>
                  ))}
                </Select>
                <TextField
                  id={`${id}-target-${row.key}`}
                  label={t`Account, range or page`}
                  maxLength={255}
                  value={row.target}
                  onChange={(e) => update(row.key, { target: e.target.value })}
                />
                <TextField
                  id={`${id}-note-${row.key}`}
                  label={t`Note`}
                  optional
                  maxLength={1000}
                  value={row.note}
                  onChange={(e) => update(row.key, { note: e.target.value })}
                />
                <Button
                  variant="quiet"
                  size="small"
                  onClick={() => setActions((rows) => rows.filter((r) => r.key !== row.key))}
                >
                  <Trans>Remove action {position}</Trans>
                </Button>
              </div>
            );
          })}
          <Button variant="secondary" size="small" onClick={addAction} disabled={actions.length >= 50}>
            <Trans>Add an action</Trans>
          </Button>
        </fieldset>

        {hasSuppression && (
          <>
            <Notice tone="caution" title={t`Before a large suppression`}>
              <p>
                <Trans>
                  If suppressing the information requires hiding many revisions, it will look strange and may
                  raise suspicion: the reason may be questioned, and the attention can spread what you hide.
                  Clarify this risk with the reporter and make sure they are willing to take the extra
                  scrutiny.
                </Trans>
              </p>
            </Notice>
            <ChoiceGroup
              legend={t`Was the reporter asked before the suppression?`}
              idPrefix={`${id}-asked`}
              error={invalid === 'asked' ? t`Say whether the reporter was asked.` : undefined}
            >
              <RadioChoices
                name={`${id}-asked`}
                options={askedOptions}
                value={asked}
                onChange={setAsked}
                invalid={invalid === 'asked'}
              />
            </ChoiceGroup>
          </>
        )}

        <TextArea
          id={`${id}-note`}
          label={t`Reasons and details`}
          optional
          rows={3}
          maxLength={4000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" disabled={writer.busy}>
          {writer.busy
            ? t`Saving…`
            : latest === null
              ? t`Record the decision`
              : t`Record a corrected decision`}
        </Button>
        <WriterStatus done={writer.done} error={writer.error} />
      </form>
    </RecordsPart>
  );
}
