/** Liveness for load balancers and monitors: the process answers and reaches its database. */
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorReplies } from '#contract/http';
import { pingDatabase } from '../db/database.js';
import { errorBody } from '../errors.js';

const healthRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Liveness and database reachability',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }),
          ...errorReplies(503),
        },
      },
    },
    async (_request, reply) => {
      try {
        await pingDatabase(app.db);
        return { status: 'ok' as const, database: 'ok' as const };
      } catch {
        return reply.status(503).send(errorBody('database_unavailable', 'The database cannot be reached'));
      }
    },
  );
  done();
};

export default healthRoutes;
