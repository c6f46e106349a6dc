import { useState } from 'react';

import { errorText } from '../../../lib/error-words';

/**
 * A form that unlocks the member's keys with their passphrase (signing in, unlocking): the
 * passphrase, whether unlocking is under way, and the error to show. A failed attempt empties
 * the passphrase, so a wrong one is not left in the field.
 */
export function usePassphraseForm(failure: string) {
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /**
   * Shows `problem` if there is one (a field left empty); otherwise runs `unlock`, once at a
   * time. On success `busy` stays set: the session changes and this form goes away.
   */
  async function submit(problem: string | null, unlock: () => Promise<void>): Promise<void> {
    if (busy) return;
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await unlock();
    } catch (caught) {
      setPassphrase('');
      setError(errorText(caught, failure));
      setBusy(false);
    }
  }

  return { passphrase, setPassphrase, busy, error, submit };
}
