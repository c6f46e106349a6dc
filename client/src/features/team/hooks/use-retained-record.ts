import { useEffect } from 'react';

import { writeRetainedRecord } from '../lib/retained-writer';
import { needsRetainedRecord } from '../model/retained-record';
import { useUnlockedSession } from '../session/use-team-session';
import type { LoadedCase } from './use-case';

/**
 * On the case page: writes the case's retained record (docs/protocol.md 10.8) as soon as a
 * finished case without one is shown. Closing a case reloads the page with the case closed, so
 * this is what writes the record right after a member closes a case, or closes it again after
 * reopening it (the server forgets the earlier record then). Quiet, like the list's sweep: a
 * failure leaves the case for the next console that sees it, and is not the page's business.
 * Not aborted when the page is left: it is one short request, and leaving right after closing
 * must not lose it.
 */
export function useRetainedRecord(loaded: LoadedCase): void {
  const { keyring } = useUnlockedSession();
  useEffect(() => {
    if (!needsRetainedRecord(loaded.detail)) return;
    writeRetainedRecord(keyring, loaded).catch(() => undefined);
  }, [keyring, loaded]);
}
