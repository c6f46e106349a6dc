/**
 * The translation catalogs lingui.config.ts names (`main`: what every page may show; `console`:
 * the team console's), each with the directory holding its `<language>.po` files, for the
 * translators' script (scripts/i18n-translations.ts) and the catalogs test.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import config from '../lingui.config.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface CatalogDir {
  readonly name: string;
  readonly dir: string;
}

export const CATALOG_DIRS: readonly CatalogDir[] = (config.catalogs ?? []).map((catalog) => ({
  name: catalog.name ?? '',
  dir: path.join(repoRoot, path.dirname(catalog.path.replace('<rootDir>/', ''))),
}));
