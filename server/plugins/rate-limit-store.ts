/**
 * A @fastify/rate-limit store in PostgreSQL, so every server process of a deployment counts
 * against the same limits (ARCHITECTURE.md: no per-process state but PostgreSQL).
 *
 * One upsert per request: start a window, or count within it. Keys are already keyed hashes of
 * the client address (see rate-limit.ts), prefixed by the route; expired rows are swept by the
 * maintenance job. The per-name sign-in limit (services/sign-in-limits.ts) counts in the same
 * table through `countInBucket`, under its own prefix.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Adds one to `bucket` and returns its count and the time left in its window, starting a new
 * window of `windowMs` when there is none or the last one has ended. Fixed windows: counting
 * never extends one, so a client that keeps trying is free again when it ends.
 */
export async function countInBucket(
  db: Database,
  bucket: string,
  windowMs: number,
): Promise<{ count: number; ttlMs: number }> {
  const result = await sql<{ count: number; ttl_ms: number }>`
    insert into rate_limit_buckets (key, count, expires_at)
    values (${bucket}, 1, now() + make_interval(secs => ${windowMs / 1000}))
    on conflict (key) do update set
      count = case when rate_limit_buckets.expires_at <= now() then 1 else rate_limit_buckets.count + 1 end,
      expires_at = case when rate_limit_buckets.expires_at <= now()
        then now() + make_interval(secs => ${windowMs / 1000}) else rate_limit_buckets.expires_at end
    returning count, (extract(epoch from (expires_at - now())) * 1000)::float8 as ttl_ms`.execute(db);
  const row = result.rows[0];
  return { count: row?.count ?? 1, ttlMs: Math.max(0, Math.round(row?.ttl_ms ?? windowMs)) };
}

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
