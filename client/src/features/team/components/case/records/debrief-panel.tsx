import { plural } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, TextArea } from '../../../../../components/ui';
import type { LoadedCase } from '../../../hooks/use-case';
import { DEBRIEF_QUESTIONS as QUESTIONS, type DebriefField } from '../../../model/debrief';
import { ByLine, RecordsPart, WriterStatus } from './panel';
import { recordsOfType, type RecordEntry } from '../../../model/case-state';
import { useRecordWriter } from './use-record-writer';

type Answers = Record<DebriefField, string>;
const EMPTY: Answers = { best_result: '', went_well: '', went_badly: '', improve: '' };

/** The seed's debrief ("After a case: Debriefing"), best done soon after the case. */
export function DebriefPanel({
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
  const { t, i18n } = useLingui();
  const writer = useRecordWriter(loaded, onChanged);
  const records = recordsOfType(entries, 'debrief');
  const [answers, setAnswers] = useState<Answers>(EMPTY);
  const id = useId();

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (QUESTIONS.every((q) => answers[q.field].trim() === '')) {
      writer.refuse(t`Answer at least one question.`);
      return;
    }
    const trimmed = Object.fromEntries(QUESTIONS.map((q) => [q.field, answers[q.field].trim()])) as Answers;
    if (await writer.write({ type: 'debrief', ...trimmed }, t`The debrief was recorded.`)) setAnswers(EMPTY);
  }

  const recorded = records.length;
  return (
    <RecordsPart
      title={t`Debrief`}
      state={
        recorded === 0 ? t`not recorded` : t`${plural(recorded, { one: '# recorded', other: '# recorded' })}`
      }
    >
      {records.map((r) => (
        <div key={r.item} className="records__list">
          <dl>
            {QUESTIONS.map((q) =>
              r.record[q.field] === '' ? null : (
                <div key={q.field}>
                  <dt>{i18n._(q.label)}</dt>
                  <dd className="prewrap" translate="no">
                    {r.record[q.field]}
                  </dd>
                </div>
              ),
            )}
          </dl>
          <ByLine author={r.author} at={r.at} names={names} />
        </div>
      ))}
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={writer.busy}>
        {QUESTIONS.map((q) => (
          <TextArea
            key={q.field}
            id={`${id}-${q.field}`}
            label={i18n._(q.label)}
            hint={'hint' in q ? i18n._(q.hint) : undefined}
            optional
            rows={2}
            maxLength={4000}
            value={answers[q.field]}
            onChange={(e) => setAnswers((a) => ({ ...a, [q.field]: e.target.value }))}
          />
        ))}
        <Button type="submit" disabled={writer.busy}>
          {writer.busy ? t`Saving…` : t`Record the debrief`}
        </Button>
        <WriterStatus done={writer.done} error={writer.error} />
      </form>
    </RecordsPart>
  );
}
