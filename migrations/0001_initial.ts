/**
 * The initial schema. Frozen in time: migrations import nothing from the app and are never
 * edited once released; later changes are new numbered files.
 *
 * Ciphertext is bytea; ids are uuid (made by the client that encrypts, so they can be bound
 * into the associated data); times are timestamptz. Nothing here can hold an IP address or a
 * user agent, and no column holds plaintext a reporter or member typed (names in the roster
 * are public by design, see docs/protocol.md "What the server sees").
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('handles_life_threats', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('handles_child_safety', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('first_response_hours', 'integer', (c) => c.notNull().defaultTo(72))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('teams_slug_key', ['slug'])
    .addCheckConstraint('teams_slug_format', sql`slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)
    .execute();

  // The roster is a signed hash chain (docs/protocol.md); the server only stores and serves it.
  // `entry` keeps the exact canonical JSON text that was signed.
  await db.schema
    .createTable('roster_entries')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('sig', 'bytea', (c) => c.notNull())
    .addColumn('hash', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('roster_entries_pkey', ['team_id', 'seq'])
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('enc_pk', 'bytea', (c) => c.notNull())
    .addColumn('sign_pk', 'bytea', (c) => c.notNull())
    .addColumn('kdf', 'jsonb', (c) => c.notNull())
    .addColumn('verifier', 'bytea', (c) => c.notNull())
    .addColumn('key_bundle', 'jsonb', (c) => c.notNull())
    .addColumn('recovery_bundle', 'jsonb')
    .addColumn('recovery_kdf', 'jsonb')
    .addColumn('index_key_grant', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('removed_at', 'timestamptz')
    .addCheckConstraint('members_role_valid', sql`role in ('admin', 'member')`)
    .addCheckConstraint('members_status_valid', sql`status in ('pending', 'active', 'removed')`)
    .execute();
  await db.schema
    .createIndex('members_team_name_key')
    .on('members')
    .columns(['team_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('token_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('members.id'))
    .addColumn('member_id', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addCheckConstraint('invitations_role_valid', sql`role in ('admin', 'member')`)
    .execute();

  // One-time links that let the founding admin create a team in the browser.
  await db.schema
    .createTable('setup_tokens')
    .addColumn('token_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('roster_seq', 'integer', (c) => c.notNull())
    .addColumn('payload_v', 'smallint', (c) => c.notNull())
    .addColumn('payload_nonce', 'bytea', (c) => c.notNull())
    .addColumn('payload_ct', 'bytea', (c) => c.notNull())
    .addColumn('sig', 'bytea', (c) => c.notNull())
    .addColumn('reporter_box_pk', 'bytea', (c) => c.notNull())
    .addColumn('reporter_sign_pk', 'bytea', (c) => c.notNull())
    .addColumn('lookup_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('urgent', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('received'))
    .addColumn('check_in_by', 'timestamptz')
    .addColumn('assignee', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'cases_status_valid',
      sql`status in ('received', 'acknowledged', 'investigating', 'awaiting_reporter', 'referred', 'closed', 'withdrawn')`,
    )
    .execute();
  await db.schema
    .createIndex('cases_team_created_idx')
    .on('cases')
    .columns(['team_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('case_exclusions')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('case_exclusions_pkey', ['case_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('payload_v', 'smallint', (c) => c.notNull())
    .addColumn('payload_nonce', 'bytea', (c) => c.notNull())
    .addColumn('payload_ct', 'bytea', (c) => c.notNull())
    .addColumn('sig', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('items_kind_valid', sql`kind in ('message', 'note', 'record')`)
    .addCheckConstraint('items_audience_valid', sql`audience in ('reporter', 'team')`)
    .execute();
  await db.schema
    .createIndex('items_case_created_idx')
    .on('items')
    .columns(['case_id', 'created_at'])
    .execute();

  // A sealed copy of a report's or item's key for one recipient: a member id, or "reporter".
  await db.schema
    .createTable('grants')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('object_id', 'uuid', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('sealed', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('grants_pkey', ['object_id', 'recipient'])
    .execute();
  await db.schema
    .createIndex('grants_case_recipient_idx')
    .on('grants')
    .columns(['case_id', 'recipient'])
    .execute();

  // Encrypted files, stored in chunks so they stream in and out and never sit whole in memory.
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id').onDelete('cascade'))
    .addColumn('item_id', 'uuid', (c) => c.references('items.id').onDelete('cascade'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('bound_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('attachment_chunks')
    .addColumn('attachment_id', 'uuid', (c) => c.notNull().references('attachments.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pkey', ['attachment_id', 'seq'])
    .execute();

  // Only a hash of each session token is stored; a stolen database opens no session.
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('member_id', 'uuid', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('case_id', 'uuid', (c) => c.references('cases.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint(
      'sessions_kind_valid',
      sql`(kind = 'member' and member_id is not null and case_id is null) or (kind = 'receipt' and case_id is not null and member_id is null)`,
    )
    .execute();

  // Member-side actions only; no IP address or user agent is ever recorded.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('member_id', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('case_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('audit_events_team_at_idx')
    .on('audit_events')
    .columns(['team_id', 'at'])
    .execute();

  // Secrets shared by every server process of a deployment (e.g. the key that makes stable
  // fake KDF parameters for unknown names, so names cannot be probed).
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bytea', (c) => c.notNull())
    .execute();

  // Rate-limit counters live in the database so several server processes share them.
  await db.schema
    .createTable('rate_limit_buckets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}
