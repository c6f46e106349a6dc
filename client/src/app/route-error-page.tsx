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
  useDocumentTitle('Something went wrong');
  return (
    <>
      <PageHeading>Something went wrong on this page</PageHeading>
      <p className="lead">
        This is a fault in Confide, not something you did. Reloading the page often helps.
      </p>
      <p>
        <Link to="/">Go to the start page</Link>
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
  useDocumentTitle('Reload to continue');
  return (
    <>
      <PageHeading>This page could not be downloaded</PageHeading>
      <p className="lead">
        Confide may have been updated since you opened it, or the connection dropped. Reload the page to get
        the current version.
      </p>
      <p>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </p>
    </>
  );
}
