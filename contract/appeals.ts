/**
 * Appeals (docs/protocol.md 10.9): a member makes an appeal reference for a closed case and puts it
 * in the notice to the sanctioned user; the public appeal page checks it, then sends the appeal as
 * a report (contract/cases.ts ReportSubmission's `appeal_reference`).
 */
import { Type, type Static } from 'typebox';
import { Slug, Time, Uuid } from './common.js';

/**
 * An appeal reference as a person types it: 20 Crockford base32 characters, grouped like a
 * receipt (XXXX-XXXX-XXXX-XXXX-XXXX), spaces and hyphens allowed. The server normalizes it
 * (crypto normalizeReceipt); one that does not normalize is unknown (404), like one never made.
 */
export const AppealReference = Type.String({ minLength: 1, maxLength: 64 });

/** Another case, named by its id and its number (#42) within the team. */
export const CaseLink = Type.Object({ id: Uuid, number: Type.Integer({ minimum: 1 }) });
export type CaseLink = Static<typeof CaseLink>;

/** POST /api/cases/{id}/appeal-reference: shown once; the server keeps only its hash. */
export const AppealReferenceCreated = Type.Object({ reference: Type.String() });
export type AppealReferenceCreated = Static<typeof AppealReferenceCreated>;

export const AppealCheckRequest = Type.Object(
  { reference: AppealReference },
  { additionalProperties: false },
);
export type AppealCheckRequest = Static<typeof AppealCheckRequest>;

/**
 * POST /api/appeals/check, when an appeal can be sent now: the team to send it to (its public page,
 * /api/teams/{slug}, gives the roster to encrypt to) and when the team's waiting period ended (null:
 * the team has none).
 */
export const AppealCheckReply = Type.Object({
  team: Slug,
  appeal_after: Type.Union([Time, Type.Null()]),
});
export type AppealCheckReply = Static<typeof AppealCheckReply>;
