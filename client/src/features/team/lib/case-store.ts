/**
 * Decrypted case summaries of this unlocked session, in memory only: tied to the Keyring
 * they were opened with, so they are unreachable once it is locked and a new one is made.
 * A report's payload never changes, so a summary opened once is reused; the metadata
 * (status, assignee, dates) is fetched fresh on every visit to the list, which meanwhile
 * shows the list as it was last seen.
 */
import type { Keyring, OpenedSummary } from '../../../lib/keyring/keyring';
import type { ListedCase } from '../api/load-cases';

interface SessionCases {
  readonly summaries: Map<string, OpenedSummary>;
  lastList: ListedCase[] | null;
}

const sessions = new WeakMap<Keyring, SessionCases>();

function casesOf(keyring: Keyring): SessionCases {
  let cases = sessions.get(keyring);
  if (!cases) {
    cases = { summaries: new Map(), lastList: null };
    sessions.set(keyring, cases);
  }
  return cases;
}

export function summaryCache(keyring: Keyring): Map<string, OpenedSummary> {
  return casesOf(keyring).summaries;
}

export function lastCaseList(keyring: Keyring): ListedCase[] | null {
  return casesOf(keyring).lastList;
}

export function rememberCaseList(keyring: Keyring, list: ListedCase[]): void {
  casesOf(keyring).lastList = list;
}
