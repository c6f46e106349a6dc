/**
 * Which built file holds each language's catalog (client/src/locales/<language>.po, a chunk the
 * client imports before its first render: client/src/i18n/languages.ts), read from the build's
 * manifest. The page names the reader's catalog in a `<link rel="modulepreload">`
 * (localized-page.ts), so the browser fetches it beside the main script instead of only once that
 * script has run: one round trip fewer before a reporter sees the form, which on a slow phone or
 * over Tor is most of the wait.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, PSEUDO_LANGUAGE, type PageLanguage } from '#contract/languages';

export type CatalogFiles = Readonly<Partial<Record<PageLanguage, string>>>;

interface ManifestChunk {
  readonly file?: unknown;
  readonly src?: unknown;
}

/**
 * The catalogs' files as absolute paths of the site (`/assets/es-1a2b.js`), from
 * `<clientDir>/.vite/manifest.json`; none when there is no manifest (an older build: the page
 * then simply names no catalog, and the client fetches it as before).
 */
export function catalogFiles(clientDir: string): CatalogFiles {
  const manifestFile = path.join(clientDir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) return {};
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const files: { [language in PageLanguage]?: string } = {};
  for (const language of [...LANGUAGES, PSEUDO_LANGUAGE] as PageLanguage[]) {
    const chunk = manifest[`src/locales/${language}.po`];
    if (typeof chunk?.file === 'string') files[language] = `/${chunk.file}`;
  }
  return files;
}
