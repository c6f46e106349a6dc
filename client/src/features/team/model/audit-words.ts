/**
 * The audit log in words. Events are written by the server over years, so an action or a detail
 * this version does not know is shown as it came (or left out), never as an error.
 */
import { formatDateTime } from '../../../lib/format';
import { statusWords } from './words';

const ACTIONS: Readonly<Record<string, string>> = {
  'member.signed_in': 'Signed in',
  'case.opened': 'Opened a case',
  'case.updated': 'Changed a case',
  'item.message': 'Wrote to the reporter',
  'item.note': 'Wrote an internal note',
  'item.record': 'Added a record',
  'invitation.created': 'Made an invitation link',
  'invitation.accepted': 'Accepted an invitation',
  'invitee.discarded': 'Discarded a request to join',
  'roster.genesis': 'Created the team',
  'roster.add': 'Added a member',
  'roster.remove': 'Removed a member',
  'roster.role': 'Changed a member’s role',
  'case.regranted': 'Shared a case with a member who joined later',
  // Written before re-grants were recorded per case: one event for a whole re-grant.
  'cases.regranted': 'Shared earlier cases with a member',
  'report.received': 'A report arrived',
  'team.created': 'Created the team',
};

/** What happened, in words; an unknown action as its code. */
export function actionWords(action: string): string {
  return Object.hasOwn(ACTIONS, action) ? (ACTIONS[action] ?? action) : action;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function fields(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function changeWords(details: Record<string, unknown>, names: ReadonlyMap<string, string>): string {
  const before = fields(details.before);
  const after = fields(details.after);
  const parts: string[] = [];
  if (before.status !== after.status && typeof after.status === 'string') {
    parts.push(`status: ${statusWords(after.status)}`);
  }
  if (before.check_in_by !== after.check_in_by) {
    const date = text(after.check_in_by);
    parts.push(date === null ? 'check-in date cleared' : `check-in: ${formatDateTime(date)}`);
  }
  if (before.assignee !== after.assignee) {
    const id = text(after.assignee);
    parts.push(id === null ? 'unassigned' : `assigned to ${names.get(id) ?? 'a member'}`);
  }
  return parts.join('; ');
}

/** The details column: what changed, whom it concerned; empty when there is nothing to add. */
export function describeAuditEvent(
  event: { readonly action: string; readonly details: Record<string, unknown> },
  names: ReadonlyMap<string, string>,
): string {
  const d = event.details;
  const subject = text(d.member);
  switch (event.action) {
    case 'case.updated':
      return changeWords(d, names);
    case 'invitation.created':
      return text(d.role) === 'admin' ? 'as admin' : 'as member';
    case 'roster.add':
    case 'roster.remove':
    case 'roster.role':
    case 'invitee.discarded':
      return subject !== null ? (names.get(subject) ?? '') : '';
    case 'case.regranted':
    case 'cases.regranted': {
      const count = typeof d.objects === 'number' ? d.objects : null;
      return `${subject !== null ? (names.get(subject) ?? 'a member') : 'a member'}${count !== null ? `, ${count} keys` : ''}`;
    }
    default:
      return '';
  }
}
