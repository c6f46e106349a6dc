/**
 * The team console's words for statuses, kinds, roles and danger. Dates, counts and sizes are
 * formatted by lib/format.ts, which holds the page's locale; the lists of values come from the
 * contract, so a status added there cannot be missing from a menu here.
 */
import { CASE_STATUSES, type CaseStatus } from '#contract/enumerations';
import type { CaseEvent } from '#contract/cases';
import { memberEventFor, type MemberSettableStatus } from '#contract/status-machine';
import { formatDate } from '../../../lib/format.js';
import type { CloseBlocker, ClosedCaseProblem } from './case-state.js';
import type { InvolvedAccount, ReportKind } from '#crypto';

export const STATUS_WORDS: Readonly<Record<CaseStatus, string>> = {
  received: 'New',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  awaiting_reporter: 'Waiting for the reporter',
  referred: 'Referred',
  closed: 'Closed',
  withdrawn: 'Withdrawn by the reporter',
};

/** A status as stored in the audit log (any string): its words when it is one we know. */
export function statusWords(status: string): string {
  const known = CASE_STATUSES.find((s) => s === status);
  return known === undefined ? status : STATUS_WORDS[known];
}

/** Every kind a report body may name (a kind the protocol adds fails to compile until it has words). */
export const KIND_WORDS: Readonly<Record<string, string>> = {
  personal_attack: 'Personal attacks',
  threat: 'Threats',
  offensive_comment: 'Offensive or discriminatory comments',
  sexual_content: 'Sexual language or imagery',
  unwanted_contact: 'Unwanted contact, following, stalking',
  doxing: 'Private information disclosed (doxing, outing)',
  private_communication: 'Private communication published',
  disruption: 'Sustained disruption or trolling',
  discrimination: 'Discrimination',
  reporting_misuse: 'Misuse of the reporting system',
  impersonation: 'Impersonation',
  brigading: 'Brigading',
  intimate_images: 'Intimate images',
  contact_offwiki: 'Calls or emails to the person',
  family_or_employer: 'Contact with family or employer',
  account_compromise: 'Account compromise',
  image_based: 'Image-based harassment',
  other: 'Other',
} satisfies Record<ReportKind, string>;

/** A kind code from a report body (written by anyone): its words, or the code marked as unknown. */
export function kindWords(code: string): string {
  return Object.hasOwn(KIND_WORDS, code) ? (KIND_WORDS[code] ?? code) : `Other (${code})`;
}

export const INVOLVED_WORDS: Readonly<Record<string, string>> = {
  alleged_harasser: 'Alleged harasser',
  target: 'Target',
  witness: 'Witness',
  other: 'Other',
} satisfies Record<InvolvedAccount['role'], string>;

/** Words for a danger that puts a case on top; null for none or not said. */
export function dangerWords(danger: string | null): string | null {
  if (danger === 'life') return 'Danger to someone’s life';
  if (danger === 'minor') return 'A minor is involved';
  return null;
}

// Words for records, votes, actions and notices are in record-words.ts.

const MOVE_WORDS: Record<MemberSettableStatus, string> = {
  acknowledged: 'Acknowledge',
  investigating: 'Mark as investigating',
  awaiting_reporter: 'Mark as waiting for the reporter',
  closed: 'Close the case',
};

/** The button for each status move a member can make, by where the case is. */
export function moveWords(from: CaseStatus, to: MemberSettableStatus): string {
  return memberEventFor(from, to).type === 'reopen' ? 'Reopen' : MOVE_WORDS[to];
}

/** Why a case cannot be closed yet (model/case-state.ts CloseBlocker). */
export const CLOSE_BLOCKER_WORDS = {
  quorum_not_reached: 'The latest vote round has not reached the team’s quorum.',
  tie: 'The latest vote round is a tie: open another round.',
  closing_order: 'The closing order is not right (see below).',
} satisfies Record<CloseBlocker, string>;

/** What a case's records say about its closing (model/case-state.ts). */
export const CLOSING_PROBLEM_WORDS = {
  no_summary: 'It was closed without a closing summary.',
  summary_incomplete:
    'Its closing summary leaves out what the case was about, who investigated, the findings or the outcome.',
  notice_before_decision: 'A notice was recorded before the decision and the actions taken.',
  target_before_sanctioned: 'The target was told before the sanctioned user.',
} satisfies Record<ClosedCaseProblem, string>;

/**
 * One line of the case's timeline for a change the server made. `from`/`to` hold statuses,
 * member ids, times or a round number by kind (contract CaseEvent); `name` names a member id.
 */
export function caseEventWords(
  event: Pick<CaseEvent, 'kind' | 'actor' | 'from' | 'to'>,
  name: (memberId: string) => string,
): string {
  const who =
    event.actor === null ? 'Confide' : event.actor === 'reporter' ? 'The reporter' : name(event.actor);
  const { from, to } = event;
  switch (event.kind) {
    case 'status': {
      if (to === 'withdrawn') return 'The reporter withdrew the report';
      if (to === 'closed') return `${who} closed the case`;
      if (from === 'closed') return `${who} reopened the case`;
      const change = `from ${statusWords(from ?? '?')} to ${statusWords(to ?? '?')}`;
      if (event.actor === 'reporter') return `The reporter’s message moved the status ${change}`;
      if (event.actor === null) return `The status changed ${change}`;
      return `${who} changed the status ${change}`;
    }
    case 'assignee':
      if (to === null)
        return from === null ? `${who} unassigned the case` : `${who} unassigned ${name(from)}`;
      if (from === null)
        return to === event.actor ? `${who} took the case` : `${who} assigned the case to ${name(to)}`;
      return from === event.actor
        ? `${who} handed the case to ${name(to)}`
        : `${who} handed the case from ${name(from)} to ${name(to)}`;
    case 'check_in':
      return to === null
        ? `${who} cleared the check-in date`
        : `${who} set the check-in date to ${dateWords(to)}`;
    case 'follow_up':
      return to === null
        ? `${who} cleared the follow-up date`
        : `${who} set a follow-up date: ${dateWords(to)}`;
    case 'recused':
      return `${who} recused themselves`;
    case 'round_opened':
      return isRoundNumber(to) ? `Round ${to} opened by ${who}` : `A vote round was opened by ${who}`;
    case 'vote_cast':
      return isRoundNumber(to) ? `${who} voted in round ${to}` : `${who} voted`;
    case 'target_invited':
      return `${who} invited the target in with a receipt of their own`;
  }
}

function isRoundNumber(value: string | null): value is string {
  return value !== null && /^[1-9][0-9]{0,5}$/.test(value);
}

/** A time from the server, as a date; anything else as it came. */
function dateWords(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : formatDate(iso);
}
