import { Trans, useLingui } from '@lingui/react/macro';

import { Button, Notice } from '../../../../components/ui';
import { errorText } from '../../../../lib/error-words';
import type { TrustState } from '../../model/use-team-keys';

/**
 * While the team's keys load, or why they could not: the reporter can keep writing meanwhile.
 * While they load, the fingerprint panel's frame (team-security.tsx) stands in its place with text
 * of about its length, so the form does not jump down when the fingerprint arrives on a slow phone.
 */
export function TeamKeysStatus({
  state,
  teamName,
  onRetry,
}: {
  state: TrustState;
  teamName: string;
  onRetry: () => void;
}) {
  const { t } = useLingui();
  if (state.status === 'loading') {
    return (
      <div className="team-security" role="status">
        <p className="team-security__label">
          <Trans>Checking {teamName}’s keys…</Trans>
        </p>
        <p className="team-security__hint">
          <Trans>
            This browser is checking the team’s signed list of members before it shows you the team’s security
            fingerprint. You can start writing meanwhile. Your report is encrypted only for the team members
            on that list, and this browser will warn you if the list is not what it should be.
          </Trans>
        </p>
      </div>
    );
  }
  if (state.status === 'error') {
    const reason = errorText(state.error, t`The team’s keys could not be loaded.`);
    return (
      <Notice tone="error" role="alert" title={t`We could not load ${teamName}’s keys`}>
        <p>
          <Trans>{reason} You can keep writing; your report can be sent once they have loaded.</Trans>
        </p>
        <Button variant="secondary" onClick={onRetry}>
          <Trans>Try again</Trans>
        </Button>
      </Notice>
    );
  }
  return null;
}
