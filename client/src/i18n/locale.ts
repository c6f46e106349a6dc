/**
 * The locale dates and numbers are written in: the page's language (i18n/languages.ts sets it).
 * Intl does not know the pseudo-locale: it gets Russian, whose dates have no Latin letters, so that
 * the pseudo-locale test also finds a date formatted anywhere but lib/format.ts. No DOM here:
 * lib/format.ts, which uses it, also runs in the unit tests under Node.
 */
import { i18n } from '@lingui/core';
import { PSEUDO_LANGUAGE, SOURCE_LANGUAGE, pageLanguage } from '#contract/languages';

export function pageLocale(): string {
  const language = pageLanguage(i18n.locale);
  if (language === PSEUDO_LANGUAGE) return 'ru';
  return language ?? SOURCE_LANGUAGE;
}
