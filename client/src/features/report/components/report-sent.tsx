import type { I18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Plural, Trans, useLingui } from '@lingui/react/macro';
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

/**
 * The text file offered for download: the receipt and what to do with it, in the page's language.
 * A message that runs over two lines is one message with its line break in it, so that it is
 * translated whole.
 */
function receiptText(sent: SentReport, i18n: I18n): string {
  const address = `${globalThis.location.origin}/receipt`;
  const receipt = sent.receipt;
  const teamName = sent.teamName;
  const sentAt = formatDateTime(sent.receivedAt, 'long');
  return [
    i18n._(msg`Confide receipt`),
    '',
    i18n._(msg`Receipt: ${receipt}`),
    i18n._(msg`Report sent to: ${teamName}`),
    i18n._(msg`Sent: ${sentAt}`),
    '',
    i18n._(msg`To read replies and add anything new, go to ${address} and enter this receipt.`),
    '',
    i18n._(msg`This receipt is the only way back to your report. Nobody can recover it for you:
not the team, and not the people who run the website.`),
    i18n._(msg`Anyone who has it can read the team’s replies, so keep it private.`),
    '',
  ]
    .join('\n')
    .replace(/\n/g, '\r\n');
}

/**
 * After sending: the receipt, shown once, large, with copy, download and print (receipt-card.tsx),
 * and the acknowledgement of when a person will have looked at the report.
 */
export function ReportSent({ sent, onFinish }: ReportSentProps) {
  useNeutralDocumentTitle();
  const { t, i18n } = useLingui();
  const firstResponseBy = new Date(
    new Date(sent.receivedAt).getTime() + sent.firstResponseHours * 3600_000,
  ).toISOString();
  const teamName = sent.teamName;
  const sentAt = formatDateTime(sent.receivedAt, 'long');
  const by = formatDateTime(firstResponseBy, 'long');
  const { unit, count } = replyTarget(sent.firstResponseHours);
  const receiptAddress = `${globalThis.location.host}/receipt`;

  return (
    <div className="report-sent print-area">
      <PageHeading>
        <Trans>Your report was sent</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          Thank you for telling {teamName}. It can take courage to write this down, and what you sent will be
          read by a person.
        </Trans>
      </p>
      {sent.earlierAttempt && (
        <Notice tone="caution" title={t`Your first attempt had arrived after all`}>
          <p>
            <Trans>
              Changes you made after that attempt are not in the report. You can add them as a message with
              your receipt.
            </Trans>
          </p>
        </Notice>
      )}

      <ReceiptCard
        receipt={sent.receipt}
        meta={
          <Trans>
            Report to {teamName}, sent {sentAt}
          </Trans>
        }
        downloadText={receiptText(sent, i18n)}
        purpose={
          <Trans>
            <strong>This receipt is the only way back to your report.</strong> With it you can read the team’s
            replies, answer their questions and add anything new, at{' '}
            <span className="nowrap" translate="no">
              {receiptAddress}
            </span>
            .
          </Trans>
        }
      />

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">
          <Trans>What happens next</Trans>
        </h2>
        <ul className="point-list">
          <li>
            {unit === 'hour' ? (
              <Trans>
                {teamName} aims to have a person look at your report within{' '}
                <Plural value={count} one="# hour" other="# hours" />: by <strong>{by}</strong>.
              </Trans>
            ) : (
              <Trans>
                {teamName} aims to have a person look at your report within{' '}
                <Plural value={count} one="# day" other="# days" />: by <strong>{by}</strong>.
              </Trans>
            )}
            {sent.urgent && (
              <>
                {' '}
                <Trans>You marked it urgent, so they will see it before others.</Trans>
              </>
            )}
          </li>
          <li>
            <Trans>
              When they have, they will write to you here. They may ask you questions or tell you what they
              will do.
            </Trans>
          </li>
          <li>
            <Trans>
              If something new happens, come back with your receipt and add it to your report at any time.
            </Trans>
          </li>
          {sent.urgent && (
            <li>
              <strong>
                <Trans>If anyone is in danger right now, please contact your local emergency services.</Trans>
              </strong>
            </li>
          )}
        </ul>
      </section>

      <KeepReceiptStep onFinish={onFinish}>
        <Link to="/receipt">
          <Trans>Open my report now</Trans>
        </Link>
      </KeepReceiptStep>
    </div>
  );
}
