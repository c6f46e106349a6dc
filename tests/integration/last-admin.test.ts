/**
 * The server keeps a team changeable, and links say what became of them:
 *
 * - the last active admin can be neither removed nor demoted (409 last_admin), also when two
 *   admins demote each other at the same moment (review-notes R-9: only admins sign roster
 *   entries, so a team without one could never change its roster again);
 * - a set-up link can be checked before its form is filled: valid (with its expiry), used (410)
 *   or unknown, replaced and expired (404).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, ready, toBase64Url } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
  createTeamWithService,
  createTeamWithSetupLink,
  expectError,
  expectReply,
  injectAgent,
  joinTeam,
  newSetupToken,
  postRosterEntry,
  rosterMemberOf,
  signInFast,
  signRosterEntryFor,
} from '../helpers/protocol/index.js';

let t: TestApp;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
});
afterAll(async () => {
  await t.close();
});

async function activeAdmins(teamId: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('members')
    .select('name')
    .where('team_id', '=', teamId)
    .where('status', '=', 'active')
    .where('role', '=', 'admin')
    .orderBy('name')
    .execute();
  return rows.map((row) => row.name);
}

describe('the last admin', () => {
  let team: CreatedTeam;
  let ana: MemberSession;
  let ben: JoinedMember;

  beforeAll(async () => {
    team = await createTeamWithService(t.db, { adminName: 'Ana' });
    ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
    ben = await joinTeam(ana, { name: 'Ben' });
  });

  const anaAs = (role: 'admin' | 'member') =>
    rosterMemberOf({ id: team.admin.id, name: 'Ana', credentials: team.admin.credentials }, role);

  it('cannot demote themselves or remove themselves (409), and the roster does not move', async () => {
    const demote = await signRosterEntryFor(ana, 'role', anaAs('member'));
    expectError(await postRosterEntry(ana, demote), 409, 'last_admin');
    const remove = await signRosterEntryFor(ana, 'remove', anaAs('admin'));
    expectError(await postRosterEntry(ana, remove), 409, 'last_admin');
    expect(await activeAdmins(team.id)).toEqual(['Ana']);
    const seqs = await t.db
      .selectFrom('roster_entries')
      .select('seq')
      .where('team_id', '=', team.id)
      .execute();
    expect(seqs).toHaveLength(2);
  });

  it('can step down once someone else is an admin, and members can still be removed', async () => {
    const promote = await signRosterEntryFor(ana, 'role', rosterMemberOf(ben.identity, 'admin'));
    expectReply(await postRosterEntry(ana, promote), 201, 'promote Ben');
    expect(await activeAdmins(team.id)).toEqual(['Ana', 'Ben']);

    const stepDown = await signRosterEntryFor(ana, 'role', anaAs('member'));
    expectReply(await postRosterEntry(ana, stepDown), 201, 'Ana steps down');
    expect(await activeAdmins(team.id)).toEqual(['Ben']);

    // Now Ben is the last admin; Ana, a member, can be removed by him.
    const benAdmin: MemberSession = { ...ben.session, member: { ...ben.session.member, role: 'admin' } };
    const benDemotes = await signRosterEntryFor(benAdmin, 'role', rosterMemberOf(ben.identity, 'member'));
    expectError(await postRosterEntry(benAdmin, benDemotes), 409, 'last_admin');
    const removeAna = await signRosterEntryFor(benAdmin, 'remove', anaAs('member'));
    expectReply(await postRosterEntry(benAdmin, removeAna), 201, 'remove Ana');
    expect(await activeAdmins(team.id)).toEqual(['Ben']);
  });
});

describe('two admins demoting each other at the same moment', () => {
  it('leave exactly one admin', async () => {
    const team = await createTeamWithService(t.db, { adminName: 'Ana' });
    const ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
    const cai = await joinTeam(ana, { name: 'Cai', role: 'admin' });
    expect(await activeAdmins(team.id)).toEqual(['Ana', 'Cai']);

    // Each signs the other's demotion on the same head: the team's roster is changed one entry at a
    // time, so one passes and the other is refused.
    const anaRow = await signRosterEntryFor(ana, 'role', rosterMemberOf(cai.identity, 'member'));
    const caiRow = await signRosterEntryFor(
      cai.session,
      'role',
      rosterMemberOf({ id: team.admin.id, name: 'Ana', credentials: team.admin.credentials }, 'member'),
    );
    const replies = await Promise.all([postRosterEntry(ana, anaRow), postRosterEntry(cai.session, caiRow)]);
    // The loser is refused as no longer an admin (403) or as signing on an old head (409).
    const [won, lost] = [...replies].sort((a, b) => a.status - b.status);
    expect(won?.status, won?.text).toBe(201);
    expect([403, 409], lost?.text).toContain(lost?.status);
    // The one left cannot step down on the new head either.
    expect(await activeAdmins(team.id)).toHaveLength(1);
    const [survivor] = await activeAdmins(team.id);
    const session = survivor === 'Ana' ? ana : cai.session;
    const self =
      survivor === 'Ana'
        ? rosterMemberOf({ id: team.admin.id, name: 'Ana', credentials: team.admin.credentials }, 'member')
        : rosterMemberOf(cai.identity, 'member');
    expectError(
      await postRosterEntry(session, await signRosterEntryFor(session, 'role', self)),
      409,
      'last_admin',
    );
    expect(await activeAdmins(team.id)).toEqual([survivor]);
  });
});

describe('checking a set-up link before the form', () => {
  const check = (token: string) => injectAgent(t.app).post('/api/setup/check', { token });

  it('says a fresh link is valid, and until when', async () => {
    const token = await newSetupToken(t.db);
    const reply = expectReply<{ valid: boolean; expires_at: string }>(await check(token), 200, 'check');
    expect(reply.valid).toBe(true);
    const hours = (Date.parse(reply.expires_at) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
    // Checking does not spend it: the team can still be made with it.
    await createTeamWithSetupLink(injectAgent(t.app), token);
  });

  it('says a used link was used (410)', async () => {
    const token = await newSetupToken(t.db);
    await createTeamWithSetupLink(injectAgent(t.app), token);
    expectError(await check(token), 410, 'setup_link_used');
  });

  it('calls an unknown, replaced or expired link invalid (404)', async () => {
    expectError(await check(toBase64Url(randomBytes(32))), 404, 'setup_link_invalid');
    const replaced = await newSetupToken(t.db);
    await newSetupToken(t.db);
    expectError(await check(replaced), 404, 'setup_link_invalid');
    const expired = await newSetupToken(t.db);
    await t.db
      .updateTable('setup_tokens')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('used_at', 'is', null)
      .execute();
    expectError(await check(expired), 404, 'setup_link_invalid');
  });

  it('refuses a malformed token with a 400', async () => {
    for (const body of [
      {},
      { token: 'short' },
      { token: 'x'.repeat(101) },
      { token: `${'a'.repeat(30)}/` },
    ]) {
      expectError(await injectAgent(t.app).post('/api/setup/check', body), 400, 'invalid_request');
    }
  });
});
