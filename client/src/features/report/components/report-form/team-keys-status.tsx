import { Button, Notice } from '../../../../components/ui';
import type { TrustState } from '../../model/use-team-keys';

/** While the team's keys load, or why they could not: the reporter can keep writing meanwhile. */
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
      <p className="muted" role="status">
        Checking {teamName}’s keys…
      </p>
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
