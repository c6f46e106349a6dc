/**
 * The languages Confide's pages are written in, once for the server (which picks one from
 * `Accept-Language` for the page it serves) and the client (which loads that language's catalog,
 * client/src/locales/, and lets the reader switch).
 *
 * A tag is matched by its primary language only: `es-MX` and `es-419` read the Spanish pages.
 * Anything else, a malformed tag included, reads English.
 */

/** Every language shipped complete; English is the source the others are translated from. */
export const LANGUAGES = ['en', 'es', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SOURCE_LANGUAGE: Language = 'en';

/**
 * Not offered to readers: every message of the catalogs with its letters changed (Lingui's
 * pseudo-localisation), so that a test can find any visible text that is not in them.
 */
export const PSEUDO_LANGUAGE = 'pseudo';

/** A language the client can show: a shipped one, or the pseudo-locale a test asks for. */
export type PageLanguage = Language | typeof PSEUDO_LANGUAGE;

/** Written right to left: the page's `dir` is `rtl`, and the layout (logical CSS) mirrors. */
const RIGHT_TO_LEFT: ReadonlySet<PageLanguage> = new Set(['ar']);

/** Each language's name in itself, as a reader looks for it in the switcher. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  ar: 'العربية',
};

export function textDirection(language: PageLanguage): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

/** The shipped language a tag names (`fr-CA` → `fr`), or undefined for anything else. */
export function shippedLanguage(tag: string | null | undefined): Language | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(tag.trim())?.[1]?.toLowerCase();
  return LANGUAGES.find((language) => language === primary);
}

/** A shipped language, or the pseudo-locale: what `?lang=` may ask for. */
export function pageLanguage(tag: string | null | undefined): PageLanguage | undefined {
  return tag === PSEUDO_LANGUAGE ? PSEUDO_LANGUAGE : shippedLanguage(tag);
}
