import { Link } from 'react-router';

import { Notice, PageHeading } from '../../../../components/ui';
import { useNeutralDocumentTitle } from '../../../../hooks/use-document-title';
import { formatDateTime } from '../../../../lib/format';
import { KeepReceiptStep, ReceiptCard } from '../../components/receipt-card';

export interface SentAppeal {
  readonly receipt: string;
  readonly receivedAt: string;
  readonly teamName: string;
  readonly earlierAttempt: boolean;
}

/**
 * After sending: the appellant's receipt, shown once, in the same card as after a report (receipt-card.tsx), and
 * that it is how they read the team's answer, on the receipt page.
 */
export function AppealSent({ sent, onFinish }: { sent: SentAppeal; onFinish: () => void }) {
  useNeutralDocumentTitle();

  return (
    <div className="report-sent print-area">
      <PageHeading>Your appeal was sent</PageHeading>
      <p className="lead">
        {sent.teamName} has your appeal. It is decided by members of the team who did not vote on the first
        decision.
      </p>
      {sent.earlierAttempt && (
        <Notice tone="caution" title="Your first attempt had arrived after all">
          <p>
            Changes you made after that attempt are not in the appeal. You can add them with your receipt.
          </p>
        </Notice>
      )}

      <ReceiptCard
        receipt={sent.receipt}
        meta={`Appeal to ${sent.teamName}, sent ${formatDateTime(sent.receivedAt, 'long')}`}
        purpose={
          <>
            <strong>This receipt is how you read the team’s answer.</strong> Enter it at{' '}
            <span className="nowrap">{globalThis.location.host}/receipt</span> to see their reply, answer
            their questions and add anything new.
          </>
        }
      />

      <KeepReceiptStep onFinish={onFinish}>
        <Link to="/receipt">Read the team’s answer with my receipt</Link>
      </KeepReceiptStep>
    </div>
  );
}
