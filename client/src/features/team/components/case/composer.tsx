import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useMemo, useState, type SubmitEvent } from 'react';

import {
  Button,
  ButtonRow,
  ChoiceGroup,
  ErrorAlert,
  Field,
  FormStatus,
  RadioChoices,
  type RadioOption,
} from '../../../../components/ui';
import type { LoadState } from '../../../../hooks/use-load';
import { ApiError } from '../../../../lib/api-client';
import { errorText } from '../../../../lib/error-words';
import { encodedBytes, TEXT_BUDGET_BYTES, textTooLongMessage } from '../../../../lib/text-budget';
import { postItem } from '../../api/cases';
import type { TeamSettings } from '../../api/settings';
import type { LoadedCase } from '../../hooks/use-case';
import { caseRecipients } from '../../lib/roster-keys';
import { asksHowToAppeal, fillHowToAppeal } from '../../model/appeals';
import { fillTemplate, unfilledPlaceholders, type TemplateKind } from '../../model/templates';
import { checkWording } from '../../model/wording-check';
import { useUnlockedSession } from '../../session/use-team-session';
import { useMySettings } from '../settings/use-my-settings';
import { AppealReferenceMaker } from './composer-appeal';
import { ComposerAttachmentField, useComposerAttachments } from './composer-attachments';
import { PlaceholderHint, placeholderList, SendAnywayNotice, WordingFlags } from './composer-checks';
import { TemplatePicker } from './composer-templates';
import './composer.css';

/** What the member writes: a reply in the reporter's thread, a message in the target's, or a note. */
type Kind = 'reporter' | 'target' | 'note';

interface KindWords {
  readonly label: string;
  readonly hint: string;
  readonly empty: string;
  readonly submit: string;
  readonly sent: string;
}

/**
 * The words of each kind of writing: the field, its hint, the button and the confirmation, in the
 * page's language.
 */
function kindWords(kind: Kind): KindWords {
  switch (kind) {
    case 'reporter':
      return {
        label: i18n._(msg`Your reply`),
        hint: i18n._(
          msg`The reporter reads this with their receipt. Be kind and specific; do not promise outcomes or dates.`,
        ),
        empty: i18n._(msg`Write your reply first.`),
        submit: i18n._(msg`Send reply to the reporter`),
        sent: i18n._(msg`Your reply was encrypted and sent.`),
      };
    case 'target':
      return {
        label: i18n._(msg`Your message to the target`),
        hint: i18n._(
          msg`The target reads this with their own receipt, and sees only their thread with the team: not the report, not the reporter’s messages. Share only what they need; never who reported, unless the reporter agreed.`,
        ),
        empty: i18n._(msg`Write your message first.`),
        submit: i18n._(msg`Send message to the target`),
        sent: i18n._(msg`Your message to the target was encrypted and sent.`),
      };
    case 'note':
      return {
        label: i18n._(msg`Your note`),
        hint: i18n._(msg`Only the members who can see this case read it. It is signed with your key.`),
        empty: i18n._(msg`Write your note first.`),
        submit: i18n._(msg`Save internal note`),
        sent: i18n._(msg`Your note was encrypted and saved.`),
      };
  }
}

/** Why `text` cannot be sent as it is, in the page's language, or null. */
function problemWith(kind: Kind, text: string): string | null {
  if (text.trim() === '') return kindWords(kind).empty;
  const bytes = encodedBytes(text.trim());
  if (bytes > TEXT_BUDGET_BYTES) return textTooLongMessage(bytes, kind === 'note' ? 'note' : 'message');
  const unfilled = unfilledPlaceholders(text);
  if (unfilled.length > 0) {
    const count = unfilled.length;
    const placeholders = placeholderList(unfilled);
    return i18n._(
      msg`${plural(count, {
        one: `Fill in ${placeholders} before sending, or remove it.`,
        other: `Fill in ${placeholders} before sending, or remove them.`,
      })}`,
    );
  }
  return null;
}

function sendErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    return i18n._(
      msg`The team changed since this page loaded, or the server’s list of who may see this case differs from the report’s. Reload the page and try again.`,
    );
  }
  return errorText(error, i18n._(msg`Sending failed. Please try again.`));
}

/**
 * Writes a reply to the reporter, a message to the target (once a member invited them in), or an
 * internal note, encrypted in this browser to the active members minus the case's exclusions and
 * recusals (and to the reporter or the target for a message). Replies are offered only when the
 * keyring trusts the reporter's keys, messages to the target only when it trusts the target's.
 *
 * Before sending, placeholders left from a template block, and the wording check (for anything
 * the reporter or the target reads) lists what the training module warns against; the member may
 * still send with "Send anyway".
 */
export function Composer({
  loaded,
  settings,
  onSent,
}: {
  loaded: LoadedCase;
  settings: LoadState<TeamSettings>;
  onSent: () => void;
}) {
  const { t } = useLingui();
  const { detail, opened, team } = loaded;
  const { keyring } = useUnlockedSession();
  const canMessage = opened.canMessageReporter;
  const canMessageTarget = opened.canMessageTarget;
  const [kind, setKind] = useState<Kind>(canMessage ? 'reporter' : 'note');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  /** The member tried to send a reply with flags: they are asked to edit or send anyway. */
  const [confirming, setConfirming] = useState(false);
  /** The member put the notice to the reported user in the text: offer an appeal reference. */
  const [writingNotice, setWritingNotice] = useState(false);
  /** The appeal reference made on this page; the server shows it only once. */
  const [appealReference, setAppealReference] = useState<string | null>(null);
  // The team's own wording; the built-ins while the settings load or if they cannot be read.
  const templates = settings.status === 'ready' ? settings.value.templates : null;
  const mySettings = useMySettings(keyring);
  const attachments = useComposerAttachments();
  const kindId = useId();
  const textId = useId();
  const flagsId = useId();
  const kinds: readonly RadioOption<Kind>[] = [
    { value: 'reporter', id: `${kindId}-message`, label: t`A reply to the reporter`, disabled: !canMessage },
    // Only to a target whose receipt a member of the verified roster signed (the keyring's check).
    ...(canMessageTarget
      ? [{ value: 'target' as const, id: `${kindId}-target`, label: t`A message to the target` }]
      : []),
    {
      value: 'note',
      id: `${kindId}-note`,
      label:
        opened.target === null
          ? t`An internal note — never shown to the reporter`
          : t`An internal note — never shown to the reporter or the target`,
    },
  ];
  const words = kindWords(kind);
  const isMessage = kind !== 'note';

  const unfilled = useMemo(() => unfilledPlaceholders(text), [text]);
  // Notes stay in the team: the check is about what the reporter or the target reads.
  const flags = useMemo(
    () => (kind !== 'note' ? checkWording(text, mySettings.personalDetails) : []),
    [kind, text, mySettings.personalDetails],
  );

  function edit(next: string) {
    setText(next);
    setConfirming(false);
  }

  /** A template into the text, the team's name filled in (as acknowledging does): only what the member alone knows is left. */
  function applyTemplate(template: string, templateKind: TemplateKind) {
    if (templateKind === 'notice_to_reported_user') setWritingNotice(true);
    const filled = fillTemplate(template, { 'team name': team.name });
    edit(text.trim() === '' ? filled : `${text.trimEnd()}\n\n${filled}`);
  }

  async function send(overrideFlags: boolean) {
    if (busy) return;
    const problem =
      problemWith(kind, text) ??
      (attachments.busy ? t`Wait until the files are encrypted and uploaded.` : null) ??
      attachments.unconfirmed ??
      (attachments.refused ? t`Remove the files that cannot be sent first.` : null);
    if (problem !== null) {
      setError(problem);
      return;
    }
    if (flags.length > 0 && !overrideFlags) {
      setError(null);
      setConfirming(true);
      return;
    }
    setBusy(true);
    setError(null);
    setSent(null);
    setConfirming(false);
    try {
      // R-3 and recusal: nothing goes to an excluded member, nor to one who stepped back.
      const item = await keyring.sealItem({
        team: team.id,
        caseId: detail.id,
        ...(kind === 'note' ? { kind } : { kind: 'message', to: kind }),
        text,
        attachments: attachments.ready,
        recipients: caseRecipients(team.rows, team.roster, [...opened.excluded.effective, ...detail.recused]),
      });
      await postItem(detail.id, item);
      setText('');
      attachments.clear();
      setSent(words.sent);
      onSent();
    } catch (caught) {
      setError(sendErrorText(caught));
    } finally {
      setBusy(false);
    }
  }

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(false);
  }

  return (
    <section aria-labelledby="composer-heading" className="composer">
      <h2 id="composer-heading">
        <Trans>Write</Trans>
      </h2>
      <form onSubmit={handleSubmit} noValidate aria-busy={busy}>
        <ChoiceGroup legend={t`This is`} idPrefix={kindId} nested>
          <RadioChoices
            name="kind"
            options={kinds}
            value={kind}
            onChange={(k) => {
              setKind(k);
              setConfirming(false);
            }}
          />
          {!canMessage && (
            <p className="field__hint">
              <Trans>
                Replies to the reporter are disabled for this case: its checks did not pass (see the warnings
                above).
              </Trans>
            </p>
          )}
        </ChoiceGroup>
        <TemplatePicker templates={templates} disabled={busy} onUse={applyTemplate} />
        {detail.status === 'closed' &&
          (writingNotice || asksHowToAppeal(text) || appealReference !== null) && (
            <AppealReferenceMaker
              caseId={detail.id}
              reference={appealReference}
              disabled={busy}
              onMade={(reference) => {
                setAppealReference(reference);
                // From the text as it is now: the member may have typed while the server answered.
                setText((now) => fillHowToAppeal(now, window.location.origin, reference));
                setConfirming(false);
              }}
            />
          )}
        <Field
          id={textId}
          label={words.label}
          describedBy={flags.length > 0 ? flagsId : undefined}
          hint={words.hint}
        >
          {(control) => (
            <textarea
              {...control}
              className={kind === 'note' ? 'textarea composer__note' : 'textarea'}
              rows={8}
              value={text}
              onChange={(e) => edit(e.target.value)}
            />
          )}
        </Field>
        <PlaceholderHint names={unfilled} />
        <WordingFlags flags={flags} id={flagsId} />
        {isMessage && mySettings.state.status === 'error' && (
          <p className="field__hint">
            {kind === 'target' ? (
              <Trans>
                Your own settings could not be opened, so your personal details are not checked in this
                message.
              </Trans>
            ) : (
              <Trans>
                Your own settings could not be opened, so your personal details are not checked in this reply.
              </Trans>
            )}
          </p>
        )}
        <ComposerAttachmentField attachments={attachments} disabled={busy} />
        {confirming && flags.length > 0 ? (
          <SendAnywayNotice count={flags.length}>
            <ButtonRow>
              <Button variant="secondary" onClick={() => document.getElementById(textId)?.focus()}>
                <Trans>Change the text</Trans>
              </Button>
              <Button disabled={busy} onClick={() => void send(true)}>
                {busy ? <Trans>Encrypting…</Trans> : <Trans>Send anyway</Trans>}
              </Button>
            </ButtonRow>
          </SendAnywayNotice>
        ) : (
          <Button type="submit" disabled={busy || attachments.busy}>
            {busy ? (
              <Trans>Encrypting…</Trans>
            ) : attachments.busy ? (
              <Trans>Uploading files…</Trans>
            ) : (
              words.submit
            )}
          </Button>
        )}
        <FormStatus>{sent !== null && <p>{sent}</p>}</FormStatus>
        <ErrorAlert message={error} />
      </form>
    </section>
  );
}
