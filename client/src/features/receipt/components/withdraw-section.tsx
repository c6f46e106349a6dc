import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Button, ConfirmDialog } from '../../../components/ui';
import type { CaseStatus } from '#contract/enumerations';
import { withdrawReport } from '../api/receipt-api';
import { problemMessage } from '../model/problem-message';

/**
 * Withdrawing the report of the case the session is on, after a confirmation: the reporter's own
 * report, or the case a referral they agreed to made in another team (withdrawn there only).
 */
export function WithdrawSection({
  status,
  teamName,
  onRefresh,
}: {
  status: CaseStatus;
  teamName: string;
  onRefresh: () => Promise<void>;
}) {
  const { t } = useLingui();
  const [confirming, setConfirming] = useState(false);
  const [withdrawing, setWithdrawing] = useState(false);
  const [withdrawError, setWithdrawError] = useState<string>();
  if (status === 'withdrawn' || status === 'closed') return null;

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
      <section aria-labelledby="withdraw-heading">
        <h2 id="withdraw-heading">
          <Trans>Withdraw your report</Trans>
        </h2>
        <p>
          <Trans>
            If you no longer want {teamName} to act on your report, you can withdraw it. The team keeps a
            record that it was made and withdrawn.
          </Trans>
        </p>
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          <Trans>Withdraw my report…</Trans>
        </Button>
        <p role="status" className="field__error">
          {!confirming && withdrawError}
        </p>
      </section>

      <ConfirmDialog
        open={confirming}
        title={t`Withdraw your report?`}
        confirmLabel={withdrawing ? t`Withdrawing…` : t`Withdraw report`}
        cancelLabel={t`Keep my report`}
        busy={withdrawing}
        onConfirm={() => void withdraw()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <Trans>The team will stop working on it, and you will not be able to add new messages.</Trans>
        </p>
        <p>
          <Trans>
            It is not deleted: the team keeps a record that you made this report and withdrew it, and can
            still read what you sent. You can still read your messages here.
          </Trans>
        </p>
        {withdrawError && (
          <p className="field__error" role="alert">
            {withdrawError}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
