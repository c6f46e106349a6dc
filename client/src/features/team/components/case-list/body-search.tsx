import { Plural, Trans, useLingui } from '@lingui/react/macro';

import { Button } from '../../../../components/ui';
import { formatCount } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import { ProgressBar } from '../progress-bar';
import type { BodySearchState } from './use-body-search';
import './body-search.css';

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
  const { t } = useLingui();
  if (state.status === 'searching') {
    const done = formatCount(state.done);
    const total = formatCount(state.total);
    return (
      <div className="body-search">
        <p className="body-search__line">
          <Trans>
            Searching inside whole reports: {done} of {total}
          </Trans>
        </p>
        <ProgressBar max={state.total} value={state.done} label={t`Searching inside whole reports`} />
        <Button variant="secondary" size="small" className="body-search__button" onClick={onStop}>
          <Trans>Stop</Trans>
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
      {state.status === 'idle' || state.status === 'done' ? (
        <Trans>Search inside whole reports</Trans>
      ) : (
        <Trans>Search again</Trans>
      )}
    </Button>
  );
  return (
    <div className="body-search">
      {state.status === 'idle' ? (
        <p className="body-search__line muted">
          {inScope === null ? (
            <Trans>
              The search covers each case’s summary. To find words anywhere in the reports, this browser can
              fetch and decrypt the whole reports of the cases the other filters let through.
            </Trans>
          ) : (
            <Trans>
              The search covers each case’s summary. To find words anywhere in the reports, this browser can
              fetch and decrypt the whole <Plural value={inScope} one="# report" other="# reports" /> the
              other filters let through.
            </Trans>
          )}
        </p>
      ) : (
        <p className="body-search__line" role="status">
          <BodySearchOutcome state={state} />
        </p>
      )}
      {state.status !== 'done' && start}
    </div>
  );
}

/** What a search that ran says: how far it got, and in how many reports it found the words. */
function BodySearchOutcome({ state }: { state: BodySearchState }) {
  const { t } = useLingui();
  if (state.status === 'idle' || state.status === 'searching') return null;
  const total = state.total;
  const done = formatCount(state.done);
  const found = formatCount(state.found);
  switch (state.status) {
    case 'done':
      return (
        <Trans>
          Searched inside <Plural value={total} one="# report" other="# reports" />: the words are in {found}.
        </Trans>
      );
    case 'stopped':
      return (
        <Trans>
          Stopped after {done} of <Plural value={total} one="# report" other="# reports" />: the words are in{' '}
          {found} so far.
        </Trans>
      );
    case 'failed': {
      const reason = errorText(state.error, t`a report could not be fetched or decrypted.`);
      return (
        <Trans>
          The search inside whole reports stopped after {done} of{' '}
          <Plural value={total} one="# report" other="# reports" />: {reason}
        </Trans>
      );
    }
  }
}
