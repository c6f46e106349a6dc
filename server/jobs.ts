/**
 * Housekeeping that every server process runs now and then. Each job is one idempotent
 * statement, so several processes running them at once is harmless (no leader election).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db/database.js';
import { deleteLongExpiredInvitations } from './repositories/invitations.js';
import { deleteExpiredBuckets } from './repositories/rate-limit-buckets.js';
import { deleteExpiredSessions } from './repositories/sessions.js';
import { deleteExpiredProofs } from './repositories/spent-proofs.js';
import { deleteUnboundAttachments } from './services/attachments.js';

const EVERY_MS = 15 * 60_000;

export async function runMaintenance(db: Database): Promise<Record<string, number>> {
  return {
    sessions: await deleteExpiredSessions(db),
    rate_limit_buckets: await deleteExpiredBuckets(db),
    spent_proofs: await deleteExpiredProofs(db),
    invitations: await deleteLongExpiredInvitations(db),
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
