/**
 * Picking a team's wording in a language (issue 14): a team writes its description and its
 * templates in a default wording and, if it likes, in other languages, each keyed by the
 * language's primary subtag (contract/language-variants.ts). A reader's or a report's language is
 * a whole BCP 47 tag (`pt-BR`, `es-419`, `zh-Hant-TW`); its variant is the one of its primary
 * subtag, whatever its region or script.
 */

/** The primary language subtag of a BCP 47 tag, lower case (`pt-BR` → `pt`), or null when it has none. */
export function primarySubtag(tag: string | null | undefined): string | null {
  if (typeof tag !== 'string') return null;
  return /^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$/.exec(tag.trim())?.[1]?.toLowerCase() ?? null;
}

/**
 * The variant for `tag`'s language, or null: no tag, a tag that is not a language's (`pseudo`,
 * `x-klingon`), or no variant in that language. Only the record's own keys count, so a tag can
 * never reach `Object.prototype`.
 */
export function variantFor<T>(
  tag: string | null | undefined,
  variants: Readonly<Record<string, T>> | null | undefined,
): T | null {
  const key = primarySubtag(tag);
  if (key === null || variants == null || !Object.hasOwn(variants, key)) return null;
  return variants[key] ?? null;
}
