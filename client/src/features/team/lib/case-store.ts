/**
 * Decrypted case summaries of this unlocked session, in memory only: tied to the Keyring
 * they were opened with, so they are unreachable once it is locked and a new one is made.
 * A report's payload never changes, so a summary opened once is reused; the metadata
 * (status, assignee, dates) is always fetched fresh.
 */
import type { Keyring, OpenedSummary } from '../../../lib/keyring/keyring';

const summaries = new WeakMap<Keyring, Map<string, OpenedSummary>>();

export function summaryCache(keyring: Keyring): Map<string, OpenedSummary> {
  let cache = summaries.get(keyring);
  if (!cache) {
    cache = new Map();
    summaries.set(keyring, cache);
  }
  return cache;
}
