/**
 * For translators: lists a language's untranslated messages as JSON, and writes translations
 * given as JSON back into its catalogs, through Lingui's own PO reader and writer, so the files
 * stay exactly as `npm run i18n:extract` writes them. There is a catalog for what every page may
 * show (client/src/locales/<language>.po) and one for the team console
 * (client/src/features/team/locales/<language>.po): lingui.config.ts names them.
 *
 *   tsx scripts/i18n-translations.ts missing es > es-todo.json
 *       { "<English message>": { "context": "where it is used", "translation": "" }, ... }
 *   tsx scripts/i18n-translations.ts fill es es-done.json
 *       the same shape with "translation" filled in (or a plain { "<English>": "<translation>" })
 *   Either takes `--catalog console` (or `main`) to work on one catalog only; without it, both.
 *   `fill` writes each translation into every catalog that has its English message.
 *
 * Messages are keyed by their English text, which is what a translator reads; the catalog's
 * own keys are ids derived from it. A translation for a message the catalog does not have is
 * reported and ignored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { formatter } from '@lingui/format-po';
import { LANGUAGES, SOURCE_LANGUAGE, type Language } from '#contract/languages';
import { CATALOG_DIRS } from './i18n-catalogs.js';

const po = formatter({ lineNumbers: false });

interface Entry {
  message?: string;
  translation?: string;
  origin?: [string, number?][];
  comments?: string[];
}
type Catalog = Record<string, Entry>;

async function read(file: string, language: string): Promise<Catalog> {
  return await po.parse(readFileSync(file, 'utf8'), {
    locale: language,
    sourceLocale: SOURCE_LANGUAGE,
    filename: file,
  });
}

async function missing(language: Language, dirs: readonly string[]): Promise<void> {
  const todo: Record<string, { context: string; translation: string }> = {};
  for (const dir of dirs) {
    const catalog = await read(path.join(dir, `${language}.po`), language);
    for (const [id, entry] of Object.entries(catalog)) {
      if ((entry.translation ?? '').trim() !== '') continue;
      const context = [...(entry.comments ?? []), ...(entry.origin ?? []).map(([file]) => file)].join('; ');
      todo[entry.message ?? id] = { context, translation: '' };
    }
  }
  process.stdout.write(`${JSON.stringify(todo, null, 2)}\n`);
}

async function fill(language: Language, jsonFile: string, dirs: readonly string[]): Promise<void> {
  const given = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<
    string,
    string | { translation?: string }
  >;
  const used = new Set<string>();
  for (const dir of dirs) {
    const file = path.join(dir, `${language}.po`);
    const catalog = await read(file, language);
    // One English text may be several messages, told apart by their context for translators
    // ("Other" a kind, "Other" a role): a translation given for the text fills each of them.
    const byEnglish = new Map<string, string[]>();
    for (const [id, entry] of Object.entries(catalog)) {
      const english = entry.message ?? id;
      byEnglish.set(english, [...(byEnglish.get(english) ?? []), id]);
    }
    let filled = 0;
    for (const [english, value] of Object.entries(given)) {
      const translation = typeof value === 'string' ? value : (value.translation ?? '');
      if (translation.trim() === '') continue;
      for (const id of byEnglish.get(english) ?? []) {
        const entry = catalog[id];
        if (!entry) continue;
        entry.translation = translation;
        used.add(english);
        filled += 1;
      }
    }
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
  for (const english of Object.keys(given)) {
    if (!used.has(english)) process.stderr.write(`not in the ${language} catalogs: ${english}\n`);
  }
}

const args = process.argv.slice(2);
const catalogAt = args.indexOf('--catalog');
const catalogName = catalogAt === -1 ? undefined : args.splice(catalogAt, 2)[1];
const dirs =
  catalogName === undefined
    ? CATALOG_DIRS.map((catalog) => catalog.dir)
    : CATALOG_DIRS.filter((catalog) => catalog.name === catalogName).map((catalog) => catalog.dir);
const [command, language, jsonFile] = args;
const shipped = LANGUAGES.find((l) => l === language && l !== SOURCE_LANGUAGE);
if (
  !shipped ||
  dirs.length === 0 ||
  (command !== 'missing' && command !== 'fill') ||
  (command === 'fill' && !jsonFile)
) {
  process.stderr.write(
    `usage: tsx scripts/i18n-translations.ts missing <es|fr|ar> [--catalog ${CATALOG_DIRS.map((catalog) => catalog.name).join('|')}]\n       tsx scripts/i18n-translations.ts fill <es|fr|ar> <file.json> [--catalog …]\n`,
  );
  process.exit(2);
}
await (command === 'missing' ? missing(shipped, dirs) : fill(shipped, jsonFile ?? '', dirs));
