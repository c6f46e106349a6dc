/**
 * The typed bodies of `confide/record/v1` items (docs/protocol.md 10.2). Records are encrypted and
 * signed like every item: only members' browsers read these shapes; the server never does. Each
 * record is one fact with its author and `written_at`, so "who ticked what, when" is the item's
 * signed author and time, and later records of the same kind supersede earlier ones where the
 * console says so (a checklist item's latest tick wins).
 */
import { Type, type Static } from 'typebox';
import { Time, Uuid } from './common.js';
import { NoticeRecipient, RetainedResult, VoteChoice, WikiAction } from './enumerations.js';

export const RECORD_SCHEMA = 'confide/record/v1';

/** Free text in a record: long enough for a paragraph, never unbounded. */
const Text = (maxLength = 4000) => Type.String({ maxLength });

/** The seed's checklists: verifying facts, and background research on each party. */
export const CHECKLISTS = [
  'verify',
  'background_target',
  'background_reporter',
  'background_harasser',
] as const;
export const Checklist = Type.Enum(CHECKLISTS);
export type Checklist = Static<typeof Checklist>;

const common = {
  schema: Type.Literal(RECORD_SCHEMA),
  written_at: Time,
  /** Files attached to the record, as in messages and notes. */
  attachments: Type.Optional(
    Type.Array(
      Type.Object({
        id: Uuid,
        name: Type.String({ maxLength: 255 }),
        type: Type.String({ maxLength: 255 }),
        size: Type.Integer({ minimum: 0 }),
        key: Type.String({ maxLength: 64 }),
      }),
      { maxItems: 20 },
    ),
  ),
};

/** One tick (or untick) of one checklist item; `item` is a key of the console's list. */
export const ChecklistRecord = Type.Object({
  ...common,
  type: Type.Literal('checklist'),
  list: Checklist,
  item: Type.String({ pattern: '^[a-z_]{1,60}$' }),
  checked: Type.Boolean(),
  note: Text(2000),
});

/** Who investigated the case (the seed: "record the names of those who investigated"). */
export const InvestigatorsRecord = Type.Object({
  ...common,
  type: Type.Literal('investigators'),
  members: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }),
});

/** One member's vote in one round; the server knows that they voted, never how. */
export const VoteRecord = Type.Object({
  ...common,
  type: Type.Literal('vote'),
  round: Type.Integer({ minimum: 1 }),
  choice: VoteChoice,
  note: Text(2000),
});

/** The outcome, with the on-wiki actions taken, recorded as facts. */
export const DecisionRecord = Type.Object({
  ...common,
  type: Type.Literal('decision'),
  outcome: VoteChoice,
  actions: Type.Array(
    Type.Object({ action: WikiAction, target: Type.String({ maxLength: 255 }), note: Text(1000) }),
    { maxItems: 50 },
  ),
  /**
   * For a suppression of many revisions: whether the reporter was asked first (the seed: such a
   * suppression draws attention). null when no suppression was recorded.
   */
  reporter_asked_before_suppression: Type.Union([Type.Boolean(), Type.Null()]),
  note: Text(),
});

/** A notice given outside Confide (on the wiki, by e-mail), recorded as a fact, in order. */
export const NoticeRecord = Type.Object({
  ...common,
  type: Type.Literal('notice'),
  to: NoticeRecipient,
  note: Text(2000),
});

/** Support offered to the target: keys of the console's kit or the team's own list, and a note. */
export const SupportRecord = Type.Object({
  ...common,
  type: Type.Literal('support'),
  offered: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
  note: Text(2000),
});

/** The seed's four debrief questions. */
export const DebriefRecord = Type.Object({
  ...common,
  type: Type.Literal('debrief'),
  best_result: Text(),
  went_well: Text(),
  went_badly: Text(),
  improve: Text(),
});

/** What closing requires: what the case was about, who investigated, what they found, the outcome. */
export const ClosingSummaryRecord = Type.Object({
  ...common,
  type: Type.Literal('closing_summary'),
  about: Text(),
  investigators: Text(1000),
  findings: Text(),
  outcome: Text(),
});

/** A public announcement draft: the username, the basis and the outcome, nothing else. */
export const AnnouncementRecord = Type.Object({
  ...common,
  type: Type.Literal('announcement'),
  username: Type.String({ maxLength: 255 }),
  basis: Text(500),
  outcome: Text(500),
});

/**
 * The minimal record the seed says must stay findable once a case's details are deleted
 * (retention, docs/protocol.md 10.8): the result, the parties, and the reporter's role. A member's
 * browser writes it when a case is closed or withdrawn, and for older finished cases the first time
 * a console sees them; the server purges a case only once it has one (`retained` on the item).
 */
export const RetainedRecord = Type.Object({
  ...common,
  type: Type.Literal('retained'),
  /** The team's case number, so the record still names the case after everything else is gone. */
  case_number: Type.Integer({ minimum: 1 }),
  result: RetainedResult,
  /** When the case was closed or withdrawn. */
  finished_at: Time,
  parties: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 255 }),
      role: Type.Union([
        Type.Literal('alleged_harasser'),
        Type.Literal('target'),
        Type.Literal('witness'),
        Type.Literal('other'),
      ]),
    }),
    { maxItems: 100 },
  ),
  reporter_role: Type.Union([Type.Literal('target'), Type.Literal('third_party'), Type.Literal('unknown')]),
  /** The outcome in the team's words, from the closing summary; empty when there was none. */
  outcome: Text(2000),
});

export const RecordBody = Type.Union([
  ChecklistRecord,
  InvestigatorsRecord,
  VoteRecord,
  DecisionRecord,
  NoticeRecord,
  SupportRecord,
  DebriefRecord,
  ClosingSummaryRecord,
  AnnouncementRecord,
  RetainedRecord,
]);
export type RecordBody = Static<typeof RecordBody>;
export type ChecklistRecord = Static<typeof ChecklistRecord>;
export type VoteRecord = Static<typeof VoteRecord>;
export type DecisionRecord = Static<typeof DecisionRecord>;
export type NoticeRecord = Static<typeof NoticeRecord>;
export type ClosingSummaryRecord = Static<typeof ClosingSummaryRecord>;
export type RetainedRecord = Static<typeof RetainedRecord>;
