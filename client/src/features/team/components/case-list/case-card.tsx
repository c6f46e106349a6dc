import { Link } from 'react-router';

import { formatDate, timeAgo } from '../../../../lib/format';
import type { TriagedCase } from '../../model/case-list';
import { dangerWords, kindWords, STATUS_WORDS } from '../../model/words';

/** One case in the list: why it stands out, what it is about, where it stands, who must not see it. */
export function CaseCard({
  row,
  names,
  firstResponseHours,
}: {
  row: TriagedCase;
  names: ReadonlyMap<string, string>;
  firstResponseHours: number;
}) {
  const { row: c, opened } = row.listed;
  const view = opened.ok ? opened.view : null;
  // Both lists: a server that drops an id from its list must not hide an exclusion.
  const excluded = [...new Set([...c.excluded, ...(view?.excluded ?? [])])];
  const danger = dangerWords(view?.danger ?? null);
  const tone = row.urgent
    ? ' case-card--urgent'
    : row.privateInfo
      ? ' case-card--private'
      : row.pastTarget || row.overdue
        ? ' case-card--late'
        : '';

  return (
    <li className={`case-card${tone}`}>
      <div className="case-card__flags">
        {row.urgent && <span className="flag flag--urgent">{danger ?? 'Urgent'}</span>}
        {row.privateInfo && <span className="flag flag--private">Private information exposed</span>}
        {row.pastTarget && (
          <span className="flag flag--late">No reply yet: past the {firstResponseHours}-hour target</span>
        )}
        {row.overdue && <span className="flag flag--late">Check-in date passed</span>}
      </div>
      <h2 className="case-card__title">
        <Link to={`/team/cases/${c.id}`}>
          {view ? view.summary || 'Report without a summary' : 'This case could not be decrypted'}
        </Link>
      </h2>
      {!opened.ok && (
        <p className="case-card__problem">
          It may have been altered, or was not encrypted for you. Open it to see what the checks found.
        </p>
      )}
      {view && view.kinds.length > 0 && (
        <p className="case-card__kinds">{view.kinds.map(kindWords).join(' · ')}</p>
      )}
      <dl className="case-card__facts">
        <div>
          <dt>Status</dt>
          <dd>{STATUS_WORDS[c.status]}</dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>
            <time dateTime={c.createdAt} title={formatDate(c.createdAt)}>
              {timeAgo(c.createdAt)}
            </time>
          </dd>
        </div>
        <div>
          <dt>Check-in</dt>
          <dd className={row.overdue ? 'overdue' : undefined}>
            {c.checkInBy ? <time dateTime={c.checkInBy}>{formatDate(c.checkInBy)}</time> : 'Not set'}
          </dd>
        </div>
        <div>
          <dt>Assigned to</dt>
          <dd>{c.assignee ? (names.get(c.assignee) ?? 'a former member') : 'Nobody yet'}</dd>
        </div>
      </dl>
      {excluded.length > 0 && (
        <p className="case-card__excluded">
          <strong>Not visible to:</strong>{' '}
          {excluded.map((id) => names.get(id) ?? 'an unknown member').join(', ')}{' '}
          <span className="muted">(do not discuss this case with them)</span>
        </p>
      )}
    </li>
  );
}
