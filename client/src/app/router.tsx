import { createBrowserRouter } from 'react-router';

import { ReceiptPage } from '../features/receipt/components/receipt-page';
import { ReportPage } from '../features/report/components/report-page';
import { TeamSignInPage } from '../features/team/components/team-sign-in-page';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RouteErrorPage } from './route-error-page';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        // A pathless route holding the error boundary keeps the header and footer
        // around the error message.
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <ReportPage /> },
          { path: 'receipt', element: <ReceiptPage /> },
          { path: 'team', element: <TeamSignInPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
