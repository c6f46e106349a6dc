/**
 * What members are told about until they choose for themselves: the events, and how often
 * non-urgent new cases are gathered into one mail.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button } from '../../../../components/ui';
import { NOTIFICATION_EVENTS, type DigestMinutes, type NotificationEvent } from '#contract/enumerations';
import { patchTeamSettings } from '../../api/settings';
import { DigestSelect, EventChoices } from './notification-fields';
import { SaveOutcome } from './save-outcome';
import type { TeamSettingsSectionProps } from './team-settings-section';
import { useSave } from './use-save';

export function NotificationDefaultsSection({ settings, editable, onSaved }: TeamSettingsSectionProps) {
  const { t } = useLingui();
  const id = useId();
  const [events, setEvents] = useState<NotificationEvent[]>(() => [...settings.notification_defaults.events]);
  const [digest, setDigest] = useState<DigestMinutes>(settings.notification_defaults.digest_minutes);
  const save = useSave();

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    void save.run(
      async () => {
        await patchTeamSettings({ notification_defaults: { events, digest_minutes: digest } });
        onSaved();
      },
      t`The notification defaults were saved.`,
      t`The notification defaults could not be saved.`,
    );
  }

  return (
    <section aria-labelledby="settings-notification-defaults" className="settings-section">
      <h2 id="settings-notification-defaults">
        <Trans>Notification defaults</Trans>
      </h2>
      <p>
        <Trans>
          What members are told about by e-mail until they choose for themselves under “My notifications”.
          Members who have not chosen yet follow these, including later changes; a member who saves their own
          choice keeps it. Nobody gets mail before giving an address.
        </Trans>
      </p>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          <EventChoices
            idPrefix={`${id}-events`}
            legend={t`Events`}
            audience="defaults"
            offered={NOTIFICATION_EVENTS}
            events={events}
            onChange={setEvents}
          />
          <DigestSelect
            id={`${id}-digest`}
            hint={t`Urgent cases are always told at once. Other new cases are gathered into one mail at this interval.`}
            value={digest}
            onChange={setDigest}
          />
          {editable && (
            <Button type="submit">
              {save.busy ? <Trans>Saving…</Trans> : <Trans>Save the defaults</Trans>}
            </Button>
          )}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
    </section>
  );
}
