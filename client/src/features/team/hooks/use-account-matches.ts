import { useEffect, useState } from 'react';

import { isKeyringError, type Keyring } from '../../../lib/keyring/keyring';
import { getCasesWithTag } from '../api/case-tags';

/** What the case list's filter by account found (docs/protocol.md 12). */
export type AccountMatches =
  | { readonly status: 'off' }
  | { readonly status: 'finding' }
  | { readonly status: 'found'; readonly ids: ReadonlySet<string>; readonly more: boolean }
  /** The name normalises to nothing: only spaces and underscores. */
  | { readonly status: 'no-name' }
  /** This browser holds no index key, so it cannot make the tag to ask for. */
  | { readonly status: 'no-key' }
  | { readonly status: 'failed'; readonly error: unknown };

/**
 * The cases that name `account`: its tag is made in the keyring with the team's index key, and the
 * server lists the cases this member may see that carry it. The name never leaves the browser.
 * `account` '' turns the filter off.
 */
export function useAccountMatches(keyring: Keyring, slug: string, account: string): AccountMatches {
  const [found, setFound] = useState<AccountMatches>({ status: 'off' });
  useEffect(() => {
    if (account.trim() === '') {
      setFound({ status: 'off' });
      return;
    }
    const controller = new AbortController();
    setFound({ status: 'finding' });
    void (async () => {
      try {
        const { tags } = await keyring.tagNames([account]);
        const tag = tags[0] ?? null;
        if (tag === null) {
          setFound({ status: 'no-name' });
          return;
        }
        const reply = await getCasesWithTag(slug, tag, { signal: controller.signal });
        if (!controller.signal.aborted)
          setFound({ status: 'found', ids: new Set(reply.cases), more: reply.more });
      } catch (error) {
        if (controller.signal.aborted) return;
        setFound(isKeyringError(error, 'NO_INDEX_KEY') ? { status: 'no-key' } : { status: 'failed', error });
      }
    })();
    return () => controller.abort();
  }, [keyring, slug, account]);
  return found;
}
