/**
 * What a case's templates are picked by (issue 14): the language its report was written in, and
 * the team's wording in other languages. The case page provides them once; the composer's template
 * picker and the acknowledgement form read them here rather than through every component between.
 * Without a provider: no report language and no other wording, so the team's default wording or
 * the built-in text in the page's language, as before languages were picked.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';

import type { TemplateTranslations } from '#contract/settings';
import type { LoadState } from '../../../../hooks/use-load';
import type { TeamSettings } from '../../api/settings';

export interface CaseTemplateLanguage {
  /** The report body's `language` (a BCP 47 tag), or null when it names none or was not read. */
  readonly reportLanguage: string | null;
  /** The team's templates in other languages; null while the settings load or cannot be read. */
  readonly translations: TemplateTranslations | null;
}

const CaseTemplateLanguageContext = createContext<CaseTemplateLanguage>({
  reportLanguage: null,
  translations: null,
});

export function CaseTemplateLanguageProvider({
  reportLanguage,
  settings,
  children,
}: {
  reportLanguage: string | null;
  settings: LoadState<TeamSettings>;
  children: ReactNode;
}) {
  const translations = settings.status === 'ready' ? settings.value.template_translations : null;
  const value = useMemo(() => ({ reportLanguage, translations }), [reportLanguage, translations]);
  return <CaseTemplateLanguageContext value={value}>{children}</CaseTemplateLanguageContext>;
}

export function useCaseTemplateLanguage(): CaseTemplateLanguage {
  return useContext(CaseTemplateLanguageContext);
}
