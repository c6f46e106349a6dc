/** One save of a settings section: busy, the error in words, and a confirmation. */
import { useState } from 'react';

import { errorText } from '../../../../lib/error-words';
import { endSessionIfUnauthorized } from '../../session/session-ended';

export interface Save {
  readonly busy: boolean;
  readonly error: string | null;
  readonly done: string | null;
  /** `failText`: the words when the error has none of its own, or a function choosing them. */
  run(
    action: () => Promise<unknown>,
    doneText: string,
    failText: string | ((error: unknown) => string),
  ): Promise<void>;
  setError(message: string | null): void;
}

export function useSave(): Save {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return {
    busy,
    error,
    done,
    setError,
    async run(action, doneText, failText) {
      if (busy) return;
      setBusy(true);
      setError(null);
      setDone(null);
      try {
        await action();
        setDone(doneText);
      } catch (caught) {
        endSessionIfUnauthorized(caught);
        setError(typeof failText === 'function' ? failText(caught) : errorText(caught, failText));
      } finally {
        setBusy(false);
      }
    },
  };
}
