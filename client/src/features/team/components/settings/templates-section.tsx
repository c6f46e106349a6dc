/**
 * The team's wording of each message template, each with "Restore the built-in text". A text
 * equal to the built-in one is not stored, so improvements to the built-in texts reach the team.
 */
import { useId, useState, type SubmitEvent } from 'react';

import { Button, TextArea } from '../../../../components/ui';
import { MAX_TEMPLATE_CHARS, type Templates } from '#contract/settings';
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
  const id = useId();
  const [texts, setTexts] = useState<Texts>(() => textsFrom(settings.templates));
  const save = useSave();

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const tooLong = TEMPLATE_KINDS.find((k) => texts[k].length > MAX_TEMPLATE_CHARS);
    if (tooLong) {
      return save.setError(
        `“${TEMPLATE_LABELS[tooLong].title}” is longer than ${MAX_TEMPLATE_CHARS} characters.`,
      );
    }
    void save.run(
      async () => {
        await patchTeamSettings({ templates: templatesToStore(texts) });
        onSaved();
      },
      'The templates were saved.',
      'The templates could not be saved.',
    );
  }

  return (
    <section aria-labelledby="settings-templates" className="settings-section">
      <h2 id="settings-templates">Message templates</h2>
      <p>
        Members start a message from these. Write what only the member can know as a placeholder in curly
        braces, such as <code>{'{check-in date}'}</code> or <code>{'{next steps}'}</code>: nothing is sent
        while one is left. Templates hold no case data, and the server stores them as they are.
      </p>
      <form onSubmit={handleSubmit} noValidate aria-busy={save.busy}>
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          {TEMPLATE_KINDS.map((kind) => {
            const builtIn = texts[kind] === BUILT_IN_TEMPLATES[kind];
            const placeholders = unfilledPlaceholders(texts[kind]);
            return (
              <div key={kind} className="settings-template">
                <TextArea
                  id={`${id}-${kind}`}
                  label={TEMPLATE_LABELS[kind].title}
                  hint={`${TEMPLATE_LABELS[kind].use} ${builtIn ? 'The built-in text.' : 'The team’s own text.'}${
                    placeholders.length > 0
                      ? ` Placeholders: ${placeholders.map((p) => `{${p}}`).join(', ')}.`
                      : ''
                  }`}
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
                    Restore the built-in text
                    <span className="visually-hidden"> of {TEMPLATE_LABELS[kind].title}</span>
                  </Button>
                )}
              </div>
            );
          })}
          {editable && <Button type="submit">{save.busy ? 'Saving…' : 'Save the templates'}</Button>}
        </fieldset>
        <SaveOutcome save={save} />
      </form>
    </section>
  );
}
