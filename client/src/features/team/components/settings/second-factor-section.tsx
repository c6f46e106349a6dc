/**
 * Whether the team requires a second factor. The member's own keys and codes are set up on the
 * account page; this section only links there.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';

import { Button, Choice } from '../../../../components/ui';
import { patchTeamSettings } from '../../api/settings';
import { SaveOutcome } from './save-outcome';
import type { TeamSettingsSectionProps } from './team-settings-section';
import { useSave } from './use-save';

export function SecondFactorSection({ settings, editable, onSaved }: TeamSettingsSectionProps) {
  const { t } = useLingui();
  const id = useId();
  const [required, setRequired] = useState(settings.require_second_factor);
  const save = useSave();

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    void save.run(
      async () => {
        await patchTeamSettings({ require_second_factor: required });
        onSaved();
      },
      required
        ? t`Saved: every member now needs a second factor.`
        : t`Saved: a second factor is now each member’s own choice.`,
      t`The setting could not be saved.`,
    );
  }

  return (
    <section aria-labelledby="settings-second-factor" className="settings-section">
      <h2 id="settings-second-factor">
        <Trans>Second factor</Trans>
      </h2>
      <p>
        <Trans>
          A second factor is a security key, a passkey or an authenticator app, asked for after the passphrase
          when a member signs in. Someone who learns a member’s passphrase still cannot sign in without it.
        </Trans>
      </p>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          <Choice
            type="checkbox"
            id={`${id}-required`}
            label={t`Every member must use a second factor`}
            detail={t`Members who have none are asked to add one at their next sign-in, before they can do anything else in the console. Members who already have one notice no change.`}
            detailId={`${id}-required-detail`}
            checked={required}
            onChange={setRequired}
          />
          {editable && (
            <Button type="submit">{save.busy ? <Trans>Saving…</Trans> : <Trans>Save</Trans>}</Button>
          )}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
      <p>
        <Trans>
          Your own second factors, and your passphrase, are on{' '}
          <Link to="/team/account">your account page</Link>.
        </Trans>
      </p>
    </section>
  );
}
