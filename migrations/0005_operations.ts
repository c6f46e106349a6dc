/**
 * What running a team for a year needs (issue 11): notifications, recovery and second factors,
 * retention.
 *
 * - Notifications go through an outbox written in the same transaction as what caused them; a
 *   worker in any server process claims due rows (FOR UPDATE SKIP LOCKED) and delivers them at
 *   least once. A row names a kind and, for a case event, the case (so delivery can check again that
 *   the recipient is neither excluded nor recused); never content. Non-urgent new cases wait in one
 *   digest row per member, counted, until the member's interval has passed.
 * - Members keep an address and the events they chose (null: the team's defaults); teams keep their
 *   defaults, a webhook and its secret, a retention period and whether a second factor is required.
 * - Second factors: security keys and passkeys (WebAuthn credentials), a TOTP secret with the last
 *   time step used (so a code is never accepted twice), and hashed one-time recovery codes.
 *   Short-lived challenges (recovery nonces, pending second-factor sign-ins, WebAuthn and TOTP
 *   enrolment) live in one table, by the hash of their token. A session remembers when its member
 *   last confirmed their passphrase in it: adding or removing a second factor, or an admin's reset of
 *   someone else's, needs a recent confirmation (server/services/session-confirmation.ts).
 * - Cases remember when they finished, which item is the retained record, when they were purged
 *   (then the report's ciphertext is gone: the columns become nullable), and which dates have been
 *   announced, so a date passing is told once.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('teams')
    .addColumn('retention_days', 'integer', (c) => c.check(sql`retention_days between 1 and 3650`))
    .addColumn('require_second_factor', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('notification_defaults', 'jsonb', (c) =>
      c
        .notNull()
        .defaultTo(
          sql`'{"events": ["new_case", "reporter_replied", "date_passed", "member_pending"], "digest_minutes": 60}'::jsonb`,
        ),
    )
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'bytea')
    .addColumn('webhook_events', 'jsonb', (c) =>
      c.notNull().defaultTo(sql`'["new_case", "date_passed", "member_pending"]'::jsonb`),
    )
    .execute();

  await db.schema
    .alterTable('members')
    .addColumn('notify_email', 'text')
    .addColumn('notify_events', 'jsonb')
    .addColumn('notify_digest_minutes', 'integer', (c) =>
      c.check(sql`notify_digest_minutes in (0, 60, 240, 1440)`),
    )
    .addColumn('totp_secret', 'bytea')
    .addColumn('totp_last_step', 'bigint')
    .execute();

  // When the member last gave their passphrase again in this session ("confirm it's you").
  await db.schema.alterTable('sessions').addColumn('confirmed_at', 'timestamptz').execute();

  await db.schema
    .createTable('security_keys')
    // The credential id as base64url, as WebAuthn's JSON carries it.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'bytea', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('security_keys_member_idx').on('security_keys').column('member_id').execute();

  await db.schema
    .createTable('second_factor_codes')
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('code_hash', 'bytea', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addPrimaryKeyConstraint('second_factor_codes_pkey', ['member_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('auth_challenges')
    .addColumn('token_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id').onDelete('cascade'))
    // The WebAuthn challenge, the TOTP secret being set up, or the recovery nonce.
    .addColumn('challenge', 'text')
    // For a recovery waiting on its second factor: the new credentials to apply once it is given.
    .addColumn('payload', 'jsonb')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'auth_challenges_purpose_valid',
      sql`purpose in ('recovery', 'second_factor', 'webauthn_register', 'totp_setup')`,
    )
    .execute();
  await db.schema
    .createIndex('auth_challenges_expiry_idx')
    .on('auth_challenges')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    // The member it goes to; null for the team's webhook.
    .addColumn('member_id', 'uuid', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // For an event about one case: checked again at delivery against exclusions and recusals.
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id').onDelete('cascade'))
    // A digest row counts the new cases it stands for.
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('due_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('gave_up_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('notification_outbox_channel_valid', sql`channel in ('email', 'webhook')`)
    .addCheckConstraint(
      'notification_outbox_kind_valid',
      sql`kind in ('urgent_case', 'new_cases', 'reporter_replied', 'check_in_passed', 'follow_up_passed', 'first_response_passed', 'member_pending', 'test')`,
    )
    .addCheckConstraint(
      'notification_outbox_recipient_valid',
      sql`(channel = 'email') = (member_id is not null)`,
    )
    .execute();
  await sql`
    create index notification_outbox_due_idx on notification_outbox (due_at)
    where delivered_at is null and gave_up_at is null`.execute(db);
  // One open digest per member: new cases add to it until a worker first tries to send it.
  await sql`
    create unique index notification_outbox_open_digest_idx on notification_outbox (member_id)
    where kind = 'new_cases' and attempts = 0 and delivered_at is null and gave_up_at is null`.execute(db);

  await db.schema
    .alterTable('cases')
    .addColumn('finished_at', 'timestamptz')
    .addColumn('retained_item_id', 'uuid')
    .addColumn('purged_at', 'timestamptz')
    .addColumn('check_in_notified_for', 'timestamptz')
    .addColumn('follow_up_notified_for', 'timestamptz')
    .addColumn('first_response_notified_at', 'timestamptz')
    .execute();
  await sql`alter table cases alter column payload_ct drop not null, alter column payload_nonce drop not null`.execute(
    db,
  );
  await sql`
    update cases set finished_at = coalesce(
      (select max(at) from case_events e where e.case_id = cases.id and e.kind = 'status' and e.to_value = cases.status),
      cases.updated_at)
    where status in ('closed', 'withdrawn')`.execute(db);
  // Dates already past when this runs were due before notifications existed: not announced late.
  await sql`
    update cases set check_in_notified_for = check_in_by where check_in_by < now()`.execute(db);
  await sql`
    update cases set follow_up_notified_for = follow_up_by where follow_up_by < now()`.execute(db);
  await sql`update cases set first_response_notified_at = now()`.execute(db);
  await sql`
    create index cases_purge_due_idx on cases (finished_at)
    where purged_at is null and finished_at is not null`.execute(db);
}
