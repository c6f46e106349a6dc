/**
 * What handling a case to its outcome needs from the schema (issue 10, docs/protocol.md 10.5–10.7):
 *
 * - Cases get a short number per team (#42), given at insert by a trigger from a per-team
 *   counter, so intake's batched inserts need no change. Existing cases are numbered in order of
 *   arrival.
 * - Cases keep when the reporter last wrote and when the team last wrote to the reporter, so the
 *   list shows "reporter answered" without reading items; and a follow-up date for closed cases.
 * - Every change the server makes to a case is a case event (the timeline); who read a case when
 *   is a case read; recusals, vote rounds and who voted in which round have their own tables.
 *   How anyone voted is inside the encrypted vote record, never here.
 * - Teams get a quorum, templates and a support kit; members their own sealed settings.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('teams')
    .addColumn('quorum', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(2)
        .check(sql`quorum between 0 and 15`),
    )
    .addColumn('templates', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('support_kit', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('case_counter', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema.alterTable('members').addColumn('settings', 'jsonb').execute();

  await db.schema
    .alterTable('cases')
    .addColumn('number', 'integer')
    .addColumn('follow_up_by', 'timestamptz')
    .addColumn('reporter_replied_at', 'timestamptz')
    .addColumn('team_replied_at', 'timestamptz')
    .execute();
  await sql`
    update cases set number = numbered.n
    from (select id, row_number() over (partition by team_id order by created_at, id) as n from cases) numbered
    where numbered.id = cases.id`.execute(db);
  await sql`
    update teams set case_counter = coalesce((select max(number) from cases where cases.team_id = teams.id), 0)`.execute(
    db,
  );
  await sql`
    update cases set
      reporter_replied_at = (select max(created_at) from items where items.case_id = cases.id and author = 'reporter'),
      team_replied_at = (select max(created_at) from items
                         where items.case_id = cases.id and audience = 'reporter' and author <> 'reporter')`.execute(
    db,
  );
  // The default only marks the column as filled by the database: the trigger below replaces it.
  await sql`alter table cases alter column number set not null, alter column number set default 0`.execute(
    db,
  );
  await sql`create unique index cases_team_number_idx on cases (team_id, number)`.execute(db);
  // One row lock on the team per new case: numbers never repeat and never skip within a team.
  await sql`
    create function cases_assign_number() returns trigger language plpgsql as $$
    begin
      update teams set case_counter = case_counter + 1 where id = new.team_id
        returning case_counter into new.number;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger cases_assign_number before insert on cases
    for each row execute function cases_assign_number()`.execute(db);

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // A member id, "reporter", or null for the server itself.
    .addColumn('actor', 'text')
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .addColumn('item_id', 'uuid', (c) => c.references('items.id').onDelete('set null'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'case_events_kind_valid',
      sql`kind in ('status', 'assignee', 'check_in', 'follow_up', 'recused', 'round_opened', 'vote_cast')`,
    )
    .execute();
  await db.schema.createIndex('case_events_case_idx').on('case_events').columns(['case_id', 'id']).execute();

  await db.schema
    .createTable('case_reads')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('read_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_reads_pkey', ['member_id', 'case_id'])
    .execute();

  await db.schema
    .createTable('case_recusals')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('case_recusals_pkey', ['case_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('vote_rounds')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('opened_by', 'uuid', (c) => c.notNull().references('members.id'))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('vote_rounds_pkey', ['case_id', 'number'])
    .execute();

  await db.schema
    .createTable('votes')
    .addColumn('case_id', 'uuid', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('member_id', 'uuid', (c) => c.notNull().references('members.id'))
    .addColumn('item_id', 'uuid', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('cast_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('votes_pkey', ['case_id', 'round', 'member_id'])
    .addForeignKeyConstraint(
      'votes_round_fkey',
      ['case_id', 'round'],
      'vote_rounds',
      ['case_id', 'number'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
}
