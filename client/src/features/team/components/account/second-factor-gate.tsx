import { Navigate, Outlet, useLocation } from 'react-router';

import { useUnlockedSession } from '../../session/use-team-session';

export const ACCOUNT_PATH = '/team/account';

/**
 * Around the console's pages: when the team requires a second factor and the member has none
 * (SessionReply.must_add_second_factor), every page of the console leads to the account page
 * until one is added.
 */
export function SecondFactorGate() {
  const session = useUnlockedSession();
  const { pathname } = useLocation();
  if (session.mustAddSecondFactor && pathname !== ACCOUNT_PATH) return <Navigate to={ACCOUNT_PATH} replace />;
  return <Outlet context={session} />;
}
