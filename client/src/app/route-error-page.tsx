import { useEffect } from 'react';
import { Link, useRouteError } from 'react-router';

import { PageHeading } from '../components/ui';
import { useDocumentTitle } from '../hooks/use-document-title';

/**
 * Shown instead of a page that failed to render. It replaces React Router's
 * built-in error screen, which uses inline styles that the Content-Security-Policy
 * blocks. It says nothing about the error itself: details could hold report text.
 */
export function RouteErrorPage() {
  useDocumentTitle('Something went wrong');
  const error = useRouteError();

  useEffect(() => {
    if (import.meta.env.DEV) console.error(error);
  }, [error]);

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
