/**
 * Changing the passphrase while signed in: the current passphrase proves it is the member at the
 * keyboard (its `auth`, derived in a throw-away worker); the keys, which never leave the keyring
 * worker, are wrapped under the new passphrase (and a new recovery code, when asked) there.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { useState } from 'react';

import type { Keyring } from '../../../../lib/keyring/keyring';
import { changePassphrase } from '../../api/account';
import { currentPassphraseAuth, currentPassphraseProblem } from '../../lib/current-passphrase';
import { endSessionIfUnauthorized } from '../../session/session-ended';

export type ChangeStage = 'proving' | 'wrapping' | 'saving';

export interface PassphraseChanged {
  /** The new recovery code, shown once; null when the old one stays. */
  readonly recoveryCode: string | null;
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
      const currentAuth = await currentPassphraseAuth(keyring, args.current);
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
      if (!endSessionIfUnauthorized(caught)) {
        setError(
          currentPassphraseProblem(
            caught,
            i18n._(msg`Your passphrase could not be changed. Please try again.`),
          ),
        );
      }
      return false;
    } finally {
      setStage(null);
    }
  }

  return { stage, error, changed, change, dismiss: () => setChanged(null) };
}
