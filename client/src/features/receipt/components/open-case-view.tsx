import { useState } from 'react';

import { Button, ConfirmDialog, Notice, PageHeading } from '../../../components/ui';
import { formatDate } from '../../../lib/format';
import { withdrawReport } from '../api/receipt-api';
import { caseHeading } from '../model/case-heading';
import type { OpenedCase } from '../model/open-case';
import { problemMessage } from '../model/problem-message';
import { receiptMemory } from '../model/receipt-memory';
import { CaseStatusPanel } from './case-status';
import { MessageList } from './message-list';
import { ReadersList } from './readers-list';
import { ReplyBox } from './reply-box';
import { ReportDetails } from './report-details';
import { TeamKeysNotice } from './team-keys-notice';
import './open-case-view.css';

interface OpenCaseViewProps {
  opened: OpenedCase;
  /** When the case was fetched: what "late" is measured against. */
  now: number;
  onRefresh: () => Promise<void>;
  onLeave: () => void;
}

/** A report as its reporter sees it: status, messages, a reply box, the report, who can read it, withdrawing. */
export function OpenCaseView({ opened, now, onRefresh, onLeave }: OpenCaseViewProps) {
  const [confirming, setConfirming] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [withdrawError, setWithdrawError] = useState<string>();
  const keys = receiptMemory.keys;
  const canWithdraw = opened.status !== 'withdrawn' && opened.status !== 'closed';

  async function withdraw() {
    setWithdrawing(true);
    setWithdrawError(undefined);
    try {
      await withdrawReport();
      setConfirming(false);
      await onRefresh();
    } catch (error) {
      setWithdrawError(problemMessage(error));
    } finally {
      setWithdrawing(false);
    }
  }

  return (
    <>
      <div className="reporter-case-header">
        <PageHeading>{caseHeading('reporter', opened.team.name)}</PageHeading>
        <Button variant="secondary" className="reporter-case-header__leave" onClick={onLeave}>
          Leave
        </Button>
      </div>
      <p className="muted">
        When you are done, choose Leave: this device then forgets your report until you enter your receipt
        again.
      </p>

      <TeamKeysNotice opened={opened} />
      <CaseStatusPanel opened={opened} now={now} />
      {opened.targetInvitedAt !== null && (
        // The reporter is told, so nobody is in the case behind their back (docs/protocol.md 8.5).
        <Notice>
          <p>
            On {formatDate(opened.targetInvitedAt, 'long')} the team invited the person targeted into this
            case with a receipt of their own. They can read and answer only the team’s messages to them: not
            your report, and not your messages here.
          </p>
        </Notice>
      )}

      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading">Messages</h2>
        <MessageList opened={opened} />
      </section>

      {keys && (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">Write to the team</h2>
          <ReplyBox opened={opened} keys={keys} onRefresh={onRefresh} />
        </section>
      )}

      <section aria-labelledby="report-heading">
        <h2 id="report-heading">Your report</h2>
        <ReportDetails opened={opened} />
      </section>

      <ReadersList opened={opened} />

      {canWithdraw && (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Withdraw your report</h2>
          <p>
            If you no longer want the team to act on your report, you can withdraw it. The team keeps a record
            that it was made and withdrawn.
          </p>
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Withdraw my report…
          </Button>
          <p role="status" className="field__error">
            {!confirming && withdrawError}
          </p>
        </section>
      )}

      <ConfirmDialog
        open={confirming}
        title="Withdraw your report?"
        confirmLabel={withdrawing ? 'Withdrawing…' : 'Withdraw report'}
        cancelLabel="Keep my report"
        busy={withdrawing}
        onConfirm={() => void withdraw()}
        onCancel={() => setConfirming(false)}
      >
        <p>The team will stop working on it, and you will not be able to add new messages.</p>
        <p>
          It is not deleted: the team keeps a record that you made this report and withdrew it, and can still
          read what you sent. You can still read your messages here.
        </p>
        {withdrawError && (
          <p className="field__error" role="alert">
            {withdrawError}
          </p>
        )}
      </ConfirmDialog>

      <div className="reporter-case-footer">
        <Button variant="secondary" onClick={onLeave}>
          Leave and forget this report on this device
        </Button>
      </div>
    </>
  );
}
