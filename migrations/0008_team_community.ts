/**
 * A team's community label (issue 13): the community a team serves, e.g. `en.wikipedia` or
 * `global`, a team setting shown to reporters beside the team. Null for every existing team and by
 * default: a team names none until an admin sets it.
 *
 * The CHECK keeps its own copy of the contract's pattern (`Community` in contract/teams.ts), as
 * migrations import nothing from the app: 1 to 64 ASCII lowercase letters, digits, dots and
 * hyphens, starting and ending with a letter or digit. tests/integration/contract-migrations.test.ts
 * holds the two copies to the same answers.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teams').addColumn('community', 'text').execute();
  await db.schema
    .alterTable('teams')
    .addCheckConstraint(
      'teams_community_label',
      sql`char_length(community) between 1 and 64 and community ~ '^[a-z0-9](?:[a-z0-9.-]{0,62}[a-z0-9])?$'`,
    )
    .execute();
}
