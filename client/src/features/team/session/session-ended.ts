import { ApiError } from '../../../lib/api-client';
import { isKeyringError } from '../../../lib/keyring/keyring';
import { teamSession } from './session-store';

/**
 * The console's one rule for a 401: the server no longer knows this session (it expired, the
 * member was removed, or they signed out in another tab), so the keys go and the sign-in form
 * comes back, instead of the page showing an error it cannot recover from. A 401 can reach a
 * page from the API client or from a keyring worker that fetched for it (code `unauthorized`).
 *
 * Returns true when it ended the session: the caller then shows nothing more.
 */
export function endSessionIfUnauthorized(error: unknown): boolean {
  if ((error instanceof ApiError && error.status === 401) || isKeyringError(error, 'unauthorized')) {
    teamSession.sessionEnded();
    return true;
  }
  return false;
}
