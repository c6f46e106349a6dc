import { Trans, useLingui } from '@lingui/react/macro';
import { useEffect, useId, useState, type SubmitEvent } from 'react';

import { Button, ErrorAlert, Field } from '../../../../../components/ui';
import type { LoadState } from '../../../../../hooks/use-load';
import { formatDate, formatList } from '../../../../../lib/format';
import type { SealedItemOutput } from '../../../../../lib/keyring/keyring';
import { patchCase } from '../../../api/cases';
import type { TeamSettings } from '../../../api/settings';
import type { CaseAction } from '../../../hooks/use-case-action';
import type { ItemToSeal } from '../../../hooks/use-case-sealer';
import { useTemplateLanguage } from '../../../hooks/use-template-language';
import {
  chooseTemplate,
  fillTemplate,
  placeholderAsWritten,
  templateLanguageWords,
  unfilledPlaceholders,
  type TemplateChoice,
} from '../../../model/templates';
import { checkWording, WORDING_FLAG_TITLES } from '../../../model/wording-check';
import { useCaseTemplateLanguage } from '../case-template-language';
import { dayAtNoon, daysFromNow } from './dates';

/** A reasonable first check-in: a week from today. */
const CHECK_IN_DAYS = 7;

/** The template's placeholder this form fills from its own date field when sending. */
const CHECK_IN_PLACEHOLDER = 'check-in date';

/**
 * Acknowledge in one request: the message to the reporter (the team's acknowledgement template,
 * edited), the status and the check-in date are stored together, or none of them.
 */
export function AcknowledgeForm({
  caseId,
  teamName,
  settings,
  action,
  seal,
  canMessage,
  onDone,
}: {
  caseId: string;
  teamName: string;
  settings: LoadState<TeamSettings>;
  action: CaseAction;
  seal: (item: ItemToSeal) => Promise<SealedItemOutput>;
  canMessage: boolean;
  onDone: () => void;
}) {
  const { t } = useLingui();
  const { reportLanguage } = useCaseTemplateLanguage();
  // undefined while the built-in texts in the report's language download.
  const builtIn = useTemplateLanguage(reportLanguage);
  // The team's wording where an admin saved one (in the report's language first); the built-in
  // text if the settings cannot be read (a member can always acknowledge); nothing while they or
  // the built-in text's language load.
  const chosen =
    settings.status === 'loading' || builtIn === undefined
      ? null
      : chooseTemplate('acknowledgement', {
          reportLanguage,
          templates: settings.status === 'ready' ? settings.value.templates : null,
          translations: settings.status === 'ready' ? settings.value.template_translations : null,
          builtIn,
        });
  // The template the member started from: the hint says which language it is in.
  const [startedFrom, setStartedFrom] = useState<TemplateChoice | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [checkIn, setCheckIn] = useState(daysFromNow(CHECK_IN_DAYS));
  const [problem, setProblem] = useState<string | null>(null);
  const textId = useId();
  const dateId = useId();

  // The template arrives with the team's settings; the member edits it from there.
  useEffect(() => {
    if (chosen !== null && text === null) {
      setText(fillTemplate(chosen.text, { 'team name': teamName }));
      setStartedFrom(chosen);
    }
  }, [chosen, text, teamName]);

  const flags = checkWording(text ?? '');

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text === null) return;
    if (checkIn === '') return setProblem(t`Choose the date the reporter can expect the next update.`);
    const message = fillTemplate(text, {
      [CHECK_IN_PLACEHOLDER]: formatDate(dayAtNoon(checkIn), 'long'),
    }).trim();
    if (message === '') return setProblem(t`Write the acknowledgement first.`);
    const unfilled = unfilledPlaceholders(message);
    if (unfilled.length > 0) {
      const placeholders = formatList(unfilled.map((p) => `{${p}}`));
      return setProblem(t`Fill in ${placeholders} before sending.`);
    }
    setProblem(null);
    const updateBy = formatDate(dayAtNoon(checkIn));
    const ok = await action.run(
      async () =>
        patchCase(caseId, {
          status: 'acknowledged',
          check_in_by: dayAtNoon(checkIn),
          item: await seal({ kind: 'message', to: 'reporter', text: message }),
        }),
      t`Acknowledged. The reporter was told to expect an update by ${updateBy}.`,
      t`The acknowledgement could not be sent.`,
    );
    if (ok) onDone();
  }

  if (!canMessage) {
    return (
      <p className="field__hint">
        <Trans>
          This case cannot be acknowledged from here: its checks did not pass, so no message to the reporter
          is sent (see the warnings above).
        </Trans>
      </p>
    );
  }
  if (text === null) {
    return (
      <p className="muted">
        <Trans>Loading the team’s acknowledgement template…</Trans>
      </p>
    );
  }
  // Placeholders are written as the template writes them, in curly braces: given as values, since
  // braces in a message would be read as Lingui's own placeholders.
  const example = '{placeholder}';
  // As the built-in text writes it when that is what the member started from.
  const checkInPlaceholder = placeholderAsWritten(
    CHECK_IN_PLACEHOLDER,
    startedFrom?.source === 'built-in' && builtIn !== null ? builtIn : undefined,
  );
  const inLanguage = startedFrom === null ? null : templateLanguageWords(startedFrom, reportLanguage);
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={action.busy} className="handling-form">
      <Field
        id={textId}
        label={t`Message to the reporter`}
        hint={
          // Whole sentences, one after the other.
          <>
            {t`Sent encrypted; the reporter reads it with their receipt. Replace each ${example}; ${checkInPlaceholder} is filled in from the date below.`}
            {inLanguage !== null && <> {inLanguage}</>}
          </>
        }
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={9}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      {flags.length > 0 && (
        <div className="handling-blockers" role="status">
          <p>
            <Trans>Before you send, read again:</Trans>
          </p>
          <ul>
            {flags.map((f) => {
              const flag = WORDING_FLAG_TITLES[f.kind];
              const match = f.match;
              const reason = f.reason;
              return (
                <li key={`${f.kind}-${f.index}`}>
                  <Trans>
                    {flag}: “<span translate="no">{match}</span>”. {reason}
                  </Trans>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <Field id={dateId} label={t`Check-in date`} hint={t`When the reporter can expect the next update.`}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="date"
            value={checkIn}
            onChange={(e) => setCheckIn(e.target.value)}
          />
        )}
      </Field>
      <ErrorAlert message={problem} />
      <Button type="submit" size="small" disabled={action.busy}>
        {action.busy ? t`Encrypting…` : t`Send and acknowledge`}
      </Button>
    </form>
  );
}
