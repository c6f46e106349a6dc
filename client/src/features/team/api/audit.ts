/** The team's audit log (admins): who opened, changed or re-granted what, without IP addresses. */
import type { Static } from 'typebox';
import { AuditEvent as AuditEventReply, AuditList } from '#contract/cases';
import { api } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

export type AuditEvent = Static<typeof AuditEventReply>;

const decodeAudit = decodeWith(AuditList, (reply) => reply.events);

export function getAudit(): Promise<AuditEvent[]> {
  return api.get('/audit', decodeAudit);
}
