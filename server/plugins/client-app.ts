/**
 * Serves the built client (dist/client) with an SPA fallback: any GET for a page that is not a
 * file and not under /api/ or /assets/ gets index.html, so deep links like /receipt work.
 * Unknown /api/ paths get a JSON 404 in the error shape (rate-limited, so it can't be used to
 * hammer the server cheaply).
 *
 * Files go out compressed when the browser accepts it: `npm run build:client` writes a Brotli
 * and a gzip copy beside each file worth compressing (scripts/compress-client.ts), and
 * `preCompressed` sends `x.js.br` for `x.js` to a browser that accepts br, `x.js.gz` to one that
 * accepts only gzip, and `x.js` itself otherwise (or when there is no copy), with the original's
 * Content-Type, the copy's Content-Encoding and `Vary: Accept-Encoding` on every file reply,
 * the SPA fallback's index.html included. Nothing is compressed per request, so the API's
 * compression (plugins/compression.ts, opt-in per route) never touches these replies.
 * /robots.txt is a file of the build (client/public/robots.txt), sent as text/plain.
 */
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import { errorBody } from '../errors.js';
import { isApiRequest } from './api-path.js';
import { catalogFiles } from './catalog-preloads.js';
import { localizedPage } from './localized-page.js';

/**
 * For the page and every other file that is not a fingerprinted asset: stored nowhere, so the
 * browser's cache holds no copy of a Confide page for someone with the device to find (no traces
 * unless asked, issue 14; docs/threat-model.md 3.9). Assets stay cacheable: they are the same for
 * everyone and hold no case data (a cached asset, like the browser's history, still shows that the
 * site was visited).
 */
const PAGE_CACHE_CONTROL = 'no-store';

export default fp(
  async (app, options: { clientDir: string }) => {
    const indexFile = path.join(options.clientDir, 'index.html');
    const hasClient = existsSync(indexFile);
    // The page itself is not a static file: it is sent in the reader's language (localized-page.ts).
    const page = hasClient
      ? localizedPage(readFileSync(indexFile, 'utf8'), PAGE_CACHE_CONTROL, catalogFiles(options.clientDir))
      : undefined;
    if (hasClient) {
      await app.register(fastifyStatic, {
        root: options.clientDir,
        wildcard: false,
        index: false,
        preCompressed: true,
        // With `wildcard: false` every file found at start-up gets a route of its own; the
        // copies are reached through their originals only, never by their own names.
        // index.html too: the fallback below sends it, in the reader's language.
        globIgnore: ['**/*.br', '**/*.gz', 'index.html'],
        setHeaders(reply, filePath) {
          // Vite fingerprints assets, so they never change under the same name. `filePath` is
          // the file actually sent: `assets/x.js.br` for `assets/x.js` is under assets/ too.
          if (path.relative(options.clientDir, filePath).startsWith(`assets${path.sep}`)) {
            reply.header('Cache-Control', 'public, max-age=31536000, immutable');
          } else {
            reply.header('Cache-Control', PAGE_CACHE_CONTROL);
          }
        },
      });
    } else {
      app.log.warn(
        { clientDir: options.clientDir },
        'client not built: run `npm run build` to serve the pages',
      );
    }

    app.setNotFoundHandler(
      { preHandler: app.rateLimit({ max: 300, timeWindow: '1 minute' }) },
      (request, reply) => {
        // A missing file under /assets/ is a 404, not the page: a tab still running an earlier
        // build asks for chunks a deploy has replaced, and HTML in place of a script only fails
        // later with a confusing MIME-type error.
        const wantsPage =
          page !== undefined &&
          (request.method === 'GET' || request.method === 'HEAD') &&
          !isApiRequest(request) &&
          !request.url.startsWith('/assets/');
        if (wantsPage) return page.send(request, reply);
        return reply
          .status(404)
          .send(
            errorBody(
              'not_found',
              `There is nothing at ${request.method} ${request.url.split('?')[0] ?? ''}`,
            ),
          );
      },
    );
  },
  { name: 'client-app', dependencies: ['rate-limit'] },
);
