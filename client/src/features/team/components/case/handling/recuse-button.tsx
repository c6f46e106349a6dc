import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { Button, ConfirmDialog, ErrorAlert } from '../../../../../components/ui';
import { errorText } from '../../../../../lib/error-words';
import { recuseFromCase } from '../../../api/case-handling';
import { forgetCase } from '../../../lib/case-store';
import { useUnlockedSession } from '../../../session/use-team-session';

/**
 * What the case list shows after a recusal (its page reads `location.state.notice`), in the
 * language the page was in when the member recused.
 */
export interface RecusedNotice {
  readonly notice: string;
}

/**
 * A member with a conflict of interest steps away from the case. The server deletes their keys
 * to it, so afterwards this browser cannot open it: the page goes back to the list.
 */
export function RecuseButton({ caseId, number }: { caseId: string; number: number }) {
  const { t } = useLingui();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const navigate = useNavigate();
  const { keyring } = useUnlockedSession();

  async function recuse() {
    setBusy(true);
    setError(null);
    try {
      await recuseFromCase(caseId);
      // The list remembered from before would offer the case until the current one is fetched.
      forgetCase(keyring, caseId);
      const state: RecusedNotice = {
        notice: t`You recused yourself from case #${number}. You can no longer open it, and nothing new about it is encrypted to you.`,
      };
      void navigate('/team/cases', { state });
    } catch (caught) {
      setAsking(false);
      setError(errorText(caught, t`The recusal could not be recorded.`));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="handling-section">
      <Button variant="quiet" size="small" onClick={() => setAsking(true)}>
        <Trans>Recuse myself</Trans>
      </Button>
      <ErrorAlert message={error} />
      <ConfirmDialog
        open={asking}
        title={t`Recuse yourself from case #${number}?`}
        confirmLabel={t`Recuse myself`}
        busy={busy}
        onConfirm={() => void recuse()}
        onCancel={() => setAsking(false)}
      >
        <p>
          <Trans>
            Recuse yourself when you have a conflict of interest: you know someone involved, or you are
            involved.
          </Trans>
        </p>
        <ul className="point-list">
          <li>
            <Trans>
              Your keys to this case are deleted: you can no longer open it, and this cannot be undone.
            </Trans>
          </li>
          <li>
            <Trans>You receive nothing new about it, cannot vote on it and cannot be assigned to it.</Trans>
          </li>
          <li>
            <Trans>The team sees that you recused yourself, in the case’s timeline.</Trans>
          </li>
        </ul>
      </ConfirmDialog>
    </div>
  );
}
