/**
 * A team's description and templates in other languages (issue 14), over the real API: an admin
 * saves them in the team settings, members read them back, the public team list and page show the
 * description's variants (never the templates'), each bad key, count, length or character is a 400
 * that says what is wrong and stores nothing, and the audit event names the fields, never their
 * wording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LANGUAGE_VARIANTS } from '#contract/language-variants';
import { MAX_DESCRIPTION_CHARS, MAX_TEMPLATE_CHARS } from '#contract/settings';
import { ready } from '../../crypto/index.js';
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

interface VariantsJson {
  description: string;
  templates: Record<string, string>;
  description_translations: Record<string, string>;
  template_translations: Record<string, Record<string, string>>;
}

const SPANISH = 'Ayudamos a quien sufre acoso en la wiki.\nEscríbanos.';
const SPANISH_ACK = 'Hola,\n\nhemos leído su informe.\n\n{team name}';

const patchSettings = (session: MemberSession, body: unknown) =>
  session.agent.patch('/api/team/settings', body);
const messageOf = (res: { json(): unknown }): string =>
  (res.json() as { error: { message: string } }).error.message;
const languages = (count: number): string[] =>
  Array.from(
    { length: count },
    (_, i) => `l${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
  );

async function publicViews(): Promise<Record<string, unknown>[]> {
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
  const listed = list.teams.find((x) => x.id === team.id);
  expect(listed).toBeDefined();
  return [listed ?? {}, detail];
}

async function stored() {
  return t.db
    .selectFrom('teams')
    .select(['description_translations', 'template_translations'])
    .where('id', '=', team.id)
    .executeTakeFirstOrThrow();
}

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

describe('a team wording in other languages', () => {
  it('starts with none: empty in the settings and on the public pages', async () => {
    const settings = expectReply<VariantsJson>(await ben.session.agent.get('/api/team/settings'), 200, 'GET');
    expect(settings).toMatchObject({ description_translations: {}, template_translations: {} });
    for (const view of await publicViews()) expect(view).toMatchObject({ description_translations: {} });
  });

  it('saves an admin change, reads it back, shows the description variants publicly, audited by name', async () => {
    const change = {
      description_translations: { es: SPANISH, fr: 'Nous aidons.' },
      template_translations: { es: { acknowledgement: SPANISH_ACK }, ar: { closure_actionable: 'شكرا' } },
    };
    const reply = expectReply<VariantsJson>(await patchSettings(ana, change), 200, 'PATCH');
    expect(reply).toMatchObject({ ...change, description: 'We help', templates: {} });
    expect(
      expectReply<VariantsJson>(await ben.session.agent.get('/api/team/settings'), 200, 'GET'),
    ).toMatchObject(change);
    for (const view of await publicViews()) {
      expect(view).toMatchObject({
        description: 'We help',
        description_translations: change.description_translations,
      });
      // The templates are the team's working wording: never public, in any language.
      expect(view).not.toHaveProperty('template_translations');
      expect(JSON.stringify(view)).not.toContain('hemos leído');
    }
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('action', '=', 'team.settings_changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({
      member_id: ana.member.id,
      details: { fields: ['description_translations', 'template_translations'] },
    });
  });

  it('replaces the variants whole, and audits only the field that changed', async () => {
    const reply = expectReply<VariantsJson>(
      await patchSettings(ana, {
        description_translations: { es: SPANISH },
        template_translations: { es: { acknowledgement: SPANISH_ACK }, ar: { closure_actionable: 'شكرا' } },
      }),
      200,
      'PATCH',
    );
    expect(reply.description_translations).toEqual({ es: SPANISH });
    expect(Object.keys(reply.template_translations).sort()).toEqual(['ar', 'es']);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'team.settings_changed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ fields: ['description_translations'] });
  });

  it(`takes ${MAX_LANGUAGE_VARIANTS} languages, each at the longest wording allowed, and three-letter subtags`, async () => {
    const keys = languages(MAX_LANGUAGE_VARIANTS - 1).concat('fil');
    const change = {
      description_translations: Object.fromEntries(keys.map((k) => [k, 'd'.repeat(MAX_DESCRIPTION_CHARS)])),
      template_translations: Object.fromEntries(
        keys.map((k) => [
          k,
          { acknowledgement: 't'.repeat(MAX_TEMPLATE_CHARS), notice_mistaken_report: 'Hi' },
        ]),
      ),
    };
    const reply = expectReply<VariantsJson>(await patchSettings(ana, change), 200, 'PATCH');
    expect(reply).toMatchObject(change);
    // Back to a small set for the tests below.
    expectReply(
      await patchSettings(ana, {
        description_translations: { es: SPANISH },
        template_translations: { es: { acknowledgement: SPANISH_ACK } },
      }),
      200,
      'PATCH',
    );
  });

  it('refuses a change from a member who is not an admin', async () => {
    expectError(
      await patchSettings(ben.session, { description_translations: { es: 'Hola' } }),
      403,
      'admin_only',
    );
  });

  const tooMany = languages(MAX_LANGUAGE_VARIANTS + 1);
  it.each([
    [
      'a description keyed by a whole tag',
      { description_translations: { 'pt-BR': 'Olá' } },
      'description_translations key "pt-BR" must match pattern "^[a-z]{2,3}$"',
    ],
    [
      'a description keyed in capitals',
      { description_translations: { ES: 'Hola' } },
      'description_translations key "ES" must match pattern "^[a-z]{2,3}$"',
    ],
    [
      'a description keyed by one letter',
      { description_translations: { e: 'Hola' } },
      'description_translations key "e" must match pattern "^[a-z]{2,3}$"',
    ],
    [
      'a description keyed by an empty string',
      { description_translations: { '': 'Hola' } },
      'description_translations key "" must match pattern "^[a-z]{2,3}$"',
    ],
    [
      'a description keyed by a language name',
      { description_translations: { spanish: 'Hola' } },
      'description_translations key "spanish" must match pattern "^[a-z]{2,3}$"',
    ],
    [
      'a very long key, cut short in the message',
      { description_translations: { ['x'.repeat(5000)]: 'Hola' } },
      `description_translations key "${'x'.repeat(40)}…" must match pattern "^[a-z]{2,3}$"`,
    ],
    [
      `more than ${MAX_LANGUAGE_VARIANTS} descriptions`,
      { description_translations: Object.fromEntries(tooMany.map((k) => [k, 'x'])) },
      `description_translations must NOT have more than ${MAX_LANGUAGE_VARIANTS} properties`,
    ],
    [
      `a description over ${MAX_DESCRIPTION_CHARS} characters`,
      { description_translations: { es: 'd'.repeat(MAX_DESCRIPTION_CHARS + 1) } },
      `description_translations.es must NOT have more than ${MAX_DESCRIPTION_CHARS} characters`,
    ],
    [
      'a description with a control character',
      { description_translations: { es: 'Hola\u001b[31m' } },
      'description_translations.es must match pattern',
    ],
    [
      'a description that is not text',
      { description_translations: { es: 42 } },
      'description_translations.es must be string',
    ],
    [
      'descriptions as a list',
      { description_translations: ['Hola'] },
      'description_translations must be object',
    ],
    ['descriptions as null', { description_translations: null }, 'description_translations must be object'],
    [
      'templates keyed by a whole tag',
      { template_translations: { 'es-MX': { acknowledgement: 'Hola' } } },
      'template_translations key "es-MX" must match pattern "^[a-z]{2,3}$"',
    ],
    [
      `more than ${MAX_LANGUAGE_VARIANTS} template languages`,
      { template_translations: Object.fromEntries(tooMany.map((k) => [k, {}])) },
      `template_translations must NOT have more than ${MAX_LANGUAGE_VARIANTS} properties`,
    ],
    [
      `a template over ${MAX_TEMPLATE_CHARS} characters`,
      { template_translations: { es: { acknowledgement: 't'.repeat(MAX_TEMPLATE_CHARS + 1) } } },
      `template_translations.es.acknowledgement must NOT have more than ${MAX_TEMPLATE_CHARS} characters`,
    ],
    [
      'a template of an unknown kind',
      { template_translations: { es: { thank_you: 'Gracias' } } },
      'template_translations.es must NOT have additional properties',
    ],
    [
      'a template with a control character',
      { template_translations: { es: { acknowledgement: 'Hola\u0000' } } },
      'template_translations.es.acknowledgement must match pattern',
    ],
    [
      'a language of templates given as text',
      { template_translations: { es: 'Hola' } },
      'template_translations.es must be object',
    ],
  ])('refuses %s, saying so, and stores nothing', async (_what, body, message) => {
    const before = await stored();
    const res = await patchSettings(ana, { ...body, quorum: 1 });
    expectError(res, 400, 'invalid_request');
    expect(messageOf(res)).toContain(message);
    expect(messageOf(res)).toMatch(/^The body is not valid: /);
    expect(await stored()).toEqual(before);
    expect(
      (await t.db.selectFrom('teams').select('quorum').where('id', '=', team.id).executeTakeFirstOrThrow())
        .quorum,
    ).toBe(2);
  });

  it('clears the variants with empty objects', async () => {
    const reply = expectReply<VariantsJson>(
      await patchSettings(ana, { description_translations: {}, template_translations: {} }),
      200,
      'PATCH',
    );
    expect(reply).toMatchObject({ description_translations: {}, template_translations: {} });
    for (const view of await publicViews()) expect(view).toMatchObject({ description_translations: {} });
  });
});
