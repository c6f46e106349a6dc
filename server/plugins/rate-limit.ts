/**
 * Rate limiting, ready for the anonymous routes and logins: off by default, switched on per
 * route with `config: { rateLimit: { max, timeWindow } }`.
 *
 * Clients are told apart by a keyed hash of their address, made with a key that lives only in
 * this process's memory, so the limiter's state never holds an IP address.
 */
import rateLimit from '@fastify/rate-limit';
import { createHmac, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import { errorBody } from '../errors.js';

const processKey = randomBytes(32);

export function clientKey(address: string): string {
  return createHmac('sha256', processKey).update(address).digest('base64url');
}

export default fp(
  async (app, options: { enabled: boolean }) => {
    await app.register(rateLimit, {
      global: false,
      keyGenerator: (request) => clientKey(request.ip),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        ...errorBody('rate_limited', `Too many attempts. Please wait ${context.after} and try again.`),
      }),
      ...(options.enabled ? {} : { allowList: () => true }),
    });
  },
  { name: 'rate-limit' },
);
