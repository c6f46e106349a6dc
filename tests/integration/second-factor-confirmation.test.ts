/**
 * "Confirm it's you" and an admin's reset of a member's second factor, over the real API.
 *
 * What must hold: a session that is neither new nor recently confirmed with the passphrase
 * cannot add or remove a second factor or make new one-time codes (someone at an unattended
 * console must not be able to swap the member's factor for theirs); a wrong passphrase confirms
 * nothing and counts against the name; a confirmation lasts 10 minutes. An admin, in a confirmed
 * session, can reset another member's second factor (never their own): the factor, the codes and
 * every session of the member go, it is audited, and the member signs in with the passphrase
 * alone (and is asked to add a factor where the team requires one).
 */
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
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

interface MyFactorsJson {
  totp: boolean;
  webauthn: unknown[];
  recovery_codes_left: number;
}
interface SessionReplyJson {
  member: { id: string };
  must_add_second_factor: boolean;
}

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off', PUBLIC_URL: 'http://localhost:3000' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
});
afterAll(async () => {
  await t.close();
});

const myFactors = async (agent: Agent) =>
  expectReply<MyFactorsJson>(await agent.get('/api/me/second-factor'), 200, 'GET /api/me/second-factor');

/** As if every session of the member had been opened `minutes` ago. */
async function ageSessions(memberId: string, minutes: number): Promise<void> {
  await t.db
    .updateTable('sessions')
    .set({ created_at: sql`now() - make_interval(mins => ${minutes})` })
    .where('member_id', '=', memberId)
    .execute();
}

/** As if the member had last confirmed their passphrase `minutes` ago, in every session of theirs. */
async function ageConfirmations(memberId: string, minutes: number): Promise<void> {
  await t.db
    .updateTable('sessions')
    .set({ confirmed_at: sql`now() - make_interval(mins => ${minutes})` })
    .where('member_id', '=', memberId)
    .execute();
}

const confirm = (agent: Agent, auth: string) => agent.post('/api/me/confirm', { auth });
const wrongAuth = Buffer.alloc(32, 7).toString('base64url');

/** Turns on an authenticator app through the API; the app's generator. */
async function addTotp(agent: Agent): Promise<TOTP> {
  const { secret } = expectReply<{ secret: string }>(
    await agent.post('/api/me/second-factor/totp/start'),
    200,
    'totp start',
  );
  const app = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  expectReply(await agent.post('/api/me/second-factor/totp', { code: app.generate() }), 200, 'totp confirm');
  return app;
}

/** Every route that adds or removes a second factor or makes new one-time codes. */
const GUARDED = [
  ['POST', '/api/me/second-factor/totp/start', undefined],
  ['POST', '/api/me/second-factor/totp', { code: '123456' }],
  ['DELETE', '/api/me/second-factor/totp', undefined],
  ['POST', '/api/me/second-factor/webauthn/options', undefined],
  ['POST', '/api/me/second-factor/webauthn', { name: 'Key', response: {} }],
  ['DELETE', '/api/me/second-factor/webauthn/AAAA', undefined],
  ['POST', '/api/me/second-factor/recovery-codes', undefined],
] as const;

describe('confirm it’s you', () => {
  let ben: JoinedMember;
  let phone: TOTP;

  beforeAll(async () => {
    ben = await joinTeam(ana, { name: 'Ben' });
  });

  it('lets a session opened minutes ago change second factors without asking again', async () => {
    phone = await addTotp(ben.session.agent);
    expect((await myFactors(ben.session.agent)).totp).toBe(true);
  });

  it('refuses an older, unconfirmed session every change with 403 confirmation_required', async () => {
    const agent = ben.session.agent;
    await ageSessions(ben.identity.id, 11);
    for (const [method, path, json] of GUARDED) {
      expectError(
        await agent.request(method, path, json === undefined ? {} : { json }),
        403,
        'confirmation_required',
        `${method} ${path}`,
      );
    }
    // Nothing changed, and what only reads or proves the passphrase still answers.
    expect(await myFactors(agent)).toMatchObject({ totp: true, recovery_codes_left: 10 });
    expect((await agent.get('/api/session')).status).toBe(200);
    expect((await agent.get('/api/cases')).status).toBe(200);
  });

  it('is not confirmed by a wrong passphrase (403 current_passphrase_wrong), nor by another session', async () => {
    const agent = ben.session.agent;
    expectError(await confirm(agent, wrongAuth), 403, 'current_passphrase_wrong');
    expectError(await agent.delete('/api/me/second-factor/totp'), 403, 'confirmation_required');
    expectError(await confirm(agent, 'not base64'), 400, 'invalid_request');
    expectError(await injectAgent(t.app).post('/api/me/confirm', { auth: wrongAuth }), 401, 'unauthorized');

    // Confirming in another session of Ben's confirms that session only.
    const other = injectAgent(t.app);
    const { second_factor } = expectReply<{ second_factor: { token: string } }>(
      await other.post('/api/session', { team: team.slug, name: 'Ben', auth: ben.identity.credentials.auth }),
      200,
      'passphrase',
    );
    // The code of the next step: the one that confirmed the app is spent.
    const code = phone.generate({ timestamp: Date.now() + 30_000 });
    expectReply(
      await other.post('/api/session/second-factor', { token: second_factor.token, totp: code }),
      200,
      'second factor',
    );
    expect((await confirm(other, ben.identity.credentials.auth)).status).toBe(204);
    expectError(await agent.delete('/api/me/second-factor/totp'), 403, 'confirmation_required');
  });

  it('once confirmed with the passphrase, allows the changes for 10 minutes, then asks again', async () => {
    const agent = ben.session.agent;
    const confirmed = await confirm(agent, ben.identity.credentials.auth);
    expect(confirmed.status, confirmed.text).toBe(204);
    const codes = expectReply<{ recovery_codes: string[] }>(
      await agent.post('/api/me/second-factor/recovery-codes'),
      200,
      'new codes',
    );
    expect(codes.recovery_codes).toHaveLength(10);
    expect((await agent.post('/api/me/second-factor/webauthn/options')).status).toBe(200);

    // Nine minutes later it still holds.
    await ageConfirmations(ben.identity.id, 9);
    expect((await agent.delete('/api/me/second-factor/totp')).status).toBe(204);
    expect((await myFactors(agent)).totp).toBe(false);

    // Eleven minutes later it has run out.
    await ageConfirmations(ben.identity.id, 11);
    for (const [method, path, json] of GUARDED) {
      expectError(
        await agent.request(method, path, json === undefined ? {} : { json }),
        403,
        'confirmation_required',
        `${method} ${path}`,
      );
    }
    expect((await confirm(agent, ben.identity.credentials.auth)).status).toBe(204);
    expect((await agent.post('/api/me/second-factor/totp/start')).status).toBe(200);
  });

  it('lets a member whose team requires a factor add one right after signing in, without a second prompt', async () => {
    const cai = await joinTeam(ana, { name: 'Cai' });
    await t.db.updateTable('teams').set({ require_second_factor: true }).where('id', '=', team.id).execute();
    try {
      const fresh = injectAgent(t.app);
      const signedIn = expectReply<SessionReplyJson>(
        await fresh.post('/api/session', {
          team: team.slug,
          name: 'Cai',
          auth: cai.identity.credentials.auth,
        }),
        200,
        'sign-in',
      );
      expect(signedIn.must_add_second_factor).toBe(true);
      await addTotp(fresh);
      expect((await myFactors(fresh)).totp).toBe(true);
      // A member who must add a factor may confirm too (an older session, say).
      expect((await confirm(cai.session.agent, cai.identity.credentials.auth)).status).toBe(204);
    } finally {
      await t.db
        .updateTable('teams')
        .set({ require_second_factor: false })
        .where('id', '=', team.id)
        .execute();
    }
  });
});

describe('an admin’s reset of a member’s second factor', () => {
  let dee: JoinedMember;
  let eli: JoinedMember;

  beforeAll(async () => {
    dee = await joinTeam(ana, { name: 'Dee' });
    eli = await joinTeam(ana, { name: 'Eli' });
  });

  const reset = (agent: Agent, memberId: string) => agent.delete(`/api/members/${memberId}/second-factor`);

  it('deletes the factor, the codes and every session of the member, is audited, and the passphrase alone signs in', async () => {
    await addTotp(dee.session.agent);
    // A security key too (data set-up: the WebAuthn ceremony is second-factor.test.ts's).
    await t.db
      .insertInto('security_keys')
      .values({
        id: 'ZGVlLWtleQ',
        member_id: dee.identity.id,
        name: 'Blue key',
        public_key: Buffer.alloc(77),
      })
      .execute();
    const pending = await injectAgent(t.app).post('/api/session', {
      team: team.slug,
      name: 'Dee',
      auth: dee.identity.credentials.auth,
    });
    expect(pending.json<{ second_factor?: unknown }>().second_factor).toBeDefined();

    const done = await reset(ana.agent, dee.identity.id);
    expect(done.status, done.text).toBe(204);

    expect(
      await t.db
        .selectFrom('members')
        .select('totp_secret')
        .where('id', '=', dee.identity.id)
        .executeTakeFirst(),
    ).toEqual({ totp_secret: null });
    for (const table of ['security_keys', 'second_factor_codes', 'sessions'] as const) {
      const rows = await t.db
        .selectFrom(table)
        .select('member_id')
        .where('member_id', '=', dee.identity.id)
        .execute();
      expect(rows, table).toEqual([]);
    }
    const challenges = await t.db
      .selectFrom('auth_challenges')
      .select('purpose')
      .where('member_id', '=', dee.identity.id)
      .execute();
    expect(challenges).toEqual([]);
    expectError(await dee.session.agent.get('/api/session'), 401, 'unauthorized');

    const audit = await t.db
      .selectFrom('audit_events')
      .select(['member_id', 'details'])
      .where('action', '=', 'member.second_factor_reset')
      .execute();
    expect(audit).toEqual([
      { member_id: team.admin.id, details: { member: dee.identity.id, totp: true, security_keys: 1 } },
    ]);

    // The passphrase alone opens a session now.
    const again = await signInFast(injectAgent(t.app), team.slug, dee.identity);
    expect(await myFactors(again.agent)).toMatchObject({ totp: false, webauthn: [], recovery_codes_left: 0 });
    // Nothing left to reset.
    expectError(await reset(ana.agent, dee.identity.id), 404, 'not_found');
  });

  it('asks the member to add a factor at sign-in when the team requires one', async () => {
    await addTotp(eli.session.agent);
    await t.db.updateTable('teams').set({ require_second_factor: true }).where('id', '=', team.id).execute();
    try {
      // Ana must hold a factor herself to act as an admin in such a team.
      await addTotp(ana.agent);
      expect((await reset(ana.agent, eli.identity.id)).status).toBe(204);
      const signedIn = expectReply<SessionReplyJson>(
        await injectAgent(t.app).post('/api/session', {
          team: team.slug,
          name: 'Eli',
          auth: eli.identity.credentials.auth,
        }),
        200,
        'sign-in',
      );
      expect(signedIn.must_add_second_factor).toBe(true);
    } finally {
      await t.db
        .updateTable('teams')
        .set({ require_second_factor: false })
        .where('id', '=', team.id)
        .execute();
    }
  });

  it('needs a confirmed admin session', async () => {
    // Eli's sessions ended with the last reset: the passphrase alone signs in again.
    const eliAgain = await signInFast(injectAgent(t.app), team.slug, eli.identity);
    await addTotp(eliAgain.agent);
    await ageSessions(team.admin.id, 11);
    expectError(await reset(ana.agent, eli.identity.id), 403, 'confirmation_required');
    expect((await myFactors(eliAgain.agent)).totp).toBe(true);
    expect((await confirm(ana.agent, team.admin.credentials.auth)).status).toBe(204);
    expect((await reset(ana.agent, eli.identity.id)).status).toBe(204);
  });

  it('refuses a member who is not an admin, one’s own factor, and a member of another team', async () => {
    const fay = await joinTeam(ana, { name: 'Fay' });
    await addTotp(fay.session.agent);
    expectError(await reset(fay.session.agent, team.admin.id), 403, 'admin_only');
    expectError(await reset(injectAgent(t.app), fay.identity.id), 401, 'unauthorized');

    const own = await reset(ana.agent, team.admin.id);
    expectError(own, 400, 'bad_request');
    expect(own.json<{ error: { message: string } }>().error.message).toContain('account page');
    expect((await myFactors(ana.agent)).totp).toBe(true);

    const other = await createTeamWithService(t.db, { adminName: 'Gus' });
    const gus = await signInFast(injectAgent(t.app), other.slug, other.admin);
    expectError(await reset(gus.agent, fay.identity.id), 404, 'not_found');
    expectError(await reset(ana.agent, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectError(await reset(ana.agent, 'not-a-uuid'), 400, 'invalid_request');
    expect((await myFactors(fay.session.agent)).totp).toBe(true);
  });
});

describe('with rate limits on', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await buildTestApp({ env: { CONFIDE_RATE_LIMIT_SECRET: 'confirmation-test-secret' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('counts a wrong passphrase against the name like a failed sign-in, and limits each client', async () => {
    const other = await createTeamWithService(limited.db, { adminName: 'Ana' });
    const session = await signInFast(
      injectAgent(limited.app, { remoteAddress: '203.0.113.21' }),
      other.slug,
      other.admin,
    );
    // A session without the known-device cookie (a stolen one, say) gets no pass.
    session.agent.cookies.delete('confide_device');
    for (let i = 0; i < 10; i++) {
      expectError(await confirm(session.agent, wrongAuth), 403, 'current_passphrase_wrong');
    }
    // Ten a minute per client, as sign-in.
    expectError(await confirm(session.agent, other.admin.credentials.auth), 429, 'rate_limited');
    // Ten more failures from elsewhere make twenty for the name: even the right passphrase is
    // held back now, so the ten wrong confirmations counted.
    const elsewhere = injectAgent(limited.app, { remoteAddress: '203.0.113.22' });
    for (let i = 0; i < 10; i++) {
      expectError(
        await elsewhere.post('/api/session', { team: other.slug, name: 'Ana', auth: wrongAuth }),
        401,
        'unauthorized',
      );
    }
    expectError(
      await injectAgent(limited.app, { remoteAddress: '203.0.113.23' }).post('/api/session', {
        team: other.slug,
        name: 'Ana',
        auth: other.admin.credentials.auth,
      }),
      429,
      'rate_limited',
    );
  });
});
