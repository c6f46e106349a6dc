import { Type, type Static } from 'typebox';
import { Envelope, Grant, Grants, PublicKey, SealedKey, Signature, Slug, Time, Uuid } from './common.js';
import { Audience, CaseStatus, ItemKind } from './enumerations.js';
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
    urgent: Type.Boolean(),
    excluded: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }),
    attachments: Type.Optional(AttachmentIds),
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
    author: Type.Union([Uuid, Type.Literal('reporter')]),
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

export const CaseSummary = Type.Object({
  id: Uuid,
  status: CaseStatus,
  urgent: Type.Boolean(),
  created_at: Time,
  updated_at: Time,
  check_in_by: Type.Union([Time, Type.Null()]),
  assignee: Type.Union([Uuid, Type.Null()]),
  excluded: Type.Array(Uuid),
  payload: Envelope,
  grant: SealedKey,
});
export type CaseSummary = Static<typeof CaseSummary>;

export const CaseListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
  },
  { additionalProperties: false },
);
export const CaseList = Type.Object({
  cases: Type.Array(CaseSummary),
  next: Type.Union([Type.String(), Type.Null()]),
});
export type CaseList = Static<typeof CaseList>;

export const CaseDetail = Type.Intersect([
  CaseSummary,
  Type.Object({
    team: Uuid,
    roster_seq: Type.Integer(),
    attachments: Type.Array(Uuid),
    items: Type.Array(ItemView),
    reporter: Type.Object({ box_pk: PublicKey, sign_pk: PublicKey }),
    sig: Signature,
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const CaseParams = Type.Object({ id: Uuid });

export const CasePatch = Type.Object(
  {
    status: Type.Optional(CaseStatus),
    check_in_by: Type.Optional(Type.Union([Time, Type.Null()])),
    assignee: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const CaseMetadata = Type.Object({
  id: Uuid,
  status: CaseStatus,
  check_in_by: Type.Union([Time, Type.Null()]),
  assignee: Type.Union([Uuid, Type.Null()]),
  updated_at: Time,
});

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
export const ReceiptSessionReply = Type.Object({ case: Uuid });

export const ReceiptCase = Type.Object({
  id: Uuid,
  team: Uuid,
  team_slug: Slug,
  team_name: Type.String(),
  status: CaseStatus,
  check_in_by: Type.Union([Time, Type.Null()]),
  created_at: Time,
  first_response_by: Time,
  excluded: Type.Array(Uuid),
  payload: Envelope,
  grant: SealedKey,
  sig: Signature,
  items: Type.Array(ItemView),
});
export type ReceiptCase = Static<typeof ReceiptCase>;

export const AttachmentParams = Type.Object({ id: Uuid });
export const AuditEvent = Type.Object({
  id: Type.Integer(),
  member: Type.Union([Uuid, Type.Null()]),
  case: Type.Union([Uuid, Type.Null()]),
  action: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  at: Time,
});
export const AuditList = Type.Object({ events: Type.Array(AuditEvent) });
export { Grant };
