import { useId, useState, type SubmitEvent } from 'react';

import { Button, Choice, ChoiceGroup, ChoiceList } from '../../../../../components/ui';
import type { LoadedCase } from '../../../hooks/use-case';
import { ByLine, RecordsPart, WriterStatus } from './panel';
import { latestRecordOfType, type RecordEntry } from '../../../model/case-state';
import { recusedMembers, useRecordWriter } from './use-record-writer';

/** Who investigated (the seed: "record the names of those who investigated"): the latest record stands. */
export function InvestigatorsPanel({
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
  const writer = useRecordWriter(loaded, onChanged);
  const latest = latestRecordOfType(entries, 'investigators');
  const [chosen, setChosen] = useState<readonly string[]>(latest?.record.members ?? []);
  const idPrefix = useId();
  // Members who may see the case; anyone already recorded stays listed, even if they left since.
  const hidden = new Set([...loaded.opened.excluded.effective, ...recusedMembers(loaded.detail)]);
  const candidates = [...loaded.team.roster.active.values()]
    .filter((m) => !hidden.has(m.id))
    .map((m) => m.id);
  for (const id of latest?.record.members ?? []) if (!candidates.includes(id)) candidates.push(id);
  const recorded = latest?.record.members.map((id) => names.get(id) ?? 'an unknown member') ?? [];

  function toggle(id: string, on: boolean) {
    setChosen((now) => (on ? [...now.filter((x) => x !== id), id] : now.filter((x) => x !== id)));
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (chosen.length === 0) {
      writer.refuse('Choose at least one member who investigated.');
      return;
    }
    await writer.write({ type: 'investigators', members: [...chosen] }, 'The investigators were recorded.');
  }

  return (
    <RecordsPart title="Investigators" state={recorded.length === 0 ? 'not recorded' : recorded.join(', ')}>
      {latest !== null && <ByLine author={latest.author} at={latest.at} names={names} />}
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={writer.busy}>
        <ChoiceGroup
          legend="Who investigated this case"
          idPrefix={idPrefix}
          hint="Members the reporter excluded, and members who recused themselves, are not listed."
        >
          <ChoiceList columns>
            {candidates.map((id) => (
              <Choice
                key={id}
                type="checkbox"
                id={`${idPrefix}-${id}`}
                label={names.get(id) ?? 'An unknown member'}
                checked={chosen.includes(id)}
                onChange={(on) => toggle(id, on)}
              />
            ))}
          </ChoiceList>
        </ChoiceGroup>
        <Button type="submit" disabled={writer.busy}>
          {writer.busy ? 'Saving…' : 'Record investigators'}
        </Button>
        <WriterStatus done={writer.done} error={writer.error} />
      </form>
    </RecordsPart>
  );
}
