/**
 * The team console's words for records (contract/records.ts) and their enumerations. The lists
 * come from the contract, so a value added there fails to compile here until it has words. Each
 * table is read in the page's language at the moment it is read (i18n/translated-record.ts).
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';

import type {
  NoticeRecipient,
  RecordType,
  RetainedResult,
  VoteChoice,
  WikiAction,
} from '#contract/enumerations';
import type { Checklist, RetainedRecord } from '#contract/records';
import { translatedRecord } from '../../../i18n/translated-record.js';

export const RECORD_TYPE_WORDS = translatedRecord<RecordType>({
  checklist: msg`Checklist`,
  investigators: msg`Investigators`,
  vote: msg`Vote`,
  decision: msg`Decision`,
  notice: msg`Notice`,
  support: msg`Support offered`,
  debrief: msg`Debrief`,
  closing_summary: msg`Closing summary`,
  announcement: msg`Public announcement draft`,
  retained: msg`Record kept after deletion`,
});

const VOTE_DESCRIPTORS: Readonly<Record<VoteChoice, MessageDescriptor>> = {
  actionable: msg`Actionable`,
  non_actionable: msg`Non-actionable`,
  mistaken: msg`Mistaken report`,
  malicious: msg`Malicious report`,
};

/** The seed's outcomes: "non-actionable" is not "false", and says so in its detail. */
export const VOTE_WORDS = translatedRecord(VOTE_DESCRIPTORS);

export const VOTE_DETAILS = translatedRecord<VoteChoice>({
  actionable: msg`Harassment confirmed and the team takes action against the reported user.`,
  non_actionable: msg`The team cannot take direct action. This does not mean the report was false: offer the target support.`,
  mistaken: msg`The report was made in good faith but does not describe harassment by this user.`,
  malicious: msg`The report was made to harm the reported user.`,
});

export const WIKI_ACTION_WORDS = translatedRecord<WikiAction>({
  block: msg`Block`,
  range_block: msg`Range block`,
  revision_deletion: msg`Revision deletion`,
  suppression: msg`Suppression (oversight)`,
  talk_page_restriction: msg`Talk page access removed`,
  global_lock_request: msg`Global lock requested from stewards`,
});

export const NOTICE_WORDS = translatedRecord<NoticeRecipient>({
  sanctioned_user: msg`The sanctioned user`,
  target: msg`The target or reporter`,
  reported_user: msg`The reported user (no sanction)`,
  public_venue: msg`A public venue (noticeboard)`,
});

/** The timeline's line for a notice, before its note: each recipient in a whole sentence. */
export function noticeGivenWords(to: NoticeRecipient): string {
  switch (to) {
    case 'sanctioned_user':
      return i18n._(msg`Notice given to: the sanctioned user`);
    case 'target':
      return i18n._(msg`Notice given to: the target or reporter`);
    case 'reported_user':
      return i18n._(msg`Notice given to: the reported user (no sanction)`);
    case 'public_venue':
      return i18n._(msg`Notice given to: a public venue (noticeboard)`);
  }
}

/** What the notices form says once a notice is recorded. */
export function noticeRecordedWords(to: NoticeRecipient): string {
  switch (to) {
    case 'sanctioned_user':
      return i18n._(msg`The notice to the sanctioned user was recorded.`);
    case 'target':
      return i18n._(msg`The notice to the target or reporter was recorded.`);
    case 'reported_user':
      return i18n._(msg`The notice to the reported user (no sanction) was recorded.`);
    case 'public_venue':
      return i18n._(msg`The notice to a public venue (noticeboard) was recorded.`);
  }
}

export const CHECKLIST_WORDS = translatedRecord<Checklist>({
  verify: msg`Verify the facts`,
  background_target: msg`Background: the target`,
  background_reporter: msg`Background: the reporter`,
  background_harasser: msg`Background: the alleged harasser`,
});

/** A retained record's result (docs/protocol.md 10.8): a decision's outcome, or how the case ended without one. */
export const RETAINED_RESULT_WORDS = translatedRecord<RetainedResult>({
  ...VOTE_DESCRIPTORS,
  withdrawn: msg`Withdrawn by the reporter`,
  closed_without_decision: msg`Closed without a recorded decision`,
});

/** The reporter's role as a retained record keeps it. */
export const REPORTER_ROLE_WORDS = translatedRecord<RetainedRecord['reporter_role']>({
  target: msg`The person targeted`,
  third_party: msg`Someone on another person’s behalf`,
  unknown: msg`Not said`,
});
