import { Button, Notice } from '../../../../components/ui';
import { errorText, formatCount } from '../../../../lib/format';
import type { CaseListState } from '../../hooks/use-case-list';
import { ProgressBar } from '../progress-bar';
import './case-list-status.css';

function casesWords(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'case' : 'cases'}`;
}

/**
 * How far loading got and how many cases match, in a block of the same height from the first
 * moment to the last (the progress stays in place, unseen, once loading is over), so that the
 * list under it does not move when loading ends; or, when loading stopped, why, with a way to
 * try again.
 */
export function CaseListStatus({
  state,
  matching,
  onRetry,
}: {
  state: CaseListState;
  /** Cases the filters let through, of those in the list so far. */
  matching: number;
  onRetry: () => void;
}) {
  const { index, loading, refreshing, progress, error, complete } = state;
  const size = index.size;
  const growing = loading && !refreshing;

  if (error !== null && size === 0) {
    return (
      <Notice tone="error" role="alert" title="The cases could not be loaded.">
        <p>{errorText(error, 'The cases could not be fetched or decrypted in this browser.')}</p>
        <Button variant="secondary" onClick={onRetry}>
          Try again
        </Button>
      </Notice>
    );
  }

  let count: string;
  if (growing) {
    count =
      matching === size
        ? `${formatCount(size)} listed so far`
        : `${formatCount(matching)} of ${formatCount(size)} listed so far match`;
  } else {
    count = matching === size ? casesWords(size) : `${formatCount(matching)} of ${casesWords(size)} match`;
  }

  return (
    <>
      {error !== null && (
        <Notice
          tone="caution"
          role="alert"
          title={complete ? 'The list could not be brought up to date.' : 'The list is incomplete.'}
        >
          <p>
            {complete
              ? 'It is shown as it was when it last loaded; statuses and new cases may have changed since.'
              : `Loading stopped after ${casesWords(size)}: only those are shown, and cases may be missing.`}{' '}
            {errorText(error, 'A page of cases could not be fetched or read.')}
          </p>
          <Button variant="secondary" onClick={onRetry}>
            Try again
          </Button>
        </Notice>
      )}
      <div className="case-list-status">
        {/* Kept in place, unseen, once loading is over: the list under it must not move up. */}
        <div className="case-list-status__progress" aria-hidden={growing ? undefined : true}>
          <p className="case-list-status__line">{growing ? decryptingWords(progress, size) : 'Decrypted'}</p>
          {growing ? (
            <ProgressBar
              max={progress.total ?? undefined}
              value={progress.total === null ? undefined : progress.decrypted}
              label="Decrypting cases"
            />
          ) : (
            <ProgressBar max={1} value={1} label="Decrypted" />
          )}
        </div>
        {/* Announced once loading is over, not at every batch while it runs. */}
        <p className="muted case-list-status__line" role="status" aria-live={growing ? 'off' : undefined}>
          {refreshing && loading && 'Checking for changes… '}
          {count}
        </p>
      </div>
    </>
  );
}

/** "Decrypting cases: 12,000 of about 100,000", or without a total "… 12,000 so far". */
function decryptingWords(progress: CaseListState['progress'], shown: number): string {
  if (progress.fetched === 0 && shown === 0) return 'Fetching cases…';
  const done = formatCount(progress.decrypted);
  if (progress.total !== null && progress.total >= progress.decrypted) {
    return `Decrypting cases: ${done} of about ${formatCount(progress.total)}`;
  }
  return `Decrypting cases: ${done} so far`;
}
