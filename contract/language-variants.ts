/**
 * A team's wording in other languages than its default (issue 14): a description, or a set of
 * message templates, per language. A variant is keyed by its language's primary subtag (`es`, not
 * `es-MX`): the intake page picks one by the page's language, the console by the language a report
 * was written in, both matched on that subtag alone.
 */
import { Type, type TSchema } from 'typebox';

/** At most this many languages besides the default wording, for each of the two. */
export const MAX_LANGUAGE_VARIANTS = 20;

/** A BCP 47 primary language subtag in lower case: `es`, `pt`, `fil`. */
export const LANGUAGE_KEY_PATTERN = '^[a-z]{2,3}$';

/**
 * An object of variants keyed by primary subtag. The key rule is `propertyNames` rather than a
 * pattern-keyed record: a bad key is then refused with the pattern in the message (a
 * pattern-keyed record with no additional properties says only "must NOT have additional
 * properties").
 */
export const LanguageVariants = <T extends TSchema>(value: T) =>
  Type.Record(Type.String(), value, {
    maxProperties: MAX_LANGUAGE_VARIANTS,
    propertyNames: { pattern: LANGUAGE_KEY_PATTERN },
    description: `variants keyed by a language's primary subtag (${LANGUAGE_KEY_PATTERN}), at most ${MAX_LANGUAGE_VARIANTS}`,
  });
