/**
 * "My notifications" (every member): the address the server sends to, which events, how often
 * non-urgent new cases are gathered, and a test mail. The address is the one setting on this
 * page the server can read: it must, to send.
 */
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, Notice, Select, TextField } from '../../../../components/ui';
import type { DigestMinutes, NotificationEvent } from '#contract/enumerations';
import {
  LANGUAGES,
  LANGUAGE_NAMES,
  SOURCE_LANGUAGE,
  shippedLanguage,
  type Language,
} from '#contract/languages';
import { errorText } from '../../../../lib/error-words';
import {
  getMyNotifications,
  putMyNotifications,
  sendMyTestNotification,
  type MyNotifications,
} from '../../api/notifications';
import { useTeamLoad } from '../../hooks/use-team-load';
import {
  emailProblem,
  emailToSave,
  eventsToSave,
  offeredEvents,
  testMailErrorText,
} from '../../model/notification-words';
import { useUnlockedSession } from '../../session/use-team-session';
import { DigestSelect, EventChoices } from './notification-fields';
import { SaveOutcome } from './save-outcome';
import { useSave } from './use-save';

export function MyNotificationsSection() {
  const { t } = useLingui();
  const { member } = useUnlockedSession();
  const { state, reload } = useTeamLoad((signal) => getMyNotifications({ signal }), []);
  return (
    <section aria-labelledby="settings-my-notifications" className="settings-section">
      <h2 id="settings-my-notifications">
        <Trans>My notifications</Trans>
      </h2>
      <p>
        <Trans>
          E-mails that tell you something happened, so you need not sign in to look. A mail names the team and
          the kind of event and links to the console: it never contains a case’s content, title, number or
          kinds, who reported it, or why it is urgent. You are never told about a case you are excluded or
          recused from.
        </Trans>
      </p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Loading your notifications…</Trans>
        </p>
      )}
      {state.status === 'error' && (
        <Notice
          tone="error"
          role="alert"
          title={errorText(state.error, t`Your notification settings could not be loaded.`)}
        >
          <Button variant="secondary" onClick={reload}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      )}
      {state.status === 'ready' && <MyNotificationsForm initial={state.value} role={member.role} />}
    </section>
  );
}

function MyNotificationsForm({ initial, role }: { initial: MyNotifications; role: 'admin' | 'member' }) {
  const { t, i18n } = useLingui();
  const id = useId();
  const offered = offeredEvents(role);
  const [saved, setSaved] = useState<MyNotifications>(initial);
  const [email, setEmail] = useState(initial.email ?? '');
  const [events, setEvents] = useState<NotificationEvent[]>(() =>
    initial.events.filter((e) => offered.includes(e)),
  );
  const [digest, setDigest] = useState<DigestMinutes>(initial.digest_minutes);
  // A member who never saved is offered the language they are reading the console in.
  const [language, setLanguage] = useState<Language>(() =>
    initial.using_team_defaults ? (shippedLanguage(i18n.locale) ?? SOURCE_LANGUAGE) : initial.language,
  );
  const save = useSave();
  const test = useSave();
  const off = !saved.email_available;
  const problem = emailProblem(email);
  const savedEmail = saved.email;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (problem !== null) return save.setError(problem);
    const address = emailToSave(email);
    void save.run(
      async () => {
        const now = await putMyNotifications({
          email: address,
          events: eventsToSave(events, offered),
          digest_minutes: digest,
          language,
        });
        setSaved(now);
        setEmail(now.email ?? '');
        setEvents(now.events.filter((e) => offered.includes(e)));
        setLanguage(now.language);
      },
      address === null ? t`Saved. Without an address, you get no e-mail.` : t`Your notifications were saved.`,
      t`Your notifications could not be saved.`,
    );
  }

  return (
    <>
      {off && (
        <Notice tone="caution" title={t`Notifications are off on this deployment.`}>
          <p>
            <Trans>
              Whoever runs this Confide server has not given it a mail server to send through (the SMTP_URL
              setting), so no e-mail is sent to anyone. Until they do, these settings cannot be changed. Ask
              them if you would like to be told by e-mail.
            </Trans>
          </p>
        </Notice>
      )}
      {!off && saved.using_team_defaults && (
        <p className="muted">
          <Trans>
            You have not chosen yet: the events and interval below are the team’s defaults, and follow them
            until you save your own.
          </Trans>
        </p>
      )}
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={off || save.busy || test.busy} className="settings-fieldset">
          <TextField
            id={`${id}-email`}
            label={t`E-mail address`}
            optional={t`(empty: no e-mail)`}
            hint={t`Unlike your personal details below, this address is not encrypted: the server stores it readable, so that it can send to it.`}
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={email}
            invalid={problem !== null}
            onChange={(e) => setEmail(e.target.value)}
          />
          <EventChoices
            idPrefix={`${id}-events`}
            legend={t`Tell me when`}
            audience="me"
            offered={offered}
            events={events}
            onChange={setEvents}
          />
          <DigestSelect
            id={`${id}-digest`}
            hint={t`Urgent cases are always told at once. Other new cases are gathered into one mail at this interval.`}
            value={digest}
            onChange={setDigest}
          />
          <Select
            id={`${id}-language`}
            label={t`Language of the e-mails`}
            hint={t`The e-mails say only that something happened, and link to the console.`}
            value={language}
            onChange={(e) => setLanguage(shippedLanguage(e.target.value) ?? SOURCE_LANGUAGE)}
          >
            {LANGUAGES.map((each) => (
              <option key={each} value={each} lang={each}>
                {LANGUAGE_NAMES[each]}
              </option>
            ))}
          </Select>
          <Button type="submit">
            {save.busy ? <Trans>Saving…</Trans> : <Trans>Save my notifications</Trans>}
          </Button>
        </fieldset>
        <SaveOutcome save={save} />
      </form>
      <p>
        {savedEmail === null ? (
          <Trans>Save an address to send yourself a test.</Trans>
        ) : (
          <Trans>
            A test goes to the saved address, <span translate="no">{savedEmail}</span>.
          </Trans>
        )}
      </p>
      <Button
        variant="secondary"
        disabled={off || saved.email === null || save.busy || test.busy}
        onClick={() =>
          void test.run(
            () => sendMyTestNotification(),
            savedEmail === null
              ? t`A test e-mail is on its way to your address. If it does not arrive, check your spam folder, and ask an admin to look at the delivery failures.`
              : t`A test e-mail is on its way to ${savedEmail}. If it does not arrive, check your spam folder, and ask an admin to look at the delivery failures.`,
            testMailErrorText,
          )
        }
      >
        {test.busy ? <Trans>Sending…</Trans> : <Trans>Send me a test e-mail</Trans>}
      </Button>
      <SaveOutcome save={test} />
    </>
  );
}
