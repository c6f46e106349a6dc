/** What the database holds of the blind index, for tests that check what browsers stored. */
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema.js';

/** Each case's `tag_epoch`, by case number. */
export async function tagEpochsOf(db: Kysely<DB>, teamId: string): Promise<(number | null)[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['number', 'tag_epoch'])
    .where('team_id', '=', teamId)
    .orderBy('number')
    .execute();
  return rows.map((r) => r.tag_epoch);
}

/** The case's tags as `kind:tag` (base64url), sorted. */
export async function storedTagsOf(db: Kysely<DB>, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_tags')
    .select(['kind', 'tag'])
    .where('case_id', '=', caseId)
    .execute();
  return rows.map((r) => `${r.kind}:${r.tag.toString('base64url')}`).sort();
}
