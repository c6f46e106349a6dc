/**
 * The audit log in words. Events are written by the server over years, so an action or a detail
 * this version does not know is shown as it came (or left out), never as an error.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { formatDateTime, formatList } from '../../../lib/format.js';
import { statusWords } from './words.js';

/** Translated where they are shown (`actionWords`), so that they follow the page's language. */
const ACTIONS: Readonly<Record<string, MessageDescriptor>> = {
  'member.signed_in': msg`Signed in`,
  'case.opened': msg`Opened a case`,
  'case.updated': msg`Changed a case`,
  'item.message': msg`Wrote to the reporter`,
  'item.note': msg`Wrote an internal note`,
  'item.record': msg`Added a record`,
  'invitation.created': msg`Made an invitation link`,
  'invitation.accepted': msg`Accepted an invitation`,
  'invitee.discarded': msg`Discarded a request to join`,
  'roster.genesis': msg`Created the team`,
  'roster.add': msg`Added a member`,
  'roster.remove': msg`Removed a member`,
  'roster.role': msg`Changed a member’s role`,
  'case.regranted': msg`Shared a case with a member who joined later`,
  // Written before re-grants were recorded per case: one event for a whole re-grant.
  'cases.regranted': msg`Shared earlier cases with a member`,
  'report.received': msg`A report arrived`,
  'team.created': msg`Created the team`,
  'case.status': msg`Moved a case to another status`,
  'case.withdrawn_by_reporter': msg`The reporter withdrew a case`,
  'case.recused': msg`Recused themselves from a case`,
  'case.round_opened': msg`Opened a vote round`,
  'case.voted': msg`Voted on a case`,
  'case.printed': msg`Printed a case`,
  'case.exported': msg`Exported a case to a file`,
  'team.settings_changed': msg`Changed the team settings`,
  'index_key.issued': msg`Gave the team’s account index a key`,
  'case.retained': msg`Kept the short record of a finished case`,
  'case.purged': msg`Deleted a finished case’s details, as the team’s retention asks`,
  'member.passphrase_changed': msg`Changed their passphrase`,
  'member.recovered': msg`Got back in with their recovery code`,
  'member.second_factor_added': msg`Added a second factor`,
  'member.second_factor_removed': msg`Removed a second factor`,
  'member.second_factor_reset': msg`Reset a member’s second factor`,
  'member.recovery_codes_renewed': msg`Made new second-factor recovery codes`,
  'member.notifications_changed': msg`Changed their notifications`,
  'team.webhook_changed': msg`Changed the team’s webhook`,
  'appeal.reference_created': msg`Made an appeal reference for a closed case`,
  'appeal.received': msg`An appeal arrived`,
  'case.target_invited': msg`Invited the target in with a receipt of their own`,
  'case.referred': msg`Referred a case to another team`,
  'case.referral_released': msg`A referral was shared with the receiving team`,
  'case.referral_refused': msg`The reporter did not agree to a referral; its packet was deleted`,
  'case.referred_in': msg`A case was referred to this team`,
  'case.referral_dropped': msg`A referral waiting for the reporter was dropped with its case; its packet was deleted`,
};

/** Every action this version has words for, in the order above: the audit filter's choices. */
export const KNOWN_ACTIONS: readonly string[] = Object.keys(ACTIONS);

/**
 * The kinds of action the audit log can be narrowed to: the part of an action before its dot,
 * which GET /api/audit takes as `action` ("case" matches case.opened, case.status...). `words`
 * are translated where they are shown (`i18n._`).
 */
export const AUDIT_CATEGORIES: readonly { readonly value: string; readonly words: MessageDescriptor }[] = [
  { value: 'case', words: msg`Cases: opened, changed, votes, prints, exports, retention` },
  { value: 'item', words: msg`Messages, notes and records` },
  { value: 'report', words: msg`Reports arriving` },
  { value: 'member', words: msg`Sign-ins, passphrases, second factors, notifications` },
  { value: 'roster', words: msg`Members added, removed or given a role` },
  { value: 'invitation', words: msg`Invitations` },
  { value: 'team', words: msg`The team and its settings` },
  { value: 'index_key', words: msg`The key of the team’s account index` },
  { value: 'appeal', words: msg`Appeal references and appeals` },
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
  const words = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  return words === undefined ? action : i18n._(words);
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
  // Each change is a phrase of its own, translated whole; the phrases are only set side by side.
  const parts: string[] = [];
  if (before.status !== after.status && typeof after.status === 'string') {
    const status = statusWords(after.status);
    parts.push(i18n._(msg`status: ${status}`));
  }
  if (before.check_in_by !== after.check_in_by) {
    const date = text(after.check_in_by);
    if (date === null) parts.push(i18n._(msg`check-in date cleared`));
    else {
      const checkIn = formatDateTime(date);
      parts.push(i18n._(msg`check-in: ${checkIn}`));
    }
  }
  if (before.assignee !== after.assignee) {
    const id = text(after.assignee);
    if (id === null) parts.push(i18n._(msg`unassigned`));
    else {
      const memberName = names.get(id) ?? i18n._(msg`a member`);
      parts.push(i18n._(msg`assigned to ${memberName}`));
    }
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
      const newStatus = statusWords(to);
      if (from === null) return i18n._(msg`to ${newStatus}`);
      const oldStatus = statusWords(from);
      return i18n._(msg`from ${oldStatus} to ${newStatus}`);
    }
    case 'case.round_opened':
    case 'case.voted': {
      const round = d.round;
      return typeof round === 'number' ? i18n._(msg`round ${round}`) : '';
    }
    case 'team.settings_changed': {
      // The names of the settings changed, under either key a server may use; never their values.
      const listed: unknown = d.changed ?? d.fields;
      const changed = Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string') : [];
      return formatList(changed.map(settingWords));
    }
    case 'invitation.created':
      return text(d.role) === 'admin' ? i18n._(msg`as admin`) : i18n._(msg`as member`);
    case 'index_key.issued': {
      const epoch = d.epoch;
      if (typeof epoch !== 'number') return '';
      return d.new_key === true
        ? i18n._(msg`a new key (key ${epoch})`)
        : i18n._(msg`the same key, signed again (key ${epoch})`);
    }
    case 'roster.add':
    case 'roster.remove':
    case 'roster.role':
    case 'invitee.discarded':
      return subject !== null ? (names.get(subject) ?? '') : '';
    case 'case.regranted':
    case 'cases.regranted': {
      // A team-wide cases.regranted event has no count once migration 0007 has scrubbed it.
      const count = typeof d.objects === 'number' ? d.objects : null;
      const memberName = (subject !== null ? names.get(subject) : undefined) ?? i18n._(msg`a member`);
      return count === null
        ? memberName
        : i18n._(msg`${memberName}, ${plural(count, { one: '# key', other: '# keys' })}`);
    }
    default:
      return '';
  }
}

const SETTINGS: Readonly<Record<string, MessageDescriptor>> = {
  name: msg`name`,
  description: msg`description`,
  first_response_hours: msg`first-response target`,
  quorum: msg`quorum`,
  templates: msg`message templates`,
  support_kit: msg`support kit`,
};

/** A team setting named in the log: its words, or its code when this version does not know it. */
function settingWords(field: string): string {
  const words = Object.hasOwn(SETTINGS, field) ? SETTINGS[field] : undefined;
  return words === undefined ? field : i18n._(words);
}
