/**
 * For translators: lists a language's untranslated messages as JSON, and writes translations
 * given as JSON back into its catalog (client/src/locales/<language>.po), through Lingui's own PO
 * reader and writer, so the file stays exactly as `npm run i18n:extract` writes it.
 *
 *   tsx scripts/i18n-translations.ts missing es > es-todo.json
 *       { "<English message>": { "context": "where it is used", "translation": "" }, ... }
 *   tsx scripts/i18n-translations.ts fill es es-done.json
 *       the same shape with "translation" filled in (or a plain { "<English>": "<translation>" })
 *
 * Messages are keyed by their English text, which is what a translator reads; the catalog's
 * own keys are ids derived from it. A translation for a message the catalog does not have is
 * reported and ignored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { formatter } from '@lingui/format-po';
import { LANGUAGES, SOURCE_LANGUAGE, type Language } from '#contract/languages';

const locales = fileURLToPath(new URL('../client/src/locales/', import.meta.url));
const po = formatter({ lineNumbers: false });

interface Entry {
  message?: string;
  translation?: string;
  origin?: [string, number?][];
  comments?: string[];
}
type Catalog = Record<string, Entry>;

function catalogFile(language: string): string {
  return path.join(locales, `${language}.po`);
}

async function read(language: string): Promise<Catalog> {
  const file = catalogFile(language);
  return await po.parse(readFileSync(file, 'utf8'), {
    locale: language,
    sourceLocale: SOURCE_LANGUAGE,
    filename: file,
  });
}

async function missing(language: Language): Promise<void> {
  const catalog = await read(language);
  const todo: Record<string, { context: string; translation: string }> = {};
  for (const [id, entry] of Object.entries(catalog)) {
    if ((entry.translation ?? '').trim() !== '') continue;
    const context = [...(entry.comments ?? []), ...(entry.origin ?? []).map(([file]) => file)].join('; ');
    todo[entry.message ?? id] = { context, translation: '' };
  }
  process.stdout.write(`${JSON.stringify(todo, null, 2)}\n`);
}

async function fill(language: Language, jsonFile: string): Promise<void> {
  const given = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<
    string,
    string | { translation?: string }
  >;
  const catalog = await read(language);
  const byEnglish = new Map(Object.entries(catalog).map(([id, entry]) => [entry.message ?? id, id]));
  let filled = 0;
  for (const [english, value] of Object.entries(given)) {
    const translation = typeof value === 'string' ? value : (value.translation ?? '');
    if (translation.trim() === '') continue;
    const id = byEnglish.get(english);
    const entry = id === undefined ? undefined : catalog[id];
    if (!entry) {
      process.stderr.write(`not in the ${language} catalog: ${english}\n`);
      continue;
    }
    entry.translation = translation;
    filled += 1;
  }
  const file = catalogFile(language);
  const existing = readFileSync(file, 'utf8');
  const text = await po.serialize(catalog as never, {
    locale: language,
    sourceLocale: SOURCE_LANGUAGE,
    filename: file,
    existing,
  });
  writeFileSync(file, text);
  process.stderr.write(`${filled} translations written to ${path.relative(process.cwd(), file)}\n`);
}

const [command, language, jsonFile] = process.argv.slice(2);
const shipped = LANGUAGES.find((l) => l === language && l !== SOURCE_LANGUAGE);
if (!shipped || (command !== 'missing' && command !== 'fill') || (command === 'fill' && !jsonFile)) {
  process.stderr.write(
    'usage: tsx scripts/i18n-translations.ts missing <es|fr|ar>\n       tsx scripts/i18n-translations.ts fill <es|fr|ar> <file.json>\n',
  );
  process.exit(2);
}
await (command === 'missing' ? missing(shipped) : fill(shipped, jsonFile ?? ''));
