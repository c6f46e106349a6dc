/** The team's audit log (admins): who opened, changed or re-granted what, without IP addresses. */
import { api } from '../../../lib/api-client';
import { array, integer, nullable, record, string } from './decoders';

export interface AuditEvent {
  id: number;
  member: string | null;
  case: string | null;
  action: string;
  details: Record<string, unknown>;
  at: string;
}

export function getAudit(): Promise<AuditEvent[]> {
  return api.get('/audit', (data) =>
    array(record(data, 'reply').events, 'events').map((item, i) => {
      const e = record(item, `events[${i}]`);
      return {
        id: integer(e.id, 'id'),
        member: nullable(e.member, string, 'member'),
        case: nullable(e.case, string, 'case'),
        action: string(e.action, 'action'),
        details: record(e.details, 'details'),
        at: string(e.at, 'at'),
      };
    }),
  );
}
