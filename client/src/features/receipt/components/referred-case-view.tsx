import { Trans } from '@lingui/react/macro';

import { Button, PageHeading } from '../../../components/ui';
import { caseHeading } from '../model/case-heading';
import type { OpenedReferredCase } from '../model/open-case';
import { receiptMemory } from '../model/receipt-memory';
import { CaseStatusPanel } from './case-status';
import { CaseSwitcher } from './case-switcher';
import { MessageList } from './message-list';
import { ReadersList } from './readers-list';
import { ReferralsSection } from './referrals-section';
import { ReplyBox } from './reply-box';
import { TeamKeysNotice } from './team-keys-notice';
import { WithdrawSection } from './withdraw-section';
import './open-case-view.css';

interface ReferredCaseViewProps {
  opened: OpenedReferredCase;
  /** When the case was fetched: what "late" is measured against. */
  now: number;
  onRefresh: () => Promise<void>;
  onLeave: () => void;
}

/**
 * The case a referral the reporter agreed to made in another team (docs/protocol.md 10.10): where
 * it came from, its status, the reporter's conversation with that team and a reply box, who can
 * read it, and withdrawing it there. What was shared is not shown again: the reporter read it
 * when they agreed, and the server does not serve it to the receipt.
 */
export function ReferredCaseView({ opened, now, onRefresh, onLeave }: ReferredCaseViewProps) {
  const keys = receiptMemory.keys;
  const team = opened.team.name;
  const fromTeam = opened.referredFrom.teamName;
  const heading = caseHeading('reporter', team, true);
  return (
    <>
      <div className="reporter-case-header">
        <PageHeading>{heading}</PageHeading>
        <Button variant="secondary" className="reporter-case-header__leave" onClick={onLeave}>
          <Trans>Leave</Trans>
        </Button>
      </div>
      <p className="lead">
        <Trans>Referred from {fromTeam}</Trans>
      </p>
      <p>
        <Trans>
          With your agreement, {fromTeam} shared your report with {team}. Here you can follow what {team} does
          with it, and write to them. Your conversation with {fromTeam} carries on separately: you can go back
          to it from the list of your cases below.
        </Trans>
      </p>
      <p className="muted">
        <Trans>
          When you are done, choose Leave: this device then forgets your report until you enter your receipt
          again.
        </Trans>
      </p>

      <TeamKeysNotice opened={opened} />
      <CaseSwitcher current={heading} referred otherCases={opened.otherCases} onSwitched={onRefresh} />
      <CaseStatusPanel opened={opened} now={now} sharedWith={team} />
      <ReferralsSection referrals={opened.referrals} teamName={team} onRefresh={onRefresh} />

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

      <ReadersList opened={opened} />

      <WithdrawSection status={opened.status} teamName={team} onRefresh={onRefresh} />

      <div className="reporter-case-footer">
        <Button variant="secondary" onClick={onLeave}>
          <Trans>Leave and forget this report on this device</Trans>
        </Button>
      </div>
    </>
  );
}
