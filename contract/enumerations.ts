/**
 * Every enumeration of the wire format, written once. Server routes validate with the schemas,
 * the client checks replies with them and iterates the lists, and a test compares them with the
 * CHECK constraints of the frozen migrations (which keep their own copies, as migrations must).
 *
 * Adding a value here is a contract change: the migration that allows it comes first.
 */
import { Type, type Static } from 'typebox';

/** Where a case stands, in the order a case usually moves through them. */
export const CASE_STATUSES = [
  'received',
  'acknowledged',
  'investigating',
  'awaiting_reporter',
  'referred',
  'closed',
  'withdrawn',
] as const;
export const CaseStatus = Type.Enum(CASE_STATUSES);
export type CaseStatus = Static<typeof CaseStatus>;

/** A case in one of these needs nothing more from the team; every other status is open. */
export const FINISHED_CASE_STATUSES = ['closed', 'withdrawn'] as const satisfies readonly CaseStatus[];

export function isFinishedStatus(status: CaseStatus): boolean {
  return (FINISHED_CASE_STATUSES as readonly CaseStatus[]).includes(status);
}

export const ROLES = ['admin', 'member'] as const;
export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

/** A member asks to join (pending), an admin adds them to the roster (active), or removes them. */
export const MEMBER_STATUSES = ['pending', 'active', 'removed'] as const;
export const MemberStatus = Type.Enum(MEMBER_STATUSES);
export type MemberStatus = Static<typeof MemberStatus>;

/** A message goes to the reporter or the team, a note stays in the team, a record is a decision. */
export const ITEM_KINDS = ['message', 'note', 'record'] as const;
export const ItemKind = Type.Enum(ITEM_KINDS);
export type ItemKind = Static<typeof ItemKind>;

/**
 * Who an item is for besides the team: the reporter's thread, the team alone, or the thread with
 * the target a member invited into a third-party report (docs/protocol.md 8.5).
 */
export const AUDIENCES = ['reporter', 'team', 'target'] as const;
export const Audience = Type.Enum(AUDIENCES);
export type Audience = Static<typeof Audience>;

/**
 * What a receipt opens a case as: the reporter who sent it, or the target a member invited in
 * (docs/protocol.md 8.5). Each is also the name its holder signs items and holds grants under.
 */
export const RECEIPT_ROLES = ['reporter', 'target'] as const;
export const ReceiptRole = Type.Enum(RECEIPT_ROLES);
export type ReceiptRole = Static<typeof ReceiptRole>;

/**
 * Where a referral to another team stands (docs/protocol.md 10.10): waiting for the reporter's
 * consent, released to the receiving team (with consent, or needing none), or refused by the
 * reporter (the packet is deleted).
 */
export const REFERRAL_STATES = ['awaiting_consent', 'released', 'refused'] as const;
export const ReferralState = Type.Enum(REFERRAL_STATES);
export type ReferralState = Static<typeof ReferralState>;

/** The statuses a team is still working in (docs/protocol.md 10.5, the status machine). */
export const OPEN_CASE_STATUSES = [
  'received',
  'acknowledged',
  'investigating',
  'awaiting_reporter',
] as const satisfies readonly CaseStatus[];

export function isOpenStatus(status: CaseStatus): boolean {
  return (OPEN_CASE_STATUSES as readonly CaseStatus[]).includes(status);
}

/**
 * What a case's timeline shows besides its items: the server writes one event per change it
 * makes, with who, when, and from what to what (docs/protocol.md 10.6).
 */
export const CASE_EVENT_KINDS = [
  'status',
  'assignee',
  'check_in',
  'follow_up',
  'recused',
  'round_opened',
  'vote_cast',
  'target_invited',
] as const;
export const CaseEventKind = Type.Enum(CASE_EVENT_KINDS);
export type CaseEventKind = Static<typeof CaseEventKind>;

/**
 * The team's message templates: the seed's messages, each editable in the team settings. They
 * hold no case data; placeholders in `{curly braces}` are filled in before sending.
 */
export const TEMPLATE_KINDS = [
  'acknowledgement',
  'request_for_information',
  'closure_non_actionable',
  'closure_actionable',
  'notice_to_reported_user',
  'notice_mistaken_report',
] as const;
export const TemplateKind = Type.Enum(TEMPLATE_KINDS);
export type TemplateKind = Static<typeof TemplateKind>;

/** How a member votes on a case's outcome (the seed's "actionable" versus "non-actionable"). */
export const VOTE_CHOICES = ['actionable', 'non_actionable', 'mistaken', 'malicious'] as const;
export const VoteChoice = Type.Enum(VOTE_CHOICES);
export type VoteChoice = Static<typeof VoteChoice>;

/** On-wiki actions a team records as facts; Confide performs none of them. */
export const WIKI_ACTIONS = [
  'block',
  'range_block',
  'revision_deletion',
  'suppression',
  'talk_page_restriction',
  'global_lock_request',
] as const;
export const WikiAction = Type.Enum(WIKI_ACTIONS);
export type WikiAction = Static<typeof WikiAction>;

/** Who was told of an outcome, in the order the seed gives for an actionable case. */
export const NOTICE_RECIPIENTS = ['sanctioned_user', 'target', 'reported_user', 'public_venue'] as const;
export const NoticeRecipient = Type.Enum(NOTICE_RECIPIENTS);
export type NoticeRecipient = Static<typeof NoticeRecipient>;

/** The typed bodies of `confide/record/v1` items (docs/protocol.md 10.2, contract/records.ts). */
export const RECORD_TYPES = [
  'checklist',
  'investigators',
  'vote',
  'decision',
  'notice',
  'support',
  'debrief',
  'closing_summary',
  'announcement',
  'retained',
] as const;
export const RecordType = Type.Enum(RECORD_TYPES);
export type RecordType = Static<typeof RecordType>;

/**
 * What a case's blind-index tag names (docs/protocol.md 12, contract/tags.ts): an account involved
 * in the case, or the account of the reporter who wrote it.
 */
export const CASE_TAG_KINDS = ['involved', 'reporter'] as const;
export const CaseTagKind = Type.Enum(CASE_TAG_KINDS);
export type CaseTagKind = Static<typeof CaseTagKind>;

/** What a member's browser asks the audit log to record about a case it rendered locally. */
export const CASE_LOCAL_ACTIONS = ['printed', 'exported'] as const;
export const CaseLocalAction = Type.Enum(CASE_LOCAL_ACTIONS);
export type CaseLocalAction = Static<typeof CaseLocalAction>;

/**
 * What a member may ask to be told about (docs/http-api.md 10.11). `new_case`: an urgent case at
 * once, others in a digest at the member's interval; `reporter_replied`: on a case assigned to them;
 * `date_passed`: a check-in, follow-up or first-response date of a case passed; `member_pending`:
 * someone asked to join (admins only).
 */
export const NOTIFICATION_EVENTS = ['new_case', 'reporter_replied', 'date_passed', 'member_pending'] as const;
export const NotificationEvent = Type.Enum(NOTIFICATION_EVENTS);
export type NotificationEvent = Static<typeof NotificationEvent>;

/**
 * What one outbox row announces. Each names only the team and the kind of event: never a case's
 * content, title, kinds, number or reporter, nor why a case is urgent.
 */
export const NOTIFICATION_KINDS = [
  'urgent_case',
  'new_cases',
  'reporter_replied',
  'check_in_passed',
  'follow_up_passed',
  'first_response_passed',
  'member_pending',
  'test',
] as const;
export const NotificationKind = Type.Enum(NOTIFICATION_KINDS);
export type NotificationKind = Static<typeof NotificationKind>;

export const NOTIFICATION_CHANNELS = ['email', 'webhook'] as const;
export const NotificationChannel = Type.Enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = Static<typeof NotificationChannel>;

/** How often non-urgent new cases are gathered into one mail; 0: each at once. */
export const DIGEST_MINUTES = [0, 60, 240, 1440] as const;
// Enum, not a Union of mapped literals: the mapped Union's static type is `never`.
export const DigestMinutes = Type.Enum(DIGEST_MINUTES);
export type DigestMinutes = (typeof DIGEST_MINUTES)[number];

/** Second factors a member may hold; a recovery code is a one-time stand-in for either. */
export const SECOND_FACTOR_METHODS = ['webauthn', 'totp', 'recovery_code'] as const;
export const SecondFactorMethod = Type.Enum(SECOND_FACTOR_METHODS);
export type SecondFactorMethod = Static<typeof SecondFactorMethod>;

/** The result a retained record keeps: a vote choice, or how a case ended without one. */
export const RETAINED_RESULTS = [...VOTE_CHOICES, 'withdrawn', 'closed_without_decision'] as const;
export const RetainedResult = Type.Enum(RETAINED_RESULTS);
export type RetainedResult = Static<typeof RetainedResult>;
