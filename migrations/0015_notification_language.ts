/**
 * The language a member's e-mail notifications are written in (issue 14): `members.notify_language`,
 * one of the shipped languages (contract/languages.ts when this was written), English for every
 * member until they choose in their notification settings.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('members')
    .addColumn('notify_language', 'text', (c) =>
      c
        .notNull()
        .defaultTo('en')
        .check(sql`notify_language in ('en', 'es', 'fr', 'ar')`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('members').dropColumn('notify_language').execute();
}
