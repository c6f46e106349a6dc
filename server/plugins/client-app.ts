/**
 * Serves the built client (dist/client) with an SPA fallback: any GET for a page that is not a
 * file and not under /api/ or /assets/ gets index.html, so deep links like /receipt work.
 * Unknown /api/ paths get a JSON 404 in the error shape (rate-limited, so it can't be used to
 * hammer the server cheaply).
 */
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import { errorBody } from '../errors.js';
import { isApiRequest } from './api-path.js';

export default fp(
  async (app, options: { clientDir: string }) => {
    const indexFile = path.join(options.clientDir, 'index.html');
    const hasClient = existsSync(indexFile);
    if (hasClient) {
      await app.register(fastifyStatic, {
        root: options.clientDir,
        wildcard: false,
        index: false,
        setHeaders(reply, filePath) {
          // Vite fingerprints assets, so they never change under the same name.
          if (filePath.includes(`${path.sep}assets${path.sep}`)) {
            reply.header('Cache-Control', 'public, max-age=31536000, immutable');
          } else {
            reply.header('Cache-Control', 'no-cache');
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
          hasClient &&
          (request.method === 'GET' || request.method === 'HEAD') &&
          !isApiRequest(request) &&
          !request.url.startsWith('/assets/');
        if (wantsPage) {
          return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
        }
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
