import { Plural, Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { Notice, PageHeading } from '../../../../components/ui';
import { formatDate, formatDateTime, formatList, timeAgo } from '../../../../lib/format';
import type { LoadedCase } from '../../hooks/use-case';
import { useCaseState } from '../../hooks/use-case-state';
import { useMemberNames } from '../../hooks/use-member-names';
import { useRetainedRecord } from '../../hooks/use-retained-record';
import { useTeamSettings } from '../../hooks/use-team-settings';
import { timeline } from '../../model/case-state';
import { isCheckInOverdue, isPastFirstResponse } from '../../lib/triage';
import { dangerWords, STATUS_WORDS } from '../../model/words';
import { Flag, Flags } from '../flag';
import { AppealLinks } from './appeal-links';
import { AttachmentList } from './attachment-list';
import { CaseTemplateLanguageProvider } from './case-template-language';
import { Composer } from './composer';
import { PrintLink } from './print/print-page';
import { HandlingPanel } from './handling-panel';
import { ClosingNotices, IntegrityNotices, RosterNotice } from './integrity-notices';
import { RecordsPanel } from './records';
import { ReferralOrigin } from './referral-origin';
import { ReferralPanel } from './referral-panel';
import { ReportSection } from './report-section';
import { SeenBefore } from './seen-before';
import { TargetInvitation } from './target-invitation';
import { Thread } from './thread';
import './case-view.css';

/**
 * A case, opened: its warnings first, then the handling (status, votes, records) and the
 * report with its timeline. The handling comes first in the page's order, so that on a phone it
 * is at the top, not below the whole report; on a wide screen it sits in the right column.
 */
export function CaseView({ loaded, onChanged }: { loaded: LoadedCase; onChanged: () => void }) {
  const { t } = useLingui();
  const { detail, opened, team } = loaded;
  const report = opened.report;
  const names = useMemberNames(team);
  const state = useCaseState(loaded);
  // Loaded once for the page: the templates (composer, acknowledgement) and the support list.
  const settings = useTeamSettings().state;
  const excludedNames = opened.excluded.effective.map((mid) => names.get(mid) ?? t`an unknown member`);
  const excludedCount = excludedNames.length;
  const notVisibleTo = formatList(excludedNames);
  const caseNumber = String(detail.number);
  const status = STATUS_WORDS[detail.status];
  const received = formatDateTime(detail.createdAt);
  const receivedAgo = timeAgo(detail.createdAt);
  const teamName = team.name;
  const targetHours = team.firstResponseHours;
  const danger = dangerWords(report?.danger ?? null);
  const pastTarget = isPastFirstResponse(detail, team.firstResponseHours);
  const overdue = isCheckInOverdue(detail);
  useRetainedRecord(loaded);

  return (
    <article className="case">
      <p className="breadcrumb">
        <Link to="/team/cases">
          <Trans>← All cases</Trans>
        </Link>
      </p>
      <PageHeading>
        {report && report.summary !== '' ? (
          <span translate="no">{report.summary}</span>
        ) : report ? (
          t`Report without a summary`
        ) : (
          t`Unreadable case`
        )}
      </PageHeading>
      <p className="muted case__meta">
        <Trans>
          Received <time dateTime={detail.createdAt}>{received}</time> ({receivedAgo}) · Case #{caseNumber} ·{' '}
          {status} ·
        </Trans>{' '}
        <PrintLink caseId={detail.id} />
      </p>
      <AppealLinks appealOf={detail.appealOf} appeals={detail.appeals} />
      {/* A case another team referred: who referred it, or why that cannot be checked. */}
      <ReferralOrigin loaded={loaded} />

      {detail.purgeAfter !== null && (
        <RetentionNotice
          purgeAfter={detail.purgeAfter}
          teamName={teamName}
          recordWritten={detail.retained !== null}
        />
      )}
      <IntegrityNotices opened={opened} />
      <ClosingNotices problems={state.closedProblems} />
      <RosterNotice report={report} team={team} />

      {(danger !== null || detail.urgent || report?.privateInfoExposed || pastTarget || overdue) && (
        <Flags className="case__flags">
          {(danger !== null || detail.urgent) && <Flag tone="urgent">{danger ?? t`Marked urgent`}</Flag>}
          {report?.privateInfoExposed && (
            <Flag tone="private">
              <Trans>Private information exposed and may still be visible</Trans>
            </Flag>
          )}
          {pastTarget && (
            <Flag tone="late">
              <Plural
                value={targetHours}
                one="No reply yet: past the #-hour target"
                other="No reply yet: past the #-hour target"
              />
            </Flag>
          )}
          {overdue && (
            <Flag tone="late">
              <Trans>Check-in date passed</Trans>
            </Flag>
          )}
        </Flags>
      )}

      {excludedCount > 0 && (
        <Notice tone="caution" title={t`Not visible to: ${notVisibleTo}`}>
          <p>
            <Plural
              value={excludedCount}
              _1="The reporter asked that this member not see this report. Do not discuss it with them. Nothing you write here is encrypted for them."
              other="The reporter asked that these members not see this report. Do not discuss it with them. Nothing you write here is encrypted for them."
            />
          </p>
        </Notice>
      )}

      {/* The report's language picks the templates' (the acknowledgement's and the composer's). */}
      <CaseTemplateLanguageProvider reportLanguage={report?.language ?? null} settings={settings}>
        <div className="case__columns">
          <aside className="case__side" aria-label={t`Case handling`}>
            <HandlingPanel
              loaded={loaded}
              state={state}
              names={names}
              settings={settings}
              onChanged={onChanged}
            />
            <RecordsPanel
              loaded={loaded}
              state={state}
              names={names}
              settings={settings}
              onChanged={onChanged}
            />
          </aside>
          <div className="case__main">
            {report ? <ReportSection report={report} appeal={detail.appealOf !== null} /> : null}
            {/* Right after the accounts the report names: have we dealt with them before? */}
            {report ? <SeenBefore loaded={loaded} /> : null}
            {report && report.attachments.length > 0 && (
              <section aria-labelledby="attachments-heading">
                <h2 id="attachments-heading">
                  <Trans>Evidence files</Trans>
                </h2>
                <AttachmentList attachments={report.attachments} />
              </section>
            )}
            {/* A third-party report: the target may be invited into a thread of their own. */}
            <TargetInvitation loaded={loaded} names={names} onChanged={onChanged} />
            {/* Another team may be better placed: refer the case to it, and follow the referrals made. */}
            <ReferralPanel loaded={loaded} onChanged={onChanged} />
            <Thread entries={timeline(opened.items, detail.events)} names={names} />
            <Composer loaded={loaded} settings={settings} onSent={onChanged} />
          </div>
        </div>
      </CaseTemplateLanguageProvider>
    </article>
  );
}

/** When the team's retention will delete the case's details, and what it keeps. */
function RetentionNotice({
  purgeAfter,
  teamName,
  recordWritten,
}: {
  purgeAfter: string;
  teamName: string;
  /** A member's browser has written the retained record already. */
  recordWritten: boolean;
}) {
  const { t } = useLingui();
  const deletedOn = formatDate(purgeAfter, 'long');
  return (
    <Notice tone="info" title={t`Details will be deleted on ${deletedOn}`}>
      <p>
        <Trans>
          Under {teamName}’s retention, this case’s report, messages, notes, records and files will be deleted
          then. Only a short record is kept: the result, the parties and the reporter’s role.
        </Trans>
        {!recordWritten && (
          <>
            {' '}
            <Trans>Nothing is deleted until a member’s browser has written that record.</Trans>
          </>
        )}
      </p>
    </Notice>
  );
}
