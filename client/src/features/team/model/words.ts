/**
 * The team console's words for statuses, kinds, roles and danger. Dates, counts and sizes are
 * formatted by lib/format.ts, which holds the page's locale; the lists of values come from the
 * contract, so a status added there cannot be missing from a menu here.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import { CASE_STATUSES, type CaseStatus } from '#contract/enumerations';
import type { CaseEvent } from '#contract/cases';
import { memberEventFor, type MemberSettableStatus } from '#contract/status-machine';
import { translatedRecord } from '../../../i18n/translated-record.js';
import { formatDate } from '../../../lib/format.js';
import type { CloseBlocker, ClosedCaseProblem } from './case-state.js';
import type { InvolvedAccount, ReportKind } from '#crypto';

// Each table's values are read translated, in the page's language at that moment (translatedRecord).

export const STATUS_WORDS: Readonly<Record<CaseStatus, string>> = translatedRecord({
  received: msg({ message: 'New', context: 'case status' }),
  acknowledged: msg`Acknowledged`,
  investigating: msg`Investigating`,
  awaiting_reporter: msg`Waiting for the reporter`,
  referred: msg`Referred`,
  closed: msg`Closed`,
  withdrawn: msg`Withdrawn by the reporter`,
});

/** A status as stored in the audit log (any string): its words when it is one we know. */
export function statusWords(status: string): string {
  const known = CASE_STATUSES.find((s) => s === status);
  return known === undefined ? status : STATUS_WORDS[known];
}

/** Every kind a report body may name (a kind the protocol adds fails to compile until it has words). */
export const KIND_WORDS: Readonly<Record<string, string>> = translatedRecord<ReportKind>({
  personal_attack: msg`Personal attacks`,
  threat: msg`Threats`,
  offensive_comment: msg`Offensive or discriminatory comments`,
  sexual_content: msg`Sexual language or imagery`,
  unwanted_contact: msg`Unwanted contact, following, stalking`,
  doxing: msg`Private information disclosed (doxing, outing)`,
  private_communication: msg`Private communication published`,
  disruption: msg`Sustained disruption or trolling`,
  discrimination: msg`Discrimination`,
  reporting_misuse: msg`Misuse of the reporting system`,
  impersonation: msg`Impersonation`,
  brigading: msg`Brigading`,
  intimate_images: msg`Intimate images`,
  contact_offwiki: msg`Calls or emails to the person`,
  family_or_employer: msg`Contact with family or employer`,
  account_compromise: msg`Account compromise`,
  image_based: msg`Image-based harassment`,
  other: msg({ message: 'Other', context: 'report kind' }),
});

/** A kind code from a report body (written by anyone): its words, or the code marked as unknown. */
export function kindWords(code: string): string {
  return Object.hasOwn(KIND_WORDS, code) ? (KIND_WORDS[code] ?? code) : i18n._(msg`Other (${code})`);
}

export const INVOLVED_WORDS: Readonly<Record<string, string>> = translatedRecord<InvolvedAccount['role']>({
  alleged_harasser: msg`Alleged harasser`,
  target: msg`Target`,
  witness: msg`Witness`,
  other: msg({ message: 'Other', context: 'role of an involved account' }),
});

/** Words for a danger that puts a case on top; null for none or not said. */
export function dangerWords(danger: string | null): string | null {
  if (danger === 'life') return i18n._(msg`Danger to someone’s life`);
  if (danger === 'minor') return i18n._(msg`A minor is involved`);
  return null;
}

// Words for records, votes, actions and notices are in record-words.ts.

const MOVE_WORDS: Readonly<Record<MemberSettableStatus, string>> = translatedRecord({
  acknowledged: msg`Acknowledge`,
  investigating: msg`Mark as investigating`,
  awaiting_reporter: msg`Mark as waiting for the reporter`,
  closed: msg`Close the case`,
});

/** The button for each status move a member can make, by where the case is. */
export function moveWords(from: CaseStatus, to: MemberSettableStatus): string {
  return memberEventFor(from, to).type === 'reopen' ? i18n._(msg`Reopen`) : MOVE_WORDS[to];
}

/** Why a case cannot be closed yet (model/case-state.ts CloseBlocker). */
export const CLOSE_BLOCKER_WORDS: Readonly<Record<CloseBlocker, string>> = translatedRecord({
  quorum_not_reached: msg`The latest vote round has not reached the team’s quorum.`,
  tie: msg`The latest vote round is a tie: open another round.`,
  closing_order: msg`The closing order is not right (see below).`,
});

/** What a case's records say about its closing (model/case-state.ts). */
export const CLOSING_PROBLEM_WORDS: Readonly<Record<ClosedCaseProblem, string>> = translatedRecord({
  no_summary: msg`It was closed without a closing summary.`,
  summary_incomplete: msg`Its closing summary leaves out what the case was about, who investigated, the findings or the outcome.`,
  notice_before_decision: msg`A notice was recorded before the decision and the actions taken.`,
  target_before_sanctioned: msg`The target was told before the sanctioned user.`,
});

/**
 * One line of the case's timeline for a change the server made. `from`/`to` hold statuses,
 * member ids, times or a round number by kind (contract CaseEvent); `name` names a member id.
 * Each line is one whole sentence for translators, with the names and statuses as placeholders.
 */
export function caseEventWords(
  event: Pick<CaseEvent, 'kind' | 'actor' | 'from' | 'to'>,
  name: (memberId: string) => string,
): string {
  // Confide is the product's name, not translated.
  const who =
    event.actor === null
      ? 'Confide'
      : event.actor === 'reporter'
        ? i18n._(msg`The reporter`)
        : name(event.actor);
  const { from, to } = event;
  switch (event.kind) {
    case 'status': {
      if (to === 'withdrawn') return i18n._(msg`The reporter withdrew the report`);
      if (to === 'closed') return i18n._(msg`${who} closed the case`);
      if (from === 'closed') return i18n._(msg`${who} reopened the case`);
      const fromStatus = statusWords(from ?? '?');
      const toStatus = statusWords(to ?? '?');
      if (event.actor === 'reporter') {
        return i18n._(msg`The reporter’s message moved the status from ${fromStatus} to ${toStatus}`);
      }
      if (event.actor === null) return i18n._(msg`The status changed from ${fromStatus} to ${toStatus}`);
      return i18n._(msg`${who} changed the status from ${fromStatus} to ${toStatus}`);
    }
    case 'assignee': {
      if (to === null) {
        if (from === null) return i18n._(msg`${who} unassigned the case`);
        const previous = name(from);
        return i18n._(msg`${who} unassigned ${previous}`);
      }
      const assignee = name(to);
      if (from === null) {
        return to === event.actor
          ? i18n._(msg`${who} took the case`)
          : i18n._(msg`${who} assigned the case to ${assignee}`);
      }
      if (from === event.actor) return i18n._(msg`${who} handed the case to ${assignee}`);
      const previous = name(from);
      return i18n._(msg`${who} handed the case from ${previous} to ${assignee}`);
    }
    case 'check_in': {
      if (to === null) return i18n._(msg`${who} cleared the check-in date`);
      const date = dateWords(to);
      return i18n._(msg`${who} set the check-in date to ${date}`);
    }
    case 'follow_up': {
      if (to === null) return i18n._(msg`${who} cleared the follow-up date`);
      const date = dateWords(to);
      return i18n._(msg`${who} set a follow-up date: ${date}`);
    }
    case 'recused':
      return i18n._(msg`${who} recused themselves`);
    case 'round_opened': {
      if (!isRoundNumber(to)) return i18n._(msg`A vote round was opened by ${who}`);
      const round = to;
      return i18n._(msg`Round ${round} opened by ${who}`);
    }
    case 'vote_cast': {
      if (!isRoundNumber(to)) return i18n._(msg`${who} voted`);
      const round = to;
      return i18n._(msg`${who} voted in round ${round}`);
    }
    case 'target_invited':
      return i18n._(msg`${who} invited the target in with a receipt of their own`);
  }
}

function isRoundNumber(value: string | null): value is string {
  return value !== null && /^[1-9][0-9]{0,5}$/.test(value);
}

/** A time from the server, as a date; anything else as it came. */
function dateWords(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : formatDate(iso);
}
