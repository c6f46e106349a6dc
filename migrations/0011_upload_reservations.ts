/**
 * The pending-upload quota (CONFIDE_MAX_PENDING_UPLOADS_MB) holds as an "at most": an upload
 * reserves its declared size (its Content-Length) when it starts, not when its bytes arrive.
 *
 * - `attachments.declared_size`: the Content-Length the upload announced. While the file is
 *   incomplete, the quota counts the larger of it and the bytes stored so far; once complete,
 *   only its size. Rows from before this migration, and rows written by anything that declares
 *   nothing, have 0 and count by their stored bytes, as before.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('attachments')
    .addColumn('declared_size', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('attachments')
    .addCheckConstraint('attachments_declared_size_not_negative', sql`declared_size >= 0`)
    .execute();
}

/** Back to 0010's schema. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('attachments')
    .dropConstraint('attachments_declared_size_not_negative')
    .execute();
  await db.schema.alterTable('attachments').dropColumn('declared_size').execute();
}
