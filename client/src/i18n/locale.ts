/**
 * The locale dates and numbers are written in: the page's language (i18n/languages.ts sets it),
 * English for the pseudo-locale, which Intl does not know. No DOM here: lib/format.ts, which uses
 * it, also runs in the unit tests under Node.
 */
import { i18n } from '@lingui/core';
import { PSEUDO_LANGUAGE, SOURCE_LANGUAGE, pageLanguage } from '#contract/languages';

export function pageLocale(): string {
  const language = pageLanguage(i18n.locale);
  return language === undefined || language === PSEUDO_LANGUAGE ? SOURCE_LANGUAGE : language;
}
