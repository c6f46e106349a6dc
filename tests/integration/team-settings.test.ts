/**
 * Team settings (members read, admins change) and each member's own sealed settings, over the
 * real API: validation of every field (the two "handles" flags, the community label, retention, the
 * second-factor rule and the notification defaults included), who may do what, the public team page
 * showing the new name, description, first-response target, flags and community label but never the
 * rest, and the audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemberSettings, ready, sealMemberSettings } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
  createTeamWithService,
  expectError,
  expectReply,
  injectAgent,
  joinTeam,
  signInFast,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;

interface TeamSettingsJson {
  name: string;
  description: string;
  first_response_hours: number;
  quorum: number;
  templates: Record<string, string>;
  support_kit: { title: string; details: string }[];
  handles_life_threats: boolean;
  handles_child_safety: boolean;
  community: string | null;
  retention_days: number | null;
  require_second_factor: boolean;
  notification_defaults: { events: string[]; digest_minutes: number };
}

const DEFAULT_NOTIFICATIONS = {
  events: ['new_case', 'reporter_replied', 'date_passed', 'member_pending'],
  digest_minutes: 60,
};

const patchSettings = (session: MemberSession, body: unknown) =>
  session.agent.patch('/api/team/settings', body);
const putSettings = (session: MemberSession, body: unknown) =>
  session.agent.request('PUT', '/api/me/settings', { json: body });

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana', name: 'Stewards', description: 'We help' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben' });
});
afterAll(async () => {
  await t.close();
});

describe('team settings', () => {
  it('members read them, with the defaults of a new team', async () => {
    const settings = expectReply<TeamSettingsJson>(
      await ben.session.agent.get('/api/team/settings'),
      200,
      'GET /api/team/settings',
    );
    expect(settings).toEqual({
      name: 'Stewards',
      description: 'We help',
      first_response_hours: 72,
      quorum: 2,
      templates: {},
      description_translations: {},
      template_translations: {},
      support_kit: [],
      handles_life_threats: false,
      handles_child_safety: false,
      community: null,
      retention_days: null,
      require_second_factor: false,
      notification_defaults: DEFAULT_NOTIFICATIONS,
      appeals_per_case: 1,
      appeal_wait_days: 0,
    });
  });

  it('refuses anyone without a session', async () => {
    const stranger = injectAgent(t.app);
    expectError(await stranger.get('/api/team/settings'), 401, 'unauthorized');
    expectError(await stranger.patch('/api/team/settings', { quorum: 1 }), 401, 'unauthorized');
  });

  it('refuses a change from a member who is not an admin', async () => {
    expectError(await patchSettings(ben.session, { quorum: 1 }), 403, 'admin_only');
  });

  it('refuses a change without the CSRF header', async () => {
    const res = await ana.agent.patch('/api/team/settings', { quorum: 1 }, { csrf: false });
    expectError(res, 403, 'missing_csrf_header');
  });

  it.each([
    ['an empty change', {}],
    ['an unknown field', { colour: 'blue' }],
    ['a quorum over 15', { quorum: 16 }],
    ['a negative quorum', { quorum: -1 }],
    ['a fractional quorum', { quorum: 1.5 }],
    ['a quorum as text', { quorum: '2' }],
    ['no first-response target', { first_response_hours: 0 }],
    ['a first-response target over 30 days', { first_response_hours: 24 * 30 + 1 }],
    ['an empty name', { name: '' }],
    ['a name with a line break', { name: 'Two\nlines' }],
    ['a name with a control character', { name: 'Bell\u0007' }],
    ['a name over 120 characters', { name: 'n'.repeat(121) }],
    ['a description with a control character', { description: 'Escape \u001b[31m' }],
    ['a description over 2000 characters', { description: 'd'.repeat(2001) }],
    ['an unknown template kind', { templates: { thank_you: 'Thanks' } }],
    ['a template that is not text', { templates: { acknowledgement: 42 } }],
    ['a template with a control character', { templates: { acknowledgement: 'Hi\u0000' } }],
    ['a template over 4000 characters', { templates: { acknowledgement: 't'.repeat(4001) } }],
    ['a support entry without a title', { support_kit: [{ title: '', details: 'x' }] }],
    ['a support entry with an extra field', { support_kit: [{ title: 'A', details: 'x', url: 'http://x' }] }],
    [
      'more than 50 support entries',
      { support_kit: Array.from({ length: 51 }, () => ({ title: 'A', details: '' })) },
    ],
    ['templates as a list', { templates: ['hello'] }],
    ['a flag as text', { handles_life_threats: 'yes' }],
    ['a flag as a number', { handles_child_safety: 1 }],
    ['a retention of 0 days', { retention_days: 0 }],
    ['a retention over 3650 days', { retention_days: 3651 }],
    ['a fractional retention', { retention_days: 1.5 }],
    ['a retention as text', { retention_days: '30' }],
    ['a second-factor rule as null', { require_second_factor: null }],
    ['notification defaults without a digest', { notification_defaults: { events: [] } }],
    [
      'notification defaults with an unknown event',
      { notification_defaults: { events: ['everything'], digest_minutes: 60 } },
    ],
    [
      'notification defaults with an event twice',
      { notification_defaults: { events: ['new_case', 'new_case'], digest_minutes: 60 } },
    ],
    [
      'notification defaults with another digest interval',
      { notification_defaults: { events: [], digest_minutes: 30 } },
    ],
    [
      'notification defaults with an extra field',
      { notification_defaults: { events: [], digest_minutes: 0, email: 'a@example.org' } },
    ],
  ])('refuses %s', async (_what, body) => {
    expectError(await patchSettings(ana, body), 400, 'invalid_request');
  });

  it('refuses a body that is not JSON', async () => {
    const res = await ana.agent.patch('/api/team/settings', undefined, {
      body: '{"quorum":',
      contentType: 'application/json',
    });
    expectError(res, 400, 'malformed_json');
  });

  it('applies an admin change, shows it to members, and audits the fields that changed', async () => {
    const change = {
      name: 'Wiki Stewards',
      description: 'We help.\nWrite to us.',
      first_response_hours: 48,
      quorum: 3,
      templates: { acknowledgement: 'Hello {reporter_name},\n\nwe read your report.' },
      support_kit: [{ title: 'Local helpline', details: 'Call 000 at any hour.' }],
    };
    const reply = expectReply<TeamSettingsJson>(await patchSettings(ana, change), 200, 'PATCH');
    expect(reply).toMatchObject(change);
    expect(
      expectReply<TeamSettingsJson>(await ben.session.agent.get('/api/team/settings'), 200, 'GET'),
    ).toMatchObject(change);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('action', '=', 'team.settings_changed')
      .execute();
    expect(audit).toEqual([
      {
        member_id: ana.member.id,
        details: {
          fields: ['name', 'description', 'first_response_hours', 'quorum', 'templates', 'support_kit'],
          quorum: { from: 2, to: 3 },
        },
      },
    ]);
    // Template wording and the kit stay out of the log.
    expect(JSON.stringify(audit)).not.toContain('we read your report');
    expect(JSON.stringify(audit)).not.toContain('helpline');
  });

  it('changes only what is given, and audits nothing when nothing changed', async () => {
    const reply = expectReply<TeamSettingsJson>(
      await patchSettings(ana, { quorum: 3, name: 'Wiki Stewards' }),
      200,
      'same',
    );
    expect(reply.templates).toEqual({ acknowledgement: 'Hello {reporter_name},\n\nwe read your report.' });
    const partial = expectReply<TeamSettingsJson>(await patchSettings(ana, { quorum: 0 }), 200, 'quorum 0');
    expect(partial).toMatchObject({ quorum: 0, name: 'Wiki Stewards', first_response_hours: 48 });
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'team.settings_changed')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ quorum: { from: 2, to: 3 } }),
      { fields: ['quorum'], quorum: { from: 3, to: 0 } },
    ]);
  });

  it('replaces the templates whole: a kind left out falls back to the built-in text', async () => {
    const reply = expectReply<TeamSettingsJson>(
      await patchSettings(ana, { templates: { closure_actionable: 'We acted.' } }),
      200,
      'templates',
    );
    expect(reply.templates).toEqual({ closure_actionable: 'We acted.' });
  });

  it('changes the flags, retention and notification defaults, audited', async () => {
    const change = {
      handles_life_threats: true,
      handles_child_safety: true,
      retention_days: 365,
      notification_defaults: { events: ['new_case', 'date_passed'], digest_minutes: 240 },
    };
    const reply = expectReply<TeamSettingsJson>(await patchSettings(ana, change), 200, 'PATCH');
    expect(reply).toMatchObject({ ...change, require_second_factor: false });
    expect(
      expectReply<TeamSettingsJson>(await ben.session.agent.get('/api/team/settings'), 200, 'GET'),
    ).toMatchObject(change);
    // Retention back to "kept"; the other fields stay.
    const kept = expectReply<TeamSettingsJson>(
      await patchSettings(ana, {
        retention_days: null,
        notification_defaults: { events: [], digest_minutes: 0 },
      }),
      200,
      'retention off',
    );
    expect(kept).toMatchObject({
      retention_days: null,
      handles_life_threats: true,
      notification_defaults: { events: [], digest_minutes: 0 },
    });
    expect(
      expectReply<TeamSettingsJson>(await patchSettings(ana, { retention_days: 3650 }), 200, 'longest')
        .retention_days,
    ).toBe(3650);
    expect(
      expectReply<TeamSettingsJson>(await patchSettings(ana, { retention_days: 1 }), 200, 'shortest')
        .retention_days,
    ).toBe(1);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('action', '=', 'team.settings_changed')
      .orderBy('id', 'desc')
      .limit(4)
      .execute();
    expect(audit.reverse().map((a) => a.details)).toEqual([
      {
        fields: ['handles_life_threats', 'handles_child_safety', 'retention_days', 'notification_defaults'],
        handles_life_threats: { from: false, to: true },
        handles_child_safety: { from: false, to: true },
        retention_days: { from: null, to: 365 },
      },
      { fields: ['retention_days', 'notification_defaults'], retention_days: { from: 365, to: null } },
      { fields: ['retention_days'], retention_days: { from: null, to: 3650 } },
      { fields: ['retention_days'], retention_days: { from: 3650, to: 1 } },
    ]);
    expect(audit.every((a) => a.member_id === ana.member.id)).toBe(true);
  });

  it('turns the second-factor rule on, audited with its old and new value', async () => {
    const reply = expectReply<TeamSettingsJson>(
      await patchSettings(ana, { require_second_factor: true }),
      200,
      'PATCH',
    );
    expect(reply.require_second_factor).toBe(true);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'team.settings_changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({
      fields: ['require_second_factor'],
      require_second_factor: { from: false, to: true },
    });
    // Members without a second factor are now asked to add one before anything else (the second-
    // factor tests cover that); the rest of this file runs without the rule.
    await t.db.updateTable('teams').set({ require_second_factor: false }).where('id', '=', team.id).execute();
  });

  it('refuses the new fields from a member who is not an admin', async () => {
    for (const body of [
      { handles_life_threats: false },
      { retention_days: 30 },
      { require_second_factor: false },
      { notification_defaults: { events: [], digest_minutes: 0 } },
    ]) {
      expectError(await patchSettings(ben.session, body), 403, 'admin_only');
    }
  });

  it('shows what the team handles on the public pages at once, after each change', async () => {
    const anyone = injectAgent(t.app);
    for (const flags of [
      { handles_life_threats: false, handles_child_safety: true },
      { handles_life_threats: true, handles_child_safety: false },
    ]) {
      expectReply(await patchSettings(ana, flags), 200, 'flags');
      const list = expectReply<{ teams: Record<string, unknown>[] }>(
        await anyone.get('/api/teams'),
        200,
        'teams',
      );
      expect(list.teams.find((x) => x.id === team.id)).toMatchObject(flags);
      expect(
        expectReply<Record<string, unknown>>(await anyone.get(`/api/teams/${team.slug}`), 200, 'team'),
      ).toMatchObject(flags);
    }
  });

  it('shows the new name, description and target on the public pages, never the rest', async () => {
    const anyone = injectAgent(t.app);
    const list = expectReply<{ teams: Record<string, unknown>[] }>(
      await anyone.get('/api/teams'),
      200,
      'teams',
    );
    const listed = list.teams.find((x) => x.id === team.id);
    expect(listed).toMatchObject({
      name: 'Wiki Stewards',
      description: 'We help.\nWrite to us.',
      first_response_hours: 48,
    });
    const detail = expectReply<Record<string, unknown>>(
      await anyone.get(`/api/teams/${team.slug}`),
      200,
      'team',
    );
    expect(detail).toMatchObject({
      name: 'Wiki Stewards',
      description: 'We help.\nWrite to us.',
      first_response_hours: 48,
    });
    for (const shown of [listed ?? {}, detail]) {
      for (const hidden of [
        'quorum',
        'templates',
        'support_kit',
        'retention_days',
        'require_second_factor',
        'notification_defaults',
      ])
        expect(shown).not.toHaveProperty(hidden);
      expect(JSON.stringify(shown)).not.toContain('We acted');
    }
  });
});

describe('the community label', () => {
  const publicViews = async () => {
    const anyone = injectAgent(t.app);
    const list = expectReply<{ teams: Record<string, unknown>[] }>(
      await anyone.get('/api/teams'),
      200,
      'teams',
    );
    const detail = expectReply<Record<string, unknown>>(
      await anyone.get(`/api/teams/${team.slug}`),
      200,
      'team',
    );
    return [list.teams.find((x) => x.id === team.id), detail];
  };
  const storedCommunity = async () =>
    (await t.db.selectFrom('teams').select('community').where('id', '=', team.id).executeTakeFirstOrThrow())
      .community;
  const settingsEvents = () =>
    t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('action', '=', 'team.settings_changed')
      .orderBy('id')
      .execute();

  it('is null on the public pages of a team that names none', async () => {
    for (const view of await publicViews()) expect(view).toMatchObject({ community: null });
  });

  it('is set by an admin, read back by members, shown on the public pages and audited', async () => {
    const before = (await settingsEvents()).length;
    const reply = expectReply<TeamSettingsJson>(
      await patchSettings(ana, { community: 'en.wikipedia' }),
      200,
      'PATCH',
    );
    expect(reply.community).toBe('en.wikipedia');
    expect(
      expectReply<TeamSettingsJson>(await ben.session.agent.get('/api/team/settings'), 200, 'GET').community,
    ).toBe('en.wikipedia');
    for (const view of await publicViews()) expect(view).toMatchObject({ community: 'en.wikipedia' });
    const changed = expectReply<TeamSettingsJson>(
      await patchSettings(ana, { community: 'wikimedia-commons' }),
      200,
      'another label',
    );
    expect(changed.community).toBe('wikimedia-commons');
    const events = (await settingsEvents()).slice(before);
    expect(events).toEqual([
      {
        member_id: ana.member.id,
        details: { fields: ['community'], community: { from: null, to: 'en.wikipedia' } },
      },
      {
        member_id: ana.member.id,
        details: { fields: ['community'], community: { from: 'en.wikipedia', to: 'wikimedia-commons' } },
      },
    ]);
  });

  it.each([
    ['one character', 'g'],
    ['digits only', '42'],
    ['64 characters', `${'a'.repeat(31)}.${'b'.repeat(32)}`],
    ['dots and hyphens inside', 'a.b-c.d'],
  ])('accepts a label of %s', async (_what, label) => {
    expect(
      expectReply<TeamSettingsJson>(await patchSettings(ana, { community: label }), 200, label).community,
    ).toBe(label);
    expect(await storedCommunity()).toBe(label);
  });

  it('is cleared with null, audited, and gone from the public pages', async () => {
    expectReply(await patchSettings(ana, { community: 'global' }), 200, 'global');
    const before = (await settingsEvents()).length;
    const reply = expectReply<TeamSettingsJson>(await patchSettings(ana, { community: null }), 200, 'clear');
    expect(reply.community).toBeNull();
    expect(await storedCommunity()).toBeNull();
    for (const view of await publicViews()) expect(view).toMatchObject({ community: null });
    expect((await settingsEvents()).slice(before).map((e) => e.details)).toEqual([
      { fields: ['community'], community: { from: 'global', to: null } },
    ]);
    // Clearing it again changes nothing and records nothing.
    expectReply(await patchSettings(ana, { community: null }), 200, 'clear again');
    expect(await settingsEvents()).toHaveLength(before + 1);
  });

  it.each([
    ['uppercase letters', 'En.Wikipedia'],
    ['a space', 'en wikipedia'],
    ['65 characters', 'a'.repeat(65)],
    ['a leading dot', '.wikipedia'],
    ['a trailing dot', 'wikipedia.'],
    ['a leading hyphen', '-global'],
    ['an empty string', ''],
    ['an underscore', 'en_wikipedia'],
    ['a non-ASCII letter', 'fr.wikipédia'],
    ['a line break at the end', 'global\n'],
    ['a number', 42],
    ['a boolean', true],
    ['a list', ['global']],
    ['an object', { label: 'global' }],
  ])('refuses a label with %s, storing nothing', async (_what, label) => {
    expectReply(await patchSettings(ana, { community: 'global' }), 200, 'known label');
    const settingsBefore = expectReply<TeamSettingsJson>(
      await ana.agent.get('/api/team/settings'),
      200,
      'GET',
    );
    const eventsBefore = (await settingsEvents()).length;
    // With a valid field beside it: the whole change is refused, not the label alone.
    const res = await patchSettings(ana, { community: label, name: 'Renamed' });
    expectError(res, 400, 'invalid_request');
    expect(res.json<{ error: { message: string } }>().error.message).toContain('community');
    expect(await storedCommunity()).toBe('global');
    expect(
      expectReply<TeamSettingsJson>(await ana.agent.get('/api/team/settings'), 200, 'GET after'),
    ).toEqual(settingsBefore);
    expect(await settingsEvents()).toHaveLength(eventsBefore);
  });

  it('refuses a change from a member who is not an admin', async () => {
    expectError(await patchSettings(ben.session, { community: 'elsewhere' }), 403, 'admin_only');
    expect(await storedCommunity()).toBe('global');
  });
});

describe("a member's own settings", () => {
  const details = {
    schema: 'confide/member-settings/v1' as const,
    personal_details: ['Ana Lima', 'ana@example.org'],
  };

  it('are null before the first save', async () => {
    expect(expectReply(await ana.agent.get('/api/me/settings'), 200, 'GET')).toEqual({ settings: null });
  });

  it('are stored as sealed, given back to their owner only, and open with their key', async () => {
    const context = { team: team.id, memberId: ana.member.id };
    const sealed = sealMemberSettings(details, ana.keys.enc.publicKey, context);
    const res = await putSettings(ana, sealed);
    expect(res.status, res.text).toBe(204);
    const back = expectReply<{ settings: typeof sealed }>(
      await ana.agent.get('/api/me/settings'),
      200,
      'GET',
    );
    expect(back.settings).toEqual(sealed);
    expect(openMemberSettings(back.settings, ana.keys.enc, context)).toEqual(details);
    expect(expectReply(await ben.session.agent.get('/api/me/settings'), 200, 'GET Ben')).toEqual({
      settings: null,
    });
    // A second save replaces the first.
    const again = sealMemberSettings(
      { ...details, personal_details: ['Lisbon'] },
      ana.keys.enc.publicKey,
      context,
    );
    expect((await putSettings(ana, again)).status).toBe(204);
    const latest = expectReply<{ settings: typeof sealed }>(
      await ana.agent.get('/api/me/settings'),
      200,
      'GET',
    );
    expect(openMemberSettings(latest.settings, ana.keys.enc, context).personal_details).toEqual(['Lisbon']);
  });

  it('refuses malformed settings', async () => {
    const sealed = sealMemberSettings(details, ana.keys.enc.publicKey, {
      team: team.id,
      memberId: ana.member.id,
    });
    for (const body of [
      {},
      { payload: sealed.payload },
      { k: sealed.k },
      { ...sealed, plaintext: 'Ana Lima' },
      { ...sealed, payload: { ...sealed.payload, n: 'short' } },
      { ...sealed, payload: { ...sealed.payload, extra: 1 } },
      { ...sealed, k: 'not base64!' },
      [sealed],
    ]) {
      expectError(await putSettings(ana, body), 400, 'invalid_request');
    }
  });

  it('refuse anyone without a session', async () => {
    const stranger = injectAgent(t.app);
    expectError(await stranger.get('/api/me/settings'), 401, 'unauthorized');
    const sealed = sealMemberSettings(details, ana.keys.enc.publicKey, {
      team: team.id,
      memberId: ana.member.id,
    });
    expectError(await stranger.request('PUT', '/api/me/settings', { json: sealed }), 401, 'unauthorized');
  });
});
