/**
 * The second step of signing in (or of a recovery): the member proves the second factor with a
 * security key or passkey, a code from an authenticator app, or a one-time recovery code.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { startAuthentication } from '@simplewebauthn/browser';
import { useId, useState, type SubmitEvent } from 'react';

import type { SecondFactorMethod } from '#contract/enumerations';
import {
  Button,
  ButtonRow,
  ErrorAlert,
  FormStatus,
  Notice,
  PageHeading,
  TextField,
} from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { errorText } from '../../../../lib/error-words';
import type { SecondFactorProof } from '../../api/session';
import {
  checkBackupCodeInput,
  checkTotpInput,
  METHOD_LABELS,
  wrongProofMessage,
} from '../../model/second-factor';
import { isRequestOptions, webauthnProblem } from '../../model/webauthn';
import { SignInError, type SecondFactorStep } from '../../session/session-store';
import { FocusHeading } from './focus-heading';
import './account.css';

/** Codes that end the step: the page goes back to its first form with the message. */
const STEP_ENDED = new Set([
  'second_factor_token_invalid',
  'unauthorized',
  'roster_invalid',
  'keys_mismatch',
]);

export function SecondFactorForm({
  step,
  onRestart,
  heading,
  lead,
}: {
  step: SecondFactorStep;
  /** The step is over (expired, used, or the member gave up): back to the first form. */
  onRestart: (message: string | null) => void;
  heading?: string;
  lead?: string;
}) {
  const { t } = useLingui();
  useDocumentTitle(t`Second step of signing in`);
  const totpId = useId();
  const backupId = useId();
  const [busy, setBusy] = useState<SecondFactorMethod | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [totp, setTotp] = useState('');
  const [backup, setBackup] = useState('');
  const [showBackup, setShowBackup] = useState(!step.methods.some((m) => m !== 'recovery_code'));

  const headingId = useId();
  const options = step.webauthn;
  const keyOptions =
    step.methods.includes('webauthn') && options !== null && isRequestOptions(options) ? options : null;
  const canUseTotp = step.methods.includes('totp');
  const canUseBackup = step.methods.includes('recovery_code');

  async function send(method: SecondFactorMethod, proof: () => Promise<SecondFactorProof>) {
    if (busy !== null) return;
    setBusy(method);
    setError(null);
    try {
      await step.answer(await proof());
      // The console opens: this form goes away.
    } catch (caught) {
      setBusy(null);
      if (caught instanceof SignInError && STEP_ENDED.has(caught.code)) {
        onRestart(caught.message);
        return;
      }
      if (caught instanceof SignInError && caught.code === 'second_factor_invalid') {
        setError(wrongProofMessage(method));
      } else if (caught instanceof SignInError) {
        setError(caught.message);
      } else if (method === 'webauthn') {
        setError(webauthnProblem(caught, 'sign-in'));
      } else {
        setError(errorText(caught, t`That did not work. Please try again.`));
      }
      if (method === 'totp') setTotp('');
    }
  }

  function signInWithKey() {
    if (keyOptions === null) return;
    const optionsJSON = keyOptions;
    void send('webauthn', async () => {
      const response = await startAuthentication({ optionsJSON });
      return { webauthn: { ...response } };
    });
  }

  function submitTotp(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const check = checkTotpInput(totp);
    if (!check.ok) return setError(check.message);
    void send('totp', () => Promise.resolve({ totp: check.code }));
  }

  function submitBackup(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const check = checkBackupCodeInput(backup);
    if (!check.ok) return setError(check.message);
    void send('recovery_code', () => Promise.resolve({ recovery_code: check.code }));
  }

  return (
    <FocusHeading>
      <PageHeading>{heading ?? t`Confirm it’s you`}</PageHeading>
      <p className="lead">
        {lead ?? t`Your passphrase was right. Your account also has a second factor: use it now.`}
      </p>

      {keyOptions !== null && (
        <section className="account-method" aria-labelledby={`${headingId}-key`}>
          <h2 id={`${headingId}-key`}>
            <Trans>Security key or passkey</Trans>
          </h2>
          <p>
            <Trans>
              Have your security key at hand, or the device that holds your passkey, and follow your browser.
            </Trans>
          </p>
          <Button disabled={busy !== null} onClick={signInWithKey}>
            {busy === 'webauthn' ? <Trans>Waiting for your key…</Trans> : METHOD_LABELS.webauthn}
          </Button>
        </section>
      )}

      {canUseTotp && (
        <section className="account-method" aria-labelledby={`${headingId}-app`}>
          <h2 id={`${headingId}-app`}>
            <Trans>Authenticator app</Trans>
          </h2>
          <form className="form" onSubmit={submitTotp} noValidate aria-busy={busy === 'totp'}>
            <TextField
              id={totpId}
              label={t`Code from your authenticator app`}
              hint={t`Six digits. It changes every 30 seconds.`}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              width="narrow"
              code
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
            />
            <Button type="submit" disabled={busy !== null}>
              {busy === 'totp' ? <Trans>Checking…</Trans> : <Trans>Confirm</Trans>}
            </Button>
          </form>
        </section>
      )}

      {canUseBackup && (
        <section className="account-method" aria-labelledby={`${headingId}-backup`}>
          <h2 id={`${headingId}-backup`}>
            <Trans>Lost your key or phone?</Trans>
          </h2>
          {showBackup ? (
            <form className="form" onSubmit={submitBackup} noValidate aria-busy={busy === 'recovery_code'}>
              <TextField
                id={backupId}
                label={t`One-time recovery code`}
                hint={t`One of the codes you were shown when you added your second factor. Each works once.`}
                name="recovery-code"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                code
                value={backup}
                onChange={(e) => setBackup(e.target.value)}
              />
              <Button type="submit" disabled={busy !== null}>
                {busy === 'recovery_code' ? <Trans>Checking…</Trans> : <Trans>Use this code</Trans>}
              </Button>
            </form>
          ) : (
            <Button variant="secondary" onClick={() => setShowBackup(true)}>
              {METHOD_LABELS.recovery_code}
            </Button>
          )}
        </section>
      )}

      {keyOptions === null && !canUseTotp && !canUseBackup && (
        <Notice tone="caution" title={t`None of your second factors can be used here.`}>
          <p>
            <Trans>
              Security keys and passkeys work only when Confide is reached by its host name. Ask an admin of
              your team for help.
            </Trans>
          </p>
        </Notice>
      )}

      <FormStatus>
        {busy !== null && (
          <p>
            <Trans>Checking, then unlocking your keys in this browser…</Trans>
          </p>
        )}
      </FormStatus>
      <ErrorAlert message={error} />
      <ButtonRow spaced>
        <Button
          variant="quiet"
          disabled={busy !== null}
          onClick={() => {
            step.cancel();
            onRestart(null);
          }}
        >
          <Trans>Cancel and start again</Trans>
        </Button>
      </ButtonRow>
    </FocusHeading>
  );
}
