import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { startRegistration } from '@simplewebauthn/browser';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, ErrorAlert, FormStatus, TextField } from '../../../../components/ui';
import { ApiError } from '../../../../lib/api-client';
import { errorText } from '../../../../lib/error-words';
import { addSecurityKey, securityKeyOptions } from '../../api/account';
import { isConfirmationCancelled, useConfirmation } from '../../hooks/use-confirmation';
import { isCreationOptions, webauthnProblem } from '../../model/webauthn';
import { endSessionIfUnauthorized } from '../../session/session-ended';
import { ConfirmItsYou } from '../confirm-its-you';

function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'webauthn_unavailable') {
      return i18n._(
        msg`Security keys and passkeys are not available on this server: they need Confide to be reached by a host name (not an IP address). Use an authenticator app instead, or ask the server’s administrator.`,
      );
    }
    return errorText(error, i18n._(msg`The security key could not be added. Please try again.`));
  }
  return webauthnProblem(error, 'register');
}

/** Adding a security key or passkey: the browser and the key do the work, the server checks it. */
export function AddSecurityKey({ onAdded }: { onAdded: (codes: string[] | null) => void }) {
  const { t } = useLingui();
  const nameId = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmation = useConfirmation();

  async function add(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const keyName = name.trim();
    if (keyName === '') return setError(t`Give this key a name, so you can tell your keys apart.`);
    if (keyName.length > 64) return setError(t`Use at most 64 characters for the name.`);
    setBusy(true);
    setError(null);
    try {
      const options = await confirmation.withConfirmation(securityKeyOptions);
      if (!isCreationOptions(options)) {
        throw new ApiError(200, 'invalid_response', 'Confide sent a reply this page could not read.');
      }
      const response = await startRegistration({ optionsJSON: options });
      const codes = await confirmation.withConfirmation(() => addSecurityKey(keyName, { ...response }));
      setName('');
      onAdded(codes);
    } catch (caught) {
      if (isConfirmationCancelled(caught)) return;
      if (!endSessionIfUnauthorized(caught)) setError(problemText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form className="form" onSubmit={(e) => void add(e)} noValidate aria-busy={busy}>
        <TextField
          id={nameId}
          label={t`Name for this key`}
          hint={t`So you can tell your keys apart: “Blue USB key”, “Phone passkey”.`}
          name="key-name"
          autoComplete="off"
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="submit" variant="secondary" disabled={busy}>
          {busy && !confirmation.asking ? (
            <Trans>Waiting for your key…</Trans>
          ) : (
            <Trans>Add a security key or passkey</Trans>
          )}
        </Button>
        <FormStatus>
          {busy && !confirmation.asking && (
            <p>
              <Trans>Follow your browser: touch your key, or confirm on your device.</Trans>
            </p>
          )}
        </FormStatus>
        <ErrorAlert message={error} />
      </form>
      {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
    </>
  );
}
