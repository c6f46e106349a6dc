import { plural } from '@lingui/core/macro';
import { Plural, Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { formatCount } from '../../../../lib/format';
import { caseListHref, DEFAULT_VIEW, NO_FILTERS } from '../../model/case-list';
import type { Workload } from '../../model/workload';
import './workload-section.css';

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
  const { t } = useLingui();
  const { total, unassigned, formerMembers } = workload;
  const notAssigned = formatCount(unassigned);
  return (
    <details className="workload">
      <summary className="workload__summary">
        <Trans>
          Workload: <Plural value={total} one="# open case" other="# open cases" />, {notAssigned} not
          assigned yet
        </Trans>
      </summary>
      <p className="muted workload__note">
        <Trans>
          Counted from the cases you can see. Open means new, acknowledged, investigating or waiting for the
          reporter.
        </Trans>
      </p>
      <table className="workload__table">
        <caption className="visually-hidden">
          <Trans>Open cases per member</Trans>
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <Trans>Member</Trans>
            </th>
            <th scope="col">
              <Trans>Open cases</Trans>
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">
              <Trans>Not assigned yet</Trans>
            </th>
            <td>
              <Link
                to={hrefFor('nobody')}
                aria-label={t`${plural(unassigned, {
                  one: '# open case not assigned yet',
                  other: '# open cases not assigned yet',
                })}`}
              >
                {formatCount(unassigned)}
              </Link>
            </td>
          </tr>
          {workload.members.map((row) => {
            const open = row.open;
            const memberName = row.name;
            const mine = row.memberId === me;
            return (
              <tr key={row.memberId}>
                <th scope="row">
                  <span translate="no">{memberName}</span>
                  {mine && (
                    <span className="muted">
                      {' '}
                      <Trans>(you)</Trans>
                    </span>
                  )}
                </th>
                <td>
                  <Link
                    to={hrefFor(mine ? 'me' : row.memberId)}
                    aria-label={
                      mine
                        ? t`${plural(open, { one: '# open case assigned to you', other: '# open cases assigned to you' })}`
                        : t`${plural(open, {
                            one: `# open case assigned to ${memberName}`,
                            other: `# open cases assigned to ${memberName}`,
                          })}`
                    }
                  >
                    {formatCount(open)}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {formerMembers > 0 && (
        <p className="workload__former">
          <Plural
            value={formerMembers}
            one="# open case still assigned to former members: give it a new assignee."
            other="# open cases still assigned to former members: give them a new assignee."
          />
        </p>
      )}
    </details>
  );
}
