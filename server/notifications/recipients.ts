/**
 * Who may still be told, checked at delivery. Rows were written only for people who qualified
 * (repositories/outbox.ts), but between that moment and delivery a member may recuse themselves
 * from the case, leave the team, lose their admin role, remove their address or change their
 * choices, and the team may remove its webhook. A row that no longer qualifies is dropped, never
 * sent: no event about a case reaches a member excluded or recused from it.
 */
import type { NotificationEvent, NotificationKind, Role } from '#contract/enumerations';
import type { ClaimedNotification } from '../repositories/outbox.js';

/** The event a member or the webhook chooses that covers this kind; null for a test. */
export function eventOfKind(kind: NotificationKind): NotificationEvent | null {
  switch (kind) {
    case 'urgent_case':
    case 'new_cases':
      return 'new_case';
    case 'reporter_replied':
      return 'reporter_replied';
    case 'check_in_passed':
    case 'follow_up_passed':
    case 'first_response_passed':
      return 'date_passed';
    case 'member_pending':
      return 'member_pending';
    case 'test':
      return null;
  }
}

/** Events offered to a member of this role: only admins approve members, so only they hear of it. */
export function eventsFor(role: Role, events: readonly NotificationEvent[]): NotificationEvent[] {
  return role === 'admin' ? [...events] : events.filter((event) => event !== 'member_pending');
}

/** Why the row must not be sent now (a note kept on the dropped row), or undefined to send it. */
export function reasonToDrop(row: ClaimedNotification, emailOn: boolean): string | undefined {
  const event = eventOfKind(row.kind);
  if (row.channel === 'webhook') {
    if (row.webhookUrl === null || row.webhookSecret === null)
      return 'not sent: the team removed its webhook';
    if (event !== null && !row.webhookEvents.includes(event))
      return 'not sent: the webhook no longer announces this event';
    if (row.caseId !== null && row.caseHasExclusionOrRecusal)
      return 'not sent: the case has an exclusion or a recusal';
    return undefined;
  }
  const member = row.member;
  if (!emailOn) return 'not sent: e-mail is off on this server (no SMTP_URL)';
  if (member === null || !member.active) return 'not sent: the member is no longer on the team';
  if (row.caseId !== null && (member.excluded || member.recused))
    return 'not sent: the member may not hear of this case';
  if (member.email === null) return 'not sent: the member removed their address';
  if (event !== null && !member.events.includes(event))
    return 'not sent: the member no longer chose this event';
  if (row.kind === 'member_pending' && !member.admin) return 'not sent: the member is no longer an admin';
  return undefined;
}
