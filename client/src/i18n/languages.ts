/**
 * The page's language: which one it starts in, and switching to another. The server sends the
 * page already marked with the reader's language (`<html lang dir>`, server/plugins/localized-page.ts:
 * `?lang=` first, then Accept-Language, else English); this loads its compiled catalog before the
 * first render, so nothing is shown in one language and then another.
 *
 * Every string a person reads goes through Lingui: in components `<Trans>` and `useLingui()`'s `t`
 * (`@lingui/react/macro`), which follow a switch; in other modules `msg` descriptors, translated
 * with `i18n._()` where they are shown, never `t` at a module's top level (it would be translated
 * once, in the language the page started in).
 */
import { i18n, type Messages } from '@lingui/core';
import { SOURCE_LANGUAGE, pageLanguage, textDirection, type PageLanguage } from '#contract/languages';

/** One chunk a language, downloaded only by those who read it. */
const CATALOGS: Readonly<Record<PageLanguage, () => Promise<{ messages: Messages }>>> = {
  en: () => import('../locales/en.po'),
  es: () => import('../locales/es.po'),
  fr: () => import('../locales/fr.po'),
  ar: () => import('../locales/ar.po'),
  pseudo: () => import('../locales/pseudo.po'),
};

/** The language the page was sent in (or the address asks for), English when neither says. */
export function startingLanguage(): PageLanguage {
  return (
    pageLanguage(new URLSearchParams(window.location.search).get('lang')) ??
    pageLanguage(document.documentElement.lang) ??
    SOURCE_LANGUAGE
  );
}

/**
 * Loads a language's catalog and makes it the page's: its messages, `lang` and direction (the
 * layout mirrors through logical CSS properties). When a catalog cannot be downloaded, English;
 * a page that cannot load either fails like any chunk that does not arrive.
 */
export async function activateLanguage(language: PageLanguage): Promise<PageLanguage> {
  let active = language;
  let messages: Messages;
  try {
    ({ messages } = await CATALOGS[language]());
  } catch (error) {
    if (language === SOURCE_LANGUAGE) throw error;
    active = SOURCE_LANGUAGE;
    ({ messages } = await CATALOGS[SOURCE_LANGUAGE]());
  }
  i18n.loadAndActivate({ locale: active, messages });
  document.documentElement.lang = active;
  document.documentElement.dir = textDirection(active);
  return active;
}
