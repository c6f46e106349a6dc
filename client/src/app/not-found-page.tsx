import { Link } from 'react-router';

import { PageHeading } from '../components/ui';
import { useDocumentTitle } from '../hooks/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');

  return (
    <>
      <PageHeading>We could not find this page</PageHeading>
      <p className="lead">The address may have a typing mistake, or the page may have moved.</p>
      <ul className="link-list">
        <li>
          <Link to="/">Go to the start page to report harassment</Link>
        </li>
        <li>
          <Link to="/receipt">Return to a report with your receipt</Link>
        </li>
      </ul>
    </>
  );
}
