/**
 * A team's description and message templates in other languages (issue 14): besides its default
 * wording (`description`, `templates`), a team may write a variant per language, keyed by the
 * language's primary subtag (`es`, `pt`), which the intake page and the console pick by the
 * reader's or the report's language. Both empty for every existing team and by default.
 *
 * The shape of the values (their keys' pattern, how many, their lengths) is the contract's
 * (contract/settings.ts), checked on every change; the columns only hold what it let through.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('teams')
    .addColumn('description_translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('template_translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('teams')
    .dropColumn('description_translations')
    .dropColumn('template_translations')
    .execute();
}
