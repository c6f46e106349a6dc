/**
 * Which wording of the team's description or templates an admin is editing (issue 14): the
 * default wording, or one of the languages reporters write in (the report form's list), each
 * kept by its primary subtag. The console picks a variant by the page's language (the intake's
 * description) or the report's (templates); any other language gets the default wording.
 */
import { useLingui } from '@lingui/react/macro';
import type { ReactNode } from 'react';

import { Select } from '../../../../components/ui';
import { MAX_LANGUAGE_VARIANTS } from '#contract/language-variants';
import { languageName } from '../../../../lib/format';
import { REPORT_LANGUAGES } from '../../../../lib/report-languages';

/** The select's value for the default wording. */
export const DEFAULT_WORDING = '';

/** The variants worth storing: each as `keep` makes it, or dropped when `keep` finds it empty. */
export function variantsToStore<T>(
  variants: Readonly<Record<string, T>>,
  keep: (variant: T) => T | null,
): Record<string, T> {
  const stored: Record<string, T> = {};
  for (const [language, variant] of Object.entries(variants)) {
    const kept = keep(variant);
    if (kept !== null) stored[language] = kept;
  }
  return stored;
}

/** Whether `variants` are more languages than a team may write in. */
export function tooManyLanguages(variants: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(variants).length > MAX_LANGUAGE_VARIANTS;
}

export function WordingLanguageSelect({
  id,
  value,
  written,
  hint,
  onChange,
}: {
  id: string;
  /** A primary subtag, or DEFAULT_WORDING. */
  value: string;
  /** The languages the team wrote this wording in (unsaved edits included). */
  written: readonly string[];
  hint: ReactNode;
  onChange: (language: string) => void;
}) {
  const { t } = useLingui();
  // A language saved that the list does not offer (written through the API) stays editable.
  const languages = [...REPORT_LANGUAGES, ...written.filter((l) => !REPORT_LANGUAGES.includes(l))];
  return (
    <Select
      id={id}
      label={t`Language of the wording`}
      hint={hint}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value={DEFAULT_WORDING}>{t`Default wording`}</option>
      {languages.map((language) => {
        const name = languageName(language);
        return (
          <option key={language} value={language}>
            {written.includes(language) ? t`${name} (written)` : name}
          </option>
        );
      })}
    </Select>
  );
}
