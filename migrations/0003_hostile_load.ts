/**
 * What holding under hostile load needs from the schema:
 *
 * - Set-up links expire (a day by default). Links made before this migration get a day from now.
 * - Attachments are written one 1 MiB chunk per short statement, so no upload holds a database
 *   connection while it waits for the network. `completed_at` stays null until the last chunk
 *   is in: until then the file is incomplete and cannot be bound to a report. Files uploaded
 *   before this migration were written in one transaction, so they are complete.
 * - The global quota on unbound uploads counts them often; a partial index keeps that cheap.
 * - Proofs of work are single-use: a solved challenge is recorded until it expires.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('setup_tokens')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now() + interval '1 day'`))
    .execute();
  await sql`alter table setup_tokens alter column expires_at drop default`.execute(db);

  await db.schema.alterTable('attachments').addColumn('completed_at', 'timestamptz').execute();
  await sql`update attachments set completed_at = created_at`.execute(db);
  await sql`create index attachments_unbound_idx on attachments (created_at) where case_id is null`.execute(
    db,
  );

  await db.schema
    .createTable('spent_proofs')
    .addColumn('challenge_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
