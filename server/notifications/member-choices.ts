/**
 * A member's own notification choices (GET/PUT /api/me/notifications) and their test mail.
 *
 * Until a member saves their choices, they follow the team's defaults (`notify_events` null), so
 * an admin who changes the defaults changes them for everyone who never chose. `member_pending`
 * (someone waits for approval) is an admin's business: it is never offered to a member who is not
 * an admin, and dropped from what such a member saves, so the reply shows what was kept.
 */
import type { NotificationEvent } from '#contract/enumerations';
import type { MyNotifications, MyNotificationsPut, NotificationDefaults } from '#contract/notifications';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import type { MemberContext } from '../repositories/members.js';
import {
  findMemberNotificationChoices,
  findNotificationAddress,
  storeMemberNotificationChoices,
  type MemberNotificationChoicesRow,
} from '../repositories/notification-settings.js';
import { enqueueTest } from '../repositories/outbox.js';
import { eventsFor } from './recipients.js';
import { wakeNotificationWorkers } from './signal.js';

function myNotifications(
  row: MemberNotificationChoicesRow,
  member: MemberContext,
  emailAvailable: boolean,
): MyNotifications {
  // Both written from bodies their schemas checked (or the migration's default).
  const defaults = row.team_defaults as NotificationDefaults;
  const ownEvents = row.events as NotificationEvent[] | null;
  return {
    email_available: emailAvailable,
    email: row.email,
    events: eventsFor(member.role, ownEvents ?? defaults.events),
    digest_minutes: (row.digest_minutes ?? defaults.digest_minutes) as MyNotifications['digest_minutes'],
    // The migration's check keeps it to the shipped languages.
    language: row.language as MyNotifications['language'],
    using_team_defaults: ownEvents === null,
  };
}

export async function readMyNotifications(
  db: Db,
  member: MemberContext,
  emailAvailable: boolean,
): Promise<MyNotifications> {
  return myNotifications(await findMemberNotificationChoices(db, member.id), member, emailAvailable);
}

/**
 * Stores the member's choices (from now on their own, not the team's defaults) and audits which
 * of them changed: the field names only, never the address.
 */
export async function saveMyNotifications(
  db: Database,
  member: MemberContext,
  choices: MyNotificationsPut,
  emailAvailable: boolean,
): Promise<MyNotifications> {
  return db.transaction().execute(async (tx) => {
    const before = myNotifications(
      await findMemberNotificationChoices(tx, member.id),
      member,
      emailAvailable,
    );
    const events = eventsFor(member.role, choices.events);
    await storeMemberNotificationChoices(tx, member.id, {
      email: choices.email,
      events,
      digestMinutes: choices.digest_minutes,
      language: choices.language ?? before.language,
    });
    const changed = [
      ...(before.email !== choices.email ? ['email'] : []),
      ...(before.using_team_defaults || before.events.join() !== events.join() ? ['events'] : []),
      ...(before.digest_minutes !== choices.digest_minutes ? ['digest_minutes'] : []),
      ...(choices.language !== undefined && before.language !== choices.language ? ['language'] : []),
    ];
    if (changed.length > 0) {
      await recordAudit(tx, {
        teamId: member.teamId,
        memberId: member.id,
        action: 'member.notifications_changed',
        details: { fields: changed },
      });
    }
    return myNotifications(await findMemberNotificationChoices(tx, member.id), member, emailAvailable);
  });
}

/** Queues a `test` mail to the member's address: 409 when mail is off or they gave no address. */
export async function queueTestMail(db: Db, member: MemberContext, emailAvailable: boolean): Promise<number> {
  if (!emailAvailable)
    throw conflict(
      'notifications_off',
      'This server has no mail server set up (SMTP_URL), so it cannot send e-mail notifications',
    );
  if ((await findNotificationAddress(db, member.id)) === null)
    throw conflict('no_email_address', 'Save an e-mail address first, then send a test to it');
  const id = await enqueueTest(db, { teamId: member.teamId, memberId: member.id });
  wakeNotificationWorkers();
  return id;
}
