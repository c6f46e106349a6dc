/**
 * The team console's words for records (contract/records.ts) and their enumerations. The lists
 * come from the contract, so a value added there fails to compile here until it has words.
 */
import type {
  NoticeRecipient,
  RecordType,
  RetainedResult,
  VoteChoice,
  WikiAction,
} from '#contract/enumerations';
import type { Checklist, RetainedRecord } from '#contract/records';

export const RECORD_TYPE_WORDS: Readonly<Record<RecordType, string>> = {
  checklist: 'Checklist',
  investigators: 'Investigators',
  vote: 'Vote',
  decision: 'Decision',
  notice: 'Notice',
  support: 'Support offered',
  debrief: 'Debrief',
  closing_summary: 'Closing summary',
  announcement: 'Public announcement draft',
  retained: 'Record kept after deletion',
};

/** The seed's outcomes: "non-actionable" is not "false", and says so in its detail. */
export const VOTE_WORDS: Readonly<Record<VoteChoice, string>> = {
  actionable: 'Actionable',
  non_actionable: 'Non-actionable',
  mistaken: 'Mistaken report',
  malicious: 'Malicious report',
};

export const VOTE_DETAILS: Readonly<Record<VoteChoice, string>> = {
  actionable: 'Harassment confirmed and the team takes action against the reported user.',
  non_actionable:
    'The team cannot take direct action. This does not mean the report was false: offer the target support.',
  mistaken: 'The report was made in good faith but does not describe harassment by this user.',
  malicious: 'The report was made to harm the reported user.',
};

export const WIKI_ACTION_WORDS: Readonly<Record<WikiAction, string>> = {
  block: 'Block',
  range_block: 'Range block',
  revision_deletion: 'Revision deletion',
  suppression: 'Suppression (oversight)',
  talk_page_restriction: 'Talk page access removed',
  global_lock_request: 'Global lock requested from stewards',
};

export const NOTICE_WORDS: Readonly<Record<NoticeRecipient, string>> = {
  sanctioned_user: 'The sanctioned user',
  target: 'The target or reporter',
  reported_user: 'The reported user (no sanction)',
  public_venue: 'A public venue (noticeboard)',
};

export const CHECKLIST_WORDS: Readonly<Record<Checklist, string>> = {
  verify: 'Verify the facts',
  background_target: 'Background: the target',
  background_reporter: 'Background: the reporter',
  background_harasser: 'Background: the alleged harasser',
};

/** A retained record's result (docs/protocol.md 10.8): a decision's outcome, or how the case ended without one. */
export const RETAINED_RESULT_WORDS: Readonly<Record<RetainedResult, string>> = {
  ...VOTE_WORDS,
  withdrawn: 'Withdrawn by the reporter',
  closed_without_decision: 'Closed without a recorded decision',
};

/** The reporter's role as a retained record keeps it. */
export const REPORTER_ROLE_WORDS: Readonly<Record<RetainedRecord['reporter_role'], string>> = {
  target: 'The person targeted',
  third_party: 'Someone on another person’s behalf',
  unknown: 'Not said',
};
