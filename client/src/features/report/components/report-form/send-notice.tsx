import { Trans, useLingui } from '@lingui/react/macro';
import type { Ref } from 'react';

import { Notice } from '../../../../components/ui';
import type { SendNotice as Outcome } from '../../model/use-report-form';
import './send-notice.css';
import { formatList } from '../../../../lib/format';

/**
 * Why the report was not sent, just above the send button. The wrapper takes the focus when a
 * notice appears (it is there from the start, so the focus has somewhere to go).
 */
export function SendNotice({
  notice,
  teamName,
  ref,
}: {
  notice: Outcome | undefined;
  teamName: string;
  ref: Ref<HTMLDivElement>;
}) {
  const { t } = useLingui();
  const droppedNames = notice?.kind === 'team-changed' ? formatList(notice.droppedNames) : '';
  return (
    <div ref={ref} tabIndex={-1} className="form__notice">
      {notice?.kind === 'failed' && (
        <Notice tone="error" role="alert" title={t`Your report was not sent`}>
          <p>{notice.message}</p>
        </Notice>
      )}
      {notice?.kind === 'team-changed' && (
        <Notice tone="caution" role="alert" title={t`${teamName} changed while you were writing`}>
          {notice.changes.length > 0 && (
            <ul>
              {notice.changes.map((change) => (
                <li key={change}>{change}.</li>
              ))}
            </ul>
          )}
          {notice.droppedNames.length > 0 && (
            <p>
              <Trans>
                You had left out {droppedNames}, who is no longer on the team, so nothing will be encrypted
                for them.
              </Trans>
            </p>
          )}
          <p>
            <Trans>
              Nothing was sent. Please check who will be able to read your report above, then send it again.
              Everything you wrote is still here.
            </Trans>
          </p>
        </Notice>
      )}
      {notice?.kind === 'untrusted' && (
        <Notice tone="error" role="alert" title={t`Not sent: this team’s keys cannot be trusted right now`}>
          <p>
            <Trans>See the warning at the top of the form. Nothing has been sent.</Trans>
          </p>
        </Notice>
      )}
    </div>
  );
}
