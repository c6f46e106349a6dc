import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { formatDate, formatDateTime, timeAgo } from '../../../../lib/format';
import { appealOfWords } from '../../model/appeals';
import type { TriagedCase } from '../../model/case-list';
import { dangerWords, kindWords, STATUS_WORDS } from '../../model/words';
import { Fact, Facts } from '../facts';
import { Flag, Flags } from '../flag';
import { ExcludedLine } from './excluded-line';
import { PurgedCaseCard } from './purged-case-card';
import './case-card.css';

/**
 * One case in the list: why it stands out, what it is about, where it stands, who must not see it.
 * The list item around it is the virtual list's (case-virtual-list.tsx), which places it; the
 * card is the box inside, with the look of card.css. Drawn only while near the window: its words
 * are looked up for the cards drawn, never for the whole list.
 */
export function CaseCard({
  row,
  names,
  firstResponseHours,
}: {
  row: TriagedCase;
  names: ReadonlyMap<string, string>;
  firstResponseHours: number;
}) {
  const { t } = useLingui();
  const { row: c, opened } = row.listed;
  if (c.purgedAt !== null) return <PurgedCaseCard row={row} purgedAt={c.purgedAt} names={names} />;
  const view = opened.ok ? opened.view : null;
  // Both lists: a server that drops an id from its list must not hide an exclusion.
  const excluded = [...new Set([...c.excluded, ...(view?.excluded ?? [])])];
  const danger = dangerWords(view?.danger ?? null);
  const tone = row.urgent
    ? ' case-card--urgent'
    : row.privateInfo
      ? ' case-card--private'
      : row.pastTarget || row.overdue || row.followUpDue
        ? ' case-card--late'
        : '';
  // The report's own summary is not translated; the words said in its place are.
  const title =
    view === null ? (
      t`This case could not be decrypted`
    ) : view.summary === '' ? (
      t`Report without a summary`
    ) : (
      <span translate="no">{view.summary}</span>
    );
  const hours = firstResponseHours;
  // A name is not translated; someone the roster no longer lists is said in words.
  const assigneeName = (name: string | undefined) =>
    name === undefined ? t`a former member` : <span translate="no">{name}</span>;

  return (
    <div className={`card case-card${tone}`}>
      <Flags className="case-card__flags">
        {row.urgent && <Flag tone="urgent">{danger ?? t`Urgent`}</Flag>}
        {row.privateInfo && <Flag tone="private">{t`Private information exposed`}</Flag>}
        {row.pastTarget && (
          <Flag tone="late">
            {t`${plural(hours, {
              one: 'No reply yet: past the #-hour target',
              other: 'No reply yet: past the #-hour target',
            })}`}
          </Flag>
        )}
        {row.overdue && <Flag tone="late">{t`Check-in date passed`}</Flag>}
        {row.followUpDue && <Flag tone="late">{t`Follow-up due`}</Flag>}
        {row.reporterAnswered && <Marker kind="answered">{t`Reporter answered`}</Marker>}
        {c.appealOf !== null && <Marker kind="appeal">{appealOfWords(c.appealOf)}</Marker>}
      </Flags>
      <h2 className="case-card__title">
        <Link to={`/team/cases/${c.id}`}>
          {row.unread && (
            <span className="case-card__unread" title={t`Changed since you last opened it`}>
              <span className="visually-hidden">{t`Unread:`} </span>
            </span>
          )}
          <span className="case-card__number">#{c.number}</span> {title}
        </Link>
      </h2>
      {!opened.ok && (
        <p className="case-card__problem">
          {opened.code === 'NOT_OPENED' ? (
            <Trans>
              Its summary did not come back from this browser’s decryption. Open it to read the report.
            </Trans>
          ) : (
            <Trans>
              Its summary could not be opened: it may have been altered, or was not encrypted for you. Open it
              to see what the checks found.
            </Trans>
          )}
        </p>
      )}
      {view && view.kinds.length > 0 && (
        <p className="case-card__kinds muted">{view.kinds.map(kindWords).join(' · ')}</p>
      )}
      <Facts>
        <Fact term={t`Status`}>{STATUS_WORDS[c.status]}</Fact>
        <Fact term={t`Received`}>
          <time dateTime={c.createdAt} title={formatDate(c.createdAt)}>
            {timeAgo(c.createdAt)}
          </time>
        </Fact>
        <Fact term={t`Last activity`}>
          <time dateTime={c.updatedAt} title={formatDateTime(c.updatedAt)}>
            {timeAgo(c.updatedAt)}
          </time>
        </Fact>
        <Fact term={t`Check-in`} className={row.overdue ? 'case-card__overdue' : undefined}>
          {c.checkInBy ? <time dateTime={c.checkInBy}>{formatDate(c.checkInBy)}</time> : t`Not set`}
        </Fact>
        {c.followUpBy !== null && c.status === 'closed' && (
          <Fact term={t`Follow-up`} className={row.followUpDue ? 'case-card__overdue' : undefined}>
            <time dateTime={c.followUpBy}>{formatDate(c.followUpBy)}</time>
          </Fact>
        )}
        <Fact term={t`Assigned to`}>{c.assignee ? assigneeName(names.get(c.assignee)) : t`Nobody yet`}</Fact>
        {c.purgeAfter !== null && (
          <Fact term={t`Details to be deleted`}>
            <time dateTime={c.purgeAfter}>{formatDate(c.purgeAfter)}</time>
          </Fact>
        )}
      </Facts>
      <ExcludedLine excluded={excluded} names={names} />
    </div>
  );
}

/** A marker that is news rather than a warning (the reporter wrote): the flags' shape, calmer. */
function Marker({ kind, children }: { kind: 'answered' | 'appeal'; children: string }) {
  return <span className={`flag case-card__marker case-card__marker--${kind}`}>{children}</span>;
}
