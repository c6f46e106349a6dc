import { Trans } from '@lingui/react/macro';

import { Button, PageHeading } from '../../../components/ui';
import { caseHeading } from '../model/case-heading';
import type { OpenedTargetCase } from '../model/open-case';
import { receiptMemory } from '../model/receipt-memory';
import { MessageList } from './message-list';
import { ReplyBox } from './reply-box';
import { TargetReadersList } from './target-readers-list';
import { TargetStatusPanel } from './target-case-status';
import { TeamKeysNotice } from './team-keys-notice';
import './open-case-view.css';

interface TargetCaseViewProps {
  opened: OpenedTargetCase;
  onRefresh: () => Promise<void>;
  onLeave: () => void;
}

/**
 * A case as the person targeted reads it, once a member invited them in with a receipt of their
 * own (docs/protocol.md 8.5): why they are here, the status, the team's messages to them and a
 * reply box. Never the report or the reporter's messages, and no withdrawing: the report is not
 * theirs.
 */
export function TargetCaseView({ opened, onRefresh, onLeave }: TargetCaseViewProps) {
  const keys = receiptMemory.keys;
  const team = opened.team.name;
  return (
    <>
      <div className="reporter-case-header">
        <PageHeading>{caseHeading('target', team)}</PageHeading>
        <Button variant="secondary" className="reporter-case-header__leave" onClick={onLeave}>
          <Trans>Leave</Trans>
        </Button>
      </div>
      <p className="lead">
        <Trans>
          Someone reported to {team} that you were being harassed. The team invited you into the case so they
          can hear from you too.
        </Trans>
      </p>
      <p>
        <Trans>
          Here you can read the team’s messages to you and answer them. You do not have to answer; if you do,
          take the time you need. You cannot see the report or the messages of the person who made it, and
          they cannot see yours.
        </Trans>
      </p>
      <p>
        <Trans>
          Keep your receipt somewhere safe: it is the only way back to this page. Nobody can find it again for
          you, not even the team.
        </Trans>
      </p>
      <p className="muted">
        <Trans>
          When you are done, choose Leave: this device then forgets this case until you enter your receipt
          again.
        </Trans>
      </p>

      <TeamKeysNotice opened={opened} />
      <TargetStatusPanel opened={opened} />

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

      <TargetReadersList opened={opened} />

      <div className="reporter-case-footer">
        <Button variant="secondary" onClick={onLeave}>
          <Trans>Leave and forget this case on this device</Trans>
        </Button>
      </div>
    </>
  );
}
