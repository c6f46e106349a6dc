/**
 * The team's retention: off, or a number of days after a case is closed or withdrawn before the
 * server deletes its details. Turning it on or shortening it is asked about first: cases closed
 * long ago may go at the next run.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, ConfirmDialog, RadioChoices, ChoiceGroup, TextField } from '../../../../components/ui';
import { formatCount } from '../../../../lib/format';
import { patchTeamSettings } from '../../api/settings';
import {
  deletesSooner,
  MAX_RETENTION_DAYS,
  parseRetention,
  retentionForm,
  retentionSummary,
  type RetentionForm,
  type RetentionMode,
} from '../../model/retention-words';
import { SaveOutcome } from './save-outcome';
import type { TeamSettingsSectionProps } from './team-settings-section';
import { useSave } from './use-save';

export function RetentionSection({ settings, editable, onSaved }: TeamSettingsSectionProps) {
  const { t } = useLingui();
  const id = useId();
  const [form, setForm] = useState<RetentionForm>(() => retentionForm(settings.retention_days));
  const [saved, setSaved] = useState<number | null>(settings.retention_days);
  const [confirming, setConfirming] = useState<number | null>(null);
  const save = useSave();
  const parsed = parseRetention(form);
  const summary = retentionSummary(saved);
  const maxDays = formatCount(MAX_RETENTION_DAYS);
  const newSummary = confirming === null ? '' : retentionSummary(confirming);

  function store(days: number | null) {
    setConfirming(null);
    void save.run(
      async () => {
        const now = await patchTeamSettings({ retention_days: days });
        setSaved(now.retention_days);
        onSaved();
      },
      days === null ? t`Retention was turned off.` : t`The retention period was saved.`,
      t`The retention period could not be saved.`,
    );
  }

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!parsed.ok) return save.setError(parsed.error);
    save.setError(null);
    if (deletesSooner(saved, parsed.days)) setConfirming(parsed.days);
    else store(parsed.days);
  }

  return (
    <section aria-labelledby="settings-retention" className="settings-section">
      <h2 id="settings-retention">
        <Trans>Retention</Trans>
      </h2>
      <p>
        <Trans>
          <strong>Now:</strong> {summary}
        </Trans>
      </p>
      <p>
        <Trans>
          With retention on, once the chosen number of days has passed after a case was closed or withdrawn,
          the server deletes the case’s details: the report, the messages with the reporter, the team’s notes
          and records, and the attached files.
        </Trans>
      </p>
      <p>
        <Trans>
          What stays, so the case can still be found: a short record of its result, the people involved and
          the reporter’s role, encrypted to the team like everything else; the case’s place in the case list,
          with its number and dates; who was excluded from it; and the audit log, which holds no content. The
          reporter’s receipt page says when the details will be deleted.
        </Trans>
      </p>
      <p>
        <Trans>
          A case is deleted only once a member’s browser has written that short record. The console writes it
          when a case is closed or withdrawn, and for cases closed earlier the first time a member’s console
          loads them. Reopening a case stops the count. The days count from when each case was closed or
          withdrawn, so a new period applies to cases closed before it was set.
        </Trans>
      </p>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          <ChoiceGroup legend={t`Closed and withdrawn cases`} idPrefix={`${id}-mode`}>
            <RadioChoices<RetentionMode>
              name={`${id}-mode`}
              value={form.mode}
              onChange={(mode) => setForm({ ...form, mode })}
              options={[
                { value: 'off', id: `${id}-off`, label: t`Keep them, with all their details` },
                {
                  value: 'days',
                  id: `${id}-days-choice`,
                  label: t`Delete their details after a number of days`,
                },
              ]}
            />
            {form.mode === 'days' && (
              <TextField
                id={`${id}-days`}
                label={t`Days after a case is closed or withdrawn`}
                hint={t`A whole number from 1 to ${maxDays}.`}
                layout="indented"
                width="short"
                inputMode="numeric"
                value={form.days}
                invalid={!parsed.ok}
                onChange={(e) => setForm({ ...form, days: e.target.value })}
              />
            )}
          </ChoiceGroup>
          {editable && (
            <Button type="submit">
              {save.busy ? <Trans>Saving…</Trans> : <Trans>Save the retention period</Trans>}
            </Button>
          )}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
      <ConfirmDialog
        open={confirming !== null}
        title={t`Delete closed cases’ details sooner?`}
        confirmLabel={t`Save and delete sooner`}
        busy={save.busy}
        onConfirm={() => store(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          <Trans>
            {newSummary} Cases closed or withdrawn longer ago than that will have their details deleted at the
            server’s next run, once their short record exists. Deleted details cannot be brought back.
          </Trans>
        </p>
      </ConfirmDialog>
    </section>
  );
}
