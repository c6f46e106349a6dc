/**
 * Rate limiting, for the anonymous routes and logins: off by default, switched on per route
 * with `config: { rateLimit: { max, timeWindow } }`. Counters live in PostgreSQL.
 *
 * Clients are told apart by a keyed hash of their address group and the day, never the address
 * itself, so neither the counters nor anything else the server keeps holds an IP address.
 * The key comes from CONFIDE_RATE_LIMIT_SECRET when set (several processes must share it) or
 * is random per process; it is never stored, so the hashes cannot be reversed by trying every
 * address against a copy of the database.
 *
 * Routes a reporter cannot do without also set `proofOfWork: true`: over the limit, they answer
 * with a challenge instead of a plain refusal, and a request carrying its solution passes
 * without counting (services/proof-of-work.ts).
 */
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/database.js';
import { AppError } from '../errors.js';
import { createProofOfWork, PROOF_HEADER } from '../services/proof-of-work.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Over its rate limit, this route asks for a proof of work instead of refusing. */
    proofOfWork?: boolean;
  }
}

/**
 * The part of an address that names one client. IPv4: the address. IPv6: its /64, since one
 * home or phone is routinely given a whole /64 and picks addresses in it at will (privacy
 * extensions change them daily), so counting whole addresses would give each client 2^64
 * counters. An IPv4 address mapped into IPv6 (::ffff:a.b.c.d, what a dual-stack socket reports
 * for an IPv4 client) counts as the IPv4 address. Anything else (a proxy that names a client
 * oddly) is kept as it is, lower-cased, never dropped: it still gets a counter of its own.
 */
export function clientAddressGroup(address: string): string {
  try {
    return normalizeIP(address, 64);
  } catch {
    return address.toLowerCase();
  }
}

export function clientKeyFunction(secret: Buffer): (address: string) => string {
  return (address) =>
    createHmac('sha256', secret)
      .update(`${new Date().toISOString().slice(0, 10)}|${clientAddressGroup(address)}`)
      .digest('base64url');
}

/** The route a challenge is bound to, when this request's route asks for proofs of work. */
export function proofOfWorkRoute(request: FastifyRequest): string | undefined {
  return request.routeOptions.config.proofOfWork === true
    ? `${request.method} ${request.routeOptions.url ?? ''}`
    : undefined;
}

export default fp(
  async (app, options: { enabled: boolean; db: Database; secret: string | undefined }) => {
    const clientKey = clientKeyFunction(
      options.secret ? Buffer.from(options.secret, 'utf8') : randomBytes(32),
    );
    const proofs = createProofOfWork({
      db: options.db,
      secret: options.secret,
      // Read from the app's configuration (decorated before this plugin is registered).
      bits: app.config.proofOfWorkBits,
    });
    await app.register(rateLimit, {
      global: false,
      store: postgresRateLimitStore(options.db),
      // A database hiccup must not lock everyone out of reporting.
      skipOnError: true,
      // With limits off every request is allowed, so there is no key worth an HMAC to make.
      keyGenerator: options.enabled ? (request) => clientKey(request.ip) : () => 'off',
      // Asked before counting. A request that carries a proof of work on a route that takes one
      // is checked and, if good, passes uncounted; a bad proof is refused here (thrown). With
      // limits off, every request passes and proofs are not even looked at.
      allowList: options.enabled
        ? async (request) => {
            const route = proofOfWorkRoute(request);
            if (route === undefined) return false;
            const header = request.headers[PROOF_HEADER];
            if (typeof header !== 'string') {
              // Load the key now: errorResponseBuilder, which may need a challenge, cannot wait.
              await proofs.prepare();
              return false;
            }
            await proofs.admit(header, route);
            return true;
          }
        : () => true,
      // Thrown into the app's error handler, which writes the one error shape.
      errorResponseBuilder: (request, context) => {
        const route = proofOfWorkRoute(request);
        const challenge = route === undefined ? undefined : proofs.challenge(route);
        if (challenge) {
          return new AppError(
            429,
            'proof_of_work_required',
            'Many requests have come from your network recently, so this one needs a short check that it is not an automated attack. Your browser does it by itself in a few seconds and then sends again.',
            { challenge },
          );
        }
        return new AppError(
          429,
          'rate_limited',
          `Too many attempts. Please wait ${context.after} and try again.`,
        );
      },
    });
  },
  { name: 'rate-limit' },
);
