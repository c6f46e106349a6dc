/**
 * The languages the report form offers for "the language you wrote in" (issue 14): the ones
 * Confide's pages are in, then the languages most wikis and free-software communities write in.
 * Anything else is "another language", given as a BCP 47 tag. The report records the tag, so the
 * team knows whom to ask to read it. The team settings offer the same list for the languages a
 * team writes its description and templates in (lib/language-variant.ts), so it lives here, shared.
 */
import { LANGUAGES } from '#contract/languages';

export const REPORT_LANGUAGES: readonly string[] = [
  ...LANGUAGES,
  'de',
  'pt',
  'it',
  'nl',
  'pl',
  'ru',
  'uk',
  'tr',
  'fa',
  'he',
  'hi',
  'bn',
  'ur',
  'id',
  'vi',
  'zh',
  'ja',
  'ko',
  'sv',
  'cs',
  'hu',
  'ro',
  'el',
  'sw',
];

/**
 * The list's entry for a tag: itself when offered, else its language without a region or script
 * when that is (`pt-BR` → `pt`, for a browser's own language), else null: another language.
 */
export function offeredLanguage(tag: string): string | null {
  if (REPORT_LANGUAGES.includes(tag)) return tag;
  const primary = tag.split('-', 1)[0]?.toLowerCase() ?? '';
  return REPORT_LANGUAGES.includes(primary) ? primary : null;
}
