/**
 * Referrals (docs/protocol.md 10.10): a member refers a case to another team of the deployment
 * with a packet sealed in their browser to that team's verified roster; the packet becomes a case
 * of the receiving team once the reporter consents through their receipt, or at once when both
 * teams serve the same community.
 */
import { Type, type Static } from 'typebox';
import { Envelope, Grants, SealedKey, Signature, Slug, SummaryEnvelope, Time, Uuid } from './common.js';
import { ReferralState } from './enumerations.js';
import { MAX_ATTACHMENTS_PER_OBJECT } from './limits.js';
import { TeamCommunity } from './teams.js';

const AttachmentIds = Type.Array(Uuid, { maxItems: MAX_ATTACHMENTS_PER_OBJECT, uniqueItems: true });

/**
 * POST /api/cases/{id}/referrals. `id` is the receiving case's id (the browser picks it: it is in
 * the packet's associated data). `grants` seal the packet's key to every active member of the
 * receiving team and to `"reporter"` (the case's reporter, so they can read what would be shared
 * before they consent). `excluded`: members of the receiving team to leave out, only when no
 * consent is needed (else the reporter chooses). `sig` is the member's signature of protocol 10.10.
 */
export const ReferralSubmission = Type.Object(
  {
    id: Uuid,
    team: Uuid,
    roster_seq: Type.Integer({ minimum: 0 }),
    payload: Envelope,
    summary: SummaryEnvelope,
    grants: Grants,
    excluded: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }),
    attachments: Type.Optional(AttachmentIds),
    sig: Signature,
  },
  { additionalProperties: false },
);
export type ReferralSubmission = Static<typeof ReferralSubmission>;

/** A team as the other side of a referral names it. */
export const ReferralTeam = Type.Object({
  id: Uuid,
  slug: Slug,
  name: Type.String(),
  community: TeamCommunity,
});
export type ReferralTeam = Static<typeof ReferralTeam>;

/** A referral as the referring team's members see it on the case it was made from. */
export const OutgoingReferral = Type.Object({
  id: Uuid,
  to_team: ReferralTeam,
  state: ReferralState,
  needs_consent: Type.Boolean(),
  /** The receiving team's members left out of it. */
  excluded: Type.Array(Uuid),
  /** The member who referred it; null once that member's account was deleted. */
  created_by: Type.Union([Uuid, Type.Null()]),
  created_at: Time,
  decided_at: Type.Union([Time, Type.Null()]),
});
export type OutgoingReferral = Static<typeof OutgoingReferral>;

export const ReferralCreated = Type.Object({ id: Uuid, state: ReferralState });
export type ReferralCreated = Static<typeof ReferralCreated>;

/**
 * On a case a referral made: where it came from. The receiving team's console verifies `sig`
 * (the case's) with `referred_by`'s key in the referring team's verified roster.
 */
export const IncomingReferral = Type.Object({
  from_team: ReferralTeam,
  from_case: Uuid,
  /** The referring case's number within its team (#42), to name it to the referring team. */
  from_case_number: Type.Integer({ minimum: 1 }),
  referred_by: Type.Union([Uuid, Type.Null()]),
  needs_consent: Type.Boolean(),
  created_at: Time,
  released_at: Time,
});
export type IncomingReferral = Static<typeof IncomingReferral>;

/**
 * A referral as the reporter sees it on their case. While it waits for their consent it carries
 * the packet (sealed to them too) so they can read what would be shared, and the receiving team's
 * slug, whose roster their browser verifies before they choose whom to leave out.
 */
export const ReceiptReferral = Type.Object({
  id: Uuid,
  to_team: ReferralTeam,
  state: ReferralState,
  needs_consent: Type.Boolean(),
  excluded: Type.Array(Uuid),
  created_at: Time,
  decided_at: Type.Union([Time, Type.Null()]),
  /** Only while it waits for consent: the packet, its summary, the reporter's key to it, and `sig`. */
  packet: Type.Union([
    Type.Object({ payload: Envelope, summary: SummaryEnvelope, grant: SealedKey, sig: Signature }),
    Type.Null(),
  ]),
});
export type ReceiptReferral = Static<typeof ReceiptReferral>;

/** POST /api/receipt/referrals/{id}/consent: the reporter's answer, and whom they leave out. */
export const ConsentDecision = Type.Object(
  {
    consent: Type.Boolean(),
    /** Members of the receiving team to leave out; only with `consent: true`. */
    excluded: Type.Array(Uuid, { maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ConsentDecision = Static<typeof ConsentDecision>;

export const ConsentRecorded = Type.Object({ state: ReferralState });

export const ReferralParams = Type.Object({ id: Uuid });

/** Another case the same receipt opens (a case referred with the reporter's consent). */
export const ReceiptCaseLink = Type.Object({
  id: Uuid,
  team_name: Type.String(),
  team_slug: Slug,
  /** The case it was referred from, when it was. */
  referred_from: Type.Union([Uuid, Type.Null()]),
});
export type ReceiptCaseLink = Static<typeof ReceiptCaseLink>;

/** POST /api/receipt/switch: move the receipt session to another case the same receipt opens. */
export const ReceiptSwitch = Type.Object({ case: Uuid }, { additionalProperties: false });
