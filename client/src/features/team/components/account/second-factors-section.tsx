import { useState } from 'react';

import { Button, ConfirmDialog, ErrorAlert, Notice } from '../../../../components/ui';
import { useLoad } from '../../../../hooks/use-load';
import { ApiError } from '../../../../lib/api-client';
import { formatDate } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import {
  getSecondFactors,
  newRecoveryCodes,
  removeSecurityKey,
  removeTotp,
  type SecondFactors,
} from '../../api/account';
import { isConfirmationCancelled, useConfirmation } from '../../hooks/use-confirmation';
import { recoveryCodesLeftText } from '../../model/second-factor';
import { endSessionIfUnauthorized } from '../../session/session-ended';
import { teamSession } from '../../session/session-store';
import { ConfirmItsYou } from '../confirm-its-you';
import { AddSecurityKey } from './add-security-key';
import { AddTotp } from './add-totp';
import { OneTimeCodes } from './one-time-codes';

type Pending =
  | { readonly kind: 'key'; readonly id: string; readonly name: string }
  | { readonly kind: 'totp' }
  | { readonly kind: 'codes' };

const LAST_FACTOR =
  'Your team requires a second factor, so you cannot remove your last one. Add another first.';

function problemText(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.code === 'second_factor_last') return LAST_FACTOR;
  return errorText(error, fallback);
}

/** The member's second factors: security keys and passkeys, an authenticator app, one-time codes. */
export function SecondFactorsSection() {
  const { state, reload, refresh } = useLoad((signal) => getSecondFactors({ signal }), []);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const confirmation = useConfirmation();

  function added(what: string, shown: string[] | null) {
    teamSession.secondFactorAdded();
    setError(null);
    setDone(`${what} was added. Confide will ask for a second factor each time you sign in.`);
    setCodes(shown);
    refresh();
  }

  async function act(run: () => Promise<void>, message: string, fallback: string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await confirmation.withConfirmation(run);
      setDone(message);
      refresh();
    } catch (caught) {
      if (isConfirmationCancelled(caught)) return;
      if (!endSessionIfUnauthorized(caught)) setError(problemText(caught, fallback));
    } finally {
      setBusy(false);
    }
  }

  function confirmPending() {
    const what = pending;
    setPending(null);
    if (what === null) return;
    if (what.kind === 'key') {
      void act(
        () => removeSecurityKey(what.id).then(() => undefined),
        `${what.name} was removed.`,
        'The key could not be removed.',
      );
    } else if (what.kind === 'totp') {
      void act(
        () => removeTotp().then(() => undefined),
        'The authenticator app was removed.',
        'The app could not be removed.',
      );
    } else {
      void act(
        async () => setCodes(await newRecoveryCodes()),
        'New one-time recovery codes were made. The old ones no longer work.',
        'New codes could not be made.',
      );
    }
  }

  return (
    <section aria-labelledby="account-second-factor" className="account-section">
      <h2 id="account-second-factor">Second factor</h2>
      <p>
        After your passphrase, Confide asks for a second proof that it is you: a security key, a passkey, or a
        code from an authenticator app. Someone who learns your passphrase still cannot sign in as you.
      </p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading your second factors…
        </p>
      )}
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, 'Your second factors could not be loaded.')}
        >
          <Button variant="secondary" onClick={reload}>
            Try again
          </Button>
        </Notice>
      )}
      {codes !== null && <OneTimeCodes codes={codes} onDone={() => setCodes(null)} />}
      {done !== null && <Notice role="status" title={done} />}
      <ErrorAlert message={error} />
      {confirmation.asking && <ConfirmItsYou {...confirmation.form} />}
      {state.status === 'ready' && codes === null && (
        <Factors
          factors={state.value}
          busy={busy}
          onAdded={added}
          onRemoveKey={(id, name) => setPending({ kind: 'key', id, name })}
          onRemoveTotp={() => setPending({ kind: 'totp' })}
          onNewCodes={() => setPending({ kind: 'codes' })}
        />
      )}
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'key'
            ? `Remove ${pending.name}?`
            : pending?.kind === 'totp'
              ? 'Remove the authenticator app?'
              : 'Make new one-time recovery codes?'
        }
        confirmLabel={pending?.kind === 'codes' ? 'Make new codes' : 'Remove'}
        busy={busy}
        onConfirm={confirmPending}
        onCancel={() => setPending(null)}
      >
        <p>
          {pending?.kind === 'codes'
            ? 'The codes you have now stop working. The new ones are shown once.'
            : 'It will no longer sign you in. You can add it again later.'}
        </p>
      </ConfirmDialog>
    </section>
  );
}

function Factors({
  factors,
  busy,
  onAdded,
  onRemoveKey,
  onRemoveTotp,
  onNewCodes,
}: {
  factors: SecondFactors;
  busy: boolean;
  onAdded: (what: string, codes: string[] | null) => void;
  onRemoveKey: (id: string, name: string) => void;
  onRemoveTotp: () => void;
  onNewCodes: () => void;
}) {
  const hasFactor = factors.totp || factors.securityKeys.length > 0;
  return (
    <>
      {factors.requiredByTeam && (
        <p>
          <strong>Your team requires a second factor</strong> for every member.
        </p>
      )}
      {!hasFactor && !factors.requiredByTeam && (
        <p className="muted">
          You have no second factor yet. Adding one protects your account and the reports.
        </p>
      )}

      <h3>Security keys and passkeys</h3>
      {factors.securityKeys.length > 0 && (
        <ul className="plain-list account-factor-list">
          {factors.securityKeys.map((key) => (
            <li key={key.id} className="account-factor">
              <p className="account-factor__name">{key.name}</p>
              <span className="muted">
                Added {formatDate(key.createdAt)}
                {key.lastUsedAt !== null ? `, last used ${formatDate(key.lastUsedAt)}` : ', not used yet'}
              </span>
              <Button
                variant="quiet"
                size="small"
                disabled={busy}
                onClick={() => onRemoveKey(key.id, key.name)}
              >
                Remove <span className="visually-hidden">{key.name}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <AddSecurityKey onAdded={(codes) => onAdded('The security key', codes)} />

      <h3>Authenticator app</h3>
      {factors.totp ? (
        <div className="account-factor">
          <p className="account-factor__name">An authenticator app is set up.</p>
          <Button variant="quiet" size="small" disabled={busy} onClick={onRemoveTotp}>
            Remove the authenticator app
          </Button>
        </div>
      ) : (
        <AddTotp onAdded={(codes) => onAdded('The authenticator app', codes)} />
      )}

      {hasFactor && (
        <>
          <h3>One-time recovery codes</h3>
          <p>
            If you lose your key or phone, each of these codes signs you in once.{' '}
            {recoveryCodesLeftText(factors.recoveryCodesLeft)}
          </p>
          <Button variant="secondary" disabled={busy} onClick={onNewCodes}>
            Make new recovery codes
          </Button>
        </>
      )}
    </>
  );
}
