/**
 * The team's index key (docs/protocol.md 7): each member's signed grant of it, and the set of
 * grants an admin sends when the team gets its first key or a new one.
 */
import { Type, type Static } from 'typebox';
import { SealedKey, Signature, Uuid } from './common.js';

/**
 * The index key's version: 1 for a team's first signed key, one more at each rotation. Tags are
 * compared only within one epoch, as a new key gives a new tag for the same name.
 */
export const IndexEpoch = Type.Integer({ minimum: 1, maximum: 2147483647 });

/**
 * One member's grant, as the member receives it and as an admin sends it for a member being
 * added: the key sealed to that member, signed by the admin `by` over
 * `"confide/v1/index-key-grant\n" ‖ canon({ by, epoch, member, team, wrap })`.
 */
export const IndexKeyGrant = Type.Object(
  {
    epoch: IndexEpoch,
    wrap: SealedKey,
    by: Uuid,
    sig: Signature,
  },
  { additionalProperties: false },
);
export type IndexKeyGrant = Static<typeof IndexKeyGrant>;

/** One entry of an issue: a member's grant, signed by the admin who sends the issue. */
export const IssuedGrant = Type.Object(
  { member: Uuid, wrap: SealedKey, sig: Signature },
  { additionalProperties: false },
);

/** A team has at most this many active members to grant a key to at once. */
export const MAX_GRANTS_PER_ISSUE = 1000;

/**
 * PUT /api/teams/{slug}/index-key: an admin gives every active member (themself included) a grant
 * of the key of `epoch`, all signed by them. `epoch` is one more than the team's current epoch (a
 * new key: the team's first signed key, or a rotation after a removal) or the current epoch itself
 * (the same key signed again, after the admin who signed the grants lost that role).
 */
export const IndexKeyIssue = Type.Object(
  {
    epoch: IndexEpoch,
    grants: Type.Array(IssuedGrant, { minItems: 1, maxItems: MAX_GRANTS_PER_ISSUE }),
  },
  { additionalProperties: false },
);
export type IndexKeyIssue = Static<typeof IndexKeyIssue>;

/** `limit` of GET /api/teams/{slug}/untagged-cases when it is left out. */
export const DEFAULT_UNTAGGED_LIMIT = 200;

/** `limit` of GET /api/teams/{slug}/untagged-cases: 1 to 500, as decimal digits without a leading zero. */
export const UntaggedCasesQuery = Type.Object(
  { limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$' })) },
  { additionalProperties: false },
);

/** GET /api/teams/{slug}/untagged-cases: cases to tag with the current key, and how many are left. */
export const UntaggedCases = Type.Object({
  /** The team's current epoch; null when the team has no signed index key yet. */
  epoch: Type.Union([IndexEpoch, Type.Null()]),
  /** Case ids, newest first, that the member may see and that carry no tags of `epoch`. */
  cases: Type.Array(Uuid),
  /** Whether more such cases remain after these. */
  more: Type.Boolean(),
});
export type UntaggedCases = Static<typeof UntaggedCases>;
