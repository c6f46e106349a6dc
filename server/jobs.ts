/**
 * Housekeeping that every server process runs now and then. Each job is one idempotent
 * statement, so several processes running them at once is harmless (no leader election).
 */
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db/database.js';
import { deleteUnboundAttachments } from './services/attachments.js';

const EVERY_MS = 15 * 60_000;

export async function runMaintenance(db: Database): Promise<Record<string, number>> {
  const sessions = await db
    .deleteFrom('sessions')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  // Every expired counter, whatever its prefix: per-route client limits and "sign-in-name|" alike.
  const buckets = await db
    .deleteFrom('rate_limit_buckets')
    .where('expires_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  // A spent challenge need not be remembered once it has expired: it is refused as expired.
  // Servers judge expiry by their own clocks, the database deletes by its own: the hour's
  // margin keeps a skewed clock from reopening a spent challenge it still thinks is valid.
  const proofs = await db
    .deleteFrom('spent_proofs')
    .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirst();
  const invitations = await db
    .deleteFrom('invitations')
    .where('used_at', 'is', null)
    .where('expires_at', '<', sql<Date>`now() - interval '30 days'`)
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    rate_limit_buckets: Number(buckets.numDeletedRows),
    spent_proofs: Number(proofs.numDeletedRows),
    invitations: Number(invitations.numDeletedRows),
    unbound_attachments: await deleteUnboundAttachments(db),
  };
}

/** Starts the periodic run; returns a function that stops it. */
export function startMaintenance(db: Database, log: FastifyBaseLogger): () => void {
  const tick = (): void => {
    runMaintenance(db).then(
      (deleted) => log.info({ deleted }, 'maintenance done'),
      (error: unknown) =>
        log.warn({ err: error instanceof Error ? error.message : String(error) }, 'maintenance failed'),
    );
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, EVERY_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
