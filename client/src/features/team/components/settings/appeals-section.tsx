/**
 * Appeals (docs/protocol.md 10.9): how many appeals of a closed case the team takes through
 * Confide (0: none, so no appeal reference can be made), and how many days after a case is closed
 * an appeal is taken.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, TextField } from '../../../../components/ui';
import { formatCount } from '../../../../lib/format';
import { patchTeamSettings } from '../../api/settings';
import {
  appealsSummary,
  MAX_APPEAL_WAIT_DAYS,
  MAX_APPEALS_PER_CASE,
  parseAppealsForm,
  type AppealsForm,
} from '../../model/appeals';
import { SaveOutcome } from './save-outcome';
import type { TeamSettingsSectionProps } from './team-settings-section';
import { useSave } from './use-save';

export function AppealsSection({ settings, editable, onSaved }: TeamSettingsSectionProps) {
  const { t } = useLingui();
  const id = useId();
  const [form, setForm] = useState<AppealsForm>({
    perCase: String(settings.appeals_per_case),
    waitDays: String(settings.appeal_wait_days),
  });
  const [saved, setSaved] = useState({
    perCase: settings.appeals_per_case,
    waitDays: settings.appeal_wait_days,
  });
  const save = useSave();
  const parsed = parseAppealsForm(form);
  const summary = appealsSummary(saved.perCase, saved.waitDays);
  const maxAppeals = formatCount(MAX_APPEALS_PER_CASE);
  const maxWaitDays = formatCount(MAX_APPEAL_WAIT_DAYS);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!parsed.ok) return save.setError(parsed.error);
    void save.run(
      async () => {
        const now = await patchTeamSettings({
          appeals_per_case: parsed.perCase,
          appeal_wait_days: parsed.waitDays,
        });
        setSaved({ perCase: now.appeals_per_case, waitDays: now.appeal_wait_days });
        onSaved();
      },
      t`The appeal settings were saved.`,
      t`The appeal settings could not be saved.`,
    );
  }

  return (
    <section aria-labelledby="settings-appeals" className="settings-section">
      <h2 id="settings-appeals">
        <Trans>Appeals</Trans>
      </h2>
      <p>
        <Trans>
          <strong>Now:</strong> {summary}
        </Trans>
      </p>
      <p>
        <Trans>
          When a case is closed, a member can make an appeal reference for the notice to the person the
          decision is about. With it, they can ask the team to look at the decision again, on the appeal page.
          The appeal arrives as a case of its own, linked to the first one, and the members who voted on the
          first decision do not vote on it.
        </Trans>
      </p>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          <TextField
            id={`${id}-per-case`}
            label={t`Appeals per case`}
            hint={t`A whole number from 0 to ${maxAppeals}. 0: the team takes no appeals through Confide.`}
            width="short"
            inputMode="numeric"
            value={form.perCase}
            invalid={!parsed.ok && parsed.field === 'perCase'}
            onChange={(e) => setForm({ ...form, perCase: e.target.value })}
          />
          <TextField
            id={`${id}-wait`}
            label={t`Days to wait after a case is closed`}
            hint={t`A whole number from 0 to ${maxWaitDays}. 0: an appeal can be sent at once.`}
            width="short"
            inputMode="numeric"
            value={form.waitDays}
            invalid={!parsed.ok && parsed.field === 'waitDays'}
            onChange={(e) => setForm({ ...form, waitDays: e.target.value })}
          />
          {editable && (
            <Button type="submit">
              {save.busy ? <Trans>Saving…</Trans> : <Trans>Save the appeal settings</Trans>}
            </Button>
          )}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
    </section>
  );
}
