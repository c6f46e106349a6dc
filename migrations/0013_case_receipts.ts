/**
 * Receipts as their own table (docs/protocol.md 8.5): a receipt opens a case in a role, and a
 * case may be opened by more than one receipt.
 *
 * - `case_receipts`: one row per receipt and case it opens. `role` is `reporter` (the receipt
 *   the report was sent with: every existing case gets its row here, from `cases.lookup_hash` and
 *   the reporter's keys) or `target` (a receipt a member made in their browser for the person
 *   targeted, on a third-party report). Only BLAKE2b-256 of the receipt's lookup value is kept, as
 *   for reports. A case has at most one receipt per role. `invited_by` and `invitation_sig` are
 *   the member who made a target's receipt and their signature over the case and the receipt's
 *   public keys, which the other members' browsers check before they encrypt to those keys.
 * - `items.audience` gains `target`: the thread between the team and the target, which the
 *   reporter never holds a key to (and the target holds none to the reporter's thread).
 * - `sessions.lookup_hash`: which receipt a receipt session was opened with, so that its role
 *   is looked up on each request (a receipt whose row is gone opens nothing any more). Existing
 *   receipt sessions get their case's reporter receipt.
 * - `case_events.kind` gains `target_invited`, for the case's timeline.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_receipts')
    .addColumn('lookup_hash', 'bytea', (c) => c.notNull())
    .addColumn('case_id', 'uuid', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('box_pk', 'bytea', (c) => c.notNull())
    .addColumn('sign_pk', 'bytea', (c) => c.notNull())
    .addColumn('invited_by', 'uuid')
    .addColumn('invitation_sig', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('case_receipts_pkey', ['lookup_hash', 'case_id'])
    .addUniqueConstraint('case_receipts_case_role_key', ['case_id', 'role'])
    .addForeignKeyConstraint('case_receipts_case_fkey', ['case_id'], 'cases', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    // The invitation stays valid when its author leaves; the signature still names them.
    .addForeignKeyConstraint('case_receipts_invited_by_fkey', ['invited_by'], 'members', ['id'], (fk) =>
      fk.onDelete('set null'),
    )
    .addCheckConstraint('case_receipts_role_valid', sql`role in ('reporter', 'target')`)
    .addCheckConstraint(
      'case_receipts_key_lengths',
      sql`octet_length(lookup_hash) = 32 and octet_length(box_pk) = 32 and octet_length(sign_pk) = 32`,
    )
    .addCheckConstraint(
      'case_receipts_invitation',
      sql`(role = 'reporter') = (invitation_sig is null) and (invitation_sig is null or octet_length(invitation_sig) = 64)`,
    )
    .execute();
  // A receipt may open several cases, and is looked up by its hash alone.
  await db.schema.createIndex('case_receipts_lookup_idx').on('case_receipts').column('lookup_hash').execute();
  await sql`
    insert into case_receipts (lookup_hash, case_id, role, box_pk, sign_pk, created_at)
    select lookup_hash, id, 'reporter', reporter_box_pk, reporter_sign_pk, created_at from cases
  `.execute(db);

  await db.schema.alterTable('items').dropConstraint('items_audience_valid').execute();
  await db.schema
    .alterTable('items')
    .addCheckConstraint('items_audience_valid', sql`audience in ('reporter', 'team', 'target')`)
    .execute();

  await db.schema.alterTable('case_events').dropConstraint('case_events_kind_valid').execute();
  await db.schema
    .alterTable('case_events')
    .addCheckConstraint(
      'case_events_kind_valid',
      sql`kind in ('status', 'assignee', 'check_in', 'follow_up', 'recused', 'round_opened', 'vote_cast', 'target_invited')`,
    )
    .execute();

  await db.schema.alterTable('sessions').addColumn('lookup_hash', 'bytea').execute();
  await sql`
    update sessions set lookup_hash = cases.lookup_hash
    from cases where sessions.kind = 'receipt' and sessions.case_id = cases.id
  `.execute(db);
}

/** Back to 0012's schema: target receipts, their threads and their events are deleted. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from sessions where kind = 'receipt'
    and lookup_hash in (select lookup_hash from case_receipts where role = 'target')
  `.execute(db);
  await db.schema.alterTable('sessions').dropColumn('lookup_hash').execute();
  await sql`delete from case_events where kind = 'target_invited'`.execute(db);
  await db.schema.alterTable('case_events').dropConstraint('case_events_kind_valid').execute();
  await db.schema
    .alterTable('case_events')
    .addCheckConstraint(
      'case_events_kind_valid',
      sql`kind in ('status', 'assignee', 'check_in', 'follow_up', 'recused', 'round_opened', 'vote_cast')`,
    )
    .execute();
  await sql`delete from attachments where item_id in (select id from items where audience = 'target')`.execute(
    db,
  );
  await sql`delete from grants where object_id in (select id from items where audience = 'target')`.execute(
    db,
  );
  await sql`delete from items where audience = 'target'`.execute(db);
  await db.schema.alterTable('items').dropConstraint('items_audience_valid').execute();
  await db.schema
    .alterTable('items')
    .addCheckConstraint('items_audience_valid', sql`audience in ('reporter', 'team')`)
    .execute();
  await db.schema.dropTable('case_receipts').execute();
}
