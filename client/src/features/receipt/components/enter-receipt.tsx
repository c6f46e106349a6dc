import { Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { CodeEntryForm } from '../../../components/code-entry-form';
import { Notice, PageHeading } from '../../../components/ui';
import './enter-receipt.css';

interface EnterReceiptProps {
  /** Why the last receipt did not open; the field takes the focus when it appears. */
  error: string | undefined;
  /** News to give before asking again (the session ended, the reporter left). */
  notice: string | undefined;
  onOpen: (typed: string) => void;
}

/** Asks for the receipt. It never leaves this device: only a code worked out from it does. */
export function EnterReceipt({ error, notice, onOpen }: EnterReceiptProps) {
  const { t } = useLingui();
  return (
    <>
      <PageHeading>
        <Trans>Return to your report</Trans>
      </PageHeading>
      {notice && (
        <Notice role="status">
          <p>{notice}</p>
        </Notice>
      )}
      <p className="lead">
        <Trans>
          When you sent your report, you were given a receipt. With it you can see how your report is going,
          read messages from the team and add anything new.
        </Trans>
      </p>
      <p>
        <Trans>
          If a team invited you into a case with a receipt of your own, because someone reported harassment of
          you, enter that receipt here too.
        </Trans>
      </p>
      <p>
        <Trans>
          Your receipt stays on this device: it is never sent anywhere. Only a code worked out from it is, to
          find your report.
        </Trans>
      </p>

      <CodeEntryForm
        label={t`Your receipt`}
        hint={t`20 letters and numbers. Capital or small letters, spaces and dashes do not matter.`}
        name="receipt"
        error={error}
        submitLabel={t`Open my report`}
        onSubmit={onOpen}
      />
      <p className="muted receipt-lost">
        <Trans>
          Lost your receipt? It cannot be recovered, but you can <Link to="/">send a new report</Link> and
          mention the earlier one.
        </Trans>
      </p>
    </>
  );
}
