import type { MouseEvent, ReactNode, RefObject } from 'react';
import { Link, NavLink } from 'react-router';

import { Logo } from '../logo';
import './page-frame.css';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  /** Current only on exactly this address, not on the addresses below it. */
  readonly end: boolean;
}

function navClassName({ isActive }: { isActive: boolean }): string {
  return isActive ? 'site-nav__link site-nav__link--current' : 'site-nav__link';
}

interface PageFrameProps {
  navigation: readonly NavItem[];
  /** The main landmark: the skip link focuses it, and the app moves focus into it on navigation. */
  mainRef: RefObject<HTMLElement | null>;
  footer: ReactNode;
  /** Beside the navigation: who is signed in, and signing out. */
  headerAside?: ReactNode;
  children: ReactNode;
}

/** What every page sits in: a skip link, the header with the name and navigation, main, footer. */
export function PageFrame({ navigation, mainRef, footer, headerAside, children }: PageFrameProps) {
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
          {headerAside}
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1} ref={mainRef}>
        {children}
      </main>
      <footer className="site-footer">{footer}</footer>
    </div>
  );
}
