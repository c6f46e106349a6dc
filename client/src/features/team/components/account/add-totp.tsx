import { useId, useState, type SubmitEvent } from 'react';

import { CopyButton } from '../../../../components/copy-button';
import { Button, ButtonRow, ErrorAlert, FormStatus, TextField } from '../../../../components/ui';
import { ApiError } from '../../../../lib/api-client';
import { errorText } from '../../../../lib/error-words';
import { confirmTotp, startTotp } from '../../api/account';
import { isConfirmationCancelled, useConfirmation } from '../../hooks/use-confirmation';
import { checkTotpInput, wrongProofMessage } from '../../model/second-factor';
import { endSessionIfUnauthorized } from '../../session/session-ended';
import { ConfirmItsYou } from '../confirm-its-you';
import { QrCode } from './qr-code';

/** The base32 secret in groups of four, for typing into an app by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'second_factor_invalid') return wrongProofMessage('totp');
    if (error.code === 'totp_not_started')
      return 'This set-up expired. Cancel and start again: your app will need the new secret.';
    if (error.code === 'totp_already_set') return 'An authenticator app is already set up for you.';
  }
  return errorText(error, 'The authenticator app could not be set up. Please try again.');
}

/**
 * Setting up an authenticator app (TOTP): a new secret from the server, shown as a QR code and as
 * text, in force only once a code from the app is confirmed.
 */
export function AddTotp({ onAdded }: { onAdded: (codes: string[] | null) => void }) {
  const codeId = useId();
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmation = useConfirmation();

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setSecret(await confirmation.withConfirmation(startTotp));
    } catch (caught) {
      if (isConfirmationCancelled(caught)) return;
      if (!endSessionIfUnauthorized(caught)) setError(problemText(caught));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const check = checkTotpInput(code);
    if (!check.ok) return setError(check.message);
    setBusy(true);
    setError(null);
    try {
      const codes = await confirmation.withConfirmation(() => confirmTotp(check.code));
      setSecret(null);
      setCode('');
      onAdded(codes);
    } catch (caught) {
      if (isConfirmationCancelled(caught)) return;
      setCode('');
      if (!endSessionIfUnauthorized(caught)) setError(problemText(caught));
    } finally {
      setBusy(false);
    }
  }

  if (secret === null) {
    return (
      <>
        <p>
          An app on your phone, such as Aegis, Google Authenticator or 1Password, shows a new six-digit code
          every 30 seconds.
        </p>
        <Button variant="secondary" disabled={busy} onClick={() => void start()}>
          Set up an authenticator app
        </Button>
        {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
        <ErrorAlert message={error} />
      </>
    );
  }

  return (
    <>
      <form className="form" onSubmit={(e) => void confirm(e)} noValidate aria-busy={busy}>
        <ol className="point-list">
          <li>In your authenticator app, add an account and scan this code.</li>
          <li>Then type the six-digit code the app shows, to confirm it works.</li>
        </ol>
        <QrCode value={secret.uri} label="QR code with the secret for your authenticator app" />
        <p>
          Cannot scan it? Type this secret into the app instead (its type is “time-based”):
          <br />
          <span className="account-secret" translate="no">
            {grouped(secret.secret)}
          </span>
        </p>
        <ButtonRow>
          <CopyButton text={secret.secret} label="Copy the secret" />
        </ButtonRow>
        <TextField
          id={codeId}
          label="Code from your authenticator app"
          hint="Six digits."
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          width="narrow"
          code
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <ButtonRow>
          <Button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Confirm and turn on'}
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => {
              setSecret(null);
              setCode('');
              setError(null);
            }}
          >
            Cancel
          </Button>
        </ButtonRow>
        <FormStatus>{busy && !confirmation.asking && <p>Checking the code…</p>}</FormStatus>
        <ErrorAlert message={error} />
      </form>
      {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
    </>
  );
}
