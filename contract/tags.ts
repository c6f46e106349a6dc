/**
 * Blind-index tags of a case (docs/protocol.md 12): what a member's browser stores for a case, and
 * the other cases the member may see that carry the same tags.
 */
import { Type, type Static } from 'typebox';
import { Time, Uuid } from './common.js';
import { CaseStatus, CaseTagKind } from './enumerations.js';
import { IndexEpoch } from './index-keys.js';

/** A case carries at most this many tags of involved accounts. */
export const MAX_INVOLVED_TAGS = 100;
/** A case carries at most one tag of its reporter's account. */
export const MAX_REPORTER_TAGS = 1;
/** The seen-before reply lists at most this many other cases per tag, the newest. */
export const MAX_CASES_PER_TAG = 50;

/**
 * The 16-byte blind-index tag, base64url without padding: 22 characters. The last one carries 2
 * bits of the tag and 4 unused bits, which must be zero (`A`, `Q`, `g` or `w`): otherwise one tag
 * would have 16 spellings, and a tag sent two ways would be stored as one and never match itself.
 */
export const BlindTag = Type.String({
  pattern: '^[A-Za-z0-9_-]{21}[AQgw]$',
  minLength: 22,
  maxLength: 22,
  description: 'blind-index tag: 16 bytes, canonical base64url without padding',
});
export type BlindTag = Static<typeof BlindTag>;

/** The index key's version the tags were made with (contract/index-keys.ts). */
export const TagEpoch = IndexEpoch;

/** A case's tags of its involved accounts: each once. */
const InvolvedTags = Type.Array(BlindTag, { maxItems: MAX_INVOLVED_TAGS, uniqueItems: true });
/** A case's tag of its reporter's own account, when the reporter is the target and names it. */
const ReporterTags = Type.Array(BlindTag, { maxItems: MAX_REPORTER_TAGS });

/** PUT /api/cases/{id}/tags: the case's whole set of tags, replacing any it had (empty lists: none). */
export const CaseTags = Type.Object(
  { epoch: TagEpoch, involved: InvolvedTags, reporter: ReporterTags },
  { additionalProperties: false },
);
export type CaseTags = Static<typeof CaseTags>;

/** PUT /api/teams/{slug}/case-tags takes at most this many cases: a page of untagged cases. */
export const MAX_CASE_TAGS_BATCH = 200;

/** One case's whole set of tags in a batch: as CaseTags, named by its case, without the epoch. */
export const CaseTagsEntry = Type.Object(
  { case: Uuid, involved: InvolvedTags, reporter: ReporterTags },
  { additionalProperties: false },
);
export type CaseTagsEntry = Static<typeof CaseTagsEntry>;

/**
 * PUT /api/teams/{slug}/case-tags: the whole sets of tags of several cases at once, all made with
 * the index key of `epoch`, each replacing the case's own (as PUT /api/cases/{id}/tags does). The
 * cases must be distinct: the server refuses a repeated one (400), which the schema cannot say.
 */
export const CaseTagsBatch = Type.Object(
  {
    epoch: TagEpoch,
    cases: Type.Array(CaseTagsEntry, { minItems: 1, maxItems: MAX_CASE_TAGS_BATCH }),
  },
  { additionalProperties: false },
);
export type CaseTagsBatch = Static<typeof CaseTagsBatch>;

/**
 * The reply to PUT /api/teams/{slug}/case-tags, each list in the request's order: the cases whose
 * tags were stored, and those left as they were because the member may not see them (or they do
 * not exist, or are another team's).
 */
export const CaseTagsStored = Type.Object({
  stored: Type.Array(Uuid, { maxItems: MAX_CASE_TAGS_BATCH }),
  skipped: Type.Array(Uuid, { maxItems: MAX_CASE_TAGS_BATCH }),
});
export type CaseTagsStored = Static<typeof CaseTagsStored>;

/** GET /api/teams/{slug}/cases-with-tag lists at most this many cases, the newest. */
export const MAX_CASES_WITH_TAG = 1000;

/** GET /api/teams/{slug}/cases-with-tag?tag=…: the tag a member's browser made of an account name. */
export const CasesWithTagQuery = Type.Object({ tag: BlindTag }, { additionalProperties: false });

/**
 * The cases the member may see that carry the tag (of either kind) under the team's current index
 * key, newest first: the case list's filter by account.
 */
export const CasesWithTag = Type.Object({
  /** The team's current epoch; null when the team has no signed index key yet (then no cases). */
  epoch: Type.Union([TagEpoch, Type.Null()]),
  cases: Type.Array(Uuid, { maxItems: MAX_CASES_WITH_TAG }),
  /** Whether older cases carry it too, beyond MAX_CASES_WITH_TAG. */
  more: Type.Boolean(),
});
export type CasesWithTag = Static<typeof CasesWithTag>;

/** Another case that carries a tag, as the member's case list would show its metadata. */
export const TaggedCase = Type.Object({
  id: Uuid,
  number: Type.Integer({ minimum: 1 }),
  status: CaseStatus,
  created_at: Time,
  /** The tag's kind on that case; a case carrying it as both kinds is listed once for each. */
  kind: CaseTagKind,
});
export type TaggedCase = Static<typeof TaggedCase>;

/** One tag of this case, with the other cases that carry it, newest first. */
export const TagMatch = Type.Object({
  tag: BlindTag,
  /** The tag's kind on this case. */
  kind: CaseTagKind,
  cases: Type.Array(TaggedCase, { minItems: 1, maxItems: MAX_CASES_PER_TAG }),
});
export type TagMatch = Static<typeof TagMatch>;

/**
 * GET /api/cases/{id}/seen-before: the case's tags that other cases the member may see carry too
 * (same team, same epoch), involved tags first. Tags no such case carries are left out.
 */
export const SeenBefore = Type.Object({
  /** The epoch of the case's tags; null when the case has none. */
  epoch: Type.Union([TagEpoch, Type.Null()]),
  matches: Type.Array(TagMatch),
});
export type SeenBefore = Static<typeof SeenBefore>;
