// The notification and settings replies as the console decodes them (client/src/lib/decode.ts
// with the schemas of contract/notifications.ts and contract/settings.ts): a reply of the
// contract's shape passes, a digest interval or event the contract does not list is refused.
import { describe, expect, it } from 'vitest';

import { DeliveryFailureList, MyNotifications, TeamWebhook } from '../../../contract/notifications.js';
import { TeamSettings } from '../../../contract/settings.js';
import { decodeWith, DecodeError, replyShape, shapeGuard } from '../../../client/src/lib/decode.js';

const myNotifications = {
  email_available: true,
  email: 'ana@example.org',
  events: ['new_case', 'reporter_replied'],
  digest_minutes: 240,
  language: 'en',
  using_team_defaults: false,
};

const settings = {
  name: 'Wiki safety',
  description: '',
  first_response_hours: 48,
  quorum: 2,
  templates: {},
  description_translations: {},
  template_translations: {},
  support_kit: [],
  handles_life_threats: true,
  handles_child_safety: false,
  community: 'en.wikipedia',
  retention_days: null,
  require_second_factor: true,
  notification_defaults: { events: ['new_case', 'member_pending'], digest_minutes: 0 },
  appeals_per_case: 1,
  appeal_wait_days: 0,
};

describe('the notification replies', () => {
  it('decodes the member’s own choices, and refuses an interval the contract does not list', () => {
    const decode = decodeWith(MyNotifications);
    expect(decode(myNotifications)).toEqual(myNotifications);
    expect(decode({ ...myNotifications, email: null, email_available: false })).toMatchObject({
      email: null,
    });
    expect(() => decode({ ...myNotifications, digest_minutes: 30 })).toThrow(DecodeError);
    expect(() => decode({ ...myNotifications, digest_minutes: '60' })).toThrow(DecodeError);
    expect(() => decode({ ...myNotifications, events: ['new_case', 'lunch'] })).toThrow(DecodeError);
  });

  it('answers as Value does with the compiled guard, for every interval', () => {
    const guard = shapeGuard(replyShape(MyNotifications));
    for (const digest_minutes of [0, 60, 240, 1440]) {
      expect(guard({ ...myNotifications, digest_minutes })).toBe(true);
    }
    for (const digest_minutes of [1, 59, 1441, null, '0']) {
      expect(guard({ ...myNotifications, digest_minutes })).toBe(false);
    }
  });

  it('decodes the webhook and the delivery failures', () => {
    const webhook = { url: 'https://chat.example.org/hook', events: ['new_case'], secret: 'ab'.repeat(32) };
    expect(decodeWith(TeamWebhook)(webhook)).toEqual(webhook);
    expect(decodeWith(TeamWebhook)({ url: null, events: [], secret: null })).toMatchObject({ url: null });
    const failure = {
      id: 3,
      kind: 'urgent_case',
      channel: 'email',
      member: '7b0c6f39-4a53-4c4e-9a53-2f3f3c1d2e10',
      attempts: 4,
      last_error: '550 mailbox unavailable',
      created_at: '2030-05-04T10:20:00.000Z',
      next_attempt_at: null,
    };
    expect(decodeWith(DeliveryFailureList)({ failures: [failure] })).toEqual({ failures: [failure] });
    expect(() => decodeWith(DeliveryFailureList)({ failures: [{ ...failure, kind: 'case_title' }] })).toThrow(
      DecodeError,
    );
  });
});

describe('the team settings reply', () => {
  it('carries the flags, retention, the second-factor rule and the notification defaults', () => {
    const decode = decodeWith(TeamSettings);
    expect(decode(settings)).toEqual(settings);
    expect(decode({ ...settings, retention_days: 90 })).toMatchObject({ retention_days: 90 });
    const { notification_defaults: _, ...withoutDefaults } = settings;
    expect(() => decode(withoutDefaults)).toThrow(/notification_defaults/);
    expect(() => decode({ ...settings, retention_days: 'off' })).toThrow(DecodeError);
    expect(() => decode({ ...settings, notification_defaults: { events: [], digest_minutes: 5 } })).toThrow(
      DecodeError,
    );
  });
});
