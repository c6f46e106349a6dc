import { sql } from 'kysely';
import { Type } from 'typebox';
import { errorBody, ErrorReply } from '../errors.js';
import type { App } from '../app.js';

export default function healthRoutes(app: App): void {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Liveness and database reachability',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok') }),
          503: ErrorReply,
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok' as const, database: 'ok' as const };
      } catch {
        return reply.status(503).send(errorBody('database_unavailable', 'The database cannot be reached'));
      }
    },
  );
}
