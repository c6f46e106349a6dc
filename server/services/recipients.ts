/**
 * Who must be able to read a case's objects: the active members of its team minus the members
 * the reporter excluded and the members who recused themselves (plus the reporter for anything
 * addressed to them).
 *
 * The server checks every submission's grants against this set and refuses anything else, so
 * no active member is silently left out and no stranger's key is added (docs/protocol.md).
 */
import type { Db } from '../db/executor.js';
import { conflict } from '../errors.js';
import { activeMemberIds } from '../repositories/members.js';
import { rosterHeadSeq } from '../repositories/roster-entries.js';

/** The team's active members minus `withheld` (the case's excluded and recused members). */
export async function caseRecipients(
  db: Db,
  teamId: string,
  withheld: readonly string[],
): Promise<Set<string>> {
  const active = await activeMemberIds(db, teamId);
  const skip = new Set(withheld);
  return new Set(active.filter((id) => !skip.has(id)));
}

/** The refusal of grants that do not match the team (409, with the current roster_seq). */
export function grantsDoNotMatchRoster(rosterSeq: number) {
  return conflict(
    'grants_do_not_match_roster',
    'The team has changed since this page loaded: the report must be encrypted to exactly the current team members. Reload the roster and try again.',
    { roster_seq: rosterSeq },
  );
}

/**
 * Refuses (409, with the current roster_seq) grants whose recipients are not exactly
 * `expected`, each once.
 */
export async function assertGrantsCover(
  db: Db,
  teamId: string,
  grants: readonly { to: string }[],
  expected: ReadonlySet<string>,
): Promise<void> {
  const seen = new Set<string>();
  let exact = grants.length === expected.size;
  for (const grant of grants) {
    if (seen.has(grant.to) || !expected.has(grant.to)) exact = false;
    seen.add(grant.to);
  }
  if (!exact) throw grantsDoNotMatchRoster(await rosterHeadSeq(db, teamId));
}
