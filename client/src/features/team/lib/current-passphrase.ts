/**
 * Proving the passphrase the member has now, in a signed-in session: its `auth`, derived with the
 * member's KDF parameters in a throw-away Worker (the keyring's `proveCurrentPassphrase`; nothing
 * is unlocked with it). The passphrase change sends it as `current_auth`, "Confirm it's you" as
 * `auth`: one way, so both derive it alike.
 */
import { ApiError } from '../../../lib/api-client';
import { errorText } from '../../../lib/error-words';
import { isKeyringError, type Keyring } from '../../../lib/keyring/keyring';
import { getSession } from '../api/session';

export async function currentPassphraseAuth(keyring: Keyring, passphrase: string): Promise<string> {
  const { kdf } = await getSession();
  return keyring.proveCurrentPassphrase(passphrase, kdf);
}

const CURRENT_WRONG = 'Your current passphrase is not right. Nothing was changed.';
const WEAK_KDF =
  'The server asked this browser to protect your passphrase with weaker settings than Confide allows, ' +
  'so nothing was changed. Tell your team’s admins: this may be an attack on the server.';

/** What to say when proving the current passphrase failed (403 current_passphrase_wrong, weak settings). */
export function currentPassphraseProblem(error: unknown, fallback: string): string {
  if (error instanceof ApiError && error.code === 'current_passphrase_wrong') return CURRENT_WRONG;
  if (isKeyringError(error, 'KDF_TOO_WEAK') || isKeyringError(error, 'KDF_UNSUPPORTED')) return WEAK_KDF;
  return errorText(error, fallback);
}
