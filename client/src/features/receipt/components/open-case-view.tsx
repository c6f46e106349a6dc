import { Trans } from '@lingui/react/macro';

import { Button, Notice, PageHeading } from '../../../components/ui';
import { formatDate } from '../../../lib/format';
import { caseHeading } from '../model/case-heading';
import type { OpenedCase } from '../model/open-case';
import { receiptMemory } from '../model/receipt-memory';
import { CaseStatusPanel } from './case-status';
import { CaseSwitcher } from './case-switcher';
import { MessageList } from './message-list';
import { ReadersList } from './readers-list';
import { ReferralsSection } from './referrals-section';
import { ReplyBox } from './reply-box';
import { ReportDetails } from './report-details';
import { TeamKeysNotice } from './team-keys-notice';
import { WithdrawSection } from './withdraw-section';
import './open-case-view.css';

interface OpenCaseViewProps {
  opened: OpenedCase;
  /** When the case was fetched: what "late" is measured against. */
  now: number;
  onRefresh: () => Promise<void>;
  onLeave: () => void;
}

/**
 * A report as its reporter sees it: status, the team's requests to refer it elsewhere, messages,
 * a reply box, the report, who can read it, withdrawing; and the other cases the receipt opens.
 */
export function OpenCaseView({ opened, now, onRefresh, onLeave }: OpenCaseViewProps) {
  const keys = receiptMemory.keys;
  const heading = caseHeading('reporter', opened.team.name);
  const invitedDate = opened.targetInvitedAt === null ? '' : formatDate(opened.targetInvitedAt, 'long');
  return (
    <>
      <div className="reporter-case-header">
        <PageHeading>{heading}</PageHeading>
        <Button variant="secondary" className="reporter-case-header__leave" onClick={onLeave}>
          <Trans>Leave</Trans>
        </Button>
      </div>
      <p className="muted">
        <Trans>
          When you are done, choose Leave: this device then forgets your report until you enter your receipt
          again.
        </Trans>
      </p>

      <TeamKeysNotice opened={opened} />
      <CaseSwitcher
        current={heading}
        referred={false}
        otherCases={opened.otherCases}
        onSwitched={onRefresh}
      />
      <CaseStatusPanel opened={opened} now={now} />
      {opened.targetInvitedAt !== null && (
        // The reporter is told, so nobody is in the case behind their back (docs/protocol.md 8.5).
        <Notice>
          <p>
            <Trans>
              On {invitedDate} the team invited the person targeted into this case with a receipt of their
              own. They can read and answer only the team’s messages to them: not your report, and not your
              messages here.
            </Trans>
          </p>
        </Notice>
      )}
      <ReferralsSection referrals={opened.referrals} teamName={opened.team.name} onRefresh={onRefresh} />

      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">
          <Trans>Messages</Trans>
        </h2>
        <MessageList opened={opened} />
      </section>

      {keys && (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">
            <Trans>Write to the team</Trans>
          </h2>
          <ReplyBox opened={opened} keys={keys} onRefresh={onRefresh} />
        </section>
      )}

      <section aria-labelledby="report-heading">
        <h2 id="report-heading">
          <Trans>Your report</Trans>
        </h2>
        <ReportDetails opened={opened} />
      </section>

      <ReadersList opened={opened} />

      <WithdrawSection status={opened.status} teamName={opened.team.name} onRefresh={onRefresh} />

      <div className="reporter-case-footer">
        <Button variant="secondary" onClick={onLeave}>
          <Trans>Leave and forget this report on this device</Trans>
        </Button>
      </div>
    </>
  );
}
