/**
 * A case's plaintext metadata as the pages keep it (camelCase), from a case as the contract
 * serves it (CaseSummary, checked already). Shared by the case list, read in the keyring
 * workers (case-pages.ts), and the case page, read on the page's thread: imports types only.
 */
import type { CaseSummary } from '#contract/cases';
import type { CaseMeta } from './types';

export function caseMeta(c: CaseSummary): CaseMeta {
  return {
    id: c.id,
    status: c.status,
    urgent: c.urgent,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    checkInBy: c.check_in_by,
    assignee: c.assignee,
    number: c.number,
    followUpBy: c.follow_up_by,
    reporterRepliedAt: c.reporter_replied_at,
    teamRepliedAt: c.team_replied_at,
    readAt: c.read_at,
    excluded: c.excluded,
    finishedAt: c.finished_at,
    retained: c.retained,
    purgeAfter: c.purge_after,
    purgedAt: c.purged_at,
    appealOf: c.appeal_of,
  };
}
