import { Button } from '../../../../components/ui';
import { formatCount } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import { ProgressBar } from '../progress-bar';
import type { BodySearchState } from './use-body-search';
import './body-search.css';

function reports(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'report' : 'reports'}`;
}

/**
 * The explicit search inside whole reports (the list's search covers the summaries only): what
 * it will do, how far it got with a way to stop it, and what it found. `inScope`: how many cases
 * the other filters let through, whose reports it would search.
 */
export function BodySearch({
  state,
  inScope,
  onStart,
  onStop,
}: {
  state: BodySearchState;
  /** null while the list is still loading (not counted at every batch). */
  inScope: number | null;
  onStart: () => void;
  onStop: () => void;
}) {
  if (state.status === 'searching') {
    return (
      <div className="body-search">
        <p className="body-search__line">
          Searching inside whole reports: {formatCount(state.done)} of {formatCount(state.total)}
        </p>
        <ProgressBar max={state.total} value={state.done} label="Searching inside whole reports" />
        <Button variant="secondary" size="small" className="body-search__button" onClick={onStop}>
          Stop
        </Button>
      </div>
    );
  }
  const start = (
    <Button
      variant="secondary"
      size="small"
      className="body-search__button"
      onClick={onStart}
      disabled={inScope === 0}
    >
      {state.status === 'idle' || state.status === 'done' ? 'Search inside whole reports' : 'Search again'}
    </Button>
  );
  return (
    <div className="body-search">
      {state.status === 'idle' ? (
        <p className="body-search__line muted">
          The search covers each case’s summary. To find words anywhere in the reports, this browser can fetch
          and decrypt the whole {inScope === null ? 'reports of the cases' : reports(inScope)} the other
          filters let through.
        </p>
      ) : (
        <p className="body-search__line" role="status">
          {state.status === 'done' &&
            `Searched inside ${reports(state.total)}: the words are in ${formatCount(state.found)}.`}
          {state.status === 'stopped' &&
            `Stopped after ${formatCount(state.done)} of ${reports(state.total)}: the words are in ${formatCount(state.found)} so far.`}
          {state.status === 'failed' &&
            `The search inside whole reports stopped after ${formatCount(state.done)} of ${reports(state.total)}: ${errorText(state.error, 'a report could not be fetched or decrypted.')}`}
        </p>
      )}
      {state.status !== 'done' && start}
    </div>
  );
}
