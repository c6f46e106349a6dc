/**
 * Notifications in words (contract/notifications.ts and its enumerations), and the checks the
 * notification forms make before anything is sent. The lists come from the contract, so a value
 * added there fails to compile here until it has words.
 */
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

const NEW_CASE_DETAIL: Readonly<Record<EventAudience, string>> = {
  me: 'An urgent case is told at once; other new cases are gathered at the interval you choose below.',
  defaults: 'An urgent case is told at once; other new cases are gathered at the interval chosen below.',
  webhook: 'Told when a case arrives.',
};

const REPLIED: Readonly<Record<EventAudience, EventWords>> = {
  me: {
    label: 'The reporter or an invited target wrote on a case assigned to me',
    detail: 'Told at once.',
  },
  defaults: {
    label: 'The reporter or an invited target wrote on a case assigned to the member',
    detail: 'Told at once, only to the member the case is assigned to.',
  },
  webhook: { label: 'The reporter or an invited target wrote on a case', detail: 'Told at once.' },
};

const PENDING_DETAIL: Readonly<Record<EventAudience, string>> = {
  me: 'Someone used an invitation and waits for an admin to approve them.',
  defaults: 'Someone used an invitation and waits for approval. Only admins receive this.',
  webhook: 'Someone used an invitation and waits for an admin to approve them.',
};

/** An event as a check box: its label and the words under it, for the audience reading it. */
export function eventWords(event: NotificationEvent, audience: EventAudience): EventWords {
  switch (event) {
    case 'new_case':
      return { label: 'A new case', detail: NEW_CASE_DETAIL[audience] };
    case 'reporter_replied':
      return REPLIED[audience];
    case 'date_passed':
      return {
        label: 'A check-in, follow-up or first-response date passed',
        detail: 'Told once for each date, when it passes.',
      };
    case 'member_pending':
      return { label: 'A member is waiting for approval', detail: PENDING_DETAIL[audience] };
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
export const DIGEST_WORDS: Readonly<Record<DigestMinutes, string>> = {
  0: 'At once',
  60: 'Hourly',
  240: 'Every 4 hours',
  1440: 'Daily',
};

export const DIGEST_CHOICES = DIGEST_MINUTES;

/** A drop-down's value back into an interval; null for anything the contract does not list. */
export function digestFromValue(value: string): DigestMinutes | null {
  return DIGEST_MINUTES.find((m) => String(m) === value) ?? null;
}

/** What an outbox row announced, as the delivery failures list names it. */
export const KIND_WORDS: Readonly<Record<NotificationKind, string>> = {
  urgent_case: 'An urgent new case',
  new_cases: 'New cases (a digest)',
  reporter_replied: 'A message from the reporter or an invited target',
  check_in_passed: 'A check-in date passed',
  follow_up_passed: 'A follow-up date passed',
  first_response_passed: 'A first-response target passed',
  member_pending: 'A member waiting for approval',
  test: 'A test',
};

export const CHANNEL_WORDS: Readonly<Record<NotificationChannel, string>> = {
  email: 'E-mail',
  webhook: 'Team webhook',
};

/** To whom a failed notification was going: a member by name, or the team's webhook. */
export function failureRecipient(
  failure: Pick<DeliveryFailure, 'channel' | 'member'>,
  names: ReadonlyMap<string, string>,
): string {
  if (failure.channel === 'webhook') return 'The team’s webhook';
  if (failure.member === null) return 'A member';
  return names.get(failure.member) ?? 'A member no longer on the roster';
}

export function attemptsWords(attempts: number): string {
  if (attempts <= 0) return 'Not tried yet';
  if (attempts === 1) return 'Tried once';
  if (attempts === 2) return 'Tried twice';
  return `Tried ${attempts} times`;
}

/** When the outbox tries again, or that it gave up. */
export function nextTryWords(failure: Pick<DeliveryFailure, 'next_attempt_at'>): string {
  return failure.next_attempt_at === null
    ? 'Gave up: it will not be tried again'
    : `Next try ${formatDateTime(failure.next_attempt_at)}`;
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
  if (address.length > MAX_EMAIL_CHARS) return 'That is too long for an e-mail address.';
  return Check(EmailAddress, address) ? null : 'Give a plain e-mail address, such as ana@example.org.';
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
    return 'Give the whole address, starting with https://.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'Give the whole address, starting with https://.';
  }
  if (url.username !== '' || url.password !== '') {
    return 'Leave the user name and password out of the address; most receivers take a token in the path instead.';
  }
  if (!Check(WebhookUrl, address)) return 'That address is too long.';
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
const TEST_MAIL_REFUSALS: Readonly<Record<string, string>> = {
  notifications_off:
    'Notifications are off on this deployment: whoever runs this server has not set up a mail server (SMTP_URL), so no test can be sent.',
  no_email_address: 'Save an e-mail address first: the test goes to the address saved for you.',
};

export function testMailErrorText(error: unknown): string {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && Object.hasOwn(TEST_MAIL_REFUSALS, code)) {
    return TEST_MAIL_REFUSALS[code] as string;
  }
  return errorText(error, 'The test could not be sent.');
}
