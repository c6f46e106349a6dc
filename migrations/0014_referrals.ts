/**
 * Referrals (docs/protocol.md 10.10): a member refers a case to another team of the deployment with
 * a packet encrypted in their browser to that team's roster, and the packet becomes a case of the
 * receiving team once the reporter consented (or at once, when both teams serve one community).
 *
 * - `referrals`: one row per referral, its id the receiving case's id. `state` is
 *   `awaiting_consent`, `released` or `refused`; `needs_consent` says whether the reporter was
 *   asked. Until release the server holds the packet here (`payload_*`, `summary_*`, `sig`,
 *   `roster_seq`) and its grants in `referral_grants`; no case exists on the receiving side. Release
 *   makes the case from them and empties these columns; a refusal deletes the packet, its grants
 *   and its files and keeps the row. `excluded`: the members of the receiving team left out, by the
 *   referring member (no consent needed) or by the reporter when they consent.
 * - `attachments.referral_id`: a file the packet carries, held for the referral (not deleted as
 *   unbound, not counted as pending uploads) until release binds it to the new case.
 * - `cases.lookup_hash` may be null: a referred case is reached with the reporter's receipt
 *   through `case_receipts`, never through a hash of its own.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .alterColumn('lookup_hash', (c) => c.dropNotNull())
    .execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('from_case', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('from_team', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('to_team', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('needs_consent', 'boolean', (c) => c.notNull())
    .addColumn('excluded', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('created_by', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('roster_seq', 'integer', (c) => c.notNull())
    .addColumn('payload_v', 'smallint')
    .addColumn('payload_nonce', 'bytea')
    .addColumn('payload_ct', 'bytea')
    .addColumn('summary_nonce', 'bytea')
    .addColumn('summary_ct', 'bytea')
    .addColumn('sig', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addCheckConstraint('referrals_state_valid', sql`state in ('awaiting_consent', 'released', 'refused')`)
    .addCheckConstraint('referrals_other_team', sql`from_team <> to_team`)
    // The packet is held exactly while the reporter has not answered.
    .addCheckConstraint(
      'referrals_packet_held',
      sql`(state = 'awaiting_consent') = (payload_ct is not null and payload_nonce is not null and payload_v is not null and summary_ct is not null and summary_nonce is not null and sig is not null)`,
    )
    .execute();
  await db.schema.createIndex('referrals_from_case_idx').on('referrals').column('from_case').execute();
  // One referral waiting for consent per case and receiving team.
  await db.schema
    .createIndex('referrals_one_waiting_idx')
    .on('referrals')
    .columns(['from_case', 'to_team'])
    .unique()
    .where(sql.ref('state'), '=', 'awaiting_consent')
    .execute();

  await db.schema
    .createTable('referral_grants')
    .addColumn('referral_id', 'uuid', (c) => c.notNull().references('referrals.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('sealed', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('referral_grants_pkey', ['referral_id', 'recipient'])
    .execute();

  await db.schema
    .alterTable('attachments')
    .addColumn('referral_id', 'uuid', (c) => c.references('referrals.id').onDelete('cascade'))
    .execute();
}

/** Back to 0013's schema: referrals, and every case a referral made, are deleted. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from cases where id in (select id from referrals) or lookup_hash is null`.execute(db);
  await sql`delete from attachments where referral_id is not null and case_id is null`.execute(db);
  await db.schema.alterTable('attachments').dropColumn('referral_id').execute();
  await db.schema.dropTable('referral_grants').execute();
  await db.schema.dropTable('referrals').execute();
  await db.schema
    .alterTable('cases')
    .alterColumn('lookup_hash', (c) => c.setNotNull())
    .execute();
}
