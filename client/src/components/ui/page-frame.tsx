import { Trans, useLingui } from '@lingui/react/macro';
import type { MouseEvent, ReactNode, RefObject } from 'react';
import { Link, NavLink } from 'react-router';

import { Logo } from '../logo';
import './page-frame.css';

export interface NavItem {
  readonly to: string;
  readonly label: string;
  /** Current only on exactly this address, not on the addresses below it. */
  readonly end: boolean;
  /**
   * Every label the link can take (signed in or not), when it changes: the link is as wide as the
   * longest, so a change of words does not re-wrap the header (layout.css).
   */
  readonly labels?: readonly [string, string] | undefined;
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
  /** Beside the name: the language switcher. */
  languages?: ReactNode;
  children: ReactNode;
}

/** What every page sits in: a skip link, the header with the name and navigation, main, footer. */
export function PageFrame({ navigation, mainRef, footer, headerAside, languages, children }: PageFrameProps) {
  const { t } = useLingui();
  // Focus the main landmark directly, so the skip link works without changing the
  // address (a `#main` hash would count as a navigation for the router).
  function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    mainRef.current?.focus();
  }

  return (
    <div className="site">
      <a className="skip-link" href="#main" onClick={skipToContent}>
        <Trans>Skip to content</Trans>
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          {/* On a phone, the name and the languages share the first row, the navigation the next. */}
          <div className="site-header__identity">
            <Link to="/" className="brand">
              <Logo />
              <span className="brand__name">Confide</span>
            </Link>
            {languages}
          </div>
          <nav className="site-nav" aria-label={t`Main`}>
            <ul className="site-nav__list">
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    end={item.end}
                    className={navClassName}
                    data-label={item.labels?.[0]}
                    data-other-label={item.labels?.[1]}
                  >
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
