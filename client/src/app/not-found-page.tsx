import { Trans, useLingui } from '@lingui/react/macro';
import { Link } from 'react-router';

import { PageHeading } from '../components/ui';
import { useDocumentTitle } from '../hooks/use-document-title';

export function NotFoundPage() {
  const { t } = useLingui();
  useDocumentTitle(t`Page not found`);

  return (
    <>
      <PageHeading>
        <Trans>We could not find this page</Trans>
      </PageHeading>
      <p className="lead">
        <Trans>The address may have a typing mistake, or the page may have moved.</Trans>
      </p>
      <ul className="link-list">
        <li>
          <Link to="/">
            <Trans>Go to the start page to report harassment</Trans>
          </Link>
        </li>
        <li>
          <Link to="/receipt">
            <Trans>Return to a report with your receipt</Trans>
          </Link>
        </li>
      </ul>
    </>
  );
}
