import { Trans, useLingui } from '@lingui/react/macro';

import { Button, PageHeading } from '../../../components/ui';
import { formatDate } from '../../../lib/format';
import { caseHeading } from '../model/case-heading';
import type { PurgedCase } from '../model/open-case';
import { STATUS_WORDS } from './case-status';
import { CaseSwitcher } from './case-switcher';
import { TARGET_STATUS_WORDS } from './target-case-status';
import './case-status.css';
import './open-case-view.css';

/**
 * A case whose details the team's retention deleted (docs/protocol.md 10.8): nothing is left to
 * read or answer, so the page says what happened, when, and what the team still keeps. The
 * reporter is told about their report; the target a member invited in, about their messages.
 */
export function PurgedReportView({
  purged,
  onRefresh,
  onLeave,
}: {
  purged: PurgedCase;
  /** After moving to another case of the same receipt: open the page's case again. */
  onRefresh: () => Promise<void>;
  onLeave: () => void;
}) {
  const { i18n } = useLingui();
  const date = formatDate(purged.purgedAt, 'long');
  const sentDate = formatDate(purged.createdAt, 'long');
  const teamName = purged.team.name;
  const reporter = purged.role === 'reporter';
  const withdrawn = purged.status === 'withdrawn';
  const heading = caseHeading(purged.role, teamName, purged.referred);
  const title = i18n._((reporter ? STATUS_WORDS : TARGET_STATUS_WORDS)[purged.status].title);
  return (
    <>
      <div className="reporter-case-header">
        <PageHeading>{heading}</PageHeading>
        <Button variant="secondary" className="reporter-case-header__leave" onClick={onLeave}>
          <Trans>Leave</Trans>
        </Button>
      </div>
      {reporter && (
        <CaseSwitcher
          current={heading}
          referred={purged.referred}
          otherCases={purged.otherCases}
          onSwitched={onRefresh}
        />
      )}
      <section className="report-status" aria-labelledby="status-heading">
        <h2 id="status-heading" className="status-panel__heading">
          <Trans>
            Status: <span className="status-panel__status">{title}</span>
          </Trans>
        </h2>
        <p>
          <strong>
            {!withdrawn ? (
              <Trans>This case was closed and its details were deleted on {date}.</Trans>
            ) : reporter ? (
              <Trans>This report was withdrawn and its details were deleted on {date}.</Trans>
            ) : (
              <Trans>The report was withdrawn and the case’s details were deleted on {date}.</Trans>
            )}
          </strong>
        </p>
        {reporter ? (
          <p>
            <Trans>
              {teamName} deletes the details of finished cases after a while. Your report, the messages and
              any files you sent are gone from this website. The team keeps only a short record: the case
              number, the result, the team’s summary of the outcome, the accounts you named as involved, and
              whether you reported for yourself or for someone else.
            </Trans>
          </p>
        ) : (
          <p>
            <Trans>
              {teamName} deletes the details of finished cases after a while. The messages between you and the
              team, and any files you sent, are gone from this website.
            </Trans>
          </p>
        )}
        {reporter && (
          <p className="muted">
            <Trans>Sent {sentDate}.</Trans>
          </p>
        )}
      </section>
      <div className="reporter-case-footer">
        <Button variant="secondary" onClick={onLeave}>
          {reporter ? (
            <Trans>Leave and forget this report on this device</Trans>
          ) : (
            <Trans>Leave and forget this case on this device</Trans>
          )}
        </Button>
      </div>
    </>
  );
}
