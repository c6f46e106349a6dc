/**
 * Housekeeping that every server process runs now and then. Every job is idempotent and safe to
 * run in several processes at once (no leader election): the deletions are one statement each,
 * and the retention purge takes one transaction per case, skipping a case another process holds
 * (services/retention.ts), so a run cut off half-way leaves no case half-purged.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from './db/database.js';
import { deleteExpiredChallenges } from './repositories/auth-challenges.js';
import { deleteLongExpiredInvitations } from './repositories/invitations.js';
import { deleteOldNotifications } from './repositories/outbox.js';
import { deleteExpiredBuckets } from './repositories/rate-limit-buckets.js';
import { deleteExpiredSessions } from './repositories/sessions.js';
import { deleteExpiredProofs } from './repositories/spent-proofs.js';
import { deleteUnboundAttachments } from './services/attachments.js';
import { purgeDueCases } from './services/retention.js';

const EVERY_MS = 15 * 60_000;

export async function runMaintenance(db: Database): Promise<Record<string, number>> {
  return {
    sessions: await deleteExpiredSessions(db),
    rate_limit_buckets: await deleteExpiredBuckets(db),
    spent_proofs: await deleteExpiredProofs(db),
    invitations: await deleteLongExpiredInvitations(db),
    unbound_attachments: await deleteUnboundAttachments(db),
    auth_challenges: await deleteExpiredChallenges(db),
    purged_cases: await purgeDueCases(db),
    notifications: await deleteOldNotifications(db),
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
