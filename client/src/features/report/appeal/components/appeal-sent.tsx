import { Trans, useLingui } from '@lingui/react/macro';
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
  const { t } = useLingui();
  useNeutralDocumentTitle();
  const teamName = sent.teamName;
  const sentAt = formatDateTime(sent.receivedAt, 'long');
  const host = globalThis.location.host;

  return (
    <div className="report-sent print-area">
      <PageHeading>
        <Trans>Your appeal was sent</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          {teamName} has your appeal. It is decided by members of the team who did not vote on the first
          decision.
        </Trans>
      </p>
      {sent.earlierAttempt && (
        <Notice tone="caution" title={t`Your first attempt had arrived after all`}>
          <p>
            <Trans>
              Changes you made after that attempt are not in the appeal. You can add them with your receipt.
            </Trans>
          </p>
        </Notice>
      )}

      <ReceiptCard
        receipt={sent.receipt}
        meta={t`Appeal to ${teamName}, sent ${sentAt}`}
        purpose={
          <Trans>
            <strong>This receipt is how you read the team’s answer.</strong> Enter it at{' '}
            <span className="nowrap">{host}/receipt</span> to see their reply, answer their questions and add
            anything new.
          </Trans>
        }
      />

      <KeepReceiptStep onFinish={onFinish}>
        <Link to="/receipt">
          <Trans>Read the team’s answer with my receipt</Trans>
        </Link>
      </KeepReceiptStep>
    </div>
  );
}
