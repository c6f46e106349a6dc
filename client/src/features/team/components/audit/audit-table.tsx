import { Link } from 'react-router';

import { formatDateTime } from '../../../../lib/format';
import type { AuditEvent } from '../../api/audit';
import { actionWords, caseLabel, describeAuditEvent } from '../../model/audit-words';
import './audit-table.css';

/** The audit events in one wide table, which scrolls sideways inside its own region. */
export function AuditTable({
  events,
  names,
}: {
  events: readonly AuditEvent[];
  names: ReadonlyMap<string, string>;
}) {
  return (
    <div className="audit-table" tabIndex={0} role="region" aria-label="Audit events">
      <table className="audit-table__table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
            <th scope="col">Case</th>
          </tr>
        </thead>
        <tbody>
          {/* Keyed by place: events carry no id (contract AuditEvent), and each load replaces
              the whole list, whose rows hold no state of their own. */}
          {events.map((event, place) => (
            <tr key={place}>
              <td>
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              </td>
              <td>
                {event.member === null
                  ? 'The reporter or the server'
                  : (names.get(event.member) ?? 'a pending member')}
              </td>
              <td>{actionWords(event.action)}</td>
              <td>{describeAuditEvent(event, names)}</td>
              <td>
                {event.case !== null ? (
                  <Link to={`/team/cases/${event.case}`} className="audit-table__case">
                    <span className="visually-hidden">Open case </span>
                    {event.case_number !== null ? caseLabel(event) : <code>{caseLabel(event)}</code>}
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
