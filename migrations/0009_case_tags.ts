/**
 * Blind-index tags of cases (issue 13, docs/protocol.md 12): members' browsers tag each case with
 * the 16-byte blind index of its involved accounts and of the reporter's account, so the server can
 * answer "which other cases carry this case's tags" without learning any account name.
 *
 * - `team_id` is the case's team, copied so the lookup is one index range per tag: tags are
 *   compared only within a team, and only between tags made with the same index key (`epoch`, 1
 *   until the index key rotates; a later key gives different tags for the same name).
 * - A case's tags are replaced whole, so they all have one epoch.
 * - `kind` keeps its own copy of the contract's list (CASE_TAG_KINDS in contract/enumerations.ts),
 *   as migrations import nothing from the app; tests/integration/contract-migrations.test.ts holds
 *   the two together.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_tags')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tag', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_tags_pkey', ['case_id', 'kind', 'tag'])
    .addCheckConstraint('case_tags_epoch_positive', sql`epoch >= 1`)
    .addCheckConstraint('case_tags_kind_valid', sql`kind in ('involved', 'reporter')`)
    .addCheckConstraint('case_tags_tag_length', sql`octet_length(tag) = 16`)
    .execute();
  await db.schema
    .createIndex('case_tags_lookup_idx')
    .on('case_tags')
    .columns(['team_id', 'epoch', 'tag'])
    .execute();
}
