import { plural } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import {
  Button,
  ChoiceGroup,
  Notice,
  RadioChoices,
  TextArea,
  type RadioOption,
} from '../../../../../components/ui';
import { NOTICE_RECIPIENTS, type NoticeRecipient } from '#contract/enumerations';
import type { LoadedCase } from '../../../hooks/use-case';
import { noticeRefusal } from '../../../model/notice-order';
import { NOTICE_WORDS, noticeRecordedWords } from '../../../model/record-words';
import { CLOSING_PROBLEM_WORDS } from '../../../model/words';
import { ByLine, RecordsPart, WriterStatus } from './panel';
import {
  latestRecordOfType,
  recordsOfType,
  type ClosingOrderProblem,
  type RecordEntry,
} from '../../../model/case-state';
import { useRecordWriter } from './use-record-writer';

/**
 * Notices given outside Confide (on the wiki, by e-mail), recorded in the seed's order: after the
 * decision and its sanction, the sanctioned user first, then the target or reporter, then any
 * public venue. This browser refuses a notice out of order, and says so when the records already
 * break the order (another client may have written them).
 */
export function NoticesPanel({
  loaded,
  entries,
  names,
  closingOrder,
  onChanged,
}: {
  loaded: LoadedCase;
  entries: readonly RecordEntry[];
  names: ReadonlyMap<string, string>;
  /** The records' breaks of the closing order, as the close button and the page's warning see them. */
  closingOrder: readonly ClosingOrderProblem[];
  onChanged: () => void;
}) {
  const { t } = useLingui();
  const writer = useRecordWriter(loaded, onChanged);
  const notices = recordsOfType(entries, 'notice');
  const decision = latestRecordOfType(entries, 'decision')?.record ?? null;
  const told = notices.map((n) => n.record.to);
  const broken = closingOrder;
  const [to, setTo] = useState<NoticeRecipient | ''>('');
  const [note, setNote] = useState('');
  const id = useId();
  const refusal = to === '' ? null : noticeRefusal(to, decision, told);
  const waiting = decision === null ? noticeRefusal('target', null, told) : null;

  const options: RadioOption<NoticeRecipient>[] = NOTICE_RECIPIENTS.map((r) => ({
    value: r,
    id: `${id}-to-${r}`,
    label: NOTICE_WORDS[r],
    detail: told.includes(r) ? t`Already recorded` : undefined,
  }));

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (to === '') {
      writer.refuse(t`Choose who was notified.`);
      return;
    }
    if (refusal !== null) {
      writer.refuse(refusal);
      return;
    }
    const saved = await writer.write({ type: 'notice', to, note: note.trim() }, noticeRecordedWords(to));
    if (saved) {
      setTo('');
      setNote('');
    }
  }

  const recorded = notices.length;
  return (
    <RecordsPart
      title={t`Notices`}
      state={
        recorded === 0 ? t`none recorded` : t`${plural(recorded, { one: '# recorded', other: '# recorded' })}`
      }
    >
      {broken.length > 0 && (
        <Notice tone="error" title={t`These records break the closing order`}>
          <ul>
            {broken.map((p) => (
              <li key={p}>{CLOSING_PROBLEM_WORDS[p]}</li>
            ))}
          </ul>
        </Notice>
      )}
      {notices.length > 0 && (
        <ol className="records__list">
          {notices.map((n) => (
            <li key={n.item}>
              {NOTICE_WORDS[n.record.to]}
              {n.record.note !== '' && (
                <span className="prewrap" translate="no">
                  {' '}
                  — {n.record.note}
                </span>
              )}
              <ByLine author={n.author} at={n.at} names={names} />
            </li>
          ))}
        </ol>
      )}
      {waiting !== null ? (
        <p className="muted">{waiting}</p>
      ) : (
        <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={writer.busy}>
          <ChoiceGroup
            legend={t`Who was notified`}
            idPrefix={`${id}-to`}
            hint={
              decision?.outcome === 'actionable'
                ? t`Actionable case: the sanctioned user first, immediately after the sanction; then the target or reporter; then any venue where your community posts sanctions.`
                : t`First the target, with empathy and further resources; then the reported user if they knew of the case.`
            }
            error={refusal ?? undefined}
          >
            <RadioChoices
              name={`${id}-to`}
              options={options}
              value={to}
              onChange={setTo}
              invalid={refusal !== null}
            />
          </ChoiceGroup>
          <TextArea
            id={`${id}-note`}
            label={t`How and where`}
            optional
            hint={t`For example: “Talk page message”, “E-mail”. Do not copy the message here.`}
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <Button type="submit" disabled={writer.busy}>
            {writer.busy ? t`Saving…` : t`Record the notice`}
          </Button>
          <WriterStatus done={writer.done} error={writer.error} />
        </form>
      )}
    </RecordsPart>
  );
}
