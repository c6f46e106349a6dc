/**
 * The links between an appeal and the case it appeals (docs/protocol.md 10.9): on an appeal, the
 * original; on an original, its appeals the member may see. Nothing on other cases.
 */
import { Trans } from '@lingui/react/macro';
import { Link } from 'react-router';

import { appealOfWords, type CaseLink } from '../../model/appeals';

const casePath = (link: CaseLink) => `/team/cases/${encodeURIComponent(link.id)}`;

export function AppealLinks({
  appealOf,
  appeals,
}: {
  appealOf: CaseLink | null;
  appeals: readonly CaseLink[];
}) {
  if (appealOf === null && appeals.length === 0) return null;
  return (
    <>
      {appealOf !== null && (
        <p className="case__appeal">
          <Link to={casePath(appealOf)}>{appealOfWords(appealOf)}</Link>
          <span className="muted">
            {' · '}
            <Trans>The person a decision was about asks the team to look at it again.</Trans>
          </span>
        </p>
      )}
      {appeals.length > 0 && (
        <p className="case__appeal">
          <Trans>Appealed:</Trans>{' '}
          {appeals.map((appeal, i) => (
            <span key={appeal.id}>
              {i > 0 && ', '}
              <Link to={casePath(appeal)}>#{appeal.number}</Link>
            </span>
          ))}
        </p>
      )}
    </>
  );
}
