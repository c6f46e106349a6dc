import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { formatDate } from '../../../../lib/format';
import type { TriagedCase } from '../../model/case-list';
import { RETAINED_RESULT_WORDS } from '../../model/record-words';
import { partiesWords } from '../../model/retained-record';
import { STATUS_WORDS } from '../../model/words';
import { Fact, Facts } from '../facts';
import { ExcludedLine } from './excluded-line';

/** Parties named in the card's one line; the case page lists them all. */
const PARTIES_SHOWN = 3;

/**
 * A case whose details the team's retention deleted (docs/protocol.md 10.8): its number and
 * status from the server, and its retained record in one line, the result and the parties. The
 * exclusions are still served: the people the reporter left out still must not hear of it.
 */
export function PurgedCaseCard({
  row,
  purgedAt,
  names,
}: {
  row: TriagedCase;
  purgedAt: string;
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useLingui();
  const { row: c, opened } = row.listed;
  const record = opened.ok ? opened.view.retained : null;
  const parties = record?.parties ?? [];
  const more = parties.length - PARTIES_SHOWN;
  let line: string;
  if (record === null) line = t`Details deleted`;
  else {
    const result = RETAINED_RESULT_WORDS[record.result];
    const shown = partiesWords(parties.slice(0, PARTIES_SHOWN));
    line =
      parties.length === 0
        ? result
        : more > 0
          ? t`${plural(more, { one: `${result}: ${shown} and # more`, other: `${result}: ${shown} and # more` })}`
          : t`${result}: ${shown}`;
  }

  return (
    <div className="card case-card case-card--purged">
      <h2 className="case-card__title">
        <Link to={`/team/cases/${c.id}`}>
          <span className="case-card__number">#{c.number}</span> {line}
        </Link>
      </h2>
      {record === null && (
        <p className="case-card__problem">
          {!opened.ok && opened.code === 'NO_RETAINED_RECORD' ? (
            <Trans>No record of its result was kept.</Trans>
          ) : (
            <Trans>
              Its kept record could not be read: it may have been altered, or was not encrypted for you.
            </Trans>
          )}
        </p>
      )}
      <Facts>
        <Fact term={t`Status`}>{STATUS_WORDS[c.status]}</Fact>
        {c.finishedAt !== null && (
          <Fact term={c.status === 'withdrawn' ? t`Withdrawn` : t`Closed`}>
            <time dateTime={c.finishedAt}>{formatDate(c.finishedAt)}</time>
          </Fact>
        )}
        <Fact term={t`Details deleted on`}>
          <time dateTime={purgedAt}>{formatDate(purgedAt)}</time>
        </Fact>
      </Facts>
      <ExcludedLine excluded={c.excluded} names={names} />
    </div>
  );
}
