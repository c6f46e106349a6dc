/**
 * The built client as the real server sends it (server/plugins/client-app.ts): the copies the
 * build's compression step made (scripts/compress-client.ts) go to browsers that accept them,
 * the original to the others, each reply saying it varies with Accept-Encoding and keeping its
 * cache rule (assets immutable, the page and everything else no-store); the page behind every
 * address, robots.txt as a file, and a replaced chunk still a 404. The client here is a small one made by the test, so nothing is built.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compressDirectory } from '../../scripts/compress-client.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const SCRIPT = 'assets/index-Ab12Cd34.js';
const STYLESHEET = 'assets/index-Ef56Gh78.css';
const TINY = 'assets/tiny-Ij90Kl12.js';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Confide</title>
    <script type="module" crossorigin src="/${SCRIPT}"></script>
    <link rel="stylesheet" crossorigin href="/${STYLESHEET}">
  </head>
  <body>
    <div id="root"></div>
    <noscript>${'<p>Confide needs JavaScript: your report is encrypted in this browser.</p>\n'.repeat(12)}</noscript>
  </body>
</html>
`;

/** The page as sent to a browser that asks for no language: English, left to right. */
const ENGLISH_PAGE = INDEX_HTML.replace('<html lang="en">', '<html lang="en" dir="ltr">');

let clientDir: string;
let t: TestApp;
const original = (file: string): Buffer => readFileSync(path.join(clientDir, file));

beforeAll(async () => {
  clientDir = mkdtempSync(path.join(tmpdir(), 'confide-client-compression-'));
  // mkdtemp makes a directory only its owner can read; a deployment's is readable by the server's user.
  chmodSync(clientDir, 0o755);
  mkdirSync(path.join(clientDir, 'assets'));
  writeFileSync(path.join(clientDir, 'index.html'), INDEX_HTML);
  writeFileSync(
    path.join(clientDir, SCRIPT),
    Array.from(
      { length: 300 },
      (_, i) => `export function page${i}(){return render("page ${i}", ${i});}\n`,
    ).join(''),
  );
  writeFileSync(path.join(clientDir, STYLESHEET), '.site-main { min-height: 100vh; }\n'.repeat(100));
  writeFileSync(path.join(clientDir, TINY), 'export const tiny = 1;\n');
  // The real file, as the build copies it from client/public.
  writeFileSync(
    path.join(clientDir, 'robots.txt'),
    readFileSync(path.join(repoRoot, 'client/public/robots.txt')),
  );
  await compressDirectory(clientDir);
  t = await buildTestApp({ env: { CONFIDE_CLIENT_DIR: clientDir } });
});

afterAll(async () => {
  await t.close();
  rmSync(clientDir, { recursive: true, force: true });
});

function get(url: string, acceptEncoding?: string) {
  return t.app.inject({
    method: 'GET',
    url,
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });
}

/** Vary holds accept-encoding exactly once. */
function expectVaryOnAcceptEncoding(vary: unknown): void {
  const values = String(vary)
    .split(',')
    .map((v) => v.trim().toLowerCase());
  expect(values.filter((v) => v === 'accept-encoding')).toHaveLength(1);
}

describe('the built client, sent precompressed', () => {
  it('sends the Brotli copy to a browser that accepts br, once compressed, with the script’s own type', async () => {
    const res = await get(`/${SCRIPT}`, 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
    expectVaryOnAcceptEncoding(res.headers.vary);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.length).toBeLessThan(original(SCRIPT).length / 4);
    // Decompressed once, the original bytes: nothing compressed the copy again on its way out.
    expect(brotliDecompressSync(res.rawPayload).equals(original(SCRIPT))).toBe(true);
  });

  it('sends the gzip copy to a browser that accepts only gzip, or refuses br', async () => {
    for (const accept of ['gzip', 'gzip, deflate', 'br;q=0, gzip', '*']) {
      const res = await get(`/${STYLESHEET}`, accept);
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      expectVaryOnAcceptEncoding(res.headers.vary);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(gunzipSync(res.rawPayload).equals(original(STYLESHEET)), accept).toBe(true);
    }
  });

  it('sends the file as it is to a client that accepts neither, still saying it varies', async () => {
    for (const accept of [undefined, 'identity', 'deflate', 'zstd', 'br;q=0, gzip;q=0']) {
      const res = await get(`/${SCRIPT}`, accept);
      expect(res.statusCode, String(accept)).toBe(200);
      expect(res.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(res.headers['content-type']).toMatch(/javascript; charset=utf-8$/);
      expectVaryOnAcceptEncoding(res.headers.vary);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.rawPayload.equals(original(SCRIPT)), String(accept)).toBe(true);
    }
  });

  it('sends a file too small to have copies as it is, whatever the browser accepts', async () => {
    const res = await get(`/${TINY}`, 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expectVaryOnAcceptEncoding(res.headers.vary);
    expect(res.rawPayload.equals(original(TINY))).toBe(true);
  });

  it('sends the page compressed, never stored in a cache, at /, behind every deep link and an unknown page', async () => {
    // no-store (issue 14, no traces): no copy of a page stays in the browser's cache for someone
    // with the device to find. The assets above stay immutable.
    for (const url of [
      '/',
      '/index.html',
      '/receipt',
      '/team/cases/0d6a8f0e-2b7a-4a55-8b7e-3f1c2d4e5f60',
      '/no-such-page',
    ]) {
      const br = await get(url, 'gzip, deflate, br');
      expect(br.statusCode, url).toBe(200);
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(br.headers['cache-control'], url).toBe('no-store');
      expectVaryOnAcceptEncoding(br.headers.vary);
      expect(brotliDecompressSync(br.rawPayload).toString(), url).toBe(ENGLISH_PAGE);

      const gz = await get(url, 'gzip');
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      expect(gunzipSync(gz.rawPayload).toString(), url).toBe(ENGLISH_PAGE);

      const plain = await get(url);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.headers['cache-control'], url).toBe('no-store');
      expectVaryOnAcceptEncoding(plain.headers.vary);
      expect(plain.body, url).toBe(ENGLISH_PAGE);
    }
  });

  it("sends the page in the reader's language: ?lang= first, then Accept-Language, else English", async () => {
    const page = async (url: string, acceptLanguage?: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url,
        headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage },
      });
      expect(res.statusCode, url).toBe(200);
      expect(String(res.headers.vary).toLowerCase(), url).toContain('accept-language');
      expect(res.headers['cache-control'], url).toBe('no-store');
      const tag = /<html[^>]*>/.exec(res.body)?.[0];
      return { tag, language: res.headers['content-language'] };
    };
    expect(await page('/', 'es-MX,es;q=0.9,en;q=0.5')).toEqual({
      tag: '<html lang="es" dir="ltr">',
      language: 'es',
    });
    expect(await page('/receipt', 'ar')).toEqual({ tag: '<html lang="ar" dir="rtl">', language: 'ar' });
    expect(await page('/', 'de-DE, fr;q=0.8')).toEqual({ tag: '<html lang="fr" dir="ltr">', language: 'fr' });
    // The reader's choice, in the address, wins over the browser's.
    expect(await page('/?lang=fr', 'ar')).toEqual({ tag: '<html lang="fr" dir="ltr">', language: 'fr' });
    expect(await page('/receipt?lang=ar')).toEqual({ tag: '<html lang="ar" dir="rtl">', language: 'ar' });
    // Unknown or malformed: the next source, then English.
    for (const [url, acceptLanguage] of [
      ['/?lang=zz', 'es'],
      ['/?lang=%3Cscript%3E', 'es'],
      ['/?lang=es&lang=fr', 'es'],
    ] as const) {
      expect(await page(url, acceptLanguage), url).toEqual({
        tag: '<html lang="es" dir="ltr">',
        language: 'es',
      });
    }
    for (const acceptLanguage of ['de', '*;q=0', ';;;', 'x'.repeat(300), 'es;q=abc']) {
      const seen = await page('/', acceptLanguage);
      expect(seen.tag, acceptLanguage).toMatch(/^<html lang="(en|es)" dir="ltr">$/);
    }
    expect(await page('/', 'de')).toEqual({ tag: '<html lang="en" dir="ltr">', language: 'en' });
    // The pseudo-locale, for the test that finds text missing from the catalogs.
    expect((await page('/?lang=pseudo')).tag).toBe('<html lang="pseudo" dir="ltr">');
  });

  it('answers HEAD with the headers of the copy it would send', async () => {
    const res = await t.app.inject({
      method: 'HEAD',
      url: `/${SCRIPT}`,
      headers: { 'accept-encoding': 'br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(
      readFileSync(path.join(clientDir, `${SCRIPT}.br`)).length,
    );
    expect(res.rawPayload.length).toBe(0);
  });

  it('serves robots.txt as a text file that keeps crawlers out of the private pages', async () => {
    const res = await get('/robots.txt', 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    // Like every file that is not a fingerprinted asset.
    expect(res.headers['cache-control']).toBe('no-store');
    const lines = res.body.split('\n');
    expect(lines).toContain('User-agent: *');
    for (const page of ['/team', '/receipt', '/join', '/setup']) expect(lines).toContain(`Disallow: ${page}`);
    // The start page stays open to search engines: a person looking for help should find it.
    expect(lines).not.toContain('Disallow: /');
    expect(res.body).not.toContain('<html');
  });

  it('answers a missing chunk with a 404 in the error shape, not the page, whatever is accepted', async () => {
    for (const accept of ['br', 'gzip', undefined]) {
      const res = await get('/assets/index-OldBuild.js', accept);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.json()).toEqual({
        error: { code: 'not_found', message: 'There is nothing at GET /assets/index-OldBuild.js' },
      });
    }
  });

  it('does not serve the copies under their own names', async () => {
    for (const url of [`/${SCRIPT}.br`, `/${SCRIPT}.gz`]) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
  });
});
