import { useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, Choice, ChoiceGroup, ChoiceList } from '../../../../../components/ui';
import { formatList } from '../../../../../lib/format';
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
  const { t } = useLingui();
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
  const recorded = latest?.record.members.map((id) => names.get(id) ?? t`an unknown member`) ?? [];

  function toggle(id: string, on: boolean) {
    setChosen((now) => (on ? [...now.filter((x) => x !== id), id] : now.filter((x) => x !== id)));
  }

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (chosen.length === 0) {
      writer.refuse(t`Choose at least one member who investigated.`);
      return;
    }
    await writer.write({ type: 'investigators', members: [...chosen] }, t`The investigators were recorded.`);
  }

  return (
    <RecordsPart
      title={t`Investigators`}
      state={recorded.length === 0 ? t`not recorded` : formatList(recorded)}
    >
      {latest !== null && <ByLine author={latest.author} at={latest.at} names={names} />}
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={writer.busy}>
        <ChoiceGroup
          legend={t`Who investigated this case`}
          idPrefix={idPrefix}
          hint={t`Members the reporter excluded, and members who recused themselves, are not listed.`}
        >
          <ChoiceList columns>
            {candidates.map((id) => (
              <Choice
                key={id}
                type="checkbox"
                id={`${idPrefix}-${id}`}
                label={names.get(id) ?? t`An unknown member`}
                checked={chosen.includes(id)}
                onChange={(on) => toggle(id, on)}
              />
            ))}
          </ChoiceList>
        </ChoiceGroup>
        <Button type="submit" disabled={writer.busy}>
          {writer.busy ? t`Saving…` : t`Record investigators`}
        </Button>
        <WriterStatus done={writer.done} error={writer.error} />
      </form>
    </RecordsPart>
  );
}
