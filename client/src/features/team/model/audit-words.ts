/**
 * The audit log in words. Events are written by the server over years, so an action or a detail
 * this version does not know is shown as it came (or left out), never as an error.
 */
import { formatDateTime } from '../../../lib/format.js';
import { statusWords } from './words.js';

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
  'case.status': 'Moved a case to another status',
  'case.withdrawn_by_reporter': 'The reporter withdrew a case',
  'case.recused': 'Recused themselves from a case',
  'case.round_opened': 'Opened a vote round',
  'case.voted': 'Voted on a case',
  'case.printed': 'Printed a case',
  'case.exported': 'Exported a case to a file',
  'team.settings_changed': 'Changed the team settings',
  'index_key.issued': 'Gave the team’s account index a key',
  'case.retained': 'Kept the short record of a finished case',
  'case.purged': 'Deleted a finished case’s details, as the team’s retention asks',
  'member.passphrase_changed': 'Changed their passphrase',
  'member.recovered': 'Got back in with their recovery code',
  'member.second_factor_added': 'Added a second factor',
  'member.second_factor_removed': 'Removed a second factor',
  'member.second_factor_reset': 'Reset a member’s second factor',
  'member.recovery_codes_renewed': 'Made new second-factor recovery codes',
  'member.notifications_changed': 'Changed their notifications',
  'team.webhook_changed': 'Changed the team’s webhook',
  'appeal.reference_created': 'Made an appeal reference for a closed case',
  'appeal.received': 'An appeal arrived',
  'case.target_invited': 'Invited the target in with a receipt of their own',
  'case.referred': 'Referred a case to another team',
  'case.referral_released': 'A referral was shared with the receiving team',
  'case.referral_refused': 'The reporter did not agree to a referral; its packet was deleted',
  'case.referred_in': 'A case was referred to this team',
  'case.referral_dropped':
    'A referral waiting for the reporter was dropped with its case; its packet was deleted',
};

/** Every action this version has words for, in the order above: the audit filter's choices. */
export const KNOWN_ACTIONS: readonly string[] = Object.keys(ACTIONS);

/**
 * The kinds of action the audit log can be narrowed to: the part of an action before its dot,
 * which GET /api/audit takes as `action` ("case" matches case.opened, case.status...).
 */
export const AUDIT_CATEGORIES: readonly { readonly value: string; readonly words: string }[] = [
  { value: 'case', words: 'Cases: opened, changed, votes, prints, exports, retention' },
  { value: 'item', words: 'Messages, notes and records' },
  { value: 'report', words: 'Reports arriving' },
  { value: 'member', words: 'Sign-ins, passphrases, second factors, notifications' },
  { value: 'roster', words: 'Members added, removed or given a role' },
  { value: 'invitation', words: 'Invitations' },
  { value: 'team', words: 'The team and its settings' },
  { value: 'index_key', words: 'The key of the team’s account index' },
  { value: 'appeal', words: 'Appeal references and appeals' },
];

/** A case as the log names it: its number (#42), or the start of its id from before numbers. */
export function caseLabel(event: {
  readonly case: string | null;
  readonly case_number: number | null;
}): string {
  if (event.case_number !== null) return `#${event.case_number}`;
  return event.case === null ? '' : event.case.slice(0, 8);
}

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
    case 'case.status': {
      const from = text(d.from);
      const to = text(d.to);
      if (to === null) return '';
      return from === null ? `to ${statusWords(to)}` : `from ${statusWords(from)} to ${statusWords(to)}`;
    }
    case 'case.round_opened':
    case 'case.voted':
      return typeof d.round === 'number' ? `round ${d.round}` : '';
    case 'team.settings_changed': {
      // The names of the settings changed, under either key a server may use; never their values.
      const listed: unknown = d.changed ?? d.fields;
      const changed = Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string') : [];
      return changed.map(settingWords).join(', ');
    }
    case 'invitation.created':
      return text(d.role) === 'admin' ? 'as admin' : 'as member';
    case 'index_key.issued':
      return typeof d.epoch === 'number'
        ? `${d.new_key === true ? 'a new key' : 'the same key, signed again'} (key ${d.epoch})`
        : '';
    case 'roster.add':
    case 'roster.remove':
    case 'roster.role':
    case 'invitee.discarded':
      return subject !== null ? (names.get(subject) ?? '') : '';
    case 'case.regranted':
    case 'cases.regranted': {
      // A team-wide cases.regranted event has no count once migration 0007 has scrubbed it.
      const count = typeof d.objects === 'number' ? d.objects : null;
      const whom = subject !== null ? (names.get(subject) ?? 'a member') : 'a member';
      return count === null ? whom : `${whom}, ${count} ${count === 1 ? 'key' : 'keys'}`;
    }
    default:
      return '';
  }
}

const SETTINGS: Readonly<Record<string, string>> = {
  name: 'name',
  description: 'description',
  first_response_hours: 'first-response target',
  quorum: 'quorum',
  templates: 'message templates',
  support_kit: 'support kit',
};

/** A team setting named in the log: its words, or its code when this version does not know it. */
function settingWords(field: string): string {
  return Object.hasOwn(SETTINGS, field) ? (SETTINGS[field] ?? field) : field;
}
