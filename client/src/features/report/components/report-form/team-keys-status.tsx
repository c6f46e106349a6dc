import { Button, Notice } from '../../../../components/ui';
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
  if (state.status === 'loading') {
    return (
      <div className="team-security" role="status">
        <p className="team-security__label">Checking {teamName}’s keys…</p>
        <p className="team-security__hint">
          This browser is checking the team’s signed list of members before it shows you the team’s security
          fingerprint. You can start writing meanwhile. Your report is encrypted only for the team members on
          that list, and this browser will warn you if the list is not what it should be.
        </p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <Notice tone="error" role="alert" title={`We could not load ${teamName}’s keys`}>
        <p>{state.message} You can keep writing; your report can be sent once they have loaded.</p>
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      </Notice>
    );
  }
  return null;
}
