/**
 * Notifications (docs/http-api.md 10.11): the signed-in member's own choices, the team's webhook
 * and the deliveries that failed (both for admins). No call here carries case content: a
 * notification only names the team and the kind of event.
 */
import {
  DeliveryFailureList,
  MyNotifications,
  NotificationQueued,
  TeamWebhook,
  type DeliveryFailure,
  type MyNotificationsPut,
  type TeamWebhookPut,
} from '#contract/notifications';
import { api, type RequestOptions } from '../../../lib/api-client';
import { decodeWith } from '../../../lib/decode';

export type { DeliveryFailure, MyNotifications, MyNotificationsPut, TeamWebhook, TeamWebhookPut };

const decodeMyNotifications = decodeWith(MyNotifications);
const decodeTeamWebhook = decodeWith(TeamWebhook);
const decodeQueued = decodeWith(NotificationQueued, (reply) => reply.id);
const decodeFailures = decodeWith(DeliveryFailureList, (reply) => reply.failures);

/** GET /api/me/notifications: the member's address and choices, and whether mail can be sent at all. */
export function getMyNotifications(options: RequestOptions = {}): Promise<MyNotifications> {
  return api.get('/me/notifications', decodeMyNotifications, options);
}

/** PUT /api/me/notifications: replaces the member's choices; resolves with them as now stored. */
export function putMyNotifications(
  choices: MyNotificationsPut,
  options: RequestOptions = {},
): Promise<MyNotifications> {
  return api.put('/me/notifications', choices, decodeMyNotifications, options);
}

/**
 * POST /api/me/notifications/test: queues one test mail to the saved address. Refused (409)
 * with `notifications_off` when the deployment has no mail server, `no_email_address` when the
 * member saved none.
 */
export function sendMyTestNotification(options: RequestOptions = {}): Promise<number> {
  return api.post('/me/notifications/test', undefined, decodeQueued, options);
}

/** GET /api/team/webhook (admins): the address, its events and the signing secret. */
export function getTeamWebhook(options: RequestOptions = {}): Promise<TeamWebhook> {
  return api.get('/team/webhook', decodeTeamWebhook, options);
}

/**
 * PUT /api/team/webhook (admins): a null `url` turns the webhook off; `rotate_secret` makes a
 * new secret. Refused (400 `webhook_url_not_allowed`) for an address the server may not call,
 * with a message saying why.
 */
export function putTeamWebhook(webhook: TeamWebhookPut, options: RequestOptions = {}): Promise<TeamWebhook> {
  return api.put('/team/webhook', webhook, decodeTeamWebhook, options);
}

/** POST /api/team/webhook/test (admins): queues one test announcement to the saved address. */
export function sendWebhookTest(options: RequestOptions = {}): Promise<number> {
  return api.post('/team/webhook/test', undefined, decodeQueued, options);
}

/** GET /api/team/notifications/failures (admins): notifications not delivered. */
export function getDeliveryFailures(options: RequestOptions = {}): Promise<DeliveryFailure[]> {
  return api.get('/team/notifications/failures', decodeFailures, options);
}
