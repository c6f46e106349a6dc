/**
 * A table of words (a label for each status, a title for each kind) whose values are translated
 * each time they are read, in the page's language at that moment. Modules keep exporting the
 * table their callers already index (`STATUS_LABELS[status]`), and a language switch changes what
 * the next render reads, which a table of strings translated once, at import, would not.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';

export function translatedRecord<Key extends string>(
  descriptors: Readonly<Record<Key, MessageDescriptor>>,
): Readonly<Record<Key, string>> {
  const table = {} as Record<Key, string>;
  for (const key of Object.keys(descriptors) as Key[]) {
    Object.defineProperty(table, key, {
      enumerable: true,
      get: () => i18n._(descriptors[key]),
    });
  }
  return Object.freeze(table);
}
