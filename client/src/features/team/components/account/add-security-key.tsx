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

const UNAVAILABLE =
  'Security keys and passkeys are not available on this server: they need Confide to be reached by a ' +
  'host name (not an IP address). Use an authenticator app instead, or ask the server’s administrator.';

function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'webauthn_unavailable') return UNAVAILABLE;
    return errorText(error, 'The security key could not be added. Please try again.');
  }
  return webauthnProblem(error, 'register');
}

/** Adding a security key or passkey: the browser and the key do the work, the server checks it. */
export function AddSecurityKey({ onAdded }: { onAdded: (codes: string[] | null) => void }) {
  const nameId = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmation = useConfirmation();

  async function add(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const keyName = name.trim();
    if (keyName === '') return setError('Give this key a name, so you can tell your keys apart.');
    if (keyName.length > 64) return setError('Use at most 64 characters for the name.');
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
          label="Name for this key"
          hint="So you can tell your keys apart: “Blue USB key”, “Phone passkey”."
          name="key-name"
          autoComplete="off"
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Button type="submit" variant="secondary" disabled={busy}>
          {busy && !confirmation.asking ? 'Waiting for your key…' : 'Add a security key or passkey'}
        </Button>
        <FormStatus>
          {busy && !confirmation.asking && (
            <p>Follow your browser: touch your key, or confirm on your device.</p>
          )}
        </FormStatus>
        <ErrorAlert message={error} />
      </form>
      {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
    </>
  );
}
