/** The team's audit log (admins): who opened, changed or re-granted what, without IP addresses. */
import type { Static } from 'typebox';
import { AuditEvent as AuditEventReply, AuditList } from '#contract/cases';
import { api } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';
import { auditQueryString, type AuditFilters } from '../model/audit-filters';

export type AuditEvent = Static<typeof AuditEventReply>;

const decodeAudit = decodeWith(AuditList, (reply) => reply.events);

/** The latest events that match every filter given (the server filters: it keeps the log). */
export function getAudit(filters: AuditFilters, signal?: AbortSignal): Promise<AuditEvent[]> {
  const query = auditQueryString(filters);
  return api.get(query === '' ? '/audit' : `/audit?${query}`, decodeAudit, signal ? { signal } : {});
}
