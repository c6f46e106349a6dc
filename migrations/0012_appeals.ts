/**
 * Appeals (docs/protocol.md 10.9): a sanctioned user appeals a closed case with a reference the
 * team gave them, and the appeal is a report of its own, linked to the case it appeals.
 *
 * - `appeal_references`: one row per reference a member made. The reference itself (20 Crockford
 *   base32 characters, like a receipt) is never stored, only BLAKE2b-256 of its normalized form,
 *   so a copy of the database cannot be used to send appeals. It names neither the case nor the
 *   reporter: it is random, and only this table links it to the case.
 * - `cases.appeal_of`: the case an appeal appeals; null for every other report. Indexed (partial)
 *   for counting a case's appeals against the team's limit and listing them on the original.
 * - `teams.appeals_per_case` (0: the team takes no appeals through Confide) and
 *   `teams.appeal_wait_days` (days after the case was closed before an appeal is taken).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('appeal_references')
    .addColumn('reference_hash', 'bytea', (c) => c.notNull())
    .addColumn('case_id', 'uuid', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('appeal_references_pkey', ['reference_hash'])
    .addForeignKeyConstraint('appeal_references_case_fkey', ['case_id'], 'cases', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    // A member's removal keeps the reference working: the notice was already sent.
    .addForeignKeyConstraint('appeal_references_created_by_fkey', ['created_by'], 'members', ['id'], (fk) =>
      fk.onDelete('set null'),
    )
    .addCheckConstraint('appeal_references_hash_length', sql`octet_length(reference_hash) = 32`)
    .execute();
  await db.schema
    .createIndex('appeal_references_case_idx')
    .on('appeal_references')
    .column('case_id')
    .execute();

  await db.schema
    .alterTable('cases')
    .addColumn('appeal_of', 'uuid', (c) => c.references('cases.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('cases_appeal_of_idx')
    .on('cases')
    .column('appeal_of')
    .where(sql.ref('appeal_of'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('teams')
    .addColumn('appeals_per_case', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('appeal_wait_days', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('teams')
    .addCheckConstraint('teams_appeals_per_case_range', sql`appeals_per_case between 0 and 100`)
    .execute();
  await db.schema
    .alterTable('teams')
    .addCheckConstraint('teams_appeal_wait_days_range', sql`appeal_wait_days between 0 and 3650`)
    .execute();
}

/** Back to 0011's schema. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('teams').dropConstraint('teams_appeal_wait_days_range').execute();
  await db.schema.alterTable('teams').dropConstraint('teams_appeals_per_case_range').execute();
  await db.schema.alterTable('teams').dropColumn('appeal_wait_days').dropColumn('appeals_per_case').execute();
  await db.schema.dropIndex('cases_appeal_of_idx').execute();
  await db.schema.alterTable('cases').dropColumn('appeal_of').execute();
  await db.schema.dropTable('appeal_references').execute();
}
