/**
 * /team/settings — the team's settings (admins change them, members read them) and, for every
 * member, their own encrypted settings.
 */
import { Button, Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { errorText } from '../../../../lib/format';
import { useUnlockedSession } from '../../session/use-team-session';
import { MySettingsSection } from './my-settings-section';
import { SupportKitSection } from './support-kit-section';
import { TeamGeneralSection } from './team-general-section';
import { TemplatesSection } from './templates-section';
import { useTeamSettings } from '../../hooks/use-team-settings';
import './settings.css';

export function SettingsPage() {
  useDocumentTitle('Settings');
  const { member } = useUnlockedSession();
  const { state, reload, refresh } = useTeamSettings();
  const isAdmin = member.role === 'admin';

  return (
    <>
      <PageHeading>Settings</PageHeading>
      <nav aria-label="On this page" className="settings-toc">
        <ul className="plain-list settings-toc__list">
          <li>
            <a href="#settings-team">The team</a>
          </li>
          <li>
            <a href="#settings-templates">Message templates</a>
          </li>
          <li>
            <a href="#settings-kit">Support kit</a>
          </li>
          <li>
            <a href="#settings-mine">My settings</a>
          </li>
        </ul>
      </nav>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading the team’s settings…
        </p>
      )}
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, 'The team’s settings could not be loaded.')}
        >
          <Button variant="secondary" onClick={reload}>
            Try again
          </Button>
        </Notice>
      )}
      {state.status === 'ready' && (
        <>
          {!isAdmin && (
            <p className="muted">Only admins can change the team’s settings; you can read them here.</p>
          )}
          <TeamGeneralSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <TemplatesSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <SupportKitSection settings={state.value} editable={isAdmin} onSaved={refresh} />
        </>
      )}
      <MySettingsSection />
    </>
  );
}
