import { Link } from 'react-router';

import { formatCount } from '../../../../lib/format';
import { caseListHref, DEFAULT_VIEW, NO_FILTERS } from '../../model/case-list';
import type { Workload } from '../../model/workload';
import './workload-section.css';

function casesWords(n: number): string {
  return `${formatCount(n)} open ${n === 1 ? 'case' : 'cases'}`;
}

/** The open cases of an assignee ('nobody' or a member id), as the list shows them. */
function hrefFor(assignee: string): string {
  return caseListHref({ ...DEFAULT_VIEW, filters: { ...NO_FILTERS, assignee } });
}

/**
 * Open cases per member and the unassigned ones, for every member (not admins only): who has
 * room for a new case or a hand-over. Each count links to the list filtered to those cases.
 * Folded by default, with the totals in its summary, so the list stays the page's first thing.
 */
export function WorkloadSection({ workload, me }: { workload: Workload; me: string }) {
  return (
    <details className="workload">
      <summary className="workload__summary">
        Workload: {casesWords(workload.total)}, {formatCount(workload.unassigned)} not assigned yet
      </summary>
      <p className="muted workload__note">
        Counted from the cases you can see. Open means new, acknowledged, investigating or waiting for the
        reporter.
      </p>
      <table className="workload__table">
        <caption className="visually-hidden">Open cases per member</caption>
        <thead>
          <tr>
            <th scope="col">Member</th>
            <th scope="col">Open cases</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Not assigned yet</th>
            <td>
              <Link to={hrefFor('nobody')} aria-label={`${casesWords(workload.unassigned)} not assigned yet`}>
                {formatCount(workload.unassigned)}
              </Link>
            </td>
          </tr>
          {workload.members.map((row) => (
            <tr key={row.memberId}>
              <th scope="row">
                {row.name}
                {row.memberId === me && <span className="muted"> (you)</span>}
              </th>
              <td>
                <Link
                  to={hrefFor(row.memberId === me ? 'me' : row.memberId)}
                  aria-label={`${casesWords(row.open)} assigned to ${row.memberId === me ? 'you' : row.name}`}
                >
                  {formatCount(row.open)}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {workload.formerMembers > 0 && (
        <p className="workload__former">
          {casesWords(workload.formerMembers)} still assigned to former members: give{' '}
          {workload.formerMembers === 1 ? 'it' : 'them'} a new assignee.
        </p>
      )}
    </details>
  );
}
