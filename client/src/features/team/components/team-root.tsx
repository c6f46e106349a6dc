import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { NavLink, Navigate, Outlet } from 'react-router';

import { Button } from '../../../components/ui';
import { useIndexKeyUpkeep } from '../hooks/use-index-key-upkeep';
import { teamSession } from '../session/session-store';
import { useTeamSession, type UnlockedSession } from '../session/use-team-session';
import { Badge } from './badge';
import { LockedScreen } from './locked-screen';
import { TeamSignInPage } from './team-sign-in-page';
import './team-root.css';

function navClassName({ isActive }: { isActive: boolean }): string {
  return isActive ? 'console-nav__link console-nav__link--current' : 'console-nav__link';
}

/**
 * The current page's link is bold. `data-label` lets the stylesheet reserve the bold text's
 * width on every link (team-root.css), so the links beside it do not move when it changes.
 */
function ConsoleNavLink({ to, label }: { to: string; label: string }) {
  return (
    <NavLink to={to} className={navClassName} data-label={label}>
      {label}
    </NavLink>
  );
}

/**
 * Everything under /team. Until the keys are unlocked it shows the sign-in form or the
 * locked screen in place of the page that was asked for (the address stays, so unlocking
 * lands where the member was); once unlocked, the console's pages.
 */
export function TeamRoot() {
  const session = useTeamSession();
  const container = useRef<HTMLDivElement>(null);
  const previous = useRef(session.status);

  useEffect(() => {
    void teamSession.check();
  }, []);

  // Signing in, locking and unlocking replace the page without a navigation: back to the top
  // and focus on the new heading, as the layout does after navigating. Before the browser
  // paints (a layout effect): a member who scrolled down to the button on a phone would
  // otherwise see the new page drawn at the old scroll position for a frame, then jump, and
  // the footer move past (a layout shift).
  useLayoutEffect(() => {
    if (previous.current === session.status) return;
    const wasChecking = previous.current === 'checking';
    previous.current = session.status;
    if (wasChecking) return;
    window.scrollTo(0, 0);
    container.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  }, [session.status]);

  return (
    <div ref={container}>
      <TeamArea session={session} />
    </div>
  );
}

function TeamArea({ session }: { session: ReturnType<typeof useTeamSession> }) {
  switch (session.status) {
    case 'checking':
      return (
        <p className="muted" role="status">
          <Trans>Checking your session…</Trans>
        </p>
      );
    case 'signed-out':
      return <TeamSignInPage notice={session.notice} />;
    case 'locked':
      return <LockedScreen member={session.member} team={session.team} reason={session.reason} />;
    case 'unlocked':
      return <Console session={session} />;
  }
}

function Console({ session }: { session: UnlockedSession }) {
  const { t } = useLingui();
  const isAdmin = session.member.role === 'admin';
  const memberName = session.member.name;
  useIndexKeyUpkeep(session.keyring, session.verifiedTeam, session.indexEpoch, session.indexKeyDue, isAdmin);
  return (
    <>
      <div className="console-bar">
        <p className="console-bar__who">
          <Trans>
            <span className="muted">Signed in as</span> <strong translate="no">{memberName}</strong>
          </Trans>{' '}
          <span className="muted">·</span> <span translate="no">{session.team.name}</span>
          {isAdmin && (
            <Badge>
              <Trans comment="A member's role, beside their name">admin</Trans>
            </Badge>
          )}
        </p>
        <div className="console-bar__actions">
          <Button variant="secondary" size="small" onClick={() => teamSession.lock('manual')}>
            <Trans>Lock</Trans>
          </Button>
          <Button variant="secondary" size="small" onClick={() => void teamSession.signOut()}>
            <Trans>Sign out</Trans>
          </Button>
        </div>
      </div>
      <nav className="console-nav" aria-label={t`Team console`}>
        <ul className="plain-list console-nav__list">
          <li>
            <ConsoleNavLink to="/team/cases" label={t`Cases`} />
          </li>
          {isAdmin && (
            <li>
              <ConsoleNavLink to="/team/members" label={t`Members`} />
            </li>
          )}
          {isAdmin && (
            <li>
              <ConsoleNavLink to="/team/audit" label={t`Audit log`} />
            </li>
          )}
          <li>
            <ConsoleNavLink to="/team/settings" label={t`Settings`} />
          </li>
          <li>
            <ConsoleNavLink to="/team/account" label={t`Your account`} />
          </li>
        </ul>
      </nav>
      {/* Each console page loads when first opened (app/router.tsx, with its own fallback). */}
      <Outlet context={session} />
    </>
  );
}

/** /team itself: straight to the cases once unlocked. */
export function TeamIndex() {
  return <Navigate to="/team/cases" replace />;
}
