/**
 * Rate limiting, for the anonymous routes and logins: off by default, switched on per route
 * with `config: { rateLimit: { max, timeWindow } }`. Counters live in PostgreSQL.
 *
 * Clients are told apart by a keyed hash of their address and the day, never the address
 * itself, so neither the counters nor anything else the server keeps holds an IP address.
 * The key comes from CONFIDE_RATE_LIMIT_SECRET when set (several processes must share it) or
 * is random per process; it is never stored, so the hashes cannot be reversed by trying every
 * address against a copy of the database.
 */
import rateLimit from '@fastify/rate-limit';
import { createHmac, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

export function clientKeyFunction(secret: Buffer): (address: string) => string {
  return (address) =>
    createHmac('sha256', secret)
      .update(`${new Date().toISOString().slice(0, 10)}|${address}`)
      .digest('base64url');
}

export default fp(
  async (app, options: { enabled: boolean; db: Database; secret: string | undefined }) => {
    const clientKey = clientKeyFunction(
      options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32),
    );
    await app.register(rateLimit, {
      global: false,
      store: postgresRateLimitStore(options.db),
      // A database hiccup must not lock everyone out of reporting.
      skipOnError: true,
      // With limits off every request is allowed, so there is no key worth an HMAC to make.
      keyGenerator: options.enabled ? (request) => clientKey(request.ip) : () => 'off',
      // Thrown into the app's error handler, which writes the one error shape.
      errorResponseBuilder: (_request, context) =>
        new AppError(429, 'rate_limited', `Too many attempts. Please wait ${context.after} and try again.`),
      ...(options.enabled ? {} : { allowList: () => true }),
    });
  },
  { name: 'rate-limit' },
);
