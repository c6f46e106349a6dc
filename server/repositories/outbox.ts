/**
 * The notification outbox (migrations/0005_operations.ts): what to tell whom, written in the same
 * transaction (or the same statement) as what caused it, and claimed by workers in any process.
 *
 * Written as SQL: most of these are one INSERT … SELECT that picks the recipients by the rules
 * below, so that choosing them and writing the rows cannot drift apart, and so that intake, the
 * hottest write path, pays no extra round trip (newCaseNotifications joins its statement).
 *
 * Who gets an email row: an active member with an address who chose the event (their own
 * `notify_events`, or the team's defaults while that is null), and, for an event about a case,
 * who is neither excluded from it by the reporter nor recused from it. The team webhook gets a
 * row when it is set and chose the event, and, for an event about a case, only when the case has
 * no exclusion and no recusal. Delivery checks the same again (services under
 * server/notifications/), since a member may recuse, leave or change their mind in between.
 */
import { sql, type RawBuilder } from 'kysely';
import type { NotificationChannel, NotificationEvent, NotificationKind } from '#contract/enumerations';
import type { Language } from '#contract/languages';
import type { Db } from '../db/executor.js';

/** The member `m` (of team `t`) chose `event`: their own list, or the team's while theirs is null. */
function memberChose(event: NotificationEvent): RawBuilder<boolean> {
  return sql<boolean>`coalesce(m.notify_events, t.notification_defaults -> 'events') ? ${event}::text`;
}

/** The member `m` may hear of the case whose id is in `caseId`. */
function memberMayHearOf(caseId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`not exists (select 1 from case_exclusions x where x.case_id = ${caseId} and x.member_id = m.id)
    and not exists (select 1 from case_recusals r where r.case_id = ${caseId} and r.member_id = m.id)`;
}

/** The team `t` has a webhook that chose `event`. */
function webhookChose(event: NotificationEvent): RawBuilder<boolean> {
  return sql<boolean>`t.webhook_url is not null and t.webhook_events ? ${event}::text`;
}

/** No one is excluded from or recused from the case whose id is in `caseId`. */
function caseHasNoExclusionOrRecusal(caseId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`not exists (select 1 from case_exclusions x where x.case_id = ${caseId})
    and not exists (select 1 from case_recusals r where r.case_id = ${caseId})`;
}

/** Members that may receive mail: active, with an address. */
const MAILABLE = sql`m.status = 'active' and m.notify_email is not null`;

/**
 * More common table expressions for intake's insert (repositories/intake.ts), which names the
 * inserted cases `c (id, team_id, urgent, …)`: for each case actually inserted, an urgent one is
 * one `urgent_case` row per member, due now; the others add one to each member's open digest
 * (`new_cases`, due after the member's interval, 0: now), through the partial unique index
 * notification_outbox_open_digest_idx. The webhook gets one row per case without exclusions.
 * The exclusions come from the reporter's list, since rows inserted by the same statement are not
 * visible to it. Begins with a comma: it follows the statement's other expressions.
 */
export function newCaseNotifications(
  cases: readonly { readonly id: string; readonly excluded: readonly string[] }[],
): RawBuilder<unknown> {
  const excludedCase = cases.flatMap((c) => c.excluded.map(() => c.id));
  const excludedMember = cases.flatMap((c) => c.excluded);
  return sql`,
    notify_members as (
      select c.id as case_id, c.team_id, c.urgent, m.id as member_id,
        coalesce(m.notify_digest_minutes, (t.notification_defaults ->> 'digest_minutes')::integer) as digest_minutes
      from c
      join teams t on t.id = c.team_id
      join members m on m.team_id = c.team_id and ${MAILABLE}
      where ${memberChose('new_case')}
        and not exists (
          select 1 from unnest(${excludedCase}::uuid[], ${excludedMember}::uuid[]) as x (case_id, member_id)
          where x.case_id = c.id and x.member_id = m.id)
    ),
    notify_urgent as (
      insert into notification_outbox (team_id, member_id, channel, kind, case_id)
      select team_id, member_id, 'email', 'urgent_case', case_id from notify_members where urgent
    ),
    notify_digest as (
      insert into notification_outbox (team_id, member_id, channel, kind, count, due_at)
      select team_id, member_id, 'email', 'new_cases', count(*)::integer,
        now() + make_interval(mins => min(digest_minutes))
      from notify_members where not urgent
      group by team_id, member_id
      on conflict (member_id)
        where kind = 'new_cases' and attempts = 0 and delivered_at is null and gave_up_at is null
      do update set count = notification_outbox.count + excluded.count
    ),
    notify_webhook as (
      insert into notification_outbox (team_id, channel, kind, case_id)
      select c.team_id, 'webhook', case when c.urgent then 'urgent_case' else 'new_cases' end, c.id
      from c join teams t on t.id = c.team_id
      where ${webhookChose('new_case')}
        and c.id <> all(${excludedCase}::uuid[])
    )`;
}

/** The reporter answered: the case's assignee, and the webhook. Returns the rows written. */
export async function enqueueReporterReplied(db: Db, caseId: string): Promise<number> {
  const result = await sql`
    insert into notification_outbox (team_id, member_id, channel, kind, case_id)
    select c.team_id, m.id, 'email', 'reporter_replied', c.id
    from cases c
    join teams t on t.id = c.team_id
    join members m on m.id = c.assignee and m.team_id = c.team_id and ${MAILABLE}
    where c.id = ${caseId} and ${memberChose('reporter_replied')} and ${memberMayHearOf(sql`c.id`)}
    union all
    select c.team_id, null::uuid, 'webhook', 'reporter_replied', c.id
    from cases c
    join teams t on t.id = c.team_id
    where c.id = ${caseId} and ${webhookChose('reporter_replied')} and ${caseHasNoExclusionOrRecusal(sql`c.id`)}`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0n);
}

/** Someone accepted an invitation: the team's admins, and the webhook. Returns the rows written. */
export async function enqueueMemberPending(db: Db, teamId: string): Promise<number> {
  const result = await sql`
    insert into notification_outbox (team_id, member_id, channel, kind)
    select t.id, m.id, 'email', 'member_pending'
    from teams t
    join members m on m.team_id = t.id and m.role = 'admin' and ${MAILABLE}
    where t.id = ${teamId} and ${memberChose('member_pending')}
    union all
    select t.id, null::uuid, 'webhook', 'member_pending'
    from teams t
    where t.id = ${teamId} and ${webhookChose('member_pending')}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** One `test` row, due now: to the member's address (email), or to the team's webhook. */
export async function enqueueTest(
  db: Db,
  target: { teamId: string; memberId: string } | { teamId: string; memberId: null },
): Promise<number> {
  const row = await db
    .insertInto('notification_outbox')
    .values({
      team_id: target.teamId,
      member_id: target.memberId,
      channel: target.memberId === null ? 'webhook' : 'email',
      kind: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The recipients of a date that passed on the cases in `due (id, team_id, assignee)`: the
 * assignee if there is one, else every member who chose `date_passed`, and the webhook.
 */
function dateNotifications(kind: NotificationKind): RawBuilder<unknown> {
  return sql`,
    members_told as (
      insert into notification_outbox (team_id, member_id, channel, kind, case_id)
      select d.team_id, m.id, 'email', ${kind}::text, d.id
      from due d
      join teams t on t.id = d.team_id
      join members m on m.team_id = d.team_id and ${MAILABLE}
      where (d.assignee is null or m.id = d.assignee)
        and ${memberChose('date_passed')} and ${memberMayHearOf(sql`d.id`)}
    ),
    webhook_told as (
      insert into notification_outbox (team_id, channel, kind, case_id)
      select d.team_id, 'webhook', ${kind}::text, d.id
      from due d
      join teams t on t.id = d.team_id
      where ${webhookChose('date_passed')} and ${caseHasNoExclusionOrRecusal(sql`d.id`)}
    )`;
}

/**
 * Cases whose check-in date passed, not yet announced, still open: marks them announced for that
 * date and writes their notifications, in one statement. Rows another process is marking are
 * skipped (it announces them), so several processes never announce one date twice. A new date
 * set later is announced again when it passes. Returns the cases announced (at most `limit`).
 */
export async function announcePassedCheckIns(
  db: Db,
  openStatuses: readonly string[],
  limit: number,
): Promise<number> {
  const { rows } = await sql<{ announced: number }>`
    with due as (
      select c.id, c.team_id, c.assignee, c.check_in_by
      from cases c
      where c.check_in_by <= now() and c.check_in_notified_for is distinct from c.check_in_by
        and c.status = any(${openStatuses}::text[])
      order by c.check_in_by
      limit ${limit}
      for update of c skip locked
    ),
    marked as (
      update cases set check_in_notified_for = due.check_in_by from due where cases.id = due.id
    )
    ${dateNotifications('check_in_passed')}
    select count(*)::integer as announced from due`.execute(db);
  return rows[0]?.announced ?? 0;
}

/** As announcePassedCheckIns, for the follow-up date of closed cases. */
export async function announcePassedFollowUps(db: Db, limit: number): Promise<number> {
  const { rows } = await sql<{ announced: number }>`
    with due as (
      select c.id, c.team_id, c.assignee, c.follow_up_by
      from cases c
      where c.follow_up_by <= now() and c.follow_up_notified_for is distinct from c.follow_up_by
        and c.status = 'closed'
      order by c.follow_up_by
      limit ${limit}
      for update of c skip locked
    ),
    marked as (
      update cases set follow_up_notified_for = due.follow_up_by from due where cases.id = due.id
    )
    ${dateNotifications('follow_up_passed')}
    select count(*)::integer as announced from due`.execute(db);
  return rows[0]?.announced ?? 0;
}

/**
 * Cases still `received` (no one has answered the reporter) past their team's first-response
 * target, announced once per case.
 */
export async function announcePassedFirstResponses(db: Db, limit: number): Promise<number> {
  const { rows } = await sql<{ announced: number }>`
    with due as (
      select c.id, c.team_id, c.assignee
      from cases c
      join teams tt on tt.id = c.team_id
      where c.status = 'received' and c.first_response_notified_at is null
        and c.created_at + make_interval(hours => tt.first_response_hours) <= now()
      order by c.created_at
      limit ${limit}
      for update of c skip locked
    ),
    marked as (
      update cases set first_response_notified_at = now() from due where cases.id = due.id
    )
    ${dateNotifications('first_response_passed')}
    select count(*)::integer as announced from due`.execute(db);
  return rows[0]?.announced ?? 0;
}

/** A claimed row with what delivering it, and checking it still may be delivered, needs. */
export interface ClaimedNotification {
  readonly id: number;
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
  readonly caseId: string | null;
  readonly memberId: string | null;
  readonly attempts: number;
  readonly teamName: string;
  readonly teamSlug: string;
  readonly webhookUrl: string | null;
  readonly webhookSecret: Buffer | null;
  readonly webhookEvents: readonly string[];
  /** Null when the row is for the webhook or the member is gone. */
  readonly member: {
    readonly email: string | null;
    /** The language their mail is written in (a shipped one: the column's check). */
    readonly language: Language;
    readonly active: boolean;
    readonly admin: boolean;
    readonly events: readonly string[];
    readonly excluded: boolean;
    readonly recused: boolean;
  } | null;
  readonly caseHasExclusionOrRecusal: boolean;
}

/**
 * Claims up to `limit` due rows for this worker: each gets a lease (`locked_until`) and one more
 * attempt, and no other worker claims it until the lease runs out, so two processes never send
 * one row at once. Rows locked by a concurrent claim are skipped, not waited for. A process that
 * dies holding rows leaves them to whoever claims after the lease: at least once, never lost.
 */
export async function claimDueNotifications(
  db: Db,
  limit: number,
  leaseMs: number,
): Promise<ClaimedNotification[]> {
  const { rows } = await sql<{
    id: number;
    kind: NotificationKind;
    channel: NotificationChannel;
    case_id: string | null;
    member_id: string | null;
    attempts: number;
    team_name: string;
    team_slug: string;
    webhook_url: string | null;
    webhook_secret: Buffer | null;
    webhook_events: string[];
    email: string | null;
    member_language: Language | null;
    member_status: string | null;
    member_role: string | null;
    member_events: string[] | null;
    member_excluded: boolean;
    member_recused: boolean;
    case_excluded_or_recused: boolean;
  }>`
    with claimed as (
      update notification_outbox o
      set attempts = o.attempts + 1, locked_until = now() + make_interval(secs => ${leaseMs / 1000})
      from (
        select id from notification_outbox
        where delivered_at is null and gave_up_at is null and due_at <= now()
          and (locked_until is null or locked_until <= now())
        order by due_at, id
        limit ${limit}
        for update skip locked
      ) as due
      where o.id = due.id
      returning o.id, o.kind, o.channel, o.case_id, o.member_id, o.attempts, o.team_id
    )
    select o.id, o.kind, o.channel, o.case_id, o.member_id, o.attempts,
      t.name as team_name, t.slug as team_slug,
      t.webhook_url, t.webhook_secret, t.webhook_events,
      m.notify_email as email, m.notify_language as member_language, m.status as member_status, m.role as member_role,
      coalesce(m.notify_events, t.notification_defaults -> 'events') as member_events,
      exists (select 1 from case_exclusions x where x.case_id = o.case_id and x.member_id = o.member_id)
        as member_excluded,
      exists (select 1 from case_recusals r where r.case_id = o.case_id and r.member_id = o.member_id)
        as member_recused,
      (exists (select 1 from case_exclusions x where x.case_id = o.case_id)
        or exists (select 1 from case_recusals r where r.case_id = o.case_id)) as case_excluded_or_recused
    from claimed o
    join teams t on t.id = o.team_id
    left join members m on m.id = o.member_id and m.team_id = o.team_id
    order by o.id`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    caseId: row.case_id,
    memberId: row.member_id,
    attempts: row.attempts,
    teamName: row.team_name,
    teamSlug: row.team_slug,
    webhookUrl: row.webhook_url,
    webhookSecret: row.webhook_secret,
    webhookEvents: row.webhook_events,
    member:
      row.member_status === null
        ? null
        : {
            email: row.email,
            language: row.member_language ?? 'en',
            active: row.member_status === 'active',
            admin: row.member_role === 'admin',
            events: row.member_events ?? [],
            excluded: row.member_excluded,
            recused: row.member_recused,
          },
    caseHasExclusionOrRecusal: row.case_excluded_or_recused,
  }));
}

/**
 * The row is done: sent, or (with `note`) dropped because it no longer may be sent. Either way it
 * is never tried again; maintenance deletes it after 30 days.
 */
export async function markNotificationDone(db: Db, id: number, note: string | null = null): Promise<void> {
  await db
    .updateTable('notification_outbox')
    .set({ delivered_at: sql`now()`, locked_until: null, last_error: note })
    .where('id', '=', id)
    .execute();
}

/**
 * The attempt failed: keep the error for admins and try again after `retryInMs`, unless the row
 * is older than `giveUpAfterMs`, in which case it stays, given up, in the failures list.
 */
export async function markNotificationFailed(
  db: Db,
  id: number,
  failure: { error: string; retryInMs: number; giveUpAfterMs: number },
): Promise<{ gaveUp: boolean }> {
  const row = await db
    .updateTable('notification_outbox')
    .set({
      last_error: failure.error,
      locked_until: null,
      due_at: sql`now() + make_interval(secs => ${failure.retryInMs / 1000})`,
      gave_up_at: sql`case when created_at <= now() - make_interval(secs => ${failure.giveUpAfterMs / 1000}) then now() end`,
    })
    .where('id', '=', id)
    .returning('gave_up_at')
    .executeTakeFirst();
  return { gaveUp: row?.gave_up_at != null };
}

/** Rows tried and not delivered (retrying, or given up), newest first, for the team's admins. */
export function listDeliveryFailures(db: Db, teamId: string, limit: number) {
  return db
    .selectFrom('notification_outbox')
    .select([
      'id',
      'kind',
      'channel',
      'member_id',
      'attempts',
      'last_error',
      'created_at',
      'due_at',
      'gave_up_at',
    ])
    .where('team_id', '=', teamId)
    .where('delivered_at', 'is', null)
    .where('attempts', '>=', 1)
    .where('last_error', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Maintenance: rows delivered (or given up) more than 30 days ago. */
export async function deleteOldNotifications(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('notification_outbox')
    .where((eb) =>
      eb.or([
        eb('delivered_at', '<', sql<Date>`now() - interval '30 days'`),
        eb('gave_up_at', '<', sql<Date>`now() - interval '30 days'`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
