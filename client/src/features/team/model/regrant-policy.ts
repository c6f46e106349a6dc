/**
 * R-3 (docs/review-notes.md, "Exclusions are not available, authenticated, for later grants"):
 * when an admin adds a member, the keys of earlier cases are re-encrypted to them ("re-grant"),
 * so that they can help with cases already open. A reporter may have excluded people from their
 * case, and an exclusion is per member id: a person removed and added again under a new id is
 * no longer excluded by id. The admin's browser is the only place that can read a case's own
 * list of exclusions (inside the encrypted report) and the names behind the ids, so it decides
 * here which cases a newcomer must never receive.
 *
 * A case is closed to the newcomer when any member it excludes, by the server's list or the
 * report's own (the union, as everywhere: a server that drops an id must not win):
 *   - is the newcomer (same id), or
 *   - has a name that could be taken for the newcomer's (lookalike-names.ts), or
 *   - has the newcomer's encryption or signing key (the same person with the same keys);
 * and a case this browser could not decrypt is closed too: its exclusions cannot be checked,
 * and a re-grant is never made blindly.
 *
 * The server checks the id rule as well (400 `regrant_not_allowed`); names and keys only exist
 * in the clear here. Weakening any branch hands a case to the person the reporter kept it from.
 */
import type { MemberPublicKeys } from '../lib/roster-keys.js';
import { namesLookAlike } from './lookalike-names.js';

/** The member being added, as their pending request and roster entry name them. */
export interface Newcomer {
  readonly id: string;
  readonly name: string;
  readonly enc_pk: string;
  readonly sign_pk: string;
}

/** A case of the member's list: the served metadata and, if it opened, the report's own exclusions. */
export interface CaseToCheck {
  readonly row: { readonly id: string; readonly excluded: readonly string[] };
  readonly opened:
    | { readonly ok: true; readonly view: { readonly excluded: readonly string[] | null } }
    | { readonly ok: false };
}

/** Who the roster has ever listed (removed members included): names by id, and their keys. */
export interface RosterMembers {
  readonly known: ReadonlyMap<string, { readonly name: string }>;
  readonly keys: ReadonlyMap<string, MemberPublicKeys>;
}

function isExcludedNewcomer(excludedId: string, newcomer: Newcomer, members: RosterMembers): boolean {
  if (excludedId === newcomer.id) return true;
  const other = members.known.get(excludedId);
  if (other !== undefined && namesLookAlike(other.name, newcomer.name)) return true;
  const keys = members.keys.get(excludedId);
  return keys !== undefined && (keys.enc_pk === newcomer.enc_pk || keys.sign_pk === newcomer.sign_pk);
}

/** The ids of the cases that must not be shared with `newcomer` (see the rule above). */
export function casesClosedTo(
  newcomer: Newcomer,
  cases: Iterable<CaseToCheck>,
  members: RosterMembers,
): Set<string> {
  const closed = new Set<string>();
  for (const { row, opened } of cases) {
    if (!opened.ok) {
      closed.add(row.id);
      continue;
    }
    const excluded = new Set([...row.excluded, ...(opened.view.excluded ?? [])]);
    for (const id of excluded) {
      if (isExcludedNewcomer(id, newcomer, members)) {
        closed.add(row.id);
        break;
      }
    }
  }
  return closed;
}

/**
 * Splits the server's re-grant work (one object per key of a case or of one of its items) into
 * what may be re-encrypted for `newcomer` and the number of cases left out.
 */
export function planRegrant<W extends { readonly case: string }>(
  newcomer: Newcomer,
  work: readonly W[],
  cases: Iterable<CaseToCheck>,
  members: RosterMembers,
): { readonly objects: W[]; readonly skippedCases: number } {
  const closed = casesClosedTo(newcomer, cases, members);
  const objects = work.filter((o) => !closed.has(o.case));
  const skipped = new Set(work.filter((o) => closed.has(o.case)).map((o) => o.case));
  return { objects, skippedCases: skipped.size };
}
