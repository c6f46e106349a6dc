import { Link } from 'react-router';

import { Notice, PageHeading } from '../../../../components/ui';
import { formatDate, formatDateTime } from '../../../../lib/format';
import type { LoadedCase } from '../../hooks/use-case';
import { useMemberNames } from '../../hooks/use-member-names';
import { caseRecords } from '../../model/case-state';
import { REPORTER_ROLE_WORDS, RETAINED_RESULT_WORDS } from '../../model/record-words';
import { keptRecord } from '../../model/retained-record';
import { INVOLVED_WORDS, STATUS_WORDS } from '../../model/words';
import { Fact, Facts } from '../facts';
import { AppealLinks } from './appeal-links';
import './case-view.css';

/**
 * A case whose details the team's retention deleted (docs/protocol.md 10.8): what is left is its
 * number, status and exclusions (from the server) and its retained record, verified against its
 * author like every record. The page says what was deleted, and when.
 */
export function PurgedCaseView({ loaded, purgedAt }: { loaded: LoadedCase; purgedAt: string }) {
  const { detail, opened, team } = loaded;
  const names = useMemberNames(team);
  const kept = keptRecord(caseRecords(opened.items), detail.number, detail.retained);
  const record = kept?.record ?? null;
  const excludedNames = opened.excluded.effective.map((mid) => names.get(mid) ?? 'an unknown member');

  return (
    <article className="case case--purged">
      <p className="breadcrumb">
        <Link to="/team/cases">← All cases</Link>
      </p>
      <PageHeading>
        Case #{detail.number}: {record ? RETAINED_RESULT_WORDS[record.result] : 'details deleted'}
      </PageHeading>
      <p className="muted case__meta">
        Received <time dateTime={detail.createdAt}>{formatDate(detail.createdAt)}</time> · Case #
        {detail.number} · {STATUS_WORDS[detail.status]}
      </p>
      <AppealLinks appealOf={detail.appealOf} appeals={detail.appeals} />

      <Notice tone="info" title={`The details of this case were deleted on ${formatDate(purgedAt, 'long')}`}>
        <p>
          Under {team.name}’s retention, the report, its messages, notes, records and files were deleted on
          that date. Only the short record below was kept, so that the team can still find the result of the
          case and the people involved.
        </p>
      </Notice>

      {excludedNames.length > 0 && (
        <Notice tone="caution" title={`Not visible to: ${excludedNames.join(', ')}`}>
          <p>
            The reporter asked that {excludedNames.length === 1 ? 'this member' : 'these members'} not see
            this report. That still holds: do not discuss it with them.
          </p>
        </Notice>
      )}

      {kept === null || record === null ? (
        <Notice tone="error" role="alert" title="The record kept for this case could not be read.">
          <p>
            It is missing, it was not encrypted for you, or its signature does not match its author. Tell your
            team’s admins: the server’s copy may have been altered.
          </p>
        </Notice>
      ) : (
        <section aria-labelledby="kept-record-heading" className="kept-record">
          <h2 id="kept-record-heading">What was kept</h2>
          <Facts>
            <Fact term="Result">{RETAINED_RESULT_WORDS[record.result]}</Fact>
            <Fact term={detail.status === 'withdrawn' ? 'Withdrawn' : 'Closed'}>
              <time dateTime={record.finished_at}>{formatDateTime(record.finished_at)}</time>
            </Fact>
            <Fact term="Reported by">{REPORTER_ROLE_WORDS[record.reporter_role]}</Fact>
            <Fact term="Record written by">
              {names.get(kept.author) ?? 'a former member'},{' '}
              <time dateTime={kept.at}>{formatDateTime(kept.at)}</time>
            </Fact>
          </Facts>
          <h3>Parties</h3>
          {record.parties.length === 0 ? (
            <p className="muted">The report named nobody.</p>
          ) : (
            <ul>
              {record.parties.map((party, i) => (
                <li key={`${i}-${party.name}`}>
                  <span translate="no">{party.name}</span>{' '}
                  <span className="muted">({INVOLVED_WORDS[party.role] ?? party.role})</span>
                </li>
              ))}
            </ul>
          )}
          <h3>The outcome</h3>
          {record.outcome.trim() === '' ? (
            <p className="muted">No closing summary was written.</p>
          ) : (
            <p className="prewrap">{record.outcome}</p>
          )}
        </section>
      )}
    </article>
  );
}
