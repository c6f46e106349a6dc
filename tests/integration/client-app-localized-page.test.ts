/**
 * The page as each language's readers get it (server/plugins/localized-page.ts), beyond its
 * `lang` and `dir` (client-app-compression.test.ts): it names the reader's catalog
 * (catalog-preloads.ts), a `<link rel="modulepreload">` for the file the build made of
 * client/src/locales/<language>.po, read from the build's manifest, which is not served; and the
 * words it has before its script runs (the description, the <noscript> text) are in that
 * language (page-words.ts). The client here is a small one made by the test.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PAGE_WORDS } from '../../server/plugins/page-words.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta
      name="description"
      content="Tell the people who look after your community about harassment, privately and safely."
    />
    <title>Confide</title>
    <script type="module" crossorigin src="/assets/index-Ab12Cd34.js"></script>
  </head>
  <body>
    <div id="root"></div>
    <noscript>
      <p>
        Confide needs JavaScript: your report is encrypted in this browser before it is sent.
      </p>
    </noscript>
  </body>
</html>
`;

const CATALOG_FILES = {
  en: 'assets/en-En000001.js',
  es: 'assets/es-Es000002.js',
  fr: 'assets/fr-Fr000003.js',
  ar: 'assets/ar-Ar000004.js',
  pseudo: 'assets/pseudo-Ps000005.js',
} as const;

/** The build's manifest, as Vite writes it: the console's catalogs have the same base names. */
const MANIFEST = {
  'index.html': { file: 'assets/index-Ab12Cd34.js', src: 'index.html', isEntry: true },
  ...Object.fromEntries(
    Object.entries(CATALOG_FILES).map(([language, file]) => [
      `src/locales/${language}.po`,
      { file, src: `src/locales/${language}.po`, isDynamicEntry: true },
    ]),
  ),
  'src/features/team/locales/es.po': {
    file: 'assets/es-Console9.js',
    src: 'src/features/team/locales/es.po',
    isDynamicEntry: true,
  },
};

let clientDir: string;
let t: TestApp;

beforeAll(async () => {
  clientDir = mkdtempSync(path.join(tmpdir(), 'confide-client-catalogs-'));
  chmodSync(clientDir, 0o755);
  mkdirSync(path.join(clientDir, 'assets'));
  mkdirSync(path.join(clientDir, '.vite'));
  writeFileSync(path.join(clientDir, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(clientDir, 'assets/index-Ab12Cd34.js'), 'export {};\n');
  for (const file of Object.values(CATALOG_FILES)) {
    writeFileSync(path.join(clientDir, file), 'export const messages = {};\n');
  }
  writeFileSync(path.join(clientDir, '.vite/manifest.json'), JSON.stringify(MANIFEST));
  t = await buildTestApp({ env: { CONFIDE_CLIENT_DIR: clientDir } });
});

afterAll(async () => {
  await t.close();
  rmSync(clientDir, { recursive: true, force: true });
});

async function preloads(url: string, acceptLanguage?: string): Promise<string[]> {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: {
      'accept-encoding': 'identity',
      ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}),
    },
  });
  expect(res.statusCode).toBe(200);
  return [...res.body.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('the page names the reader’s catalog', () => {
  it('preloads the catalog of the language the page is in, and no other', async () => {
    expect(await preloads('/')).toEqual([`/${CATALOG_FILES.en}`]);
    expect(await preloads('/', 'es-MX, en;q=0.5')).toEqual([`/${CATALOG_FILES.es}`]);
    expect(await preloads('/receipt?lang=ar', 'es')).toEqual([`/${CATALOG_FILES.ar}`]);
    expect(await preloads('/team?lang=fr')).toEqual([`/${CATALOG_FILES.fr}`]);
    expect(await preloads('/?lang=pseudo')).toEqual([`/${CATALOG_FILES.pseudo}`]);
  });

  it('names a file the server sends', async () => {
    const [file] = await preloads('/', 'es');
    const res = await t.app.inject({ method: 'GET', url: file ?? '' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it('does not serve the build’s manifest', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.vite/manifest.json' });
    expect(res.body).not.toContain('src/locales');
  });
});

describe('the words the page has before its script runs', () => {
  async function page(acceptLanguage: string): Promise<string> {
    const res = await t.app.inject({
      method: 'GET',
      url: '/',
      headers: { 'accept-encoding': 'identity', 'accept-language': acceptLanguage },
    });
    return res.body;
  }
  const description = (html: string) => /<meta\s+name="description"\s+content="([^"]*)"/.exec(html)?.[1];
  const noscript = (html: string) => /<noscript>([\s\S]*?)<\/noscript>/.exec(html)?.[1]?.trim();

  it('are English in the English page, as index.html has them', async () => {
    const html = await page('en');
    expect(description(html)).toBe(
      'Tell the people who look after your community about harassment, privately and safely.',
    );
    expect(noscript(html)).toContain('Confide needs JavaScript');
  });

  it.each(['es', 'fr', 'ar'] as const)('are in the page’s language: %s', async (language) => {
    const html = await page(language);
    expect(description(html)).toBe(PAGE_WORDS[language].description);
    expect(noscript(html)).toBe(`<p>${PAGE_WORDS[language].noscript}</p>`);
    expect(html).not.toContain('Confide needs JavaScript');
    expect(html).not.toContain('privately and safely');
  });
});
