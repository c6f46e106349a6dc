import { useEffect, useRef } from 'react';
import { Outlet, useLocation } from 'react-router';

import { PageFrame, type NavItem } from '../components/ui';

const navigation: readonly NavItem[] = [
  { to: '/', label: 'Report', end: true },
  { to: '/receipt', label: 'I have a receipt', end: false },
  { to: '/team', label: 'Team sign-in', end: false },
];

export function Layout() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shownPathname = useRef(pathname);

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

  return (
    <PageFrame
      navigation={navigation}
      mainRef={mainRef}
      footer={
        <p>
          Confide never records your IP address or which browser you use. What you write in a report is
          encrypted on your device before it is sent.
        </p>
      }
    >
      <Outlet />
    </PageFrame>
  );
}
