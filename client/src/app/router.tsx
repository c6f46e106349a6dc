import { createBrowserRouter } from 'react-router';

import { ReceiptPage } from '../features/receipt/components/receipt-page';
import { ReportPage } from '../features/report/components/report-page';
import { JoinPage } from '../features/join/components/join-page';
import { SetupPage } from '../features/setup/components/setup-page';
import { AccountPage } from '../features/team/components/account/account-page';
import { RecoveryPage } from '../features/team/components/account/recovery-page';
import { SecondFactorGate } from '../features/team/components/account/second-factor-gate';
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
              {
                // Until a member the team requires a second factor of has one, only the account page.
                element: <SecondFactorGate />,
                children: [
                  { index: true, element: <TeamIndex /> },
                  { path: 'cases', element: <CaseListPage /> },
                  { path: 'cases/:id', element: <CasePage /> },
                  { path: 'cases/:id/print', element: <CasePrintPage /> },
                  { path: 'members', element: <MembersPage /> },
                  { path: 'settings', element: <SettingsPage /> },
                  { path: 'audit', element: <AuditPage /> },
                  { path: 'account', element: <AccountPage /> },
                ],
              },
            ],
          },
          // Outside the console: a member who cannot sign in uses it.
          { path: 'team/recover', element: <RecoveryPage /> },
          { path: 'setup', element: <SetupPage /> },
          { path: 'join', element: <JoinPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
