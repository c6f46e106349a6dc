/**
 * Member-side actions (who opened, changed, invited, removed what). Details hold ids and
 * metadata only, never content; there is no column for an address or a user agent.
 */
import type { Db } from '../db/executor.js';
import { toTime } from '../db/wire.js';
import { notExcluded } from './case-exclusions.js';

export interface AuditEvent {
  teamId: string;
  memberId: string | null;
  caseId?: string | null;
  action: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Db, event: AuditEvent): Promise<void> {
  await recordAuditEvents(db, [event]);
}

/** Several events in one statement. */
export async function recordAuditEvents(db: Db, events: readonly AuditEvent[]): Promise<void> {
  await db
    .insertInto('audit_events')
    .values(
      events.map((event) => ({
        team_id: event.teamId,
        member_id: event.memberId,
        case_id: event.caseId ?? null,
        action: event.action,
        details: JSON.stringify(event.details ?? {}),
      })),
    )
    .execute();
}

/** The team's latest events, newest first, as the admins' audit log shows them to `viewerId`. */
export async function listAuditEvents(db: Db, teamId: string, viewerId: string, limit: number) {
  const rows = await db
    .selectFrom('audit_events')
    .select(['id', 'member_id', 'case_id', 'action', 'details', 'at'])
    .where('team_id', '=', teamId)
    // An admin excluded from a case must not learn of it through the audit log.
    .where((eb) => eb.or([eb('case_id', 'is', null), notExcluded('audit_events.case_id', viewerId)]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    member: r.member_id,
    case: r.case_id,
    action: r.action,
    details: r.details as Record<string, unknown>,
    at: toTime(r.at),
  }));
}
