/**
 * Blind-index tags of a case (docs/protocol.md 12): a member's browser stores the case's tags, and
 * asks which other cases it may see carry them ("seen before"). The server learns which cases share
 * an account, never the account (docs/protocol.md 13); a reply tells the member only of cases their
 * case list shows them already.
 */
import type { CaseTags, CaseTagsBatch, CaseTagsStored, SeenBefore } from '#contract/tags';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { fromB64, toB64, toTime } from '../db/wire.js';
import { badRequest, notFound, type AppError } from '../errors.js';
import { findCasesSharingTags, replaceCaseTags } from '../repositories/case-tags.js';
import { lockCase, lockCasesForMember } from '../repositories/cases.js';
import { teamIndexEpoch } from '../repositories/index-key-grants.js';
import type { MemberContext } from '../repositories/members.js';
import { CASE_NOT_FOUND, caseForMember } from './case-access.js';
import { indexEpochChanged } from './index-keys.js';
import { teamOfMember } from './team-of-member.js';

/**
 * The refusal of tags made with another key than the team's current one (`current`, 0 when the
 * team has no signed key yet): tags of an older key could never match the others, and a team
 * without a signed key has none to make them with. The browser reloads its key.
 */
function tagsOfAnotherEpoch(current: number): AppError {
  return indexEpochChanged(
    current,
    current === 0
      ? 'The team has no signed index key yet, so its cases cannot be tagged. Reload and try again.'
      : `These tags were made with another index key than the team's (now at epoch ${current}); reload and tag the cases again`,
  );
}

/**
 * Replaces the case's tags. Any member who may see the case may tag it, a purged case too (its
 * retained record still names the parties) and a withdrawn one (its parties do not change).
 *
 * Only tags made with the team's current index key are taken (409 index_epoch_changed otherwise,
 * with the current epoch). The check and the replacement share the transaction, after the case's
 * lock; an issue of a new key locks the team's row and moves the epoch in its own transaction, so
 * tags of the old key that land after it are refused, and those that land before are listed as
 * untagged again.
 *
 * Not audited: consoles tag cases in the background, on their own, as they read them, so an event
 * would say nothing a person did; and the tags hold nothing a member could misuse.
 */
export async function storeCaseTags(
  db: Database,
  member: MemberContext,
  caseId: string,
  tags: CaseTags,
): Promise<void> {
  const visible = await caseForMember(db, caseId, member);
  await db.transaction().execute(async (tx) => {
    // Replacements of one case's tags are taken one at a time: two at once would each delete the
    // old rows and then both insert the same new ones (a duplicate key).
    const row = await lockCase(tx, visible.id);
    if (!row) throw notFound(CASE_NOT_FOUND);
    const current = await teamIndexEpoch(tx, row.team_id);
    if (tags.epoch !== current) throw tagsOfAnotherEpoch(current);
    await replaceCaseTags(tx, [{ caseRow: row, tags: tagSet(tags.epoch, tags) }]);
  });
}

/**
 * PUT /api/teams/{slug}/case-tags: replaces the tags of each case of the batch, as storeCaseTags
 * does one case's, all in one transaction: the console's background pass stores a page of cases
 * in one request instead of one a case. A case the member may not see (excluded, recused, of
 * another team, unknown) is skipped, not refused: the pass lists cases a moment before it stores
 * them, and one that became hidden in between must not cost the others. The epoch is checked as
 * for one case, after the cases' locks (taken in id order, lockCasesForMember), and refuses the
 * whole batch. Not audited, as above.
 */
export async function storeCaseTagsBatch(
  db: Database,
  member: MemberContext,
  slug: string,
  batch: CaseTagsBatch,
): Promise<CaseTagsStored> {
  const asked = batch.cases.map((entry) => entry.case);
  if (new Set(asked).size !== asked.length) {
    throw badRequest('invalid_request', "cases names a case more than once; send each case's tags once");
  }
  await teamOfMember(db, slug, member);
  return db.transaction().execute(async (tx) => {
    const rows = await lockCasesForMember(tx, asked, member);
    const current = await teamIndexEpoch(tx, member.teamId);
    if (batch.epoch !== current) throw tagsOfAnotherEpoch(current);
    const visible = new Map(rows.map((row) => [row.id, row]));
    const stored: string[] = [];
    const skipped: string[] = [];
    const replacements = batch.cases.flatMap((entry) => {
      const row = visible.get(entry.case);
      (row ? stored : skipped).push(entry.case);
      return row ? [{ caseRow: row, tags: tagSet(batch.epoch, entry) }] : [];
    });
    await replaceCaseTags(tx, replacements);
    return { stored, skipped };
  });
}

/** The tags of the wire, as the repository stores them. */
function tagSet(epoch: number, tags: Pick<CaseTags, 'involved' | 'reporter'>) {
  return { epoch, involved: tags.involved.map(fromB64), reporter: tags.reporter.map(fromB64) };
}

/** The case's tags that other cases the member may see carry too, with those cases. */
export async function seenBefore(db: Db, member: MemberContext, caseId: string): Promise<SeenBefore> {
  const row = await caseForMember(db, caseId, member);
  const found = await findCasesSharingTags(db, member, row.id);
  return {
    epoch: found.epoch,
    matches: found.matches.map((match) => ({
      tag: toB64(match.tag),
      kind: match.kind,
      cases: match.cases.map((c) => ({
        id: c.id,
        number: c.number,
        status: c.status,
        created_at: toTime(c.createdAt),
        kind: c.kind,
      })),
    })),
  };
}
