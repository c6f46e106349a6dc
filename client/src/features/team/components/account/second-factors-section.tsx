import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
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

/** What was just added. */
type Added = 'key' | 'totp';

function problemText(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.code === 'second_factor_last') {
    return i18n._(
      msg`Your team requires a second factor, so you cannot remove your last one. Add another first.`,
    );
  }
  return errorText(error, fallback);
}

/** The member's second factors: security keys and passkeys, an authenticator app, one-time codes. */
export function SecondFactorsSection() {
  const { t } = useLingui();
  const { state, reload, refresh } = useLoad((signal) => getSecondFactors({ signal }), []);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const confirmation = useConfirmation();

  function added(what: Added, shown: string[] | null) {
    teamSession.secondFactorAdded();
    setError(null);
    setDone(
      what === 'key'
        ? t`The security key was added. Confide will ask for a second factor each time you sign in.`
        : t`The authenticator app was added. Confide will ask for a second factor each time you sign in.`,
    );
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
      const keyName = what.name;
      void act(
        () => removeSecurityKey(what.id).then(() => undefined),
        t`${keyName} was removed.`,
        t`The key could not be removed.`,
      );
    } else if (what.kind === 'totp') {
      void act(
        () => removeTotp().then(() => undefined),
        t`The authenticator app was removed.`,
        t`The app could not be removed.`,
      );
    } else {
      void act(
        async () => setCodes(await newRecoveryCodes()),
        t`New one-time recovery codes were made. The old ones no longer work.`,
        t`New codes could not be made.`,
      );
    }
  }

  const pendingKeyName = pending?.kind === 'key' ? pending.name : '';
  return (
    <section aria-labelledby="account-second-factor" className="account-section">
      <h2 id="account-second-factor">
        <Trans>Second factor</Trans>
      </h2>
      <p>
        <Trans>
          After your passphrase, Confide asks for a second proof that it is you: a security key, a passkey, or
          a code from an authenticator app. Someone who learns your passphrase still cannot sign in as you.
        </Trans>
      </p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Loading your second factors…</Trans>
        </p>
      )}
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, t`Your second factors could not be loaded.`)}
        >
          <Button variant="secondary" onClick={reload}>
            <Trans>Try again</Trans>
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
            ? t`Remove ${pendingKeyName}?`
            : pending?.kind === 'totp'
              ? t`Remove the authenticator app?`
              : t`Make new one-time recovery codes?`
        }
        confirmLabel={pending?.kind === 'codes' ? t`Make new codes` : t`Remove`}
        busy={busy}
        onConfirm={confirmPending}
        onCancel={() => setPending(null)}
      >
        <p>
          {pending?.kind === 'codes' ? (
            <Trans>The codes you have now stop working. The new ones are shown once.</Trans>
          ) : (
            <Trans>It will no longer sign you in. You can add it again later.</Trans>
          )}
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
  onAdded: (what: Added, codes: string[] | null) => void;
  onRemoveKey: (id: string, name: string) => void;
  onRemoveTotp: () => void;
  onNewCodes: () => void;
}) {
  const hasFactor = factors.totp || factors.securityKeys.length > 0;
  return (
    <>
      {factors.requiredByTeam && (
        <p>
          <Trans>
            <strong>Your team requires a second factor</strong> for every member.
          </Trans>
        </p>
      )}
      {!hasFactor && !factors.requiredByTeam && (
        <p className="muted">
          <Trans>You have no second factor yet. Adding one protects your account and the reports.</Trans>
        </p>
      )}

      <h3>
        <Trans>Security keys and passkeys</Trans>
      </h3>
      {factors.securityKeys.length > 0 && (
        <ul className="plain-list account-factor-list">
          {factors.securityKeys.map((key) => {
            const keyName = key.name;
            const added = formatDate(key.createdAt);
            const lastUsed = key.lastUsedAt !== null ? formatDate(key.lastUsedAt) : null;
            return (
              <li key={key.id} className="account-factor">
                <p className="account-factor__name" translate="no">
                  {keyName}
                </p>
                <span className="muted">
                  {lastUsed !== null ? (
                    <Trans>
                      Added {added}, last used {lastUsed}
                    </Trans>
                  ) : (
                    <Trans>Added {added}, not used yet</Trans>
                  )}
                </span>
                <Button
                  variant="quiet"
                  size="small"
                  disabled={busy}
                  onClick={() => onRemoveKey(key.id, key.name)}
                >
                  <Trans>
                    Remove{' '}
                    <span className="visually-hidden" translate="no">
                      {keyName}
                    </span>
                  </Trans>
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <AddSecurityKey onAdded={(codes) => onAdded('key', codes)} />

      <h3>
        <Trans>Authenticator app</Trans>
      </h3>
      {factors.totp ? (
        <div className="account-factor">
          <p className="account-factor__name">
            <Trans>An authenticator app is set up.</Trans>
          </p>
          <Button variant="quiet" size="small" disabled={busy} onClick={onRemoveTotp}>
            <Trans>Remove the authenticator app</Trans>
          </Button>
        </div>
      ) : (
        <AddTotp onAdded={(codes) => onAdded('totp', codes)} />
      )}

      {hasFactor && (
        <>
          <h3>
            <Trans>One-time recovery codes</Trans>
          </h3>
          <p>
            <Trans>If you lose your key or phone, each of these codes signs you in once.</Trans>{' '}
            {recoveryCodesLeftText(factors.recoveryCodesLeft)}
          </p>
          <Button variant="secondary" disabled={busy} onClick={onNewCodes}>
            <Trans>Make new recovery codes</Trans>
          </Button>
        </>
      )}
    </>
  );
}
