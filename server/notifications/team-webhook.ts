/**
 * The team's webhook (GET/PUT /api/team/webhook, admins) and its test delivery.
 *
 * The URL is checked when it is saved (and again before every delivery, worker.ts): https, and
 * resolving only to public addresses (webhook.ts). The first URL gets a secret, 32 random bytes
 * shown as hex to admins, which keys the signature of every delivery; `rotate_secret` makes a
 * new one; removing the URL removes the secret. Every change is audited by what changed, never
 * with the URL (it often carries a token) or the secret.
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { TeamWebhook, TeamWebhookPut } from '#contract/notifications';
import type { Database } from '../db/database.js';
import type { Db } from '../db/executor.js';
import { AppError, conflict } from '../errors.js';
import { recordAudit } from '../repositories/audit-events.js';
import type { MemberContext } from '../repositories/members.js';
import {
  findTeamWebhook,
  storeTeamWebhook,
  type TeamWebhookRow,
} from '../repositories/notification-settings.js';
import { enqueueTest } from '../repositories/outbox.js';
import { lockTeam } from '../repositories/teams.js';
import { wakeNotificationWorkers } from './signal.js';
import { checkWebhookUrl, WebhookUrlRefused } from './webhook.js';

const SECRET_BYTES = 32;

function teamWebhook(row: TeamWebhookRow): TeamWebhook {
  return {
    url: row.url,
    // Written from a body the schema checked, or the migration's default.
    events: row.events as TeamWebhook['events'],
    secret: row.url === null || row.secret === null ? null : row.secret.toString('hex'),
  };
}

export async function readTeamWebhook(db: Db, admin: MemberContext): Promise<TeamWebhook> {
  return teamWebhook(await findTeamWebhook(db, admin.teamId));
}

export async function saveTeamWebhook(
  db: Database,
  admin: MemberContext,
  put: TeamWebhookPut,
  allowLoopback: boolean,
): Promise<TeamWebhook> {
  const current = await findTeamWebhook(db, admin.teamId);
  // Checked outside the transaction: a DNS lookup must not hold the team's row locked.
  if (put.url !== null && put.url !== current.url) await checkOrRefuse(put.url, allowLoopback);
  return db.transaction().execute(async (tx) => {
    await lockTeam(tx, admin.teamId);
    const before = await findTeamWebhook(tx, admin.teamId);
    const newSecret = put.url !== null && (before.secret === null || put.rotate_secret === true);
    const secret = put.url === null ? null : newSecret ? randomBytes(SECRET_BYTES) : before.secret;
    const fields = [
      ...(before.url !== put.url ? ['url'] : []),
      ...(!isDeepStrictEqual(before.events, put.events) ? ['events'] : []),
    ];
    if (fields.length === 0 && !newSecret) return teamWebhook(before);
    await storeTeamWebhook(tx, admin.teamId, { url: put.url, events: put.events, secret });
    await recordAudit(tx, {
      teamId: admin.teamId,
      memberId: admin.id,
      action: 'team.webhook_changed',
      details: {
        fields,
        webhook: put.url === null ? 'removed' : before.url === null ? 'added' : 'kept',
        ...(newSecret ? { secret: 'new' } : {}),
      },
    });
    return teamWebhook(await findTeamWebhook(tx, admin.teamId));
  });
}

async function checkOrRefuse(url: string, allowLoopback: boolean): Promise<void> {
  try {
    await checkWebhookUrl(url, allowLoopback);
  } catch (error) {
    if (error instanceof WebhookUrlRefused) throw new AppError(400, 'webhook_url_not_allowed', error.message);
    throw error;
  }
}

/** Queues a `test` delivery to the team's webhook: 409 notifications_off when there is none. */
export async function queueTestWebhook(db: Db, admin: MemberContext): Promise<number> {
  const webhook = await findTeamWebhook(db, admin.teamId);
  if (webhook.url === null)
    throw conflict('notifications_off', 'The team has no webhook; save its address first');
  const id = await enqueueTest(db, { teamId: admin.teamId, memberId: null });
  wakeNotificationWorkers();
  return id;
}
