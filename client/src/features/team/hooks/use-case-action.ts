import { useState } from 'react';

import { errorText } from '../../../lib/error-words';

export interface CaseActionResult {
  readonly tone: 'ok' | 'error';
  readonly text: string;
}

export interface CaseAction {
  readonly busy: boolean;
  readonly result: CaseActionResult | null;
  /**
   * Runs `action` once at a time; on success says `done` and reloads the case, on failure says
   * what the server or the keyring said (or `failed`). Resolves to whether it succeeded.
   */
  run(action: () => Promise<unknown>, done: string, failed: string): Promise<boolean>;
  /** Forgets the last result (a form was reopened). */
  clear(): void;
}

/** One handling action's state: busy while it runs, then what happened, in words. */
export function useCaseAction(onChanged: () => void): CaseAction {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CaseActionResult | null>(null);

  async function run(action: () => Promise<unknown>, done: string, failed: string): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setResult(null);
    try {
      await action();
      setResult({ tone: 'ok', text: done });
      onChanged();
      return true;
    } catch (caught) {
      setResult({ tone: 'error', text: errorText(caught, failed) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { busy, result, run, clear: () => setResult(null) };
}
