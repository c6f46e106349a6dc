import { Plural, Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { Notice, PageHeading } from '../../../../components/ui';
import { formatDate, formatDateTime, formatList } from '../../../../lib/format';
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
  const { t } = useLingui();
  const { detail, opened, team } = loaded;
  const names = useMemberNames(team);
  const kept = keptRecord(caseRecords(opened.items), detail.number, detail.retained);
  const record = kept?.record ?? null;
  const result = record === null ? null : RETAINED_RESULT_WORDS[record.result];
  const excludedNames = opened.excluded.effective.map((mid) => names.get(mid) ?? t`an unknown member`);
  const excludedCount = excludedNames.length;
  const notVisibleTo = formatList(excludedNames);
  const caseNumber = String(detail.number);
  const status = STATUS_WORDS[detail.status];
  const received = formatDate(detail.createdAt);
  const deletedOn = formatDate(purgedAt, 'long');
  const teamName = team.name;

  return (
    <article className="case case--purged">
      <p className="breadcrumb">
        <Link to="/team/cases">
          <Trans>← All cases</Trans>
        </Link>
      </p>
      <PageHeading>
        {result !== null ? (
          <Trans>
            Case #{caseNumber}: {result}
          </Trans>
        ) : (
          <Trans>Case #{caseNumber}: details deleted</Trans>
        )}
      </PageHeading>
      <p className="muted case__meta">
        <Trans>
          Received <time dateTime={detail.createdAt}>{received}</time> · Case #{caseNumber} · {status}
        </Trans>
      </p>
      <AppealLinks appealOf={detail.appealOf} appeals={detail.appeals} />

      <Notice tone="info" title={t`The details of this case were deleted on ${deletedOn}`}>
        <p>
          <Trans>
            Under {teamName}’s retention, the report, its messages, notes, records and files were deleted on
            that date. Only the short record below was kept, so that the team can still find the result of the
            case and the people involved.
          </Trans>
        </p>
      </Notice>

      {excludedCount > 0 && (
        <Notice tone="caution" title={t`Not visible to: ${notVisibleTo}`}>
          <p>
            <Plural
              value={excludedCount}
              _1="The reporter asked that this member not see this report. That still holds: do not discuss it with them."
              other="The reporter asked that these members not see this report. That still holds: do not discuss it with them."
            />
          </p>
        </Notice>
      )}

      {kept === null || record === null ? (
        <Notice tone="error" role="alert" title={t`The record kept for this case could not be read.`}>
          <p>
            <Trans>
              It is missing, it was not encrypted for you, or its signature does not match its author. Tell
              your team’s admins: the server’s copy may have been altered.
            </Trans>
          </p>
        </Notice>
      ) : (
        <section aria-labelledby="kept-record-heading" className="kept-record">
          <h2 id="kept-record-heading">
            <Trans>What was kept</Trans>
          </h2>
          <Facts>
            <Fact term={t`Result`}>{RETAINED_RESULT_WORDS[record.result]}</Fact>
            <Fact term={detail.status === 'withdrawn' ? t`Withdrawn` : t`Closed`}>
              <time dateTime={record.finished_at}>{formatDateTime(record.finished_at)}</time>
            </Fact>
            <Fact term={t`Reported by`}>{REPORTER_ROLE_WORDS[record.reporter_role]}</Fact>
            <Fact term={t`Record written by`}>
              <RecordAuthor name={names.get(kept.author) ?? t`a former member`} at={kept.at} />
            </Fact>
          </Facts>
          <h3>
            <Trans>Parties</Trans>
          </h3>
          {record.parties.length === 0 ? (
            <p className="muted">
              <Trans>The report named nobody.</Trans>
            </p>
          ) : (
            <ul>
              {record.parties.map((party, i) => (
                <Party key={`${i}-${party.name}`} name={party.name} role={party.role} />
              ))}
            </ul>
          )}
          <h3>
            <Trans>The outcome</Trans>
          </h3>
          {record.outcome.trim() === '' ? (
            <p className="muted">
              <Trans>No closing summary was written.</Trans>
            </p>
          ) : (
            <p className="prewrap">{record.outcome}</p>
          )}
        </section>
      )}
    </article>
  );
}

/** "Ana, Nov 24, 2026, 2:00 PM": who wrote the kept record, and when. */
function RecordAuthor({ name, at }: { name: string; at: string }) {
  const memberName = name;
  const writtenAt = formatDateTime(at);
  return (
    <Trans comment="Who wrote a record, and when">
      {memberName}, <time dateTime={at}>{writtenAt}</time>
    </Trans>
  );
}

/** A party the kept record names, and its role in words. */
function Party({ name, role }: { name: string; role: string }) {
  const roleWords = INVOLVED_WORDS[role] ?? role;
  return (
    <li>
      <span translate="no">{name}</span>{' '}
      <span className="muted">
        <Trans comment="An account’s role in the report, in brackets after its name">({roleWords})</Trans>
      </span>
    </li>
  );
}
