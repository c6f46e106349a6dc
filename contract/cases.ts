import { Type, type Static } from 'typebox';
import {
  Envelope,
  Grant,
  Grants,
  PublicKey,
  SealedKey,
  Signature,
  Slug,
  SummaryEnvelope,
  Time,
  Uuid,
} from './common.js';
import {
  Audience,
  CaseEventKind,
  CaseLocalAction,
  CaseStatus,
  ItemKind,
  ReceiptRole,
} from './enumerations.js';
import { AppealReference, CaseLink } from './appeals.js';
import { IndexEpoch } from './index-keys.js';
import { IncomingReferral, OutgoingReferral, ReceiptCaseLink, ReceiptReferral } from './referrals.js';
import { MEMBER_SETTABLE_STATUSES } from './status-machine.js';
import { MAX_ATTACHMENTS_PER_OBJECT } from './limits.js';

export { MAX_ATTACHMENTS_PER_OBJECT } from './limits.js';

const AttachmentIds = Type.Array(Uuid, { maxItems: MAX_ATTACHMENTS_PER_OBJECT, uniqueItems: true });

export const ReportSubmission = Type.Object(
  {
    id: Uuid,
    team: Uuid,
    roster_seq: Type.Integer({ minimum: 0 }),
    payload: Envelope,
    grants: Grants,
    reporter: Type.Object(
      { box_pk: PublicKey, sign_pk: PublicKey, lookup_hash: PublicKey },
      { additionalProperties: false },
    ),
    sig: Signature,
    /**
     * What the case list shows, sealed under the report key (docs/protocol.md 9.7); `sig` then covers
     * it with the payload. Optional: clients older than summaries send none, and their cases are
     * listed from the whole report.
     */
    summary: Type.Optional(SummaryEnvelope),
    urgent: Type.Boolean(),
    excluded: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }),
    attachments: Type.Optional(AttachmentIds),
    /**
     * Makes the report an appeal of the case this reference was made for (docs/protocol.md 10.9): the
     * reference from the notice, as typed (the server normalizes it like a receipt). Not covered by
     * `sig`: it only tells the server which case to link, and the server checks it.
     */
    appeal_reference: Type.Optional(AppealReference),
  },
  { additionalProperties: false },
);
export type ReportSubmission = Static<typeof ReportSubmission>;

export const ReportReceived = Type.Object({ id: Uuid, received_at: Time });

export const ItemSubmission = Type.Object(
  {
    id: Uuid,
    case: Uuid,
    kind: ItemKind,
    /** A member id, or the receipt role of its sender (docs/protocol.md 8.5): `reporter` or `target`. */
    author: Type.Union([Uuid, ReceiptRole]),
    audience: Audience,
    payload: Envelope,
    grants: Grants,
    attachments: Type.Optional(AttachmentIds),
    sig: Signature,
  },
  { additionalProperties: false },
);
export type ItemSubmission = Static<typeof ItemSubmission>;

/** An item as a reader receives it: the stored item plus the reader's own sealed key. */
export const ItemView = Type.Object({
  id: Uuid,
  case: Uuid,
  kind: ItemKind,
  author: Type.String(),
  audience: Audience,
  payload: Envelope,
  attachments: Type.Array(Uuid),
  sig: Signature,
  created_at: Time,
  grant: SealedKey,
});
export type ItemView = Static<typeof ItemView>;

const TimeOrNull = Type.Union([Time, Type.Null()]);

export const CaseSummary = Type.Object({
  id: Uuid,
  /** The case's short number within its team (#42), given in order of arrival. */
  number: Type.Integer({ minimum: 1 }),
  status: CaseStatus,
  urgent: Type.Boolean(),
  created_at: Time,
  /** When anything last changed: an item, a status, an assignment, a date. */
  updated_at: Time,
  check_in_by: TimeOrNull,
  /** A date to look at a closed case again (the seed's follow-up tracking). */
  follow_up_by: TimeOrNull,
  assignee: Type.Union([Uuid, Type.Null()]),
  excluded: Type.Array(Uuid),
  /** The reporter's latest message, and the team's latest message to the reporter. */
  reporter_replied_at: TimeOrNull,
  team_replied_at: TimeOrNull,
  /** When the signed-in member last opened the case; null if never. */
  read_at: TimeOrNull,
  /** When the case was last closed or withdrawn; null while it is open. */
  finished_at: TimeOrNull,
  /** The retained record (docs/protocol.md 10.8) written for it, if any: an item id. */
  retained: Type.Union([Uuid, Type.Null()]),
  /** When the server will delete the case's details under the team's retention; null: not planned. */
  purge_after: TimeOrNull,
  /** When its details were deleted; then `payload` and `grant` are null and `retained_item` is set. */
  purged_at: TimeOrNull,
  /**
   * The report's summary envelope (docs/protocol.md 9.7); null for a report written before summaries,
   * and once purged. GET /api/cases lists a case by its summary: `payload` is then null there, and
   * is sent only for a case without a summary (listed from its body). GET /api/cases/{id} sends both.
   */
  summary: Type.Union([SummaryEnvelope, Type.Null()]),
  payload: Type.Union([Envelope, Type.Null()]),
  /** The member's sealed report key: it opens both `summary` and `payload`. */
  grant: Type.Union([SealedKey, Type.Null()]),
  /** Only on a purged case: the retained record, all that is left of it. */
  retained_item: Type.Union([ItemView, Type.Null()]),
  /** On an appeal (docs/protocol.md 10.9): the case it appeals; null on every other case. */
  appeal_of: Type.Union([CaseLink, Type.Null()]),
});
export type CaseSummary = Static<typeof CaseSummary>;

/** A position in the case list, as the server wrote it (`next`, `boundaries`): opaque to clients. */
const CaseCursor = Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });

export const CaseListQuery = Type.Object(
  {
    /** Cases after this position (the previous page's `next`). */
    cursor: Type.Optional(CaseCursor),
    /**
     * Cases down to this position and no further, this case included (one of `boundaries`): a
     * range of the list, which `next` leads through and ends as null.
     */
    until: Type.Optional(CaseCursor),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
  },
  { additionalProperties: false },
);

export const CaseBoundariesQuery = Type.Object(
  {
    /** A boundary every this many cases. */
    every: Type.String({ pattern: '^[1-9][0-9]{0,3}$' }),
  },
  { additionalProperties: false },
);

/**
 * GET /api/cases/boundaries: the positions of the list's every `every`-th case, newest first, so
 * that a client can fetch its ranges side by side (`cursor` one boundary, `until` the next)
 * instead of one page after another. Counted when read, like `total`.
 */
export const CaseBoundaries = Type.Object({
  total: Type.Integer({ minimum: 0 }),
  boundaries: Type.Array(CaseCursor),
});
export type CaseBoundaries = Static<typeof CaseBoundaries>;
export const CaseList = Type.Object({
  cases: Type.Array(CaseSummary),
  next: Type.Union([Type.String(), Type.Null()]),
  /**
   * On the first page only (no cursor): how many cases the member may see in all, so the console can
   * say how far through a long list it is. Counted when the page is read; cases may come or go later.
   */
  total: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type CaseList = Static<typeof CaseList>;

/**
 * One change the server made to a case, for its timeline (docs/protocol.md 10.6). `from` and `to`
 * are statuses, member ids or times, by `kind`; `actor` is a member id, "reporter", or null for
 * the server itself; `item` names the item that came with the change (a hand-over note, a closing
 * summary, a reopening reason, a vote).
 */
export const CaseEvent = Type.Object({
  id: Type.Integer(),
  kind: CaseEventKind,
  actor: Type.Union([Uuid, Type.Literal('reporter'), Type.Null()]),
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  item: Type.Union([Uuid, Type.Null()]),
  at: Time,
});
export type CaseEvent = Static<typeof CaseEvent>;

/** A vote round: who voted (never how: votes are encrypted records), and whether it reached quorum. */
export const VoteRound = Type.Object({
  number: Type.Integer({ minimum: 1 }),
  opened_by: Uuid,
  opened_at: Time,
  /** The members who voted in this round, each once, in order; the vote items carry the choices. */
  votes: Type.Array(Type.Object({ member: Uuid, item: Uuid, at: Time })),
  /** The team's quorum when the round was read. */
  quorum: Type.Integer({ minimum: 0 }),
  reached: Type.Boolean(),
  /** Only the latest round takes votes; opening a new one ends the one before. */
  current: Type.Boolean(),
});
export type VoteRound = Static<typeof VoteRound>;

/**
 * POST /api/cases/{id}/target: a receipt a member made in their browser for the person targeted
 * (docs/protocol.md 8.5). The receipt itself never leaves that browser; `sig` is the member's
 * signature over the case and the receipt's public keys, which the others' browsers check.
 */
export const TargetInvitation = Type.Object(
  { box_pk: PublicKey, sign_pk: PublicKey, lookup_hash: PublicKey, sig: Signature },
  { additionalProperties: false },
);
export type TargetInvitation = Static<typeof TargetInvitation>;
export const TargetInvited = Type.Object({ invited_at: Time });
export type TargetInvited = Static<typeof TargetInvited>;

/** The target's receipt on a case, as members read it: who made it, when, and its signed keys. */
export const CaseTarget = Type.Object({
  box_pk: PublicKey,
  sign_pk: PublicKey,
  /** The member who made it; null once that member's account was deleted. */
  invited_by: Type.Union([Uuid, Type.Null()]),
  invited_at: Time,
  sig: Signature,
});
export type CaseTarget = Static<typeof CaseTarget>;

export const CaseDetail = Type.Intersect([
  CaseSummary,
  Type.Object({
    team: Uuid,
    roster_seq: Type.Integer(),
    attachments: Type.Array(Uuid),
    items: Type.Array(ItemView),
    reporter: Type.Object({ box_pk: PublicKey, sign_pk: PublicKey }),
    sig: Signature,
    /** Members who recused themselves: they hold no grant on the case and receive nothing new. */
    recused: Type.Array(Uuid),
    events: Type.Array(CaseEvent),
    rounds: Type.Array(VoteRound),
    /** The team's quorum now: votes a round needs before the case may close (0: no vote needed). */
    quorum: Type.Integer({ minimum: 0 }),
    /**
     * The index-key epoch the case's blind-index tags were made with (contract/tags.ts); null when
     * it was never tagged. Another epoch than the team's: the case is to be tagged again.
     */
    tag_epoch: Type.Union([IndexEpoch, Type.Null()]),
    /** The appeals of this case the member may see, oldest first (docs/protocol.md 10.9). */
    appeals: Type.Array(CaseLink),
    /**
     * On an appeal: the member voted on the case it appeals, so the server refuses their vote here
     * (409 voted_on_original) and the console says why. False on every other case.
     */
    voted_on_original: Type.Boolean(),
    /** The target invited into this case with a receipt of their own; null: none was. */
    target: Type.Union([CaseTarget, Type.Null()]),
    /** The referrals made from this case to other teams, oldest first (docs/protocol.md 10.10). */
    referrals: Type.Array(OutgoingReferral),
    /** On a case a referral made: where it came from; null on every other case. */
    referral: Type.Union([IncomingReferral, Type.Null()]),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseParams = Type.Object({ id: Uuid });

/**
 * GET /api/cases/{id}?background=1: the console fetched the case on its own (to write a finished
 * case's retained record), not because a member opened it; it is neither marked read nor audited as
 * opened, so the unread marker and the audit log keep telling what people looked at.
 */
export const CaseDetailQuery = Type.Object(
  { background: Type.Optional(Type.Literal('1')) },
  { additionalProperties: false },
);

/** GET /api/cases/bodies takes at most this many case ids at once. */
export const MAX_CASE_BODIES = 50;

/** A lowercase UUID v4, as Uuid (contract/common.ts) takes it, without its anchors: one of a list. */
const LISTED_UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

/**
 * GET /api/cases/bodies?ids=…: 1 to MAX_CASE_BODIES case ids, separated by commas. They must be
 * distinct: the server refuses a repeated one (400), which the pattern cannot say.
 */
export const CaseBodiesQuery = Type.Object(
  {
    ids: Type.String({
      pattern: `^${LISTED_UUID}(?:,${LISTED_UUID}){0,${MAX_CASE_BODIES - 1}}$`,
      maxLength: MAX_CASE_BODIES * 37 - 1,
      description: `1 to ${MAX_CASE_BODIES} distinct case ids (lowercase UUIDs), separated by commas`,
    }),
  },
  { additionalProperties: false },
);

/** One case's report body as GET /api/cases/{id} serves it: the same four fields, the same shapes. */
export const CaseBody = Type.Object({
  id: CaseSummary.properties.id,
  excluded: CaseSummary.properties.excluded,
  payload: CaseSummary.properties.payload,
  grant: CaseSummary.properties.grant,
});
export type CaseBody = Static<typeof CaseBody>;

/**
 * GET /api/cases/bodies: the report bodies of the cases asked for that the member may see (as
 * GET /api/cases/{id} decides), in the order asked, for a console reading them in the background
 * (search inside whole reports, tagging). A case the member may not see, a purged one (its body
 * is gone) and an unknown id are left out, so `payload` and `grant` are never null here.
 */
export const CaseBodies = Type.Object({ cases: Type.Array(CaseBody, { maxItems: MAX_CASE_BODIES }) });
export type CaseBodies = Static<typeof CaseBodies>;

/**
 * A change to a case. A status is one of the moves of the status machine, and some moves need an
 * item stored with them, in the same transaction (docs/protocol.md 10.5):
 * acknowledged needs a message to the reporter, closed a record (the closing summary), investigating
 * on a closed case (a reopening) a note or record giving the reason. A change of assignee may carry a
 * hand-over note.
 */
export const CasePatch = Type.Object(
  {
    status: Type.Optional(Type.Enum(MEMBER_SETTABLE_STATUSES)),
    check_in_by: Type.Optional(TimeOrNull),
    follow_up_by: Type.Optional(TimeOrNull),
    assignee: Type.Optional(Type.Union([Uuid, Type.Null()])),
    item: Type.Optional(ItemSubmission),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CasePatch = Static<typeof CasePatch>;

export const CaseMetadata = Type.Object({
  id: Uuid,
  number: Type.Integer({ minimum: 1 }),
  status: CaseStatus,
  check_in_by: TimeOrNull,
  follow_up_by: TimeOrNull,
  assignee: Type.Union([Uuid, Type.Null()]),
  updated_at: Time,
});
export type CaseMetadata = Static<typeof CaseMetadata>;

/** POST /api/cases/{id}/rounds: opens the next vote round (no body). */
export const VoteRoundOpened = Type.Object({ number: Type.Integer({ minimum: 1 }) });

/** POST /api/cases/{id}/votes: one vote, an encrypted `record` item, in the current round. */
export const VoteSubmission = Type.Object(
  { round: Type.Integer({ minimum: 1, maximum: 1000 }), item: ItemSubmission },
  { additionalProperties: false },
);
export type VoteSubmission = Static<typeof VoteSubmission>;
export const VoteCast = Type.Object({
  round: Type.Integer(),
  votes: Type.Integer(),
  quorum: Type.Integer(),
  reached: Type.Boolean(),
});

/**
 * POST /api/cases/{id}/retained: the minimal record kept when the case's details are deleted, a
 * `record` item (docs/protocol.md 10.8). Only on a closed or withdrawn case; a later one replaces
 * the earlier as the one kept.
 */
export const RetainedSubmission = Type.Object({ item: ItemSubmission }, { additionalProperties: false });
export type RetainedSubmission = Static<typeof RetainedSubmission>;

/** POST /api/cases/{id}/local-actions: the member's browser printed or exported the case. */
export const CaseLocalActionRequest = Type.Object(
  { action: CaseLocalAction },
  { additionalProperties: false },
);

/** Re-granting existing cases' keys to a member who joined after them. */
export const RegrantRequest = Type.Object(
  {
    member: Uuid,
    grants: Type.Array(Type.Object({ object: Uuid, k: SealedKey }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1000,
    }),
  },
  { additionalProperties: false },
);
export const RegrantReply = Type.Object({ granted: Type.Integer() });

/** What the admin's browser needs to re-grant: every object the admin can read that the member cannot. */
export const RegrantWorkQuery = Type.Object({ member: Uuid }, { additionalProperties: false });
export const RegrantWork = Type.Object({
  objects: Type.Array(Type.Object({ object: Uuid, case: Uuid, grant: SealedKey })),
});

export const ReceiptSessionRequest = Type.Object(
  { lookup: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) },
  { additionalProperties: false },
);
export const ReceiptSessionReply = Type.Object({ case: Uuid, role: ReceiptRole });

export const ReceiptCase = Type.Object({
  id: Uuid,
  /**
   * What this receipt opens the case as (docs/protocol.md 8.5). A target's receipt reads only the
   * thread between the team and the target: `payload`, `summary`, `grant` and `sig` are null, and
   * `items` holds that thread's messages.
   */
  role: ReceiptRole,
  /** When a member invited the target in with a receipt of their own; null: nobody was invited. */
  target_invited_at: TimeOrNull,
  /**
   * On a case a referral made (docs/protocol.md 10.10): the team and case it came from. Its report
   * is the referring member's packet, which the reporter read when they consented: `payload`,
   * `summary`, `grant` and `sig` are null here.
   */
  referred_from: Type.Union([
    Type.Object({ team_name: Type.String(), team_slug: Slug, case: Uuid }),
    Type.Null(),
  ]),
  /** Referrals of this case to other teams, with the packet while one waits for the reporter; empty for a target. */
  referrals: Type.Array(ReceiptReferral),
  /** The other cases this receipt opens (POST /api/receipt/switch moves the session to one). */
  other_cases: Type.Array(ReceiptCaseLink),
  team: Uuid,
  team_slug: Slug,
  team_name: Type.String(),
  status: CaseStatus,
  check_in_by: Type.Union([Time, Type.Null()]),
  created_at: Time,
  first_response_by: Time,
  excluded: Type.Array(Uuid),
  /** Members who can read the report now (they hold a grant on it); empty once purged. */
  readers: Type.Array(Uuid),
  finished_at: TimeOrNull,
  /** When the team's retention will delete the case's details; null: not planned. */
  purge_after: TimeOrNull,
  /** When they were deleted: then `payload` and `grant` are null and `items` is empty. */
  purged_at: TimeOrNull,
  payload: Type.Union([Envelope, Type.Null()]),
  /** The summary envelope `sig` covers with `payload` (docs/protocol.md 9.7); null on older reports and once purged. */
  summary: Type.Union([SummaryEnvelope, Type.Null()]),
  grant: Type.Union([SealedKey, Type.Null()]),
  sig: Type.Union([Signature, Type.Null()]),
  items: Type.Array(ItemView),
});
export type ReceiptCase = Static<typeof ReceiptCase>;

export const AttachmentParams = Type.Object({ id: Uuid });
/**
 * One event of the audit log. It has no id: the database numbers events in one sequence across
 * every team, so an admin excluded from a case would read its hidden events in the gaps between
 * the numbers they are shown (docs/threat-model.md 3.8). The log is read whole, never by event.
 */
export const AuditEvent = Type.Object({
  member: Type.Union([Uuid, Type.Null()]),
  case: Type.Union([Uuid, Type.Null()]),
  /** The case's short number, so the log can name it (#42). */
  case_number: Type.Union([Type.Integer(), Type.Null()]),
  action: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  at: Time,
});
export const AuditList = Type.Object({ events: Type.Array(AuditEvent) });

/** Filters of GET /api/audit; all optional, combined with "and". */
export const AuditQuery = Type.Object(
  {
    /** An action, or the part before its dot ("case" matches case.opened, case.updated...). */
    action: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}(\\.[a-z_]{1,40})?$' })),
    member: Type.Optional(Uuid),
    case_number: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })),
  },
  { additionalProperties: false },
);
export { Grant };
