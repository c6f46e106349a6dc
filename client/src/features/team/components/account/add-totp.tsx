import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
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
    if (error.code === 'totp_not_started') {
      return i18n._(msg`This set-up expired. Cancel and start again: your app will need the new secret.`);
    }
    if (error.code === 'totp_already_set') {
      return i18n._(msg`An authenticator app is already set up for you.`);
    }
  }
  return errorText(error, i18n._(msg`The authenticator app could not be set up. Please try again.`));
}

/**
 * Setting up an authenticator app (TOTP): a new secret from the server, shown as a QR code and as
 * text, in force only once a code from the app is confirmed.
 */
export function AddTotp({ onAdded }: { onAdded: (codes: string[] | null) => void }) {
  const { t } = useLingui();
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
          <Trans>
            An app on your phone, such as Aegis, Google Authenticator or 1Password, shows a new six-digit code
            every 30 seconds.
          </Trans>
        </p>
        <Button variant="secondary" disabled={busy} onClick={() => void start()}>
          <Trans>Set up an authenticator app</Trans>
        </Button>
        {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
        <ErrorAlert message={error} />
      </>
    );
  }

  const groupedSecret = grouped(secret.secret);
  return (
    <>
      <form className="form" onSubmit={(e) => void confirm(e)} noValidate aria-busy={busy}>
        <ol className="point-list">
          <li>
            <Trans>In your authenticator app, add an account and scan this code.</Trans>
          </li>
          <li>
            <Trans>Then type the six-digit code the app shows, to confirm it works.</Trans>
          </li>
        </ol>
        <QrCode value={secret.uri} label={t`QR code with the secret for your authenticator app`} />
        <p>
          <Trans>
            Cannot scan it? Type this secret into the app instead (its type is “time-based”):
            <br />
            <span className="account-secret" translate="no">
              {groupedSecret}
            </span>
          </Trans>
        </p>
        <ButtonRow>
          <CopyButton text={secret.secret} label={t`Copy the secret`} />
        </ButtonRow>
        <TextField
          id={codeId}
          label={t`Code from your authenticator app`}
          hint={t`Six digits.`}
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
            {busy ? <Trans>Checking…</Trans> : <Trans>Confirm and turn on</Trans>}
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
            <Trans>Cancel</Trans>
          </Button>
        </ButtonRow>
        <FormStatus>
          {busy && !confirmation.asking && (
            <p>
              <Trans>Checking the code…</Trans>
            </p>
          )}
        </FormStatus>
        <ErrorAlert message={error} />
      </form>
      {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
    </>
  );
}
