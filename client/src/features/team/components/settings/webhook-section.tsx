/**
 * The team's webhook (admins): where announcements go, which events, the secret that signs them,
 * a new secret on request, and a test. Announcements carry no case content.
 */
import { useId, useState, type SubmitEvent } from 'react';

import { Button, ButtonRow, ConfirmDialog, Notice, TextField } from '../../../../components/ui';
import { CopyButton } from '../../../../components/copy-button';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '#contract/enumerations';
import { errorText } from '../../../../lib/error-words';
import { getTeamWebhook, putTeamWebhook, sendWebhookTest, type TeamWebhook } from '../../api/notifications';
import { useTeamLoad } from '../../hooks/use-team-load';
import { webhookUrlProblem, webhookUrlToSave } from '../../model/notification-words';
import { EventChoices } from './notification-fields';
import { SaveOutcome } from './save-outcome';
import { useSave } from './use-save';

export function WebhookSection() {
  const { state, reload } = useTeamLoad((signal) => getTeamWebhook({ signal }), []);
  return (
    <section aria-labelledby="settings-webhook" className="settings-section">
      <h2 id="settings-webhook">Team webhook</h2>
      <p>
        Announces events in a chat room the team shares. For each event chosen below, the server sends a POST
        to the address with a JSON body whose <code>text</code> names the team and the kind of event and links
        to the console, which Matrix, Mattermost and Slack bridges post as it is. It never contains a case’s
        content, title, number or kinds, who reported it, or why it is urgent.
      </p>
      <p>
        Only cases that nobody is excluded or recused from are announced here: the room may include the very
        people a reporter asked to keep out. Each request is signed, so the receiver can check that it came
        from this server: the header <code>X-Confide-Signature</code> is <code>sha256=</code> and the hex
        HMAC-SHA256, keyed with the secret below (its 64 characters as text), of the{' '}
        <code>X-Confide-Timestamp</code> header, a dot and the body.
      </p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          Loading the webhook…
        </p>
      )}
      {state.status === 'error' && (
        <Notice tone="error" role="alert" title={errorText(state.error, 'The webhook could not be loaded.')}>
          <Button variant="secondary" onClick={reload}>
            Try again
          </Button>
        </Notice>
      )}
      {state.status === 'ready' && <WebhookForm initial={state.value} />}
    </section>
  );
}

function WebhookForm({ initial }: { initial: TeamWebhook }) {
  const id = useId();
  const [saved, setSaved] = useState<TeamWebhook>(initial);
  const [url, setUrl] = useState(initial.url ?? '');
  const [events, setEvents] = useState<NotificationEvent[]>(() => [...initial.events]);
  const [confirmingNewSecret, setConfirmingNewSecret] = useState(false);
  const save = useSave();
  const secretSave = useSave();
  const test = useSave();
  const urlProblem = webhookUrlProblem(url);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (urlProblem !== null) return save.setError(urlProblem);
    const address = webhookUrlToSave(url);
    const hadSecret = saved.secret !== null;
    void save.run(
      async () => {
        const now = await putTeamWebhook({ url: address, events });
        setSaved(now);
        setUrl(now.url ?? '');
      },
      address === null
        ? 'The webhook was turned off.'
        : hadSecret
          ? 'The webhook was saved.'
          : 'The webhook was saved, with a new secret: give it to the receiver.',
      'The webhook could not be saved.',
    );
  }

  function makeNewSecret() {
    setConfirmingNewSecret(false);
    void secretSave.run(
      async () => {
        setSaved(await putTeamWebhook({ url: saved.url, events: saved.events, rotate_secret: true }));
      },
      'A new secret was made, and requests are now signed with it: give it to the receiver.',
      'No new secret could be made.',
    );
  }

  const busy = save.busy || secretSave.busy || test.busy;
  return (
    <>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={busy} className="settings-fieldset">
          <TextField
            id={`${id}-url`}
            label="Address"
            optional="(empty: no webhook)"
            hint="An https address on the internet, such as the one your chat bridge gives. Addresses inside the server’s own network are refused. The server follows no redirects and waits only a few seconds for an answer."
            type="url"
            width="wide"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={url}
            invalid={urlProblem !== null}
            onChange={(e) => setUrl(e.target.value)}
          />
          <EventChoices
            idPrefix={`${id}-events`}
            legend="Events to announce"
            audience="webhook"
            offered={NOTIFICATION_EVENTS}
            events={events}
            onChange={setEvents}
          />
          <Button type="submit">{save.busy ? 'Saving…' : 'Save the webhook'}</Button>
        </fieldset>
        <SaveOutcome save={save} />
      </form>

      {saved.url !== null && (
        <div className="settings-webhook__extra">
          <h3>Signing secret</h3>
          {saved.secret === null ? (
            <p className="muted">The server did not send the secret.</p>
          ) : (
            <>
              <p>
                Give it to the receiver so it can check each request. Keep it private: anyone who holds it can
                send messages that look as if they came from this server.
              </p>
              <p className="settings-secret">
                <code translate="no" className="break">
                  {saved.secret}
                </code>
              </p>
            </>
          )}
          <ButtonRow>
            {saved.secret !== null && <CopyButton text={saved.secret} label="Copy the secret" />}
            <Button
              variant="secondary"
              size="small"
              disabled={busy}
              onClick={() => setConfirmingNewSecret(true)}
            >
              Make a new secret
            </Button>
          </ButtonRow>
          <SaveOutcome save={secretSave} />

          <h3>Test</h3>
          <p>
            Sends one announcement of the kind “test” to the saved address. If it cannot be delivered, it is
            tried again and listed under “Delivery failures” with the receiver’s answer.
          </p>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              void test.run(
                () => sendWebhookTest(),
                'A test is on its way to the saved address.',
                'The test could not be sent.',
              )
            }
          >
            {test.busy ? 'Sending…' : 'Send a test'}
          </Button>
          <SaveOutcome save={test} />
        </div>
      )}

      <ConfirmDialog
        open={confirmingNewSecret}
        title="Make a new secret?"
        confirmLabel="Make a new secret"
        busy={secretSave.busy}
        onConfirm={makeNewSecret}
        onCancel={() => setConfirmingNewSecret(false)}
      >
        <p>
          The old secret stops working at once: until the receiver is given the new one, it will refuse the
          team’s announcements if it checks them.
        </p>
      </ConfirmDialog>
    </>
  );
}
