/**
 * /team/settings — the team's settings (admins change them, members read them), the team's
 * webhook and delivery failures (admins), and, for every member, their own notifications and
 * their own encrypted settings. Each section saves on its own.
 */
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';

import { Button, Notice, PageHeading } from '../../../../components/ui';
import { useDocumentTitle } from '../../../../hooks/use-document-title';
import { errorText } from '../../../../lib/error-words';
import { useUnlockedSession } from '../../session/use-team-session';
import { AppealsSection } from './appeals-section';
import { DeliveryFailuresSection } from './delivery-failures-section';
import { MyNotificationsSection } from './my-notifications-section';
import { MySettingsSection } from './my-settings-section';
import { NotificationDefaultsSection } from './notification-defaults-section';
import { RetentionSection } from './retention-section';
import { SecondFactorSection } from './second-factor-section';
import { SupportKitSection } from './support-kit-section';
import { TeamGeneralSection } from './team-general-section';
import { TemplatesSection } from './templates-section';
import { WebhookSection } from './webhook-section';
import { useTeamSettings } from '../../hooks/use-team-settings';
import './settings.css';

/** The page's sections in order, by heading id; the webhook and delivery failures for admins only. */
const SECTIONS: readonly {
  readonly anchor: string;
  readonly title: MessageDescriptor;
  readonly adminOnly?: true;
}[] = [
  { anchor: 'settings-team', title: msg`The team` },
  { anchor: 'settings-retention', title: msg`Retention` },
  { anchor: 'settings-appeals', title: msg`Appeals` },
  { anchor: 'settings-second-factor', title: msg`Second factor` },
  { anchor: 'settings-templates', title: msg`Message templates` },
  { anchor: 'settings-kit', title: msg`Support kit` },
  { anchor: 'settings-notification-defaults', title: msg`Notification defaults` },
  { anchor: 'settings-webhook', title: msg`Team webhook`, adminOnly: true },
  { anchor: 'settings-failures', title: msg`Delivery failures`, adminOnly: true },
  { anchor: 'settings-my-notifications', title: msg`My notifications` },
  { anchor: 'settings-mine', title: msg`My settings` },
];

export function SettingsPage() {
  const { t } = useLingui();
  useDocumentTitle(t`Settings`);
  const { member } = useUnlockedSession();
  const { state, reload, refresh } = useTeamSettings();
  const isAdmin = member.role === 'admin';

  return (
    <>
      <PageHeading>
        <Trans>Settings</Trans>
      </PageHeading>
      <nav aria-label={t`On this page`} className="settings-toc">
        <ul className="plain-list settings-toc__list">
          {SECTIONS.filter((section) => isAdmin || !section.adminOnly).map(({ anchor, title }) => (
            <li key={anchor}>
              <a href={`#${anchor}`}>{t(title)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Loading the team’s settings…</Trans>
        </p>
      )}
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, t`The team’s settings could not be loaded.`)}
        >
          <Button variant="secondary" onClick={reload}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      )}
      {state.status === 'ready' && (
        <>
          {!isAdmin && (
            <p className="muted">
              <Trans>Only admins can change the team’s settings; you can read them here.</Trans>
            </p>
          )}
          <TeamGeneralSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <RetentionSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <AppealsSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <SecondFactorSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <TemplatesSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <SupportKitSection settings={state.value} editable={isAdmin} onSaved={refresh} />
          <NotificationDefaultsSection settings={state.value} editable={isAdmin} onSaved={refresh} />
        </>
      )}
      {isAdmin && (
        <>
          <WebhookSection />
          <DeliveryFailuresSection />
        </>
      )}
      <MyNotificationsSection />
      <MySettingsSection />
    </>
  );
}
