/**
 * Who wants to be told what: each member's address and chosen events (null: the team's
 * defaults), and the team's webhook with its secret. The address is personal data the server
 * stores in the clear, because it must send to it; it is read only to send, and to show it back
 * to its owner.
 */
import type { Db } from '../db/executor.js';

/** A member's stored choices beside their team's defaults. */
export function findMemberNotificationChoices(db: Db, memberId: string) {
  return db
    .selectFrom('members')
    .innerJoin('teams', 'teams.id', 'members.team_id')
    .select([
      'members.notify_email as email',
      'members.notify_events as events',
      'members.notify_digest_minutes as digest_minutes',
      'members.notify_language as language',
      'teams.notification_defaults as team_defaults',
    ])
    .where('members.id', '=', memberId)
    .executeTakeFirstOrThrow();
}

export type MemberNotificationChoicesRow = Awaited<ReturnType<typeof findMemberNotificationChoices>>;

export async function storeMemberNotificationChoices(
  db: Db,
  memberId: string,
  choices: { email: string | null; events: readonly string[]; digestMinutes: number; language: string },
): Promise<void> {
  await db
    .updateTable('members')
    .set({
      notify_email: choices.email,
      notify_events: JSON.stringify(choices.events),
      notify_digest_minutes: choices.digestMinutes,
      notify_language: choices.language,
    })
    .where('id', '=', memberId)
    .execute();
}

/** The member's address, if they gave one. */
export async function findNotificationAddress(db: Db, memberId: string): Promise<string | null> {
  const row = await db
    .selectFrom('members')
    .select('notify_email')
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row?.notify_email ?? null;
}

export function findTeamWebhook(db: Db, teamId: string) {
  return db
    .selectFrom('teams')
    .select(['webhook_url as url', 'webhook_events as events', 'webhook_secret as secret'])
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
}

export type TeamWebhookRow = Awaited<ReturnType<typeof findTeamWebhook>>;

export async function storeTeamWebhook(
  db: Db,
  teamId: string,
  webhook: { url: string | null; events: readonly string[]; secret: Buffer | null },
): Promise<void> {
  await db
    .updateTable('teams')
    .set({
      webhook_url: webhook.url,
      webhook_events: JSON.stringify(webhook.events),
      webhook_secret: webhook.secret,
    })
    .where('id', '=', teamId)
    .execute();
}
