import { Trans } from '@lingui/react/macro';

import './page-loading.css';

/**
 * In place of a page while its code downloads (lazy-page.ts). The layout keeps a screen's
 * height for the page (layout.css), so nothing on screen moves when the page arrives. The
 * words appear only when the wait is long enough to notice, so a quick load does not flash them.
 */
export function PageLoading() {
  return (
    <p className="page-loading__words muted" role="status">
      <Trans>Loading the page…</Trans>
    </p>
  );
}
