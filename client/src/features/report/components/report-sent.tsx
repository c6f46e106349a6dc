import { Link } from 'react-router';

import { Notice, PageHeading } from '../../../components/ui';
import { useNeutralDocumentTitle } from '../../../hooks/use-document-title';
import { formatDateTime } from '../../../lib/format';
import type { SentReport } from '../model/intake-memory';
import { KeepReceiptStep, ReceiptCard } from './receipt-card';
import { replyTarget } from './team-list';

interface ReportSentProps {
  sent: SentReport;
  onFinish: () => void;
}

/** The text file offered for download: the receipt and what to do with it. */
function receiptText(sent: SentReport): string {
  const address = `${globalThis.location.origin}/receipt`;
  return [
    'Confide receipt',
    '',
    `Receipt: ${sent.receipt}`,
    `Report sent to: ${sent.teamName}`,
    `Sent: ${formatDateTime(sent.receivedAt, 'long')}`,
    '',
    `To read replies and add anything new, go to ${address} and enter this receipt.`,
    '',
    'This receipt is the only way back to your report. Nobody can recover it for you:',
    'not the team, and not the people who run the website.',
    'Anyone who has it can read the team’s replies, so keep it private.',
    '',
  ].join('\r\n');
}

/**
 * After sending: the receipt, shown once, large, with copy, download and print (receipt-card.tsx),
 * and the acknowledgement of when a person will have looked at the report.
 */
export function ReportSent({ sent, onFinish }: ReportSentProps) {
  useNeutralDocumentTitle();
  const firstResponseBy = new Date(
    new Date(sent.receivedAt).getTime() + sent.firstResponseHours * 3600_000,
  ).toISOString();

  return (
    <div className="report-sent print-area">
      <PageHeading>Your report was sent</PageHeading>
      <p className="lead">
        Thank you for telling {sent.teamName}. It can take courage to write this down, and what you sent will
        be read by a person.
      </p>
      {sent.earlierAttempt && (
        <Notice tone="caution" title="Your first attempt had arrived after all">
          <p>
            Changes you made after that attempt are not in the report. You can add them as a message with your
            receipt.
          </p>
        </Notice>
      )}

      <ReceiptCard
        receipt={sent.receipt}
        meta={`Report to ${sent.teamName}, sent ${formatDateTime(sent.receivedAt, 'long')}`}
        downloadText={receiptText(sent)}
        purpose={
          <>
            <strong>This receipt is the only way back to your report.</strong> With it you can read the team’s
            replies, answer their questions and add anything new, at{' '}
            <span className="nowrap">{globalThis.location.host}/receipt</span>.
          </>
        }
      />

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">What happens next</h2>
        <ul className="point-list">
          <li>
            {sent.teamName} aims to have a person look at your report within{' '}
            {replyTarget(sent.firstResponseHours)}: by{' '}
            <strong>{formatDateTime(firstResponseBy, 'long')}</strong>.
            {sent.urgent && ' You marked it urgent, so they will see it before others.'}
          </li>
          <li>
            When they have, they will write to you here. They may ask you questions or tell you what they will
            do.
          </li>
          <li>
            If something new happens, come back with your receipt and add it to your report at any time.
          </li>
          {sent.urgent && (
            <li>
              <strong>If anyone is in danger right now, please contact your local emergency services.</strong>
            </li>
          )}
        </ul>
      </section>

      <KeepReceiptStep onFinish={onFinish}>
        <Link to="/receipt">Open my report now</Link>
      </KeepReceiptStep>
    </div>
  );
}
