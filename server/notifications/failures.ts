/**
 * Notifications that could not be delivered (GET /api/team/notifications/failures, admins): still
 * being retried, or given up. Only the kind, the channel, the member it was for, the attempts and
 * the last error (addresses taken out, worker.ts): nothing about a case.
 */
import type { DeliveryFailure } from '#contract/notifications';
import type { Db } from '../db/executor.js';
import { toTime } from '../db/wire.js';
import type { MemberContext } from '../repositories/members.js';
import { listDeliveryFailures } from '../repositories/outbox.js';

/** The newest failures shown; older ones are in the same state and add nothing to act on. */
const MAX_FAILURES = 100;

export async function listFailures(db: Db, admin: MemberContext): Promise<DeliveryFailure[]> {
  const rows = await listDeliveryFailures(db, admin.teamId, MAX_FAILURES);
  return rows.map((row) => ({
    id: row.id,
    // The migration's CHECK constraints allow only the contract's values.
    kind: row.kind as DeliveryFailure['kind'],
    channel: row.channel as DeliveryFailure['channel'],
    member: row.member_id,
    attempts: row.attempts,
    last_error: row.last_error ?? '',
    created_at: toTime(row.created_at),
    next_attempt_at: row.gave_up_at === null ? toTime(row.due_at) : null,
  }));
}
