/**
 * Decrypted case summaries of this unlocked session, in memory only: tied to the Keyring
 * they were opened with, so they are unreachable once it is locked and a new one is made.
 * A report's summary never changes, so a summary opened once is reused (a case written before
 * summaries is listed from its body: decrypted once, then kept here as well); the metadata
 * (status, assignee, dates) is fetched fresh on every visit to the list, which meanwhile
 * shows the list as it was last seen.
 */
// With extensions, and no import of the Keyring itself (its Workers do not exist under Node):
// the pure modules that use ListedCase are unit-tested under Node.
import type { CaseMeta, OpenedSummary } from '../../../lib/keyring/types.js';
import type { CaseListIndex } from '../model/case-list-index.js';

/** A case of the list: its metadata as served now, and its summary as opened in this session. */
export interface ListedCase {
  readonly row: CaseMeta;
  readonly opened: OpenedSummary;
}

/** The Keyring of an unlocked session: what the cases are kept by, and forgotten with. */
type Session = object;

interface SessionCases {
  readonly summaries: Map<string, OpenedSummary>;
  /** The last complete list, triaged and ordered: shown at once on the next visit. */
  lastList: CaseListIndex | null;
}

const sessions = new WeakMap<Session, SessionCases>();

function casesOf(keyring: Session): SessionCases {
  let cases = sessions.get(keyring);
  if (!cases) {
    cases = { summaries: new Map(), lastList: null };
    sessions.set(keyring, cases);
  }
  return cases;
}

export function summaryCache(keyring: Session): Map<string, OpenedSummary> {
  return casesOf(keyring).summaries;
}

export function lastCaseList(keyring: Session): CaseListIndex | null {
  return casesOf(keyring).lastList;
}

export function rememberCaseList(keyring: Session, list: CaseListIndex): void {
  casesOf(keyring).lastList = list;
}

/**
 * Forgets case `caseId` in this session: after a recusal the member can no longer open it, and
 * the list shown while the current one loads must not offer it for that moment.
 */
export function forgetCase(keyring: Session, caseId: string): void {
  const cases = casesOf(keyring);
  cases.summaries.delete(caseId);
  cases.lastList?.forget(caseId);
}
