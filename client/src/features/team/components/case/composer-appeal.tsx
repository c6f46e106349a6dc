/**
 * "Make an appeal reference": on a closed case, while the member writes the notice to the
 * sanctioned user, the server makes a reference for this case (docs/protocol.md 10.9) and the
 * composer puts it, with the appeal page's address, in place of `{how to appeal}`. The server
 * keeps only its hash, so the reference is shown here this once.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useState } from 'react';

import { Button, ErrorAlert, Notice } from '../../../../components/ui';
import { ApiError } from '../../../../lib/api-client';
import { errorText } from '../../../../lib/error-words';
import { makeAppealReference } from '../../api/appeals';
import { APPEAL_NEEDS_CLOSED_CASE, APPEALS_OFF } from '../../model/appeals';

function referenceErrorText(error: unknown): string {
  if (error instanceof ApiError && error.code === 'appeals_off') return i18n._(APPEALS_OFF);
  if (error instanceof ApiError && error.code === 'case_not_finished')
    return i18n._(APPEAL_NEEDS_CLOSED_CASE);
  return errorText(error, i18n._(msg`The appeal reference could not be made. Please try again.`));
}

export function AppealReferenceMaker({
  caseId,
  reference,
  disabled,
  onMade,
}: {
  caseId: string;
  /** The reference made on this page, once there is one. */
  reference: string | null;
  disabled: boolean;
  onMade: (reference: string) => void;
}) {
  const { t } = useLingui();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function make() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onMade(await makeAppealReference(caseId));
    } catch (caught) {
      setError(referenceErrorText(caught));
    } finally {
      setBusy(false);
    }
  }

  if (reference !== null) {
    return (
      <Notice
        tone="caution"
        role="status"
        title={t`The appeal reference is in your text`}
        className="composer__appeal"
      >
        <p>
          <Trans>
            Reference:{' '}
            <strong className="composer__reference" translate="no">
              {reference}
            </strong>
          </Trans>
        </p>
        <p>
          <Trans>
            It is shown only this once: the server keeps no readable copy. Send the notice with it, or copy it
            before you leave this page. If it is lost, you can make a new one.
          </Trans>
        </p>
      </Notice>
    );
  }
  return (
    <div className="composer__appeal">
      <p className="field__hint">
        <Trans>
          The person this notice is for can appeal the team’s decision through Confide with a reference made
          for this case. It does not name the case or the reporter.
        </Trans>
      </p>
      <Button variant="secondary" size="small" disabled={disabled || busy} onClick={() => void make()}>
        {busy ? <Trans>Making the reference…</Trans> : <Trans>Make an appeal reference</Trans>}
      </Button>
      <ErrorAlert message={error} />
    </div>
  );
}
