import { useRef, useState } from 'react';

import { ApiError } from '../../../lib/api-client';
import { confirmItsYou } from '../api/account';
import { currentPassphraseAuth } from '../lib/current-passphrase';
import { useUnlockedSession } from '../session/use-team-session';

/** Thrown by `withConfirmation` when the member closes the "Confirm it's you" form: show nothing. */
export class ConfirmationCancelled extends Error {
  override readonly name = 'ConfirmationCancelled';
  constructor() {
    super('Nothing was changed.');
  }
}

export function isConfirmationCancelled(error: unknown): boolean {
  return error instanceof ConfirmationCancelled;
}

interface Waiting {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * "Confirm it's you": the server refuses a change to second factors (403
 * `confirmation_required`) in a session that neither began nor was confirmed with the passphrase
 * in the last 10 minutes. `withConfirmation(run)` runs the change; on that refusal it waits for
 * the member to give their passphrase in the form the page shows while `asking` (ConfirmItsYou,
 * whose props are `form`), confirms the session, and runs the change once more. Closing the form
 * rejects with ConfirmationCancelled.
 */
export function useConfirmation() {
  const session = useUnlockedSession();
  const [asking, setAsking] = useState(false);
  const waiting = useRef<Waiting | null>(null);

  async function withConfirmation<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (caught) {
      if (!(caught instanceof ApiError && caught.code === 'confirmation_required')) throw caught;
    }
    await new Promise<void>((resolve, reject) => {
      waiting.current?.reject(new ConfirmationCancelled());
      waiting.current = { resolve, reject };
      setAsking(true);
    });
    return run();
  }

  function settle(outcome: (w: Waiting) => void) {
    const w = waiting.current;
    waiting.current = null;
    setAsking(false);
    if (w) outcome(w);
  }

  /** Derives `auth` as the passphrase change does, and confirms; throws what went wrong. */
  async function confirm(passphrase: string): Promise<void> {
    await confirmItsYou(await currentPassphraseAuth(session.keyring, passphrase));
    settle((w) => w.resolve());
  }

  return {
    asking,
    withConfirmation,
    form: { onConfirm: confirm, onCancel: () => settle((w) => w.reject(new ConfirmationCancelled())) },
  };
}
