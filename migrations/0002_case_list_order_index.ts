/**
 * The case list pages through a team's cases newest first, ties broken by id
 * (`order by created_at desc, id desc`, cursor `(created_at, id) < (…)`). The index of 0001 on
 * (team_id, created_at) could not serve that order, so every page read and sorted all of the
 * team's cases: 40 ms a page at 10,000 cases, growing with the team. This index matches the
 * order exactly, so a page reads only its own rows. It also serves everything the old one did,
 * which is dropped so the intake path keeps one index to maintain, not two.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index cases_team_order_idx on cases (team_id, created_at desc, id desc)`.execute(db);
  await db.schema.dropIndex('cases_team_created_idx').execute();
}
