/**
 * The database and the configuration, as decorators of the root instance: every plugin and
 * route reads them from its instance (`app.db`, `app.config`) rather than importing the app.
 */
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: AppConfig;
  }
}

export default fp(
  (app, options: { db: Database; config: AppConfig }, done) => {
    app.decorate('db', options.db);
    app.decorate('config', options.config);
    done();
  },
  { name: 'context' },
);
