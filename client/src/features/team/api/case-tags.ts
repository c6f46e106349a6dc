/**
 * The blind index of involved accounts (docs/protocol.md 12, docs/http-api.md 10.16): storing a
 * case's tags, or those of a page of cases, asking which other cases carry them, which cases this
 * member still has to tag, and which carry the tag of an account name (the list's filter by account).
 * Tags only: names never leave the browser (lib/case-tagging.ts makes the tags in the keyring).
 */
import { UntaggedCases } from '#contract/index-keys';
import { CasesWithTag, CaseTagsStored, SeenBefore, type CaseTags, type CaseTagsBatch } from '#contract/tags';
import { api, ignoreBody, type RequestOptions } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

export type {
  CasesWithTag,
  CaseTags,
  CaseTagsBatch,
  CaseTagsStored,
  SeenBefore,
  TagMatch,
  TaggedCase,
} from '#contract/tags';
export type { UntaggedCases } from '#contract/index-keys';

const casePath = (caseId: string, rest: string) => `/cases/${encodeURIComponent(caseId)}/${rest}`;

/**
 * PUT /api/cases/{id}/tags: replaces the case's whole set (empty lists: the case names no
 * account, and is tagged all the same). 409 `index_epoch_changed` when `tags.epoch` is not the
 * team's current epoch.
 */
export function putCaseTags(
  caseId: string,
  tags: CaseTags,
  options: RequestOptions = {},
): Promise<undefined> {
  return api.put(casePath(caseId, 'tags'), tags, ignoreBody, options);
}

const decodeCaseTagsStored = decodeWith(CaseTagsStored);

/**
 * PUT /api/teams/{slug}/case-tags: replaces the whole sets of up to 200 cases at once (as
 * `putCaseTags` does one case's), all made with the key of `batch.epoch`; the reply says which
 * were stored and which skipped (cases this member may not see). 409 `index_epoch_changed` when
 * the epoch is not the team's current one: then none was stored.
 */
export function putCaseTagsBatch(
  slug: string,
  batch: CaseTagsBatch,
  options: RequestOptions = {},
): Promise<CaseTagsStored> {
  return api.put(`/teams/${encodeURIComponent(slug)}/case-tags`, batch, decodeCaseTagsStored, options);
}

const decodeSeenBefore = decodeWith(SeenBefore);

/** GET /api/cases/{id}/seen-before: the case's tags that other cases the member may see carry. */
export function getSeenBefore(caseId: string, options: RequestOptions = {}): Promise<SeenBefore> {
  return api.get(casePath(caseId, 'seen-before'), decodeSeenBefore, options);
}

const decodeUntaggedCases = decodeWith(UntaggedCases);

/**
 * GET /api/teams/{slug}/untagged-cases: up to `limit` (1 to 500) cases, newest first, that this
 * member may see and that carry no tags of the team's current epoch.
 */
export function getUntaggedCases(
  slug: string,
  limit: number,
  options: RequestOptions = {},
): Promise<UntaggedCases> {
  return api.get(
    `/teams/${encodeURIComponent(slug)}/untagged-cases?limit=${String(limit)}`,
    decodeUntaggedCases,
    options,
  );
}

const decodeCasesWithTag = decodeWith(CasesWithTag);

/**
 * GET /api/teams/{slug}/cases-with-tag: the newest cases (up to 1,000) this member may see that
 * carry `tag` under the team's current epoch: the case list's filter by account.
 */
export function getCasesWithTag(
  slug: string,
  tag: string,
  options: RequestOptions = {},
): Promise<CasesWithTag> {
  return api.get(
    `/teams/${encodeURIComponent(slug)}/cases-with-tag?tag=${encodeURIComponent(tag)}`,
    decodeCasesWithTag,
    options,
  );
}
