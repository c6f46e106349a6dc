import { Link } from 'react-router';

import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { errorText, formatDateTime } from '../../../lib/format';
import { getAudit, type AuditEvent } from '../api/audit';
import { useMemberNames } from '../hooks/use-member-names';
import { useTeamLoad } from '../hooks/use-team-load';
import { actionWords, describeAuditEvent } from '../model/audit-words';
import { useUnlockedSession } from '../session/use-team-session';

export function AuditPage() {
  useDocumentTitle('Audit log');
  const { verifiedTeam, member } = useUnlockedSession();
  const { state } = useTeamLoad(() => getAudit(), []);
  const names = useMemberNames(verifiedTeam);

  if (member.role !== 'admin') {
    return (
      <>
        <PageHeading>Audit log</PageHeading>
        <p>Only admins can read the audit log.</p>
      </>
    );
  }
  return (
    <>
      <PageHeading>Audit log</PageHeading>
      <p className="lead">
        Who opened, changed or shared what, most recent first (the latest 500). No IP addresses are recorded.
      </p>
      {state.status === 'error' && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{errorText(state.error, 'The audit log could not be loaded.')}</p>
        </div>
      )}
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {state.status === 'ready' && state.value.length === 0 && <p>Nothing has happened yet.</p>}
      {state.status === 'ready' && state.value.length > 0 && (
        <AuditTable events={state.value} names={names} />
      )}
    </>
  );
}

function AuditTable({
  events,
  names,
}: {
  events: readonly AuditEvent[];
  names: ReadonlyMap<string, string>;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Audit events">
      <table className="table">
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
          {events.map((event) => (
            <tr key={event.id}>
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
                  <Link to={`/team/cases/${event.case}`}>
                    <span className="visually-hidden">Open case </span>
                    <code>{event.case.slice(0, 8)}</code>
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
