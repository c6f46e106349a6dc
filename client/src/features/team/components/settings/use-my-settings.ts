/**
 * The signed-in member's own settings: fetched sealed (GET /api/me/settings), opened by the
 * keyring worker, saved sealed again (PUT). The page sees the opened list only.
 */
import { useCallback, useEffect, useState } from 'react';

import { isAbortError } from '../../../../lib/api-client';
import type { Keyring } from '../../../../lib/keyring/keyring';
import { getMySettings, putMySettings } from '../../api/settings';

export type MySettingsState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly personalDetails: readonly string[] }
  | { readonly status: 'error'; readonly error: unknown };

export interface MySettings {
  readonly state: MySettingsState;
  /** The list to check against, empty until loaded (or when it could not be). */
  readonly personalDetails: readonly string[];
  /** Encrypts and saves the list; rejects with the request's or the keyring's error. */
  save(personalDetails: readonly string[]): Promise<void>;
}

export function useMySettings(keyring: Keyring): MySettings {
  const [state, setState] = useState<MySettingsState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    getMySettings({ signal: controller.signal })
      .then(async (sealed) => {
        const opened = sealed === null ? { personalDetails: [] } : await keyring.openMemberSettings(sealed);
        if (!controller.signal.aborted)
          setState({ status: 'ready', personalDetails: opened.personalDetails });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted && !isAbortError(error)) setState({ status: 'error', error });
      });
    return () => controller.abort();
  }, [keyring]);

  const save = useCallback(
    async (personalDetails: readonly string[]) => {
      const sealed = await keyring.sealMemberSettings(personalDetails);
      await putMySettings(sealed);
      setState({ status: 'ready', personalDetails: [...personalDetails] });
    },
    [keyring],
  );

  return {
    state,
    personalDetails: state.status === 'ready' ? state.personalDetails : [],
    save,
  };
}
