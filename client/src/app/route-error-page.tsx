import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect } from 'react';
import { Link, useRouteError } from 'react-router';

import { Button, PageHeading } from '../components/ui';
import { useDocumentTitle } from '../hooks/use-document-title';
import { isPageLoadError } from './page-load-error';

/**
 * Shown instead of a page that failed to render. It replaces React Router's
 * built-in error screen, which uses inline styles that the Content-Security-Policy
 * blocks. It says nothing about the error itself: details could hold report text.
 */
export function RouteErrorPage() {
  const error = useRouteError();

  useEffect(() => {
    if (import.meta.env.DEV) console.error(error);
  }, [error]);

  return isPageLoadError(error) ? <PageNotDownloaded /> : <PageFault />;
}

function PageFault() {
  const { t } = useLingui();
  useDocumentTitle(t`Something went wrong`);
  return (
    <>
      <PageHeading>
        <Trans>Something went wrong on this page</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>This is a fault in Confide, not something you did. Reloading the page often helps.</Trans>
      </p>
      <p>
        <Link to="/">
          <Trans>Go to the start page</Trans>
        </Link>
      </p>
    </>
  );
}

/**
 * The page's code did not arrive (lazy-page.ts): the connection dropped, or Confide was updated
 * since this tab opened it and the old files are gone. Reloading fetches the current version;
 * it is the reader's choice, not automatic, because a reload loses a report being written (the
 * browser asks first when there is one).
 */
function PageNotDownloaded() {
  const { t } = useLingui();
  useDocumentTitle(t`Reload to continue`);
  return (
    <>
      <PageHeading>
        <Trans>This page could not be downloaded</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>
          Confide may have been updated since you opened it, or the connection dropped. Reload the page to get
          the current version.
        </Trans>
      </p>
      <p>
        <Button onClick={() => window.location.reload()}>
          <Trans>Reload the page</Trans>
        </Button>
      </p>
    </>
  );
}
