/**
 * Proving the passphrase the member has now, in a signed-in session: its `auth`, derived with the
 * member's KDF parameters in a throw-away Worker (the keyring's `proveCurrentPassphrase`; nothing
 * is unlocked with it). The passphrase change sends it as `current_auth`, "Confirm it's you" as
 * `auth`: one way, so both derive it alike.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { ApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-words';
import { isKeyringError, type Keyring } from '../../../lib/keyring/keyring';
import { getSession } from '../api/session';

export async function currentPassphraseAuth(keyring: Keyring, passphrase: string): Promise<string> {
  const { kdf } = await getSession();
  return keyring.proveCurrentPassphrase(passphrase, kdf);
}

/** What to say when proving the current passphrase failed (403 current_passphrase_wrong, weak settings). */
export function currentPassphraseProblem(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.code === 'current_passphrase_wrong') {
    return i18n._(msg`Your current passphrase is not right. Nothing was changed.`);
  }
  if (isKeyringError(error, 'KDF_TOO_WEAK') || isKeyringError(error, 'KDF_UNSUPPORTED')) {
    return i18n._(
      msg`The server asked this browser to protect your passphrase with weaker settings than Confide allows, so nothing was changed. Tell your team’s admins: this may be an attack on the server.`,
    );
  }
  return errorText(error, fallback);
}
