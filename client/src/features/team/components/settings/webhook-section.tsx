/**
 * The team's webhook (admins): where announcements go, which events, the secret that signs them,
 * a new secret on request, and a test. Announcements carry no case content.
 */
import { Trans, useLingui } from '@lingui/react/macro';
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
  const { t } = useLingui();
  const { state, reload } = useTeamLoad((signal) => getTeamWebhook({ signal }), []);
  // Names in the JSON body and the headers, as the receiver's code reads them: never translated.
  const textField = 'text';
  const signatureHeader = 'X-Confide-Signature';
  const signaturePrefix = 'sha256=';
  const timestampHeader = 'X-Confide-Timestamp';
  return (
    <section aria-labelledby="settings-webhook" className="settings-section">
      <h2 id="settings-webhook">
        <Trans>Team webhook</Trans>
      </h2>
      <p>
        <Trans>
          Announces events in a chat room the team shares. For each event chosen below, the server sends a
          POST to the address with a JSON body whose <code translate="no">{textField}</code> names the team
          and the kind of event and links to the console, which Matrix, Mattermost and Slack bridges post as
          it is. It never contains a case’s content, title, number or kinds, who reported it, or why it is
          urgent.
        </Trans>
      </p>
      <p>
        <Trans>
          Only cases that nobody is excluded or recused from are announced here: the room may include the very
          people a reporter asked to keep out. Each request is signed, so the receiver can check that it came
          from this server: the header <code translate="no">{signatureHeader}</code> is{' '}
          <code translate="no">{signaturePrefix}</code> and the hex HMAC-SHA256, keyed with the secret below
          (its 64 characters as text), of the <code translate="no">{timestampHeader}</code> header, a dot and
          the body.
        </Trans>
      </p>
      {state.status === 'loading' && (
        <p className="muted" role="status">
          <Trans>Loading the webhook…</Trans>
        </p>
      )}
      {state.status === 'error' && (
        <Notice tone="error" role="alert" title={errorText(state.error, t`The webhook could not be loaded.`)}>
          <Button variant="secondary" onClick={reload}>
            <Trans>Try again</Trans>
          </Button>
        </Notice>
      )}
      {state.status === 'ready' && <WebhookForm initial={state.value} />}
    </section>
  );
}

function WebhookForm({ initial }: { initial: TeamWebhook }) {
  const { t } = useLingui();
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
        ? t`The webhook was turned off.`
        : hadSecret
          ? t`The webhook was saved.`
          : t`The webhook was saved, with a new secret: give it to the receiver.`,
      t`The webhook could not be saved.`,
    );
  }

  function makeNewSecret() {
    setConfirmingNewSecret(false);
    void secretSave.run(
      async () => {
        setSaved(await putTeamWebhook({ url: saved.url, events: saved.events, rotate_secret: true }));
      },
      t`A new secret was made, and requests are now signed with it: give it to the receiver.`,
      t`No new secret could be made.`,
    );
  }

  const busy = save.busy || secretSave.busy || test.busy;
  return (
    <>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={busy} className="settings-fieldset">
          <TextField
            id={`${id}-url`}
            label={t({ message: 'Address', context: 'web address of the webhook' })}
            optional={t`(empty: no webhook)`}
            hint={t`An https address on the internet, such as the one your chat bridge gives. Addresses inside the server’s own network are refused. The server follows no redirects and waits only a few seconds for an answer.`}
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
            legend={t`Events to announce`}
            audience="webhook"
            offered={NOTIFICATION_EVENTS}
            events={events}
            onChange={setEvents}
          />
          <Button type="submit">
            {save.busy ? <Trans>Saving…</Trans> : <Trans>Save the webhook</Trans>}
          </Button>
        </fieldset>
        <SaveOutcome save={save} />
      </form>

      {saved.url !== null && (
        <div className="settings-webhook__extra">
          <h3>
            <Trans>Signing secret</Trans>
          </h3>
          {saved.secret === null ? (
            <p className="muted">
              <Trans>The server did not send the secret.</Trans>
            </p>
          ) : (
            <>
              <p>
                <Trans>
                  Give it to the receiver so it can check each request. Keep it private: anyone who holds it
                  can send messages that look as if they came from this server.
                </Trans>
              </p>
              <p className="settings-secret">
                <code translate="no" className="break">
                  {saved.secret}
                </code>
              </p>
            </>
          )}
          <ButtonRow>
            {saved.secret !== null && <CopyButton text={saved.secret} label={t`Copy the secret`} />}
            <Button
              variant="secondary"
              size="small"
              disabled={busy}
              onClick={() => setConfirmingNewSecret(true)}
            >
              <Trans>Make a new secret</Trans>
            </Button>
          </ButtonRow>
          <SaveOutcome save={secretSave} />

          <h3>
            <Trans>Test</Trans>
          </h3>
          <p>
            <Trans>
              Sends one announcement of the kind “test” to the saved address. If it cannot be delivered, it is
              tried again and listed under “Delivery failures” with the receiver’s answer.
            </Trans>
          </p>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() =>
              void test.run(
                () => sendWebhookTest(),
                t`A test is on its way to the saved address.`,
                t`The test could not be sent.`,
              )
            }
          >
            {test.busy ? <Trans>Sending…</Trans> : <Trans>Send a test</Trans>}
          </Button>
          <SaveOutcome save={test} />
        </div>
      )}

      <ConfirmDialog
        open={confirmingNewSecret}
        title={t`Make a new secret?`}
        confirmLabel={t`Make a new secret`}
        busy={secretSave.busy}
        onConfirm={makeNewSecret}
        onCancel={() => setConfirmingNewSecret(false)}
      >
        <p>
          <Trans>
            The old secret stops working at once: until the receiver is given the new one, it will refuse the
            team’s announcements if it checks them.
          </Trans>
        </p>
      </ConfirmDialog>
    </>
  );
}
