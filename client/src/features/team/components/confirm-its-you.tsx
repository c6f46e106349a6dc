import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, ButtonRow, ErrorAlert, Fieldset, FormStatus, TextField } from '../../../components/ui';
import { currentPassphraseProblem } from '../lib/current-passphrase';
import { endSessionIfUnauthorized } from '../session/session-ended';
import { useUnlockedSession } from '../session/use-team-session';

/**
 * The small form that asks for the passphrase again before a change to second factors, when the
 * server wants the session confirmed (hooks/use-confirmation.ts). Shown in place, next to what
 * the member was doing; the change goes ahead by itself once the passphrase is confirmed.
 */
export function ConfirmItsYou({
  onConfirm,
  onCancel,
}: {
  onConfirm: (passphrase: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useLingui();
  const session = useUnlockedSession();
  const fieldId = useId();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (passphrase === '') return setError(t`Enter your passphrase.`);
    setBusy(true);
    setError(null);
    try {
      await onConfirm(passphrase);
    } catch (caught) {
      setPassphrase('');
      setBusy(false);
      if (!endSessionIfUnauthorized(caught))
        setError(
          currentPassphraseProblem(caught, t`Your passphrase could not be checked. Please try again.`),
        );
    }
  }

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      <Fieldset
        legend={t`Confirm it’s you`}
        idPrefix={fieldId}
        describeHint
        hint={t`Changes to second factors need your passphrase once every 10 minutes, so that nobody else at this console can make them.`}
      >
        {/* For password managers: whose passphrase this is. Not shown, not focusable. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={session.member.name}
          readOnly
          hidden
        />
        <TextField
          id={fieldId}
          label={t`Your passphrase`}
          name="confirm-passphrase"
          type="password"
          autoComplete="current-password"
          // The form appears because the member just asked for something: they type here next.
          autoFocus
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
        />
        <ButtonRow>
          <Button type="submit" disabled={busy}>
            {busy ? <Trans>Checking…</Trans> : <Trans>Confirm</Trans>}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={onCancel}>
            <Trans>Cancel</Trans>
          </Button>
        </ButtonRow>
        <FormStatus>
          {busy && (
            <p>
              <Trans>Checking your passphrase in this browser… This takes a few seconds.</Trans>
            </p>
          )}
        </FormStatus>
        <ErrorAlert message={error} />
      </Fieldset>
    </form>
  );
}
