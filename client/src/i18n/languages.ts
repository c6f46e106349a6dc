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

/** A catalog: one chunk a language, downloaded only by those who read it. */
export type Catalog = Readonly<Record<PageLanguage, () => Promise<{ messages: Messages }>>>;

/** What every page may show (client/src/locales). */
const MAIN_CATALOG: Catalog = {
  en: () => import('../locales/en.po'),
  es: () => import('../locales/es.po'),
  fr: () => import('../locales/fr.po'),
  ar: () => import('../locales/ar.po'),
  pseudo: () => import('../locales/pseudo.po'),
};

/**
 * Catalogs a part of the app added when it was first opened (the team console's:
 * features/team/console-catalog.ts), loaded again in each language switched to afterwards.
 */
const addedCatalogs = new Set<Catalog>();

/** The page's language as last activated: where an added catalog's messages go. */
let activeLanguage: PageLanguage | null = null;

/** The language the page was sent in (or the address asks for), English when neither says. */
export function startingLanguage(): PageLanguage {
  return (
    pageLanguage(new URLSearchParams(window.location.search).get('lang')) ??
    pageLanguage(document.documentElement.lang) ??
    SOURCE_LANGUAGE
  );
}

/** One catalog's messages in `language`, or null when its chunk could not be downloaded. */
async function download(catalog: Catalog, language: PageLanguage): Promise<Messages | null> {
  try {
    return (await catalog[language]()).messages;
  } catch {
    return null;
  }
}

/** The catalogs' messages in `language`, or null when any could not be downloaded. */
async function downloadAll(catalogs: readonly Catalog[], language: PageLanguage): Promise<Messages | null> {
  const parts = await Promise.all(catalogs.map((catalog) => download(catalog, language)));
  if (parts.some((messages) => messages === null)) return null;
  return Object.assign({}, ...parts) as Messages;
}

/**
 * Loads a language's catalogs and makes it the page's: its messages, `lang` and direction (the
 * layout mirrors through logical CSS properties). When a catalog cannot be downloaded, English;
 * a page that cannot load either fails like any chunk that does not arrive.
 */
export async function activateLanguage(language: PageLanguage): Promise<PageLanguage> {
  for (;;) {
    // A catalog added while these download is downloaded too, in another round.
    const catalogs = [MAIN_CATALOG, ...addedCatalogs];
    let active = language;
    let messages = await downloadAll(catalogs, language);
    if (messages === null && language !== SOURCE_LANGUAGE) {
      active = SOURCE_LANGUAGE;
      messages = await downloadAll(catalogs, SOURCE_LANGUAGE);
    }
    if (messages === null) throw new Error(`The ${language} catalogs could not be downloaded.`);
    if (catalogs.length !== addedCatalogs.size + 1) continue;
    i18n.loadAndActivate({ locale: active, messages });
    activeLanguage = active;
    document.documentElement.lang = active;
    document.documentElement.dir = textDirection(active);
    return active;
  }
}

/**
 * Adds a part of the app's catalog to the page, in the page's language (English when that one
 * cannot be downloaded), before the part renders. Resolves at once when it was added before;
 * rejects only when not even English could be downloaded, like a page's own chunk.
 */
export async function addCatalog(catalog: Catalog): Promise<void> {
  for (;;) {
    const language = activeLanguage ?? SOURCE_LANGUAGE;
    if (addedCatalogs.has(catalog) && i18n.locale === language) return;
    const messages =
      (await download(catalog, language)) ??
      (language === SOURCE_LANGUAGE ? null : await download(catalog, SOURCE_LANGUAGE));
    if (messages === null) throw new Error('A catalog could not be downloaded.');
    // A switch to another language while this one downloaded: load that language's instead
    // (the switch itself loaded only the catalogs added before it).
    if ((activeLanguage ?? SOURCE_LANGUAGE) !== language) continue;
    addedCatalogs.add(catalog);
    i18n.load(language, messages);
    return;
  }
}
