import { Button, Notice } from '../../../../components/ui';
import { errorText, formatCount } from '../../../../lib/format';
import type { CaseListState } from '../../hooks/use-case-list';
import { ProgressBar } from '../progress-bar';
import './case-list-progress.css';

/** How far fetching and decrypting the cases got, or why it stopped. */
export function CaseListProgress({
  state,
  onRetry,
}: {
  state: Exclude<CaseListState, { status: 'ready' }>;
  onRetry: () => void;
}) {
  if (state.status === 'error') {
    return (
      <Notice tone="error" role="alert" title="The cases could not be loaded.">
        <p>{errorText(state.error, 'The cases could not be decrypted in this browser.')}</p>
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      </Notice>
    );
  }
  return (
    <div className="case-list-progress" role="status">
      <p>
        {state.fetched === 0
          ? 'Fetching cases…'
          : `Decrypting ${formatCount(state.decrypted)} of ${formatCount(state.fetched)}${state.more ? '+' : ''} cases…`}
      </p>
      <ProgressBar max={Math.max(state.fetched, 1)} value={state.decrypted} label="Decrypting cases" />
    </div>
  );
}
