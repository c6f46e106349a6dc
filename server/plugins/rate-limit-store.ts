/**
 * A @fastify/rate-limit store in PostgreSQL, so every server process of a deployment counts
 * against the same limits (ARCHITECTURE.md: no per-process state but PostgreSQL).
 *
 * One upsert per request: start a window, or count within it. Keys are already keyed hashes of
 * the client address (see rate-limit.ts), prefixed by the route; expired rows are swept by the
 * maintenance job. The per-name sign-in limit (services/sign-in-limits.ts) counts in the same
 * table through `countInBucket` (repositories/rate-limit-buckets.ts), under its own prefix.
 */
import type { Database } from '../db/database.js';
import { countInBucket } from '../repositories/rate-limit-buckets.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

export function postgresRateLimitStore(db: Database) {
  class PostgresRateLimitStore {
    private readonly prefix: string;

    /** The plugin passes its options first; children get a per-route prefix. */
    constructor(_options?: unknown, prefix = 'global') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      countInBucket(db, `${this.prefix}|${key}`, timeWindow).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    /** One counter space per route; limiters made with app.rateLimit() outside a route share "handler". */
    child(params: object): PostgresRateLimitStore {
      // The plugin passes the route's merged limit parameters, with the route under routeInfo.
      const { routeInfo } = params as { routeInfo?: { method?: string | string[]; url?: string } };
      const { method, url } = routeInfo ?? {};
      const scope = url ? `${Array.isArray(method) ? method.join(',') : (method ?? '')} ${url}` : 'handler';
      return new PostgresRateLimitStore(undefined, scope);
    }
  }
  return PostgresRateLimitStore;
}
