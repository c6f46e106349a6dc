/**
 * Member-side actions (who opened, changed, invited, removed what). Details hold ids and
 * metadata only, never content; there is no column for an address or a user agent.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
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

/**
 * False for a team-wide `cases.regranted` event (written before re-grants were recorded per case,
 * migrations/0007_legacy_regrant_events.ts) when `viewerId` was excluded from a case of the team
 * that existed when it was written: that re-grant may have covered the case, and its mere
 * existence could tell them so. Events of later cases, and other viewers, are unaffected.
 */
function legacyRegrantVisible(viewerId: string): Expression<SqlBool> {
  return sql<SqlBool>`(audit_events.action <> 'cases.regranted' or audit_events.case_id is not null or not exists (
    select 1 from case_exclusions
    join cases on cases.id = case_exclusions.case_id
    where case_exclusions.member_id = ${viewerId}
      and cases.team_id = audit_events.team_id
      and cases.created_at <= audit_events.at))`;
}

/** What the audit log may be narrowed to; every filter given must hold. */
export interface AuditFilter {
  /** An action ("case.opened"), or the part before its dot ("case"). */
  action?: string | undefined;
  member?: string | undefined;
  caseNumber?: number | undefined;
}

/**
 * The team's latest events, newest first, as the admins' audit log shows them to `viewerId`,
 * each naming its case by the case's number within the team.
 */
export async function listAuditEvents(
  db: Db,
  teamId: string,
  viewerId: string,
  limit: number,
  filter: AuditFilter = {},
) {
  let query = db
    .selectFrom('audit_events')
    .leftJoin('cases', 'cases.id', 'audit_events.case_id')
    .select([
      'audit_events.member_id',
      'audit_events.case_id',
      'cases.number',
      'audit_events.action',
      'audit_events.details',
      'audit_events.at',
    ])
    .where('audit_events.team_id', '=', teamId)
    // An admin excluded from a case must not learn of it through the audit log.
    .where((eb) =>
      eb.or([eb('audit_events.case_id', 'is', null), notExcluded('audit_events.case_id', viewerId)]),
    )
    .where(legacyRegrantVisible(viewerId));
  const { action, member, caseNumber } = filter;
  if (action !== undefined) {
    // Compared, not matched with LIKE: "_" is a letter of action names and a LIKE wildcard.
    query = action.includes('.')
      ? query.where('audit_events.action', '=', action)
      : query.where(sql<string>`split_part(audit_events.action, '.', 1)`, '=', action);
  }
  if (member !== undefined) query = query.where('audit_events.member_id', '=', member);
  if (caseNumber !== undefined) query = query.where('cases.number', '=', caseNumber);
  const rows = await query.orderBy('audit_events.id', 'desc').limit(limit).execute();
  // The id orders, but is not sent: it counts every team's events, so its gaps would show an
  // excluded admin that events were withheld from them.
  return rows.map((r) => ({
    member: r.member_id,
    case: r.case_id,
    case_number: r.number,
    action: r.action,
    details: r.details as Record<string, unknown>,
    at: toTime(r.at),
  }));
}
