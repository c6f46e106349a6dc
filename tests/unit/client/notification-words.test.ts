// Notifications in words and the notification forms' checks
// (client/src/features/team/model/notification-words.ts): every value of the contract has words,
// a member is offered only what they may receive, and an address is refused here exactly when
// the contract's schema would refuse it.
import { describe, expect, it } from 'vitest';

/**
 * The shape of the console's ApiError (client/src/lib/api-client.ts), made here: that module is
 * written for the browser's module resolution, not the tests' type-check.
 */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
import { Check } from 'typebox/value';

import {
  DIGEST_MINUTES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  NOTIFICATION_KINDS,
} from '../../../contract/enumerations.js';
import { EmailAddress, MyNotificationsPut } from '../../../contract/notifications.js';
import {
  attemptsWords,
  CHANNEL_WORDS,
  DIGEST_WORDS,
  digestFromValue,
  emailProblem,
  emailToSave,
  eventsToSave,
  eventWords,
  failureRecipient,
  KIND_WORDS,
  nextTryWords,
  offeredEvents,
  testMailErrorText,
  toggleEvent,
  webhookUrlProblem,
  webhookUrlToSave,
  type EventAudience,
} from '../../../client/src/features/team/model/notification-words.js';

const AUDIENCES: EventAudience[] = ['me', 'defaults', 'webhook'];

describe('notification words', () => {
  it('has words for every event, kind, channel and interval of the contract', () => {
    for (const event of NOTIFICATION_EVENTS) {
      for (const audience of AUDIENCES) {
        const words = eventWords(event, audience);
        expect(words.label).toMatch(/\S/);
        expect(words.detail).toMatch(/\S/);
      }
    }
    for (const kind of NOTIFICATION_KINDS) expect(KIND_WORDS[kind]).toMatch(/\S/);
    for (const channel of NOTIFICATION_CHANNELS) expect(CHANNEL_WORDS[channel]).toMatch(/\S/);
    for (const minutes of DIGEST_MINUTES) expect(DIGEST_WORDS[minutes]).toMatch(/\S/);
  });

  it('names the intervals as a person says them', () => {
    expect(DIGEST_MINUTES.map((m) => DIGEST_WORDS[m])).toEqual([
      'At once',
      'Hourly',
      'Every 4 hours',
      'Daily',
    ]);
  });

  it('never speaks to a shared room as "you" or "me"', () => {
    for (const event of NOTIFICATION_EVENTS) {
      const { label, detail } = eventWords(event, 'webhook');
      expect(`${label} ${detail}`).not.toMatch(/\b(you|your|me|my)\b/i);
    }
  });

  it('reads a drop-down value back only as an interval the contract lists', () => {
    for (const minutes of DIGEST_MINUTES) expect(digestFromValue(String(minutes))).toBe(minutes);
    expect(digestFromValue('30')).toBeNull();
    expect(digestFromValue('')).toBeNull();
    expect(digestFromValue('60.0')).toBeNull();
  });
});

describe('which events a member chooses', () => {
  it('offers "a member is waiting for approval" to admins only', () => {
    expect(offeredEvents('admin')).toEqual(NOTIFICATION_EVENTS);
    expect(offeredEvents('member')).not.toContain('member_pending');
    expect(offeredEvents('member')).toEqual(NOTIFICATION_EVENTS.filter((e) => e !== 'member_pending'));
  });

  it('ticks and unticks in the contract’s order, without repeats', () => {
    expect(toggleEvent(['date_passed'], 'new_case', true)).toEqual(['new_case', 'date_passed']);
    expect(toggleEvent(['new_case', 'date_passed'], 'new_case', true)).toEqual(['new_case', 'date_passed']);
    expect(toggleEvent(['new_case', 'date_passed'], 'new_case', false)).toEqual(['date_passed']);
    expect(toggleEvent([], 'member_pending', false)).toEqual([]);
  });

  it('saves what was ticked among the events the form showed, in the contract’s order', () => {
    const offered = offeredEvents('member');
    expect(eventsToSave(['date_passed', 'new_case', 'new_case'], offered)).toEqual([
      'new_case',
      'date_passed',
    ]);
    expect(eventsToSave(['member_pending', 'reporter_replied'], offered)).toEqual(['reporter_replied']);
    expect(eventsToSave([], offered)).toEqual([]);
    expect(eventsToSave(['member_pending'], offeredEvents('admin'))).toEqual(['member_pending']);
  });

  it('saves what the contract accepts', () => {
    const events = eventsToSave(['date_passed', 'new_case'], offeredEvents('member'));
    expect(Check(MyNotificationsPut, { email: 'ana@example.org', events, digest_minutes: 240 })).toBe(true);
  });
});

describe('the e-mail address', () => {
  it('takes no address as "no e-mail"', () => {
    expect(emailProblem('')).toBeNull();
    expect(emailProblem('   ')).toBeNull();
    expect(emailToSave('  ')).toBeNull();
    expect(emailToSave(' ana@example.org ')).toBe('ana@example.org');
  });

  it('refuses exactly what the contract refuses, after trimming', () => {
    const samples = [
      'ana@example.org',
      'ana.b+confide@mail.example.org',
      '  ana@example.org ',
      'ana',
      'ana@example',
      'Ana <ana@example.org>',
      'ana@@example.org',
      'ana@exa mple.org',
      'ana@example.org\r\nBcc: eve@example.org',
      'ana,ben@example.org',
      `${'a'.repeat(250)}@example.org`,
    ];
    for (const sample of samples) {
      const accepted = emailProblem(sample) === null;
      expect(accepted, sample).toBe(Check(EmailAddress, sample.trim()));
    }
    expect(emailProblem('ana')).toMatch(/plain e-mail address/);
    expect(emailProblem(`${'a'.repeat(250)}@example.org`)).toMatch(/too long/);
  });
});

describe('the webhook address', () => {
  it('takes no address as "no webhook"', () => {
    expect(webhookUrlProblem('')).toBeNull();
    expect(webhookUrlToSave('  ')).toBeNull();
    expect(webhookUrlToSave(' https://chat.example.org/hooks/abc ')).toBe(
      'https://chat.example.org/hooks/abc',
    );
  });

  it('takes a whole web address and refuses anything else', () => {
    expect(webhookUrlProblem('https://chat.example.org/hooks/abc')).toBeNull();
    expect(webhookUrlProblem('chat.example.org/hooks')).toMatch(/starting with https:\/\//);
    expect(webhookUrlProblem('ftp://chat.example.org/')).toMatch(/starting with https:\/\//);
    expect(webhookUrlProblem('javascript:alert(1)')).toMatch(/starting with https:\/\//);
    expect(webhookUrlProblem('https://user:secret@chat.example.org/')).toMatch(/user name and password/);
    expect(webhookUrlProblem(`https://chat.example.org/${'a'.repeat(2000)}`)).toMatch(/too long/);
  });
});

describe('delivery failures in words', () => {
  const names = new Map([['7b0c6f39-4a53-4c4e-9a53-2f3f3c1d2e10', 'Ana']]);

  it('names the member by the roster, or the team’s webhook', () => {
    expect(
      failureRecipient({ channel: 'email', member: '7b0c6f39-4a53-4c4e-9a53-2f3f3c1d2e10' }, names),
    ).toBe('Ana');
    expect(
      failureRecipient({ channel: 'email', member: '00000000-0000-4000-8000-000000000000' }, names),
    ).toBe('A member no longer on the roster');
    expect(failureRecipient({ channel: 'webhook', member: null }, names)).toBe('The team’s webhook');
  });

  it('counts the attempts in words', () => {
    expect(attemptsWords(0)).toBe('Not tried yet');
    expect(attemptsWords(1)).toBe('Tried once');
    expect(attemptsWords(2)).toBe('Tried twice');
    expect(attemptsWords(7)).toBe('Tried 7 times');
  });

  it('says when it is tried again, or that the outbox gave up', () => {
    expect(nextTryWords({ next_attempt_at: null })).toMatch(/^Gave up/);
    expect(nextTryWords({ next_attempt_at: '2030-05-04T10:20:00.000Z' })).toMatch(/^Next try .*2030/);
  });
});

describe('the test mail’s refusals', () => {
  it('says what to do about a refusal the page knows', () => {
    expect(testMailErrorText(new ApiError(409, 'notifications_off', 'Notifications are off.'))).toMatch(
      /SMTP_URL/,
    );
    expect(testMailErrorText(new ApiError(409, 'no_email_address', 'No address.'))).toMatch(
      /Save an e-mail address first/,
    );
  });

  it('shows any other refusal as the server said it, and a bug in general words', () => {
    expect(testMailErrorText(new ApiError(429, 'too_many_requests', 'Please wait a minute.'))).toBe(
      'Please wait a minute.',
    );
    expect(testMailErrorText(new TypeError('x is undefined'))).toBe('The test could not be sent.');
  });
});
