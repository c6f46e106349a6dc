/**
 * The team's wording of each message template, each with "Restore the built-in text". A text
 * equal to the built-in one (in the page's language) is not stored, so improvements to the
 * built-in texts reach the team, and each member reads them in their own language.
 */
import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, TextArea } from '../../../../components/ui';
import { MAX_TEMPLATE_CHARS, type Templates } from '#contract/settings';
import { formatList } from '../../../../lib/format';
import { patchTeamSettings } from '../../api/settings';
import {
  BUILT_IN_TEMPLATES,
  TEMPLATE_KINDS,
  TEMPLATE_LABELS,
  templateText,
  unfilledPlaceholders,
  type TemplateKind,
} from '../../model/templates';
import { SaveOutcome } from './save-outcome';
import type { TeamSettingsSectionProps } from './team-settings-section';
import { useSave } from './use-save';

type Texts = Record<TemplateKind, string>;

function textsFrom(templates: Templates): Texts {
  return Object.fromEntries(TEMPLATE_KINDS.map((k) => [k, templateText(k, templates)])) as Texts;
}

/** What to store: only the texts that differ from the built-in ones. */
export function templatesToStore(texts: Readonly<Record<TemplateKind, string>>): Templates {
  const stored: Templates = {};
  for (const kind of TEMPLATE_KINDS) {
    const text = texts[kind];
    if (text.trim() !== '' && text !== BUILT_IN_TEMPLATES[kind]) stored[kind] = text;
  }
  return stored;
}

export function TemplatesSection({ settings, editable, onSaved }: TeamSettingsSectionProps) {
  const { t } = useLingui();
  const id = useId();
  const [texts, setTexts] = useState<Texts>(() => textsFrom(settings.templates));
  const save = useSave();
  // Examples in the words the built-in texts use in the page's language, braces added here.
  const checkInExample = `{${t`check-in date`}}`;
  const nextStepsExample = `{${t`next steps`}}`;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const tooLong = TEMPLATE_KINDS.find((k) => texts[k].length > MAX_TEMPLATE_CHARS);
    if (tooLong) {
      const title = TEMPLATE_LABELS[tooLong].title;
      const maxChars = MAX_TEMPLATE_CHARS;
      return save.setError(
        t`“${title}” is longer than ${plural(maxChars, { one: '# character', other: '# characters' })}.`,
      );
    }
    void save.run(
      async () => {
        await patchTeamSettings({ templates: templatesToStore(texts) });
        onSaved();
      },
      t`The templates were saved.`,
      t`The templates could not be saved.`,
    );
  }

  return (
    <section aria-labelledby="settings-templates" className="settings-section">
      <h2 id="settings-templates">
        <Trans>Message templates</Trans>
      </h2>
      <p>
        <Trans>
          Members start a message from these. Write what only the member can know as a placeholder in curly
          braces, such as <code>{checkInExample}</code> or <code>{nextStepsExample}</code>: nothing is sent
          while one is left. Templates hold no case data, and the server stores them as they are.
        </Trans>
      </p>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          {TEMPLATE_KINDS.map((kind) => {
            const builtIn = texts[kind] === BUILT_IN_TEMPLATES[kind];
            const placeholders = unfilledPlaceholders(texts[kind]);
            const { title, use } = TEMPLATE_LABELS[kind];
            const source = builtIn ? t`The built-in text.` : t`The team’s own text.`;
            const list = formatList(placeholders.map((p) => `{${p}}`));
            return (
              <div key={kind} className="settings-template">
                <TextArea
                  id={`${id}-${kind}`}
                  label={title}
                  hint={
                    // Whole sentences, one after the other.
                    <>
                      {use} {source}
                      {placeholders.length > 0 && <> {t`Placeholders: ${list}.`}</>}
                    </>
                  }
                  rows={10}
                  value={texts[kind]}
                  onChange={(e) => setTexts({ ...texts, [kind]: e.target.value })}
                />
                {editable && (
                  <Button
                    variant="quiet"
                    size="small"
                    disabled={builtIn}
                    onClick={() => setTexts({ ...texts, [kind]: BUILT_IN_TEMPLATES[kind] })}
                  >
                    <Trans>
                      Restore the built-in text<span className="visually-hidden"> of {title}</span>
                    </Trans>
                  </Button>
                )}
              </div>
            );
          })}
          {editable && (
            <Button type="submit">
              {save.busy ? <Trans>Saving…</Trans> : <Trans>Save the templates</Trans>}
            </Button>
          )}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
    </section>
  );
}
