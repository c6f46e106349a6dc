import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { Plural, Trans, useLingui } from '@lingui/react/macro';

import { Button, Notice } from '../../../../components/ui';
import { formatCount } from '../../../../lib/format';
import { errorText } from '../../../../lib/error-words';
import type { TaggingProgress } from '../../hooks/use-background-tagging';
import type { CaseListState } from '../../hooks/use-case-list';
import { ProgressBar } from '../progress-bar';
import './case-list-status.css';

/**
 * How far loading got and how many cases match, in a block of the same height from the first
 * moment to the last (the progress stays in place, unseen, once loading is over), so that the
 * list under it does not move when loading ends; or, when loading stopped, why, with a way to
 * try again. After loading, the same block tells how far the blind index's background pass got
 * (hooks/use-background-tagging.ts), and goes unseen again when it is done.
 */
export function CaseListStatus({
  state,
  matching,
  onRetry,
  tagging = null,
}: {
  state: CaseListState;
  /** Cases the filters let through, of those in the list so far. */
  matching: number;
  onRetry: () => void;
  /** The background pass of the blind index (hooks/use-background-tagging.ts), while it runs. */
  tagging?: TaggingProgress | null;
}) {
  const { t } = useLingui();
  const { index, loading, refreshing, progress, error, complete } = state;
  const size = index.size;
  const growing = loading && !refreshing;
  // The pass starts only once the list is loaded; while a refresh runs, it waits.
  const indexing = !growing && tagging !== null;

  if (error !== null && size === 0) {
    return (
      <Notice tone="error" role="alert" title={t`The cases could not be loaded.`}>
        <p>{errorText(error, t`The cases could not be fetched or decrypted in this browser.`)}</p>
        <Button variant="secondary" onClick={onRetry}>
          <Trans>Try again</Trans>
        </Button>
      </Notice>
    );
  }

  const count = countWords(growing, matching, size);

  return (
    <>
      {error !== null && (
        <Notice
          tone="caution"
          role="alert"
          title={complete ? t`The list could not be brought up to date.` : t`The list is incomplete.`}
        >
          <p>
            {complete ? (
              <Trans>
                It is shown as it was when it last loaded; statuses and new cases may have changed since.
              </Trans>
            ) : (
              <Plural
                value={size}
                one="Loading stopped after # case: only those are shown, and cases may be missing."
                other="Loading stopped after # cases: only those are shown, and cases may be missing."
              />
            )}{' '}
            {errorText(error, t`A page of cases could not be fetched or read.`)}
          </p>
          <Button variant="secondary" onClick={onRetry}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      )}
      <div className="case-list-status">
        {/*
         * Kept in place, unseen, once loading is over: the list under it must not move up. The
         * blind index's background pass, when one runs after loading, shows its progress there.
         */}
        <div className="case-list-status__progress" aria-hidden={growing || indexing ? undefined : true}>
          {indexing ? (
            <>
              {/* A div: the count line below stays the block's one paragraph with role=status. */}
              <div className="case-list-status__line" role="status">
                {taggingWords(tagging)}
              </div>
              <ProgressBar
                max={tagging.total ?? undefined}
                value={tagging.total === null ? undefined : tagging.done}
                label={t`Indexing accounts of earlier cases`}
              />
            </>
          ) : (
            <>
              <p className="case-list-status__line">
                {growing ? decryptingWords(progress, size) : t`Decrypted`}
              </p>
              {growing ? (
                <ProgressBar
                  max={progress.total ?? undefined}
                  value={progress.total === null ? undefined : progress.decrypted}
                  label={t`Decrypting cases`}
                />
              ) : (
                <ProgressBar max={1} value={1} label={t`Decrypted`} />
              )}
            </>
          )}
        </div>
        {/* Announced once loading is over, not at every batch while it runs. */}
        <p className="muted case-list-status__line" role="status" aria-live={growing ? 'off' : undefined}>
          {refreshing && loading && <>{t`Checking for changes…`} </>}
          {count}
        </p>
      </div>
    </>
  );
}

// The words below are made at each render, in the page's language (CaseListStatus renders again
// on a switch of language).

/**
 * "12 cases", "3 of 12 cases match"; while the list grows, "12 listed so far" and "3 of 12 listed
 * so far match".
 */
function countWords(growing: boolean, matching: number, size: number): string {
  if (growing) {
    if (matching === size)
      return i18n._(msg`${plural(size, { one: '# listed so far', other: '# listed so far' })}`);
    const listed = formatCount(size);
    return i18n._(
      msg`${plural(matching, { one: `# of ${listed} listed so far match`, other: `# of ${listed} listed so far match` })}`,
    );
  }
  if (matching === size) return i18n._(msg`${plural(size, { one: '# case', other: '# cases' })}`);
  const shown = formatCount(matching);
  return i18n._(
    msg`${plural(size, { one: `${shown} of # case match`, other: `${shown} of # cases match` })}`,
  );
}

/** "Decrypting cases: 12,000 of about 100,000", or without a total "… 12,000 so far". */
function decryptingWords(progress: CaseListState['progress'], shown: number): string {
  if (progress.fetched === 0 && shown === 0) return i18n._(msg`Fetching cases…`);
  const done = formatCount(progress.decrypted);
  if (progress.total !== null && progress.total >= progress.decrypted) {
    const total = formatCount(progress.total);
    return i18n._(msg`Decrypting cases: ${done} of about ${total}`);
  }
  return i18n._(msg`Decrypting cases: ${done} so far`);
}

/** "Indexing accounts of earlier cases: 120 of 1,000", or while the total is unknown "… 120 so far". */
export function taggingWords(progress: TaggingProgress): string {
  const done = formatCount(progress.done);
  if (progress.total === null) return i18n._(msg`Indexing accounts of earlier cases: ${done} so far`);
  const total = formatCount(progress.total);
  return i18n._(msg`Indexing accounts of earlier cases: ${done} of ${total}`);
}
