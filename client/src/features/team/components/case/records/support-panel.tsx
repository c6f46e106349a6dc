import { plural } from '@lingui/core/macro';
import { useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, Choice, ChoiceGroup, ChoiceList, TextArea } from '../../../../../components/ui';
import type { LoadState } from '../../../../../hooks/use-load';
import { errorText } from '../../../../../lib/error-words';
import type { TeamSettings } from '../../../api/settings';
import type { LoadedCase } from '../../../hooks/use-case';
import { supportOptions, supportWords, type SupportOption } from '../../../model/support-kit';
import { ByLine, RecordsPart, WriterStatus } from './panel';
import { recordsOfType, type RecordEntry } from '../../../model/case-state';
import { useRecordWriter } from './use-record-writer';

/**
 * Support offered to the target: the seed's kit, the entries for the report's kinds first, and
 * the team's own list from its settings. Each save is one support record.
 */
export function SupportPanel({
  loaded,
  entries,
  names,
  settings,
  onChanged,
}: {
  loaded: LoadedCase;
  entries: readonly RecordEntry[];
  names: ReadonlyMap<string, string>;
  /** The team's settings, for its own support list. */
  settings: LoadState<TeamSettings>;
  onChanged: () => void;
}) {
  const { t } = useLingui();
  const writer = useRecordWriter(loaded, onChanged);
  const kinds = loaded.opened.report?.kinds ?? [];
  const { suggested, others, team } = supportOptions(
    kinds,
    settings.status === 'ready' ? settings.value.support_kit : [],
  );
  const records = recordsOfType(entries, 'support');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [note, setNote] = useState('');
  const id = useId();

  function toggle(key: string, on: boolean) {
    setChosen((now) => (on ? [...now.filter((k) => k !== key), key] : now.filter((k) => k !== key)));
  }

  function choices(options: readonly SupportOption[], prefix: string) {
    return (
      <ChoiceList as="ul">
        {options.map((o, i) => (
          <Choice
            key={o.key}
            as="li"
            type="checkbox"
            id={`${id}-${prefix}-${i}`}
            label={o.title}
            detail={o.details === '' ? undefined : o.details}
            detailId={o.details === '' ? undefined : `${id}-${prefix}-${i}-detail`}
            checked={chosen.includes(o.key)}
            onChange={(on) => toggle(o.key, on)}
          />
        ))}
      </ChoiceList>
    );
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (chosen.length === 0 && note.trim() === '') {
      writer.refuse(t`Choose the support offered, or describe it in the note.`);
      return;
    }
    const saved = await writer.write(
      { type: 'support', offered: [...chosen], note: note.trim() },
      t`The support offered was recorded.`,
    );
    if (saved) {
      setChosen([]);
      setNote('');
    }
  }

  const recorded = records.length;
  return (
    <RecordsPart
      title={t`Support offered`}
      state={
        recorded === 0 ? t`none recorded` : t`${plural(recorded, { one: '# recorded', other: '# recorded' })}`
      }
    >
      {records.length > 0 && (
        <ul className="records__list">
          {records.map((r) => (
            <li key={r.item}>
              {r.record.offered.map(supportWords).join('; ') || t`Other support`}
              {r.record.note !== '' && (
                <span className="prewrap" translate="no">
                  {' '}
                  — {r.record.note}
                </span>
              )}
              <ByLine author={r.author} at={r.at} names={names} />
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={writer.busy}>
        {suggested.length > 0 && (
          <ChoiceGroup
            legend={t`Suggested for this report`}
            idPrefix={`${id}-suggested`}
            hint={t`From the training module, for the kinds of harassment the reporter chose.`}
          >
            {choices(suggested, 'suggested')}
          </ChoiceGroup>
        )}
        <details open={suggested.length === 0}>
          <summary>
            {suggested.length === 0
              ? t`Support from the training module`
              : t`Other support from the training module`}
          </summary>
          <ChoiceGroup legend={t`Other support`} idPrefix={`${id}-others`}>
            {choices(others, 'others')}
          </ChoiceGroup>
        </details>
        {team.length > 0 && (
          <ChoiceGroup legend={t`Your team’s list`} idPrefix={`${id}-team`}>
            {choices(team, 'team')}
          </ChoiceGroup>
        )}
        {settings.status === 'error' && (
          <p className="muted">
            {errorText(settings.error, t`Your team’s own support list could not be loaded.`)}
          </p>
        )}
        <TextArea
          id={`${id}-note`}
          label={t`Note`}
          optional
          hint={t`What was offered and how it was received.`}
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button type="submit" disabled={writer.busy}>
          {writer.busy ? t`Saving…` : t`Record support offered`}
        </Button>
        <WriterStatus done={writer.done} error={writer.error} />
      </form>
    </RecordsPart>
  );
}
