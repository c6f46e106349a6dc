/**
 * OpenAPI generated from the route schemas, served as JSON at /api/docs.
 * Must be registered before the routes so it sees them.
 */
import swagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import { Type } from 'typebox';

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Confide API',
          version: '1',
          description:
            'End-to-end encrypted harassment reports. The server stores ciphertext only; see docs/protocol.md and docs/http-api.md.',
        },
      },
    });
    app.get(
      '/api/docs',
      { schema: { hide: true, response: { 200: Type.Object({}, { additionalProperties: true }) } } },
      () => app.swagger(),
    );
  },
  { name: 'api-docs' },
);
