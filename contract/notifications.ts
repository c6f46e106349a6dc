/**
 * Notifications (docs/http-api.md 10.11): e-mail to each member who asks for it, and one webhook per
 * team. Neither carries content: a notification names the team and the kind of event and links to
 * the console. A member's address is personal data the server stores in the clear (it must, to
 * send); the threat model says so.
 */
import { Type, type Static } from 'typebox';
import { Time, Uuid } from './common.js';
import { DigestMinutes, NotificationChannel, NotificationEvent, NotificationKind } from './enumerations.js';
import { LANGUAGES } from './languages.js';

/** The language a member's mail is written in: a shipped one (contract/languages.ts). */
export const NotificationLanguage = Type.Enum(LANGUAGES);

/** An address the server will send to: no display name, no control characters, one @. */
export const EmailAddress = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern:
    '^[^\\s@<>()",;:\\\\\\u0000-\\u001f\\u007f]+@[^\\s@<>()",;:\\\\\\u0000-\\u001f\\u007f]+\\.[^\\s@<>()",;:\\\\\\u0000-\\u001f\\u007f]+$',
  description: 'a plain e-mail address such as ana@example.org',
});

export const NotificationEvents = Type.Array(NotificationEvent, { uniqueItems: true, maxItems: 10 });

/** What a new member starts with, until they choose for themselves; admins set it for the team. */
export const NotificationDefaults = Type.Object(
  { events: NotificationEvents, digest_minutes: DigestMinutes },
  { additionalProperties: false },
);
export type NotificationDefaults = Static<typeof NotificationDefaults>;

/** GET /api/me/notifications: the member's own choices, and whether the deployment can send mail. */
export const MyNotifications = Type.Object({
  /** False when the deployment has no SMTP_URL: the console says notifications are off. */
  email_available: Type.Boolean(),
  email: Type.Union([EmailAddress, Type.Null()]),
  events: NotificationEvents,
  digest_minutes: DigestMinutes,
  /** The language of their mail; English until they choose. */
  language: NotificationLanguage,
  /** True while the member has not chosen: `events` and `digest_minutes` are the team's defaults. */
  using_team_defaults: Type.Boolean(),
});
export type MyNotifications = Static<typeof MyNotifications>;

export const MyNotificationsPut = Type.Object(
  {
    email: Type.Union([EmailAddress, Type.Null()]),
    events: NotificationEvents,
    digest_minutes: DigestMinutes,
    /** Left out: the language stays as it was (clients written before it was offered). */
    language: Type.Optional(NotificationLanguage),
  },
  { additionalProperties: false },
);
export type MyNotificationsPut = Static<typeof MyNotificationsPut>;

/**
 * The team's webhook: an https URL (never one that resolves to a loopback, private or link-local
 * address, unless the deployment allows loopback for tests), and the events it announces. It
 * announces only events of cases without exclusions or recusals. `secret` (admins only) keys the
 * HMAC-SHA256 signature the receiver checks.
 */
export const WebhookUrl = Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://' });
export const TeamWebhook = Type.Object({
  url: Type.Union([Type.String(), Type.Null()]),
  events: NotificationEvents,
  /** hex of 32 random bytes; only in an admin's reply, null otherwise or when there is no webhook. */
  secret: Type.Union([Type.String(), Type.Null()]),
});
export type TeamWebhook = Static<typeof TeamWebhook>;
export const TeamWebhookPut = Type.Object(
  {
    url: Type.Union([WebhookUrl, Type.Null()]),
    events: NotificationEvents,
    /** true: make a new secret (the receiver must be told it); the first URL always gets one. */
    rotate_secret: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TeamWebhookPut = Static<typeof TeamWebhookPut>;

/** POST /api/me/notifications/test and /api/team/webhook/test: queue one test notification. */
export const NotificationQueued = Type.Object({ id: Type.Integer() });

/**
 * A notification not delivered after retries, for admins (GET /api/team/notifications/failures).
 * No content, by construction: the kind, where it was going (a member, or the webhook), how often it
 * was tried and the last error as the mail server or the webhook answered it.
 */
export const DeliveryFailure = Type.Object({
  id: Type.Integer(),
  kind: NotificationKind,
  channel: NotificationChannel,
  member: Type.Union([Uuid, Type.Null()]),
  attempts: Type.Integer(),
  last_error: Type.String(),
  created_at: Time,
  /** When it will be tried again; null once the outbox gave up on it. */
  next_attempt_at: Type.Union([Time, Type.Null()]),
});
export type DeliveryFailure = Static<typeof DeliveryFailure>;
export const DeliveryFailureList = Type.Object({ failures: Type.Array(DeliveryFailure) });
