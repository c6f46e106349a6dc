/**
 * The team's wording of each message template, each with "Restore the built-in text". A text
 * equal to the built-in one (in the page's language) is not stored, so improvements to the
 * built-in texts reach the team, and each member reads them in their own language.
 *
 * The team may also write them in the languages reporters write in: a case's template is then
 * taken in its report's language where there is one (model/templates.ts chooseTemplate). A
 * language's template left empty falls back to the default wording; a language with none is
 * removed on save.
 */
import { plural } from '@lingui/core/macro';
import { Trans, useLingui } from '@lingui/react/macro';
import { useId, useState, type SubmitEvent } from 'react';

import { Button, TextArea } from '../../../../components/ui';
import { MAX_LANGUAGE_VARIANTS } from '#contract/language-variants';
import { MAX_TEMPLATE_CHARS, type Templates, type TemplateTranslations } from '#contract/settings';
import { formatCount, formatList } from '../../../../lib/format';
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
import {
  DEFAULT_WORDING,
  tooManyLanguages,
  variantsToStore,
  WordingLanguageSelect,
} from './wording-language';

type Texts = Record<TemplateKind, string>;

function textsFrom(templates: Templates): Texts {
  return Object.fromEntries(TEMPLATE_KINDS.map((k) => [k, templateText(k, templates)])) as Texts;
}

/** A language's templates worth storing: those with some text; null when none has any. */
function variantToStore(texts: Templates): Templates | null {
  const stored: Templates = {};
  for (const kind of TEMPLATE_KINDS) {
    const text = texts[kind];
    if (text !== undefined && text.trim() !== '') stored[kind] = text;
  }
  return Object.keys(stored).length > 0 ? stored : null;
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
  const [variants, setVariants] = useState<TemplateTranslations>(settings.template_translations);
  /** The wording the fields show and edit: the default, or a language's. */
  const [wording, setWording] = useState(DEFAULT_WORDING);
  const isDefault = wording === DEFAULT_WORDING;
  const shown = (kind: TemplateKind): string => (isDefault ? texts[kind] : (variants[wording]?.[kind] ?? ''));
  const edit = (kind: TemplateKind, text: string) =>
    isDefault
      ? setTexts({ ...texts, [kind]: text })
      : setVariants({ ...variants, [wording]: { ...variants[wording], [kind]: text } });
  const save = useSave();
  // Examples in the words the built-in texts use in the page's language, braces added here.
  const checkInExample = `{${t`check-in date`}}`;
  const nextStepsExample = `{${t`next steps`}}`;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const tooLong = TEMPLATE_KINDS.find(
      (k) =>
        texts[k].length > MAX_TEMPLATE_CHARS ||
        Object.values(variants).some((v) => (v[k]?.length ?? 0) > MAX_TEMPLATE_CHARS),
    );
    if (tooLong) {
      const title = TEMPLATE_LABELS[tooLong].title;
      const maxChars = MAX_TEMPLATE_CHARS;
      return save.setError(
        t`“${title}” is longer than ${plural(maxChars, { one: '# character', other: '# characters' })}.`,
      );
    }
    const translations = variantsToStore(variants, variantToStore);
    if (tooManyLanguages(translations)) {
      const maxLanguages = formatCount(MAX_LANGUAGE_VARIANTS);
      return save.setError(t`Write in at most ${maxLanguages} languages besides the default wording.`);
    }
    void save.run(
      async () => {
        const now = await patchTeamSettings({
          templates: templatesToStore(texts),
          template_translations: translations,
        });
        setVariants(now.template_translations);
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
        {/* Outside the fieldset: a member who may not change the templates still reads each language's. */}
        <WordingLanguageSelect
          id={`${id}-wording`}
          value={wording}
          written={Object.keys(variants).filter((l) => variantToStore(variants[l] ?? {}) !== null)}
          hint={t`Members get the templates in the language a report was written in, and the default wording in any other.`}
          onChange={setWording}
        />
        <fieldset disabled={!editable || save.busy} className="settings-fieldset">
          {TEMPLATE_KINDS.map((kind) => {
            const text = shown(kind);
            const builtIn = isDefault && text === BUILT_IN_TEMPLATES[kind];
            const placeholders = unfilledPlaceholders(text);
            const { title, use } = TEMPLATE_LABELS[kind];
            const source = builtIn
              ? t`The built-in text.`
              : !isDefault && text.trim() === ''
                ? t`Empty: the default wording is used.`
                : t`The team’s own text.`;
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
                  lang={isDefault ? undefined : wording}
                  value={text}
                  onChange={(e) => edit(kind, e.target.value)}
                />
                {editable && isDefault && (
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
