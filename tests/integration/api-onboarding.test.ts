/**
 * Getting onto a team: the one-time set-up link that creates a team in the browser (with or
 * without a community label), and the invitation link that brings a member in (single-use,
 * expiring, one name per person), up to the admin's signed `add` entry that makes the invitee
 * a member.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foundTeam, generateId, randomBytes, ready, toBase64Url } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type ApiResponse,
  type CreatedTeam,
  type ErrorJson,
  type MemberSession,
  type TeamDetailJson,
  acceptInvitation,
  addMember,
  cheapKdf,
  createTeamWithService,
  createTeamWithSetupLink,
  enrolIdentity,
  expectReply,
  fetchTeam,
  foundTeamLocally,
  indexKeyGrantFor,
  injectAgent,
  invite,
  joinTeam,
  newSetupToken,
  postRosterEntry,
  randomSlug,
  rosterMemberOf,
  setupRequestBody,
  signIn,
  signInFast,
  signRosterEntryFor,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana', slug: 'first-team' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
});
afterAll(async () => {
  await t.close();
});

function expectError(res: ApiResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.json<ErrorJson>()).toEqual({ error: { code, message: expect.any(String) as string } });
}

describe('the set-up link', () => {
  it('creates a team whose public roster verifies to the fingerprint it announced', async () => {
    const browser = injectAgent(t.app);
    const created = await createTeamWithSetupLink(browser, await newSetupToken(t.db), {
      slug: 'made-by-link',
      name: 'Made By Link',
      adminName: 'Founder',
      passphrase: 'the founder types this',
    });
    const { detail, roster } = await fetchTeam(browser, 'made-by-link', created.fingerprint);
    expect(detail.name).toBe('Made By Link');
    expect([...roster.active.values()].map((m) => [m.name, m.role])).toEqual([['Founder', 'admin']]);
    const list = expectReply<{ teams: { slug: string }[] }>(
      await browser.get('/api/teams'),
      200,
      'GET /api/teams',
    );
    expect(list.teams.map((x) => x.slug)).toContain('made-by-link');
    // The founder signs in the long way, with the passphrase.
    const founder = await signIn(injectAgent(t.app), 'made-by-link', 'Founder', 'the founder types this');
    expect(founder.indexKey).toEqual(created.indexKey);
  });

  it('works once: a second use is refused with a 403', async () => {
    const token = await newSetupToken(t.db);
    await createTeamWithSetupLink(injectAgent(t.app), token);
    const again = await injectAgent(t.app).post('/api/setup', setupRequestBody(token, foundTeamLocally()));
    expectError(again, 403, 'setup_link_invalid');
  });

  it('refuses an unknown token with a 403', async () => {
    const res = await injectAgent(t.app).post(
      '/api/setup',
      setupRequestBody(toBase64Url(randomBytes(32)), foundTeamLocally()),
    );
    expectError(res, 403, 'setup_link_invalid');
  });

  it('is replaced by a newer link: the older one no longer works', async () => {
    const older = await newSetupToken(t.db);
    const newer = await newSetupToken(t.db);
    expectError(
      await injectAgent(t.app).post('/api/setup', setupRequestBody(older, foundTeamLocally())),
      403,
      'setup_link_invalid',
    );
    await createTeamWithSetupLink(injectAgent(t.app), newer);
  });

  it('survives a refused attempt (address taken) so the founder can correct it and retry', async () => {
    const token = await newSetupToken(t.db);
    const taken = await injectAgent(t.app).post(
      '/api/setup',
      setupRequestBody(token, foundTeamLocally({ slug: team.slug })),
    );
    expectError(taken, 409, 'slug_taken');
    const detail = expectReply<TeamDetailJson>(await ana.agent.get(`/api/teams/${team.slug}`), 200, 'team');
    expect(detail.roster).toHaveLength(1);
    await createTeamWithSetupLink(injectAgent(t.app), token, { slug: 'corrected-slug' });
    expectError(
      await injectAgent(t.app).post('/api/setup', setupRequestBody(token, foundTeamLocally())),
      403,
      'setup_link_invalid',
    );
  });

  // Regression (fixed in 71b6c15): createTeam checks the team id and slug but not the admin's member id; an id
  // that is already a member's (of any team) fails the members primary key: 500.
  it("refuses a founding admin whose id is already a member's with a 4xx, not a 500", async () => {
    const teamId = generateId();
    const founded = foundTeam({
      team: teamId,
      adminName: 'Copycat',
      passphrase: 'copycat passphrase',
      memberId: team.admin.id,
      kdf: cheapKdf(),
      recoveryKdf: cheapKdf(),
    });
    const res = await injectAgent(t.app).post('/api/setup', {
      token: await newSetupToken(t.db),
      team: { id: teamId, slug: randomSlug(), name: 'Copycat', description: '' },
      genesis: founded.genesis,
      admin: founded.admin.credentials,
      index_key_grant: founded.indexKeyGrant,
    });
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text).toBeLessThan(500);
  });

  it('refuses a genesis entry that does not match the founding admin with a 400', async () => {
    const token = await newSetupToken(t.db);
    const local = foundTeamLocally();
    const other = foundTeamLocally();
    const body = setupRequestBody(token, local);
    expectError(
      await injectAgent(t.app).post('/api/setup', { ...body, genesis: other.genesis }),
      400,
      'genesis_mismatch',
    );
    expectError(
      await injectAgent(t.app).post('/api/setup', {
        ...body,
        admin: { ...body.admin, name: 'Someone Else' },
      }),
      400,
      'genesis_mismatch',
    );
    // Still usable after those refusals.
    expectReply(await injectAgent(t.app).post('/api/setup', body), 201, 'POST /api/setup');
  });

  describe('with a community label', () => {
    const communityOf = async (slug: string) => {
      const detail = expectReply<{ community: unknown }>(
        await injectAgent(t.app).get(`/api/teams/${slug}`),
        200,
        'GET /api/teams/{slug}',
      );
      const list = expectReply<{ teams: { slug: string; community: unknown }[] }>(
        await injectAgent(t.app).get('/api/teams'),
        200,
        'GET /api/teams',
      );
      expect(list.teams.find((x) => x.slug === slug)?.community).toEqual(detail.community);
      return detail.community;
    };
    const setUp = async (community: unknown, omit = false) => {
      const local = foundTeamLocally();
      const body = setupRequestBody(await newSetupToken(t.db), local);
      const res = await injectAgent(t.app).post('/api/setup', {
        ...body,
        team: omit ? body.team : { ...body.team, community },
      });
      return { res, body, slug: local.team.slug };
    };

    it('creates a team that names its community, shown on the public pages and in the settings', async () => {
      const { res, slug } = await setUp('en.wikipedia');
      expectReply(res, 201, 'POST /api/setup');
      expect(await communityOf(slug)).toBe('en.wikipedia');
      const row = await t.db
        .selectFrom('teams')
        .select('community')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      expect(row.community).toBe('en.wikipedia');
    });

    it('creates a team that names none when the label is left out or null', async () => {
      const without = await setUp(undefined, true);
      expectReply(without.res, 201, 'without a label');
      expect(await communityOf(without.slug)).toBeNull();
      const cleared = await setUp(null);
      expectReply(cleared.res, 201, 'null');
      expect(await communityOf(cleared.slug)).toBeNull();
    });

    it.each([
      ['uppercase letters', 'Global'],
      ['a space', 'en wikipedia'],
      ['65 characters', 'a'.repeat(65)],
      ['a leading dot', '.global'],
      ['an empty string', ''],
      ['a number', 7],
    ])('refuses a label with %s with a 400, creating nothing and keeping the link', async (_what, label) => {
      const { res, body, slug } = await setUp(label);
      expectError(res, 400, 'invalid_request');
      expect(res.json<ErrorJson>().error.message).toContain('community');
      const stored = await t.db.selectFrom('teams').select('id').where('slug', '=', slug).executeTakeFirst();
      expect(stored).toBeUndefined();
      // The refusal spent nothing: the same link creates the team once the label is corrected.
      expectReply(
        await injectAgent(t.app).post('/api/setup', { ...body, team: { ...body.team, community: 'global' } }),
        201,
        'corrected',
      );
      expect(await communityOf(slug)).toBe('global');
    });
  });
});

describe('an invitation', () => {
  it('brings a member in: accepted, added with a signed entry, then able to sign in', async () => {
    const invitation = await invite(ana);
    const browser = injectAgent(t.app);
    const lookup = expectReply<{ team: { slug: string }; role: string }>(
      await browser.post('/api/invitations/lookup', { token: invitation.token }),
      200,
      'lookup',
    );
    expect(lookup).toMatchObject({ team: { slug: team.slug }, role: 'member' });
    const ben = await acceptInvitation(browser, invitation.token, { name: 'Ben' });
    // Pending: known to the admin, not a member yet, cannot sign in; with the right passphrase
    // they are told they wait for an admin (not that the passphrase is wrong), and get no session.
    const pending = await ana.agent.get(`/api/teams/${team.slug}/members`);
    expect(pending.json<{ members: { name: string; status: string }[] }>().members).toContainEqual(
      expect.objectContaining({ name: 'Ben', status: 'pending' }),
    );
    const early = await browser.post('/api/session', {
      team: team.slug,
      name: 'Ben',
      auth: ben.credentials.auth,
    });
    expectError(early, 403, 'member_pending');
    expect(early.headers['set-cookie']).toBeUndefined();
    expect([...(await fetchTeam(browser, team.slug)).roster.active.keys()]).not.toContain(ben.id);

    await addMember(ana, ben);
    const session = await signInFast(browser, team.slug, ben);
    expect(session.member.role).toBe('member');
    expect(session.indexKey).toEqual(team.indexKey);
    expect([...(await fetchTeam(browser, team.slug)).roster.active.keys()]).toContain(ben.id);
  });

  it('works once: a second acceptance gets a 404, and a later lookup says the link was used (410)', async () => {
    const invitation = await invite(ana);
    await acceptInvitation(injectAgent(t.app), invitation.token, { name: 'Cai' });
    const again = enrolIdentity({ team: team.id, name: 'Cai Again' });
    expectError(
      await injectAgent(t.app).post('/api/invitations/accept', {
        token: invitation.token,
        member: again.credentials,
      }),
      404,
      'invitation_invalid',
    );
    expectError(
      await injectAgent(t.app).post('/api/invitations/lookup', { token: invitation.token }),
      410,
      'invitation_used',
    );
  });

  it('works once even when accepted twice at the same moment', async () => {
    const invitation = await invite(ana);
    const [a, b] = [
      enrolIdentity({ team: team.id, name: 'Twin A' }),
      enrolIdentity({ team: team.id, name: 'Twin B' }),
    ];
    const replies = await Promise.all([
      injectAgent(t.app).post('/api/invitations/accept', { token: invitation.token, member: a.credentials }),
      injectAgent(t.app).post('/api/invitations/accept', { token: invitation.token, member: b.credentials }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 404]);
    const twins = await t.db.selectFrom('members').select('name').where('name', 'like', 'Twin %').execute();
    expect(twins).toHaveLength(1);
  });

  // Regression (fixed in 71b6c15): the name check is a read before the insert; two acceptances with the same name
  // at the same moment both pass it, and all but one then fail the (team_id, name) unique
  // index with a 500 instead of a 409.
  it('refuses a name taken at the same moment through another invitation with a 409', async () => {
    const invitations = await Promise.all([1, 2, 3, 4].map(() => invite(ana)));
    const replies = await Promise.all(
      invitations.map((invitation) =>
        injectAgent(t.app).post('/api/invitations/accept', {
          token: invitation.token,
          member: enrolIdentity({ team: team.id, name: 'Same Moment' }).credentials,
        }),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('gets a 404 once expired, and for a token that was never issued', async () => {
    const invitation = await invite(ana);
    await t.db
      .updateTable('invitations')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('id', '=', invitation.id)
      .execute();
    const someone = enrolIdentity({ team: team.id, name: 'Late' });
    for (const token of [invitation.token, toBase64Url(randomBytes(32))]) {
      expectError(
        await injectAgent(t.app).post('/api/invitations/lookup', { token }),
        404,
        'invitation_invalid',
      );
      expectError(
        await injectAgent(t.app).post('/api/invitations/accept', { token, member: someone.credentials }),
        404,
        'invitation_invalid',
      );
    }
    expect(await t.db.selectFrom('members').select('id').where('id', '=', someone.id).execute()).toEqual([]);
  });

  it('refuses a name that is taken with a 409, and can then be used with another name', async () => {
    const invitation = await invite(ana);
    for (const name of ['Ana', 'Ben', 'Cai']) {
      const someone = enrolIdentity({ team: team.id, name });
      expectError(
        await injectAgent(t.app).post('/api/invitations/accept', {
          token: invitation.token,
          member: someone.credentials,
        }),
        409,
        'name_taken',
      );
    }
    const dee = await acceptInvitation(injectAgent(t.app), invitation.token, { name: 'Dee' });
    expect(dee.name).toBe('Dee');
  });

  it('lets the same name be used on another team', async () => {
    const other = await createTeamWithService(t.db, { adminName: 'Zed' });
    const zed = await signInFast(injectAgent(t.app), other.slug, other.admin);
    const anaThere = await joinTeam(zed, { name: 'Ana' });
    expect(anaThere.session.team.slug).toBe(other.slug);
  });

  it('is made only by an admin of the team', async () => {
    const ben = await signInFast(injectAgent(t.app), team.slug, await acceptAndAdd('Bea'));
    expectError(
      await ben.agent.post(`/api/teams/${team.slug}/invitations`, { role: 'member' }),
      403,
      'admin_only',
    );
    const other = await createTeamWithService(t.db, { adminName: 'Yan' });
    const yan = await signInFast(injectAgent(t.app), other.slug, other.admin);
    expect((await yan.agent.post(`/api/teams/${team.slug}/invitations`, { role: 'admin' })).status).toBe(404);
    expect(
      (await injectAgent(t.app).post(`/api/teams/${team.slug}/invitations`, { role: 'admin' })).status,
    ).toBe(401);
  });

  it('is completed only with the index key sealed to the new member', async () => {
    const invitation = await invite(ana);
    const eve = await acceptInvitation(injectAgent(t.app), invitation.token, { name: 'Eve' });
    const row = await signRosterEntryFor(ana, 'add', rosterMemberOf(eve, 'member'));
    expectError(await postRosterEntry(ana, row), 400, 'index_key_grant_missing');
    // Nor with the entry for someone else's keys under Eve's id.
    const mallory = enrolIdentity({ team: team.id, name: 'Eve' });
    const wrongKeys = await signRosterEntryFor(
      ana,
      'add',
      rosterMemberOf({ ...mallory, id: eve.id }, 'member'),
    );
    expectError(
      await postRosterEntry(ana, wrongKeys, indexKeyGrantFor(ana, eve.credentials)),
      400,
      'roster_member_mismatch',
    );
    await addMember(ana, eve);
  });
});

async function acceptAndAdd(name: string) {
  const invitation = await invite(ana);
  const identity = await acceptInvitation(injectAgent(t.app), invitation.token, { name });
  await addMember(ana, identity);
  return identity;
}
