import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';

import { PageHeading } from '../../../components/page-heading';
import { useDocumentTitle } from '../../../hooks/use-document-title';
import { ApiError } from '../../../lib/api-client';
import { getAudit, type AuditEvent } from '../api/audit';
import { formatDateTime, STATUS_WORDS } from '../lib/format';
import { teamSession } from '../session/session-store';
import { useUnlockedSession } from '../session/use-team-session';

const ACTIONS: Readonly<Record<string, string>> = {
  'member.signed_in': 'Signed in',
  'case.opened': 'Opened a case',
  'case.updated': 'Changed a case',
  'item.message': 'Wrote to the reporter',
  'item.note': 'Wrote an internal note',
  'item.record': 'Added a record',
  'invitation.created': 'Made an invitation link',
  'invitation.accepted': 'Accepted an invitation',
  'invitee.discarded': 'Discarded a request to join',
  'roster.genesis': 'Created the team',
  'roster.add': 'Added a member',
  'roster.remove': 'Removed a member',
  'roster.role': 'Changed a member’s role',
  'case.regranted': 'Shared a case with a member who joined later',
  // Written before re-grants were recorded per case: one event for a whole re-grant.
  'cases.regranted': 'Shared earlier cases with a member',
  'report.received': 'A report arrived',
  'team.created': 'Created the team',
};

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function changeWords(details: Record<string, unknown>, names: ReadonlyMap<string, string>): string {
  const before =
    typeof details.before === 'object' && details.before !== null
      ? (details.before as Record<string, unknown>)
      : {};
  const after =
    typeof details.after === 'object' && details.after !== null
      ? (details.after as Record<string, unknown>)
      : {};
  const parts: string[] = [];
  if (before.status !== after.status && typeof after.status === 'string') {
    const status = after.status;
    parts.push(
      `status: ${Object.hasOwn(STATUS_WORDS, status) ? STATUS_WORDS[status as keyof typeof STATUS_WORDS] : status}`,
    );
  }
  if (before.check_in_by !== after.check_in_by) {
    const date = text(after.check_in_by);
    parts.push(date === null ? 'check-in date cleared' : `check-in: ${formatDateTime(date)}`);
  }
  if (before.assignee !== after.assignee) {
    const id = text(after.assignee);
    parts.push(id === null ? 'unassigned' : `assigned to ${names.get(id) ?? 'a member'}`);
  }
  return parts.join('; ');
}

function describe(event: AuditEvent, names: ReadonlyMap<string, string>): string {
  const d = event.details;
  const subject = text(d.member);
  switch (event.action) {
    case 'case.updated':
      return changeWords(d, names);
    case 'invitation.created':
      return text(d.role) === 'admin' ? 'as admin' : 'as member';
    case 'roster.add':
    case 'roster.remove':
    case 'roster.role':
    case 'invitee.discarded':
      return subject !== null ? (names.get(subject) ?? '') : '';
    case 'case.regranted':
    case 'cases.regranted': {
      const count = typeof d.objects === 'number' ? d.objects : null;
      return `${subject !== null ? (names.get(subject) ?? 'a member') : 'a member'}${count !== null ? `, ${count} keys` : ''}`;
    }
    default:
      return '';
  }
}

export function AuditPage() {
  useDocumentTitle('Audit log');
  const { verifiedTeam, member } = useUnlockedSession();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    getAudit().then(
      (list) => !cancelled && setEvents(list),
      (caught: unknown) => {
        if (cancelled) return;
        if (caught instanceof ApiError && caught.status === 401) return teamSession.sessionEnded();
        setError(caught instanceof ApiError ? caught.message : 'The audit log could not be loaded.');
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of verifiedTeam.roster.known.values()) map.set(m.id, m.name);
    return map;
  }, [verifiedTeam]);

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
      {error !== null && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">{error}</p>
        </div>
      )}
      {events === null && error === null && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {events !== null && events.length === 0 && <p>Nothing has happened yet.</p>}
      {events !== null && events.length > 0 && (
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
                  <td>{ACTIONS[event.action] ?? event.action}</td>
                  <td>{describe(event, names)}</td>
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
      )}
    </>
  );
}
