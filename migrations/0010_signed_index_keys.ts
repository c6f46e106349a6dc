/**
 * Signed grants of the team's index key (docs/protocol.md 7, fixing review-notes.md R-5). A bare
 * `crypto_box_seal` of the key (members.index_key_grant) is anonymous: the server could seal a key
 * it knows to a member, whose browser would then tag cases with it, and hash every public username
 * with that key to read the tags. Each member's copy is now signed by the admin who made it, and
 * the key has an epoch (1, then one more at each rotation):
 *
 * - `index_key_grants`: one row per member and epoch, the wrap (crypto_box_seal: 80 bytes), the
 *   admin who signed it (`signed_by`, no foreign key: the signature stays checkable after that
 *   admin's row is gone, and browsers check it against the verified roster anyway) and the Ed25519
 *   signature (64 bytes). Looked up by member at the team's epoch, and by team and epoch when a new
 *   key replaces the old grants.
 * - `teams.index_epoch`: the team's current epoch; 0 means "no signed key yet". Every existing team
 *   starts at 0 and its unsigned grants are dropped with their column: no browser ever tagged a case
 *   with them (tagging waited for this fix), and a key the server may have chosen must not be used.
 *   An admin gives the team its first signed key (PUT /api/teams/{slug}/index-key).
 * - `teams.index_key_due`: a member was removed since the current key was made, so the next admin
 *   console to sign in makes a new one (the removing admin's console does it at once, but an admin
 *   who removed themselves has no console left to do it).
 * - `case_tags` is emptied: no browser made any of its rows, and any there were made with a key
 *   nobody verified. `cases.tag_epoch` is the epoch of a case's current tag set (null: never
 *   tagged), so browsers can find the cases still to tag with the current key.
 *
 * The epoch CHECKs keep their own copy of the contract's range (IndexEpoch in
 * contract/index-keys.ts: 1 to 2^31-1, PostgreSQL's integer), as migrations import nothing from the
 * app; tests/integration/contract-migrations.test.ts holds the two together.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('index_key_grants')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('wrap', 'bytea', (c) => c.notNull())
    .addColumn('signed_by', 'uuid', (c) => c.notNull())
    .addColumn('signature', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('index_key_grants_pkey', ['member_id', 'epoch'])
    .addCheckConstraint('index_key_grants_epoch_positive', sql`epoch >= 1`)
    .addCheckConstraint('index_key_grants_wrap_length', sql`octet_length(wrap) = 80`)
    .addCheckConstraint('index_key_grants_signature_length', sql`octet_length(signature) = 64`)
    .execute();
  await db.schema
    .createIndex('index_key_grants_team_epoch_idx')
    .on('index_key_grants')
    .columns(['team_id', 'epoch'])
    .execute();

  await db.schema
    .alterTable('teams')
    .addColumn('index_epoch', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('teams')
    .addCheckConstraint('teams_index_epoch_not_negative', sql`index_epoch >= 0`)
    .execute();
  await db.schema
    .alterTable('teams')
    .addColumn('index_key_due', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable('members').dropColumn('index_key_grant').execute();

  await db.deleteFrom('case_tags').execute();
  await db.schema.alterTable('cases').addColumn('tag_epoch', 'integer').execute();
  await db.schema
    .alterTable('cases')
    .addCheckConstraint('cases_tag_epoch_positive', sql`tag_epoch >= 1`)
    .execute();
}

/** Back to 0009's schema. The unsigned grants and the tags deleted by `up` do not come back. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropConstraint('cases_tag_epoch_positive').execute();
  await db.schema.alterTable('cases').dropColumn('tag_epoch').execute();
  await db.schema.alterTable('members').addColumn('index_key_grant', 'bytea').execute();
  await db.schema.alterTable('teams').dropColumn('index_key_due').execute();
  await db.schema.alterTable('teams').dropConstraint('teams_index_epoch_not_negative').execute();
  await db.schema.alterTable('teams').dropColumn('index_epoch').execute();
  await db.schema.dropTable('index_key_grants').execute();
}
