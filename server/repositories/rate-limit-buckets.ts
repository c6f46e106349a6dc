/**
 * Rate-limit counters, one row per key, shared by every server process (plugins/rate-limit-store.ts
 * for the per-client limits, services/sign-in-limits.ts for the per-name one).
 */
import { sql } from 'kysely';
import type { Db } from '../db/executor.js';

/**
 * Adds one to `bucket` and returns its count and the time left in its window, starting a new
 * window of `windowMs` when there is none or the last one has ended. Fixed windows: counting
 * never extends one, so a client that keeps trying is free again when it ends.
 */
export async function countInBucket(
  db: Db,
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

/** Takes one back from `bucket`, never below zero. */
export async function uncountInBucket(db: Db, bucket: string): Promise<void> {
  await db
    .updateTable('rate_limit_buckets')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', bucket)
    .where('count', '>', 0)
    .execute();
}

/** Every expired counter, whatever its prefix: per-route client limits and "sign-in-name|" alike. */
export async function deleteExpiredBuckets(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_buckets')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
