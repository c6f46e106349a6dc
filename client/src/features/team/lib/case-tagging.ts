/**
 * Tagging cases for the blind index of involved accounts (docs/protocol.md 12): the names a report
 * gives (crypto's reportParties) become keyed tags in the keyring worker, which holds the team's
 * index key, and only the tags go to the server (PUT /api/cases/{id}/tags for one case,
 * PUT /api/teams/{slug}/case-tags for a page of them). The server learns which cases share an
 * account, never the account.
 *
 * Used by the case page, which tags the case it opened when its tags are missing or of another
 * epoch, and by the case list's background pass (hooks/use-background-tagging.ts), which tags the
 * cases the server lists as untagged. The rules themselves (which tags, when a pass ends) are in
 * model/case-tags.ts.
 */
import type { CaseTags } from '#contract/tags';
import { ApiError, NETWORK_ERROR_STATUS, type RequestOptions } from '../../../lib/api-client';
import { isKeyringError, type Keyring } from '../../../lib/keyring/keyring';
import { getUntaggedCases, putCaseTags, putCaseTagsBatch } from '../api/case-tags';
import {
  caseTagsFrom,
  namesToTag,
  splitTags,
  type CaseParties,
  type TaggingPassIo,
} from '../model/case-tags';

export {
  caseTagsFrom,
  namesToTag,
  runTaggingPass,
  type CaseParties,
  type TaggingProgress,
} from '../model/case-tags';

/** The tags of one case's accounts, made in the keyring with the held index key (NO_INDEX_KEY without one). */
export async function tagsFor(keyring: Keyring, parties: CaseParties): Promise<CaseTags> {
  const { epoch, tags } = await keyring.tagNames(namesToTag(parties));
  return caseTagsFrom(parties, epoch, tags);
}

/**
 * The tags of several cases at once: one message to the keyring for all their names, cut back
 * into each case's set (`splitTags`).
 */
export async function tagsForMany(
  keyring: Keyring,
  cases: readonly (CaseParties & { readonly id: string })[],
): Promise<{ id: string; tags: CaseTags }[]> {
  const { epoch, tags } = await keyring.tagNames(cases.flatMap(namesToTag));
  return splitTags(cases, epoch, tags);
}

/** Stores the case's tags (replacing any it had). 409 `index_epoch_changed` when the team's key moved on. */
export function storeCaseTags(
  caseId: string,
  tags: CaseTags,
  options: RequestOptions = {},
): Promise<undefined> {
  return putCaseTags(caseId, tags, options);
}

/**
 * Whether `error` means no more tags can be made or stored in this session, so that tagging stops
 * rather than failing case after case: signed out (401), offline, the keyring locked or holding no
 * key, or the team's key moved on to another epoch (409 `index_epoch_changed`: the next sign-in
 * brings the new key).
 */
export function stopsTagging(error: unknown): boolean {
  if (error instanceof ApiError) {
    return (
      error.status === 401 || error.status === NETWORK_ERROR_STATUS || error.code === 'index_epoch_changed'
    );
  }
  return isKeyringError(error, 'LOCKED') || isKeyringError(error, 'NO_INDEX_KEY');
}

/**
 * Cases this session could not tag, by id: their report cannot be read in this browser, or their
 * tags were refused. The background pass skips them, so an unreadable case is not fetched again
 * on every visit to the list, nor keeps a pass going round. Tied to the Keyring, like the cases
 * decrypted in this session (case-store.ts): a new sign-in tries them again.
 */
const failedBySession = new WeakMap<object, Set<string>>();

export function failedInSession(keyring: Keyring): Set<string> {
  let failed = failedBySession.get(keyring);
  if (!failed) {
    failed = new Set();
    failedBySession.set(keyring, failed);
  }
  return failed;
}

/** The pass's keyring and server: the keyring's workers read the reports and make the tags. */
export function taggingPassIo(keyring: Keyring, team: { id: string; slug: string }): TaggingPassIo {
  return {
    async heldEpoch() {
      const held = await keyring.indexKeyState();
      return held.status === 'held' ? held.epoch : null;
    },
    untagged: (limit, signal) => getUntaggedCases(team.slug, limit, { signal }),
    readParties: (caseIds, signal) => keyring.readReportParties(team.id, caseIds, { signal }),
    tag: (cases) => tagsForMany(keyring, cases),
    store: (batch, signal) => putCaseTagsBatch(team.slug, batch, { signal }),
    stops: stopsTagging,
  };
}
