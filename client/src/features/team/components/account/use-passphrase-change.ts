/**
 * Changing the passphrase while signed in: the current passphrase proves it is the member at the
 * keyboard (its `auth`, derived in a throw-away worker); the keys, which never leave the keyring
 * worker, are wrapped under the new passphrase (and a new recovery code, when asked) there.
 */
import { useState } from 'react';

import { ApiError } from '../../../../lib/api-client';
import { isKeyringError, type Keyring } from '../../../../lib/keyring/keyring';
import { errorText } from '../../../../lib/format';
import { changePassphrase } from '../../api/account';
import { getSession } from '../../api/session';
import { endSessionIfUnauthorized } from '../../session/session-ended';

export type ChangeStage = 'proving' | 'wrapping' | 'saving';

export interface PassphraseChanged {
  /** The new recovery code, shown once; null when the old one stays. */
  readonly recoveryCode: string | null;
}

const CURRENT_WRONG = 'Your current passphrase is not right. Nothing was changed.';
const WEAK_KDF =
  'The server asked this browser to protect your passphrase with weaker settings than Confide allows, ' +
  'so nothing was changed. Tell your team’s admins: this may be an attack on the server.';

function problemText(error: unknown): string {
  if (error instanceof ApiError && error.code === 'current_passphrase_wrong') return CURRENT_WRONG;
  if (isKeyringError(error, 'KDF_TOO_WEAK') || isKeyringError(error, 'KDF_UNSUPPORTED')) return WEAK_KDF;
  return errorText(error, 'Your passphrase could not be changed. Please try again.');
}

export function usePassphraseChange(keyring: Keyring) {
  const [stage, setStage] = useState<ChangeStage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [changed, setChanged] = useState<PassphraseChanged | null>(null);

  async function change(args: { current: string; next: string; newRecoveryCode: boolean }): Promise<boolean> {
    if (stage !== null) return false;
    setStage('proving');
    setError(null);
    setChanged(null);
    try {
      const { kdf } = await getSession();
      const currentAuth = await keyring.proveCurrentPassphrase(args.current, kdf);
      setStage('wrapping');
      const rewrapped = await keyring.rewrap({
        passphrase: args.next,
        newRecoveryCode: args.newRecoveryCode,
      });
      setStage('saving');
      await changePassphrase({
        current_auth: currentAuth,
        ...rewrapped.credentials,
        ...(rewrapped.recovery === null ? {} : { recovery: rewrapped.recovery.copy }),
      });
      setChanged({ recoveryCode: rewrapped.recovery?.code ?? null });
      return true;
    } catch (caught) {
      if (!endSessionIfUnauthorized(caught)) setError(problemText(caught));
      return false;
    } finally {
      setStage(null);
    }
  }

  return { stage, error, changed, change, dismiss: () => setChanged(null) };
}
