import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState } from 'react';

import { Button, Choice, ChoiceList, Fieldset, TextField } from '../../../../../components/ui';
import type { Checklist } from '#contract/records';
import { formatCount } from '../../../../../lib/format';
import type { LoadedCase } from '../../../hooks/use-case';
import {
  BACKGROUND_ITEMS,
  latestTicks,
  tickKey,
  verifyItems,
  type ChecklistItem,
  type Tick,
} from '../../../model/checklists';
import { CHECKLIST_WORDS } from '../../../model/record-words';
import { ByLine, RecordsPart, WriterStatus } from './panel';
import { recordsOfType, type RecordEntry } from '../../../model/case-state';
import { useRecordWriter, type RecordWriter } from './use-record-writer';

/**
 * The seed's checklists. Ticking or unticking writes one checklist record at once; the latest
 * record of an item wins, and each item says who ticked it and when.
 */
export function ChecklistsPanel({
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
  const ticks = latestTicks(recordsOfType(entries, 'checklist'));
  const lists: { list: Checklist; items: readonly ChecklistItem[] }[] = [
    { list: 'verify', items: verifyItems(loaded.opened.report?.links ?? []) },
    { list: 'background_target', items: BACKGROUND_ITEMS.background_target },
    { list: 'background_reporter', items: BACKGROUND_ITEMS.background_reporter },
    { list: 'background_harasser', items: BACKGROUND_ITEMS.background_harasser },
  ];
  const total = lists.reduce((n, l) => n + l.items.length, 0);
  const ticked = lists.reduce(
    (n, l) => n + l.items.filter((i) => ticks.get(tickKey(l.list, i.key))?.checked === true).length,
    0,
  );

  const all = formatCount(total);
  return (
    <RecordsPart
      title={t`Checklists`}
      state={t`${plural(ticked, { one: `# of ${all} ticked`, other: `# of ${all} ticked` })}`}
    >
      <div aria-busy={writer.busy}>
        {lists.map(({ list, items }) => (
          <ChecklistGroup key={list} list={list} items={items} ticks={ticks} names={names} writer={writer} />
        ))}
      </div>
      <WriterStatus done={writer.done} error={writer.error} />
    </RecordsPart>
  );
}

function ChecklistGroup({
  list,
  items,
  ticks,
  names,
  writer,
}: {
  list: Checklist;
  items: readonly ChecklistItem[];
  ticks: ReadonlyMap<string, Tick>;
  names: ReadonlyMap<string, string>;
  writer: RecordWriter;
}) {
  const { t } = useLingui();
  const idPrefix = useId();
  const done = items.filter((i) => ticks.get(tickKey(list, i.key))?.checked === true).length;
  const all = formatCount(items.length);
  return (
    <Fieldset
      legend={CHECKLIST_WORDS[list]}
      idPrefix={idPrefix}
      nested
      status={t`${plural(done, { one: `# of ${all} ticked`, other: `# of ${all} ticked` })}`}
    >
      <ChoiceList as="ul">
        {items.map((item) => (
          <ChecklistRow
            key={item.key}
            list={list}
            item={item}
            tick={ticks.get(tickKey(list, item.key)) ?? null}
            names={names}
            writer={writer}
          />
        ))}
      </ChoiceList>
    </Fieldset>
  );
}

function ChecklistRow({
  list,
  item,
  tick,
  names,
  writer,
}: {
  list: Checklist;
  item: ChecklistItem;
  tick: Tick | null;
  names: ReadonlyMap<string, string>;
  writer: RecordWriter;
}) {
  const { t } = useLingui();
  const id = useId();
  const [note, setNote] = useState(tick?.note ?? '');
  const checked = tick?.checked === true;
  const tickNote = tick?.note ?? '';

  function save(nextChecked: boolean, nextNote: string) {
    const label = item.label;
    void writer.write(
      { type: 'checklist', list, item: item.key, checked: nextChecked, note: nextNote.trim() },
      nextChecked ? t`Ticked: ${label}` : t`Unticked: ${label}`,
    );
  }

  return (
    <li className="records__item">
      <Choice
        type="checkbox"
        id={`${id}-tick`}
        label={item.label}
        detail={item.detail}
        detailId={item.detail === undefined ? undefined : `${id}-detail`}
        checked={checked}
        disabled={writer.busy}
        onChange={(next) => save(next, note)}
      />
      {tick !== null && (
        <ByLine act={tick.checked ? 'ticked' : 'unticked'} author={tick.author} at={tick.at} names={names} />
      )}
      {tickNote !== '' && (
        <p className="muted prewrap">
          <Trans>
            Note: <span translate="no">{tickNote}</span>
          </Trans>
        </p>
      )}
      <details>
        <summary className="muted">
          <Trans>Add a note</Trans>
        </summary>
        <TextField
          id={`${id}-note`}
          label={t`Note`}
          hint={t`Saved with the item's current tick. Record what you found, not a dossier on anyone.`}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button variant="quiet" size="small" disabled={writer.busy} onClick={() => save(checked, note)}>
          {writer.busy ? t`Saving…` : t`Save note`}
        </Button>
      </details>
    </li>
  );
}
