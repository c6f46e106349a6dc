/**
 * The team's index key (docs/protocol.md 7): an admin's issue of signed grants to every active
 * member, and the server's current epoch.
 */
import type { IndexKeyIssue } from '#contract/index-keys';
import { api, ignoreBody } from '../../../lib/api-client';
import { getSession } from './session';

/** PUT /api/teams/{slug}/index-key: grants of the key of `issue.epoch`, one per active member. */
export function putIndexKey(slug: string, issue: IndexKeyIssue): Promise<undefined> {
  return api.put(`/teams/${encodeURIComponent(slug)}/index-key`, issue, ignoreBody);
}

/** The team's current index-key epoch and this member's grant of it, as the session serves them. */
export async function currentIndexKey(): Promise<{
  epoch: number;
  grant: Awaited<ReturnType<typeof getSession>>['indexKey'];
}> {
  const session = await getSession();
  return { epoch: session.indexEpoch, grant: session.indexKey };
}
