/**
 * The team's own support list, offered beside the built-in kit (search-engine removal, password
 * help, local authorities...) when a member records support offered to a target.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, TextArea, TextField } from '../../../../components/ui';
import { MAX_SUPPORT_KIT_ENTRIES } from '#contract/settings';
import { patchTeamSettings, type TeamSettings } from '../../api/settings';
import { SaveOutcome } from './save-outcome';
import type { TeamSettingsSectionProps } from './team-settings-section';
import { useSave } from './use-save';

type Entry = TeamSettings['support_kit'][number] & { readonly key: number };

let nextKey = 1;

export function SupportKitSection({ settings, editable, onSaved }: TeamSettingsSectionProps) {
  const { t } = useLingui();
  const id = useId();
  const [entries, setEntries] = useState<Entry[]>(() =>
    settings.support_kit.map((e) => ({ ...e, key: nextKey++ })),
  );
  const save = useSave();

  const change = (key: number, patch: Partial<Entry>) =>
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...patch } : e)));

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const kept = entries.filter((e) => e.title.trim() !== '' || e.details.trim() !== '');
    if (kept.some((e) => e.title.trim() === '')) return save.setError(t`Give every entry a title.`);
    void save.run(
      async () => {
        await patchTeamSettings({
          support_kit: kept.map((e) => ({ title: e.title.trim(), details: e.details })),
        });
        onSaved();
      },
      t`The support kit was saved.`,
      t`The support kit could not be saved.`,
    );
  }

  return (
    <section aria-labelledby="settings-kit" className="settings-section">
      <h2 id="settings-kit">
        <Trans>Support kit</Trans>
      </h2>
      <p>
        <Trans>
          Resources your team offers to people targeted by harassment, beside the built-in ones: a local
          helpline, your community’s own guide, an organisation you work with.
        </Trans>
      </p>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          {entries.length === 0 && (
            <p className="muted">
              <Trans>The team has added nothing of its own yet.</Trans>
            </p>
          )}
          <ul className="plain-list settings-kit">
            {entries.map((entry, i) => {
              const number = i + 1;
              return (
                <li key={entry.key} className="settings-kit__entry">
                  <TextField
                    id={`${id}-${entry.key}-title`}
                    label={t`Entry ${number}: title`}
                    maxLength={120}
                    value={entry.title}
                    onChange={(e) => change(entry.key, { title: e.target.value })}
                  />
                  <TextArea
                    id={`${id}-${entry.key}-details`}
                    label={t`Entry ${number}: details`}
                    hint={t`What it is, and how to reach it.`}
                    rows={3}
                    maxLength={1000}
                    value={entry.details}
                    onChange={(e) => change(entry.key, { details: e.target.value })}
                  />
                  {editable && (
                    <Button
                      variant="quiet"
                      size="small"
                      onClick={() => setEntries((list) => list.filter((e) => e.key !== entry.key))}
                    >
                      <Trans>Remove entry {number}</Trans>
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
          {editable && (
            <div className="settings-actions">
              <Button
                variant="secondary"
                disabled={entries.length >= MAX_SUPPORT_KIT_ENTRIES}
                onClick={() => setEntries((list) => [...list, { title: '', details: '', key: nextKey++ }])}
              >
                <Trans>Add an entry</Trans>
              </Button>
              <Button type="submit">
                {save.busy ? <Trans>Saving…</Trans> : <Trans>Save the support kit</Trans>}
              </Button>
            </div>
          )}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
    </section>
  );
}
