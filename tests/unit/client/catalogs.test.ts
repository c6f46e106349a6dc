/**
 * The translation catalogs (client/src/locales, issue 14), as CI must find them:
 *   - up to date: extracting the client's sources again gives exactly the messages en.po holds
 *     (a message added to the code and not extracted would reach readers in English only);
 *   - complete: every shipped language translates every message;
 *   - well formed: every translation parses as ICU MessageFormat and keeps its source's
 *     variables, plural arguments and tags (`<0>…</0>`), so no sentence loses a name or a link.
 * A reader never meets a missing message (the page shows the English one); CI does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { formatter } from '@lingui/format-po';
import { compileMessageOrThrow, type CompiledMessage } from '@lingui/message-utils/compileMessage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LANGUAGES, SOURCE_LANGUAGE } from '../../../contract/languages.js';
import linguiConfig from '../../../lingui.config.js';
import { CATALOG_DIRS } from '../../../scripts/i18n-catalogs.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const po = formatter({ lineNumbers: false });

type Catalog = Record<string, { message?: string; translation?: string }>;

async function readCatalog(file: string, locale: string): Promise<Catalog> {
  return await po.parse(readFileSync(file, 'utf8'), {
    locale,
    sourceLocale: SOURCE_LANGUAGE,
    filename: file,
  });
}

/** The variables and plural or select arguments a message uses, and its numbered tags. */
function shape(message: string): string[] {
  const names = new Set<string>();
  const walk = (tokens: CompiledMessage): void => {
    for (const token of tokens) {
      if (typeof token === 'string') continue;
      const [name, , format] = token;
      names.add(`{${name}}`);
      if (format && typeof format === 'object') {
        for (const [key, choice] of Object.entries(format as Record<string, unknown>)) {
          if (key !== 'offset' && Array.isArray(choice)) walk(choice as CompiledMessage);
        }
      }
    }
  };
  walk(compileMessageOrThrow(message));
  for (const tag of message.matchAll(/<\/?(\d+)\/?>/g)) names.add(tag[0]);
  return [...names].sort();
}

describe.each(CATALOG_DIRS)('the translation catalog $name', ({ name, dir: locales }) => {
  let source: Catalog;
  const translations = new Map<string, Catalog>();

  beforeAll(async () => {
    source = await readCatalog(path.join(locales, `${SOURCE_LANGUAGE}.po`), SOURCE_LANGUAGE);
    for (const language of LANGUAGES) {
      if (language === SOURCE_LANGUAGE) continue;
      translations.set(language, await readCatalog(path.join(locales, `${language}.po`), language));
    }
  });

  describe('up to date with the sources', () => {
    let dir: string;
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('holds exactly the messages the client’s sources have (npm run i18n:extract)', async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'confide-catalogs-'));
      const config = path.join(dir, 'lingui.config.ts');
      // The same catalog, extracted into a directory of the test's own.
      const catalogs = (linguiConfig.catalogs ?? [])
        .filter((catalog) => catalog.name === name)
        .map((catalog) => ({ ...catalog, path: path.join(dir, '{locale}') }));
      writeFileSync(
        config,
        [
          `import base from ${JSON.stringify(path.join(repoRoot, 'lingui.config.ts'))};`,
          'export default {',
          '  ...base,',
          `  rootDir: ${JSON.stringify(repoRoot)},`,
          `  catalogs: ${JSON.stringify(catalogs)},`,
          '};',
        ].join('\n'),
      );
      execFileSync(
        path.join(repoRoot, 'node_modules/.bin/lingui'),
        ['extract', '--config', config, '--locale', SOURCE_LANGUAGE],
        { cwd: repoRoot, stdio: 'pipe' },
      );
      const extracted = await readCatalog(path.join(dir, `${SOURCE_LANGUAGE}.po`), SOURCE_LANGUAGE);
      expect(Object.keys(source).sort()).toEqual(Object.keys(extracted).sort());
    }, 120_000);
  });

  for (const language of LANGUAGES.filter((l) => l !== SOURCE_LANGUAGE)) {
    describe(language, () => {
      it('translates every message', () => {
        const catalog = translations.get(language) ?? {};
        const missing = Object.entries(source)
          .filter(([id]) => (catalog[id]?.translation ?? '').trim() === '')
          .map(([id, entry]) => entry.message ?? id);
        expect(missing).toEqual([]);
      });

      it('keeps every variable, plural argument and tag of the English message', () => {
        const catalog = translations.get(language) ?? {};
        const broken: string[] = [];
        for (const [id, entry] of Object.entries(source)) {
          const translation = catalog[id]?.translation ?? '';
          if (translation === '') continue;
          const english = entry.message ?? id;
          try {
            if (shape(translation).join(' ') !== shape(english).join(' ')) {
              broken.push(`${english} → ${translation}`);
            }
          } catch (error) {
            broken.push(`${english} → ${translation} (${(error as Error).message})`);
          }
        }
        expect(broken).toEqual([]);
      });
    });
  }
});
