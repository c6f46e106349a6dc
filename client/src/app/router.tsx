import { createBrowserRouter } from 'react-router';

import { ReportPage } from '../features/report/components/report-page';
import { CONSOLE_CATALOG } from '../features/team/console-catalog';
import { addCatalog } from '../i18n/languages';
import { lazyPage } from './lazy-page';
import { Layout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RouteErrorPage } from './route-error-page';

/**
 * A console page's chunk, with the console's words: a catalog of their own, downloaded with the
 * first console page opened and never by a reporter (console-catalog.ts).
 */
function consolePage<Module>(load: () => Promise<Module>): () => Promise<Module> {
  return () => Promise.all([load(), addCatalog(CONSOLE_CATALOG)]).then(([module]) => module);
}

// The start page is in the first download; every other page loads when it is opened
// (lazy-page.ts), and the layout's <Suspense> holds its place meanwhile. Each console page is
// a chunk of its own, so signing in does not download the pages a member has not opened.
const ReceiptPage = lazyPage(() => import('../features/receipt/components/receipt-page'), 'ReceiptPage');
const AppealPage = lazyPage(() => import('../features/report/appeal/components/appeal-page'), 'AppealPage');
const SafetyPage = lazyPage(() => import('../features/safety/components/safety-page'), 'SafetyPage');
const SetupPage = lazyPage(() => import('../features/setup/components/setup-page'), 'SetupPage');
const JoinPage = lazyPage(() => import('../features/join/components/join-page'), 'JoinPage');
const TeamRoot = lazyPage(
  consolePage(() =>
    import('../features/team/components/team-root').then((module) => {
      preloadSignedInPagesAtFirstInput();
      return module;
    }),
  ),
  'TeamRoot',
);
const TeamIndex = lazyPage(
  consolePage(() => import('../features/team/components/team-root')),
  'TeamIndex',
);
const RecoveryPage = lazyPage(
  consolePage(() => import('../features/team/components/account/recovery-page')),
  'RecoveryPage',
);
const SecondFactorGate = lazyPage(
  consolePage(() => import('../features/team/components/account/second-factor-gate')),
  'SecondFactorGate',
);
const AccountPage = lazyPage(
  consolePage(() => import('../features/team/components/account/account-page')),
  'AccountPage',
);
const AuditPage = lazyPage(
  consolePage(() => import('../features/team/components/audit/audit-page')),
  'AuditPage',
);
const CasePage = lazyPage(
  consolePage(() => import('../features/team/components/case/case-page')),
  'CasePage',
);
const CasePrintPage = lazyPage(
  consolePage(() => import('../features/team/components/case/print/print-page')),
  'CasePrintPage',
);
const CaseListPage = lazyPage(
  consolePage(() => import('../features/team/components/case-list/case-list-page')),
  'CaseListPage',
);
const MembersPage = lazyPage(
  consolePage(() => import('../features/team/components/members/members-page')),
  'MembersPage',
);
const SettingsPage = lazyPage(
  consolePage(() => import('../features/team/components/settings/settings-page')),
  'SettingsPage',
);

/**
 * The pages a member meets right after signing in (the gate, the case list) and the case page,
 * downloaded while the sign-in form is in use (typing a name and a passphrase takes a moment, and
 * Argon2id another): about 40 KiB compressed, so that none of them waits for its chunk, or for
 * React's reveal of a suspended page (lazy-page.tsx), after the keys are unlocked or at a click on
 * a case. Not before the member's first input: the console's own first paint on a slow line does
 * not share the network with them. The rest of the console loads when opened.
 */
function preloadSignedInPagesAtFirstInput(): void {
  const inputs = ['pointerdown', 'keydown', 'input', 'touchstart'] as const;
  const preload = () => {
    for (const input of inputs) window.removeEventListener(input, preload, true);
    for (const page of [SecondFactorGate, TeamIndex, CaseListPage, CasePage]) void page.preload();
  };
  for (const input of inputs) window.addEventListener(input, preload, { capture: true, passive: true });
}

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
          { path: 'appeal', element: <AppealPage /> },
          { path: 'safety', element: <SafetyPage /> },
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
