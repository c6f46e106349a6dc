import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation } from 'react-router';

import { LanguageSwitcher } from '../components/language-switcher';
import { QuickExit } from '../components/quick-exit';
import { Button, PageFrame, type NavItem } from '../components/ui';
import { teamSession } from '../features/team/session/session-store';
import { useTeamSession } from '../features/team/session/use-team-session';
import './layout.css';

/**
 * The pages a reporter, an appellant or an invited target uses: they get "Leave now" (and neutral
 * titles, use-document-title.ts). Not the console, set-up or joining a team: members are not the
 * people who may have to hide what they are doing in a second.
 */
const REPORTER_PATHS: ReadonlySet<string> = new Set(['/', '/receipt', '/appeal', '/safety']);

function isReporterPage(pathname: string): boolean {
  return REPORTER_PATHS.has(pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname);
}

export function Layout() {
  const { t } = useLingui();
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shownPathname = useRef(pathname);
  const session = useTeamSession();
  const signedIn = session.status === 'locked' || session.status === 'unlocked';

  // Whether this tab has a console session, for the header: asks the server only when this tab
  // signed in before (session-store.ts), so a reporter's page load sends nothing.
  useEffect(() => {
    void teamSession.check();
  }, []);

  // A client-side navigation does not move focus the way a page load does, so a
  // keyboard or screen-reader user would be left on the link they used. Move them
  // to the new page's heading instead (not on first load: the browser handles that).
  useEffect(() => {
    if (shownPathname.current === pathname) return;
    shownPathname.current = pathname;
    const main = mainRef.current;
    if (!main) return;
    window.scrollTo(0, 0);
    (main.querySelector('h1') ?? main).focus({ preventScroll: true });
  }, [pathname]);

  const teamSignIn = t`Team sign-in`;
  const teamConsole = t`Team console`;
  const navigation: readonly NavItem[] = [
    {
      to: '/',
      label: t({
        message: 'Report',
        comment: 'The start page, where one writes a report (a verb if your language must choose).',
      }),
      end: true,
    },
    { to: '/receipt', label: t`I have a receipt`, end: false },
    // Both labels take the same width (layout.css), so the header does not re-wrap on sign-in.
    {
      to: '/team',
      label: signedIn ? teamConsole : teamSignIn,
      end: false,
      labels: [teamSignIn, teamConsole],
    },
  ];
  // On the console's pages the session line is there before signing in too ("Not signed in"),
  // so signing in changes its words, not the header's layout; on a phone it is not shown there
  // at all (layout.css): the console's own bar says who is signed in, and a row appearing in the
  // header would push the whole page down.
  const onTeamPages = pathname === '/team' || pathname.startsWith('/team/');
  const sessionClass = onTeamPages ? 'site-session site-session--console' : 'site-session';

  return (
    <>
      {/* Before the page frame: the first thing Tab reaches, before the skip link. Shown from the
          first paint of a reporter's page, so it never pushes the page down. */}
      {isReporterPage(pathname) && <QuickExit />}
      <PageFrame
        navigation={navigation}
        mainRef={mainRef}
        languages={<LanguageSwitcher />}
        headerAside={
          signedIn ? (
            <div className={sessionClass}>
              <span className="site-session__team" translate="no">
                {session.team.name}
              </span>
              <Button variant="quiet" size="small" onClick={() => void teamSession.signOut()}>
                <Trans>Sign out</Trans>
              </Button>
            </div>
          ) : (
            onTeamPages && (
              <div className={sessionClass}>
                {session.status === 'signed-out' && (
                  <span className="muted">
                    <Trans>Not signed in</Trans>
                  </span>
                )}
              </div>
            )
          )
        }
        footer={
          <p>
            <Trans>
              Confide never records your IP address or which browser you use. What you write in a report is
              encrypted on your device before it is sent. <Link to="/safety">Staying safe</Link>: what Confide
              keeps, and what you can do on a shared device.
            </Trans>
          </p>
        }
      >
        <Outlet />
      </PageFrame>
    </>
  );
}
