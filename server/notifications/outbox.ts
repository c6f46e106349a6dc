/**
 * What services call when something happened that people asked to be told about. Each writes its
 * outbox rows with the executor it is given: the transaction of the change itself, so the change
 * and its notifications commit together or not at all. After the commit, the service calls
 * wakeNotificationWorkers() so this process delivers at once. (New cases are written by intake's
 * own statement: repositories/outbox.ts, newCaseNotifications.)
 */
import type { Db } from '../db/executor.js';
import { enqueueMemberPending, enqueueReporterReplied } from '../repositories/outbox.js';

export { wakeNotificationWorkers } from './signal.js';

/** The reporter answered on a case: its assignee (if they chose it) and the team webhook. */
export async function notifyReporterReplied(tx: Db, caseId: string): Promise<void> {
  await enqueueReporterReplied(tx, caseId);
}

/** Someone accepted an invitation and waits for approval: the admins and the team webhook. */
export async function notifyMemberPending(tx: Db, teamId: string): Promise<void> {
  await enqueueMemberPending(tx, teamId);
}
