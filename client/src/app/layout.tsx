import { useEffect, useRef, type MouseEvent } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';

import { Logo } from '../components/logo';

const navigation = [
  { to: '/', label: 'Report', end: true },
  { to: '/receipt', label: 'I have a receipt', end: false },
  { to: '/team', label: 'Team sign-in', end: false },
] as const;

function navClassName({ isActive }: { isActive: boolean }): string {
  return isActive ? 'site-nav__link site-nav__link--current' : 'site-nav__link';
}

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

  // Focus the main landmark directly, so the skip link works without changing the
  // address (a `#main` hash would count as a navigation for the router).
  function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    mainRef.current?.focus();
  }

  return (
    <div className="site">
      <a className="skip-link" href="#main" onClick={skipToContent}>
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <Logo />
            <span className="brand__name">Confide</span>
          </Link>
          <nav className="site-nav" aria-label="Main">
            <ul className="site-nav__list">
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className={navClassName}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Confide never records your IP address or which browser you use. What you write in a report is
          encrypted on your device before it is sent.
        </p>
      </footer>
    </div>
  );
}
