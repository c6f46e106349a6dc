/**
 * Summary envelopes (issue 12, docs/protocol.md 9.7): a report may carry, beside its body, a
 * 512-byte envelope of what the case list shows, sealed under the same report key. The list serves
 * it instead of the body. Both columns are null for reports written before summaries (listed from
 * their body) and once a case is purged (retention deletes the summary with the body).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('summary_ct', 'bytea')
    .addColumn('summary_nonce', 'bytea')
    .execute();
  await db.schema
    .alterTable('cases')
    .addCheckConstraint(
      'cases_summary_whole',
      sql`(summary_ct is null) = (summary_nonce is null) and (summary_ct is null or (octet_length(summary_ct) = 528 and octet_length(summary_nonce) = 24))`,
    )
    .execute();
}
