import { useId, useState, type SubmitEvent } from 'react';

import {
  Button,
  ChoiceGroup,
  ErrorAlert,
  Field,
  FormStatus,
  RadioChoices,
  type RadioOption,
} from '../../../../components/ui';
import { ApiError } from '../../../../lib/api-client';
import { errorText } from '../../../../lib/format';
import { encodedBytes, TEXT_BUDGET_BYTES, textTooLongMessage } from '../../../../lib/text-budget';
import { postItem } from '../../api/cases';
import type { LoadedCase } from '../../hooks/use-case';
import { caseRecipients } from '../../lib/roster-keys';
import { useUnlockedSession } from '../../session/use-team-session';
import './composer.css';

type Kind = 'message' | 'note';

/** Why `text` cannot be sent as it is, or null. */
function problemWith(kind: Kind, text: string): string | null {
  if (text.trim() === '') return kind === 'message' ? 'Write your reply first.' : 'Write your note first.';
  const bytes = encodedBytes(text.trim());
  return bytes > TEXT_BUDGET_BYTES ? textTooLongMessage(bytes, kind) : null;
}

function sendErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    return 'The team changed since this page loaded, or the server’s list of who may see this case differs from the report’s. Reload the page and try again.';
  }
  return errorText(error, 'Sending failed. Please try again.');
}

/**
 * Writes a reply to the reporter or an internal note, encrypted in this browser to the active
 * members minus the case's exclusions (and to the reporter for a reply). Replies are offered
 * only when the keyring trusts the reporter's keys.
 */
export function Composer({ loaded, onSent }: { loaded: LoadedCase; onSent: () => void }) {
  const { detail, opened, team } = loaded;
  const { keyring } = useUnlockedSession();
  const canMessage = opened.canMessageReporter;
  const [kind, setKind] = useState<Kind>(canMessage ? 'message' : 'note');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const kindId = useId();
  const textId = useId();
  const kinds: readonly RadioOption<Kind>[] = [
    { value: 'message', id: `${kindId}-message`, label: 'A reply to the reporter', disabled: !canMessage },
    { value: 'note', id: `${kindId}-note`, label: 'An internal note — never shown to the reporter' },
  ];

  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const problem = problemWith(kind, text);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const item = await keyring.sealItem({
        team: team.id,
        caseId: detail.id,
        kind,
        text,
        recipients: caseRecipients(team.rows, team.roster, opened.excluded.effective),
      });
      await postItem(detail.id, item);
      setText('');
      setSent(
        kind === 'message' ? 'Your reply was encrypted and sent.' : 'Your note was encrypted and saved.',
      );
      onSent();
    } catch (caught) {
      setError(sendErrorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="composer-heading" className="composer">
      <h2 id="composer-heading">Write</h2>
      <form onSubmit={(e) => void handleSubmit(e)} noValidate aria-busy={busy}>
        <ChoiceGroup legend="This is" idPrefix={kindId} nested>
          <RadioChoices name="kind" options={kinds} value={kind} onChange={setKind} />
          {!canMessage && (
            <p className="field__hint">
              Replies to the reporter are disabled for this case: its checks did not pass (see the warnings
              above).
            </p>
          )}
        </ChoiceGroup>
        <Field
          id={textId}
          label={kind === 'message' ? 'Your reply' : 'Your note'}
          hint={
            kind === 'message'
              ? 'The reporter reads this with their receipt. Be kind and specific; do not promise outcomes.'
              : 'Only the members who can see this case read it. It is signed with your key.'
          }
        >
          {(control) => (
            <textarea
              {...control}
              className={kind === 'note' ? 'textarea composer__note' : 'textarea'}
              rows={6}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" disabled={busy}>
          {busy ? 'Encrypting…' : kind === 'message' ? 'Send reply to the reporter' : 'Save internal note'}
        </Button>
        <FormStatus>{sent !== null && <p>{sent}</p>}</FormStatus>
        <ErrorAlert message={error} />
      </form>
    </section>
  );
}
