import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

export type Db = Kysely<DB> | Transaction<DB>;

/**
 * Member-side actions (who opened, changed, invited, removed what). Details hold ids and
 * metadata only, never content; there is no column for an address or a user agent.
 */
export async function recordAudit(
  db: Db,
  event: {
    teamId: string;
    memberId: string | null;
    caseId?: string | null;
    action: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      team_id: event.teamId,
      member_id: event.memberId,
      case_id: event.caseId ?? null,
      action: event.action,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}
