/**
 * Notifications in words (contract/notifications.ts and its enumerations), and the checks the
 * notification forms make before anything is sent. The lists come from the contract, so a value
 * added there fails to compile here until it has words.
 */
import { i18n, type MessageDescriptor } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import {
  DIGEST_MINUTES,
  NOTIFICATION_EVENTS,
  type DigestMinutes,
  type NotificationChannel,
  type NotificationEvent,
  type NotificationKind,
} from '#contract/enumerations';
import type { DeliveryFailure } from '#contract/notifications';
import { EmailAddress, WebhookUrl } from '#contract/notifications';
// Value's interpreter, not Compile: no eval under the page's Content-Security-Policy.
import { Check } from 'typebox/value';
import { translatedRecord } from '../../../i18n/translated-record.js';
import { formatDateTime } from '../../../lib/format.js';
import { errorText } from '../../../lib/error-words.js';

/**
 * Who an event is told to: the member reading their own choices, the team's defaults for new
 * members, or the team's webhook (a shared room, so never "you").
 */
export type EventAudience = 'me' | 'defaults' | 'webhook';

interface EventWords {
  readonly label: string;
  readonly detail: string;
}

const NEW_CASE_DETAIL: Readonly<Record<EventAudience, MessageDescriptor>> = {
  me: msg`An urgent case is told at once; other new cases are gathered at the interval you choose below.`,
  defaults: msg`An urgent case is told at once; other new cases are gathered at the interval chosen below.`,
  webhook: msg`Told when a case arrives.`,
};

const REPLIED: Readonly<Record<EventAudience, { label: MessageDescriptor; detail: MessageDescriptor }>> = {
  me: {
    label: msg`The reporter or an invited target wrote on a case assigned to me`,
    detail: msg`Told at once.`,
  },
  defaults: {
    label: msg`The reporter or an invited target wrote on a case assigned to the member`,
    detail: msg`Told at once, only to the member the case is assigned to.`,
  },
  webhook: { label: msg`The reporter or an invited target wrote on a case`, detail: msg`Told at once.` },
};

const PENDING_DETAIL: Readonly<Record<EventAudience, MessageDescriptor>> = {
  me: msg`Someone used an invitation and waits for an admin to approve them.`,
  defaults: msg`Someone used an invitation and waits for approval. Only admins receive this.`,
  webhook: msg`Someone used an invitation and waits for an admin to approve them.`,
};

/** An event as a check box: its label and the words under it, for the audience reading it. */
export function eventWords(event: NotificationEvent, audience: EventAudience): EventWords {
  switch (event) {
    case 'new_case':
      return { label: i18n._(msg`A new case`), detail: i18n._(NEW_CASE_DETAIL[audience]) };
    case 'reporter_replied': {
      const words = REPLIED[audience];
      return { label: i18n._(words.label), detail: i18n._(words.detail) };
    }
    case 'date_passed':
      return {
        label: i18n._(msg`A check-in, follow-up or first-response date passed`),
        detail: i18n._(msg`Told once for each date, when it passes.`),
      };
    case 'member_pending':
      return {
        label: i18n._(msg`A member is waiting for approval`),
        detail: i18n._(PENDING_DETAIL[audience]),
      };
  }
}

/** The events a member may choose for themselves: only admins approve members. */
export function offeredEvents(role: 'admin' | 'member'): readonly NotificationEvent[] {
  return role === 'admin' ? NOTIFICATION_EVENTS : NOTIFICATION_EVENTS.filter((e) => e !== 'member_pending');
}

/**
 * What to save from a form that offered only `offered`: the events ticked among them, in the
 * contract's order, without repeats. The server drops `member_pending` from a member who is not
 * an admin in any case; the page sends only what it showed.
 */
export function eventsToSave(
  ticked: readonly NotificationEvent[],
  offered: readonly NotificationEvent[],
): NotificationEvent[] {
  return NOTIFICATION_EVENTS.filter((e) => offered.includes(e) && ticked.includes(e));
}

/** `events` with `event` ticked or not, in the contract's order. */
export function toggleEvent(
  events: readonly NotificationEvent[],
  event: NotificationEvent,
  ticked: boolean,
): NotificationEvent[] {
  return NOTIFICATION_EVENTS.filter((e) => (e === event ? ticked : events.includes(e)));
}

/** The digest intervals, as the drop-down offers them. */
export const DIGEST_WORDS: Readonly<Record<DigestMinutes, string>> = translatedRecord<`${DigestMinutes}`>({
  0: msg`At once`,
  60: msg`Hourly`,
  240: msg`Every 4 hours`,
  1440: msg`Daily`,
});

export const DIGEST_CHOICES = DIGEST_MINUTES;

/** A drop-down's value back into an interval; null for anything the contract does not list. */
export function digestFromValue(value: string): DigestMinutes | null {
  return DIGEST_MINUTES.find((m) => String(m) === value) ?? null;
}

/** What an outbox row announced, as the delivery failures list names it. */
export const KIND_WORDS: Readonly<Record<NotificationKind, string>> = translatedRecord({
  urgent_case: msg`An urgent new case`,
  new_cases: msg`New cases (a digest)`,
  reporter_replied: msg`A message from the reporter or an invited target`,
  check_in_passed: msg`A check-in date passed`,
  follow_up_passed: msg`A follow-up date passed`,
  first_response_passed: msg`A first-response target passed`,
  member_pending: msg`A member waiting for approval`,
  test: msg`A test`,
});

export const CHANNEL_WORDS: Readonly<Record<NotificationChannel, string>> = translatedRecord({
  email: msg`E-mail`,
  webhook: msg`Team webhook`,
});

/** To whom a failed notification was going: a member by name, or the team's webhook. */
export function failureRecipient(
  failure: Pick<DeliveryFailure, 'channel' | 'member'>,
  names: ReadonlyMap<string, string>,
): string {
  if (failure.channel === 'webhook') return i18n._(msg`The team’s webhook`);
  if (failure.member === null) return i18n._(msg`A member`);
  return names.get(failure.member) ?? i18n._(msg`A member no longer on the roster`);
}

export function attemptsWords(attempts: number): string {
  if (attempts <= 0) return i18n._(msg`Not tried yet`);
  return i18n._(msg`${plural(attempts, { 1: 'Tried once', 2: 'Tried twice', other: 'Tried # times' })}`);
}

/** When the outbox tries again, or that it gave up. */
export function nextTryWords(failure: Pick<DeliveryFailure, 'next_attempt_at'>): string {
  if (failure.next_attempt_at === null) return i18n._(msg`Gave up: it will not be tried again`);
  const when = formatDateTime(failure.next_attempt_at);
  return i18n._(msg`Next try ${when}`);
}

/** The longest address there is (RFC 5321), as the contract's EmailAddress allows. */
const MAX_EMAIL_CHARS = 254;

/**
 * What is wrong with an address typed in, or null when it will do. Empty is fine: no address,
 * no mail. Checked against the contract's own schema, so what passes here the server takes.
 */
export function emailProblem(text: string): string | null {
  const address = text.trim();
  if (address === '') return null;
  if (address.length > MAX_EMAIL_CHARS) return i18n._(msg`That is too long for an e-mail address.`);
  return Check(EmailAddress, address)
    ? null
    : i18n._(msg`Give a plain e-mail address, such as ana@example.org.`);
}

/** The address to save: trimmed, null when empty. */
export function emailToSave(text: string): string | null {
  const address = text.trim();
  return address === '' ? null : address;
}

/**
 * What is wrong with a webhook address typed in, or null when it will do (empty: no webhook).
 * Only its form: whether it may be reached (not inside the network) the server decides, and
 * says why when it refuses.
 */
export function webhookUrlProblem(text: string): string | null {
  const address = text.trim();
  if (address === '') return null;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return i18n._(msg`Give the whole address, starting with https://.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return i18n._(msg`Give the whole address, starting with https://.`);
  }
  if (url.username !== '' || url.password !== '') {
    return i18n._(
      msg`Leave the user name and password out of the address; most receivers take a token in the path instead.`,
    );
  }
  if (!Check(WebhookUrl, address)) return i18n._(msg`That address is too long.`);
  return null;
}

export function webhookUrlToSave(text: string): string | null {
  const address = text.trim();
  return address === '' ? null : address;
}

/**
 * The refusals of the test mail, in the page's words; anything else as errorText says it. The
 * server's own message for these is right too, but the page can say what to do about it.
 */
const TEST_MAIL_REFUSALS: Readonly<Record<string, MessageDescriptor>> = {
  notifications_off: msg`Notifications are off on this deployment: whoever runs this server has not set up a mail server (SMTP_URL), so no test can be sent.`,
  no_email_address: msg`Save an e-mail address first: the test goes to the address saved for you.`,
};

export function testMailErrorText(error: unknown): string {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && Object.hasOwn(TEST_MAIL_REFUSALS, code)) {
    return i18n._(TEST_MAIL_REFUSALS[code] as MessageDescriptor);
  }
  return errorText(error, i18n._(msg`The test could not be sent.`));
}
