import { createBrowserRouter } from 'react-router';

import { ReceiptPage } from '../features/receipt/components/receipt-page';
import { ReportPage } from '../features/report/components/report-page';
import { JoinPage } from '../features/join/components/join-page';
import { SetupPage } from '../features/setup/components/setup-page';
import { AuditPage } from '../features/team/components/audit/audit-page';
import { CasePage } from '../features/team/components/case/case-page';
import { CasePrintPage } from '../features/team/components/case/print/print-page';
import { CaseListPage } from '../features/team/components/case-list/case-list-page';
import { MembersPage } from '../features/team/components/members/members-page';
import { SettingsPage } from '../features/team/components/settings/settings-page';
import { TeamIndex, TeamRoot } from '../features/team/components/team-root';
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
          {
            path: 'team',
            element: <TeamRoot />,
            children: [
              { index: true, element: <TeamIndex /> },
              { path: 'cases', element: <CaseListPage /> },
              { path: 'cases/:id', element: <CasePage /> },
              { path: 'cases/:id/print', element: <CasePrintPage /> },
              { path: 'members', element: <MembersPage /> },
              { path: 'settings', element: <SettingsPage /> },
              { path: 'audit', element: <AuditPage /> },
            ],
          },
          { path: 'setup', element: <SetupPage /> },
          { path: 'join', element: <JoinPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
