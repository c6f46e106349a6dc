import { Trans, useLingui } from '@lingui/react/macro';
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
  const { t } = useLingui();
  return (
    <div className="audit-table" tabIndex={0} role="region" aria-label={t`Audit events`}>
      <table className="audit-table__table">
        <thead>
          <tr>
            <th scope="col">
              <Trans>When</Trans>
            </th>
            <th scope="col">
              <Trans>Who</Trans>
            </th>
            <th scope="col">
              <Trans>What</Trans>
            </th>
            <th scope="col">
              <Trans>Details</Trans>
            </th>
            <th scope="col">
              <Trans>Case</Trans>
            </th>
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
                {event.member === null ? (
                  t`The reporter or the server`
                ) : (
                  <MemberName name={names.get(event.member)} />
                )}
              </td>
              <td>{actionWords(event.action)}</td>
              <td>{describeAuditEvent(event, names)}</td>
              <td>
                {event.case !== null ? (
                  <Link to={`/team/cases/${event.case}`} className="audit-table__case">
                    <span className="visually-hidden">
                      <Trans>Open case</Trans>{' '}
                    </span>
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

/** A member's name, which is not translated; one the roster does not list yet is said in words. */
function MemberName({ name }: { name: string | undefined }) {
  const { t } = useLingui();
  return name === undefined ? t`a pending member` : <span translate="no">{name}</span>;
}
