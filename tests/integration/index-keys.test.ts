/**
 * Signed grants of the team's index key (docs/protocol.md 7, review-notes.md R-5) over the real
 * API and a real PostgreSQL: the founder's grant at set-up, a new member's with the roster entry
 * adding them, an admin's issue of a key to the whole team (a new key, or the same one signed
 * again), the grant and epoch every session reply carries, tags refused unless made with the
 * team's current key, the cases still to tag with it, and a team migrated from before signed keys.
 *
 * Every grant is made as an admin's browser makes it (signIndexKeyGrant), and every session's key
 * is taken as a browser takes it: from a grant that verifies against an active admin of the
 * verified roster (tests/helpers/protocol/sessions.ts).
 *
 * Ana and Ada are admins of the first team, Ben a member; Otto is the admin of another team.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boxPublicKeyFromBase64,
  fromBase64Url,
  generateId,
  generateIndexKey,
  keyToBase64,
  ready,
  signIndexKeyGrant,
  toBase64Url,
  verifyIndexKeyGrant,
  type IndexKey,
} from '../../crypto/index.js';
import { migrateToLatest, MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../../server/db/migrate.js';
import { createTeam } from '../../server/services/teams.js';
import { purgeDueCases } from '../../server/services/retention.js';
import { migrations } from '../../migrations/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type ApiResponse,
  type AuditEventJson,
  type CaseDetailJson,
  type CreatedTeam,
  type ErrorJson,
  type IndexKeyGrantJson,
  type JoinedMember,
  type LocalTeam,
  type MemberIdentity,
  type MemberSession,
  type SessionJson,
  acceptInvitation,
  activeRosterMembers,
  createTeamWithService,
  enrolIdentity,
  expectError,
  expectReply,
  fetchTeam,
  foundTeamLocally,
  indexKeyGrantFor,
  indexKeyIssueBody,
  injectAgent,
  invite,
  issueIndexKey,
  joinTeam,
  newSetupToken,
  openCase,
  postRosterEntry,
  prepareMemberItem,
  removeMember,
  rosterMemberOf,
  setupRequestBody,
  signInFast,
  signRosterEntryFor,
  submitReport,
} from '../helpers/protocol/index.js';

const DAY_MS = 24 * 3600_000;

let t: TestApp;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
});
afterAll(async () => {
  await t.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** The signed-in member's session reply, as GET /api/session gives it again. */
async function sessionReply(session: MemberSession): Promise<SessionJson> {
  return expectReply<SessionJson>(await session.agent.get('/api/session'), 200, 'GET /api/session');
}

/** The 409's `index_epoch`, after checking it is an index_epoch_changed in the error shape. */
function expectEpochChanged(res: ApiResponse, what?: string): number | undefined {
  expectError(res, 409, 'index_epoch_changed', what);
  return res.json<ErrorJson>().error.index_epoch;
}

/** The team's epoch and its grants as stored: member → epoch, signer. */
async function storedGrants(teamId: string): Promise<{ epoch: number; grants: Record<string, string> }> {
  const team = await t.db
    .selectFrom('teams')
    .select('index_epoch')
    .where('id', '=', teamId)
    .executeTakeFirstOrThrow();
  const rows = await t.db.selectFrom('index_key_grants').selectAll().where('team_id', '=', teamId).execute();
  return {
    epoch: team.index_epoch,
    grants: Object.fromEntries(rows.map((r) => [r.member_id, `${r.epoch} by ${r.signed_by}`])),
  };
}

/** The same grant with one bit of its signature flipped. */
function withBadSignature<T extends { sig: string }>(grant: T): T {
  const sig = fromBase64Url(grant.sig);
  sig[7] = (sig[7] ?? 0) ^ 0x10;
  return { ...grant, sig: toBase64Url(sig) };
}

/** A grant of `indexKey` to `member` signed by `signer` (an identity's keys) in the name of `by`. */
function grantSignedBy(
  signer: Pick<MemberIdentity, 'keys'>,
  by: string,
  context: { team: string; member: { id: string; enc_pk: string } },
  indexKey: IndexKey,
  epoch: number,
): IndexKeyGrantJson {
  return signIndexKeyGrant(
    indexKey,
    {
      team: context.team,
      member: context.member.id,
      encPublicKey: boxPublicKeyFromBase64(context.member.enc_pk),
    },
    { id: by, signSecretKey: signer.keys.sign.secretKey },
    epoch,
  );
}

// ---------------------------------------------------------------------------------------------

describe('set-up', () => {
  /** The founder's grant replaced by `grant`: what a browser (or a hostile client) might send. */
  function withGrant(local: LocalTeam, grant: IndexKeyGrantJson): LocalTeam {
    return { ...local, indexKeyGrant: grant };
  }

  async function teamExists(id: string): Promise<boolean> {
    return (
      (await t.db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
    );
  }

  it('refuses a founder grant that is forged, of another epoch or signed by someone else, creating nothing', async () => {
    const local = foundTeamLocally();
    const founder = { id: local.admin.id, enc_pk: local.admin.credentials.enc_pk };
    const stranger = enrolIdentity({ team: local.team.id, name: 'Stranger' });
    const bad: [string, IndexKeyGrantJson][] = [
      ['a flipped signature bit', withBadSignature(local.indexKeyGrant)],
      [
        'epoch 2',
        grantSignedBy(
          local.admin,
          local.admin.id,
          { team: local.team.id, member: founder },
          local.indexKey,
          2,
        ),
      ],
      [
        'signed by someone else in their own name',
        grantSignedBy(stranger, stranger.id, { team: local.team.id, member: founder }, local.indexKey, 1),
      ],
      [
        "signed by someone else in the founder's name",
        grantSignedBy(stranger, local.admin.id, { team: local.team.id, member: founder }, local.indexKey, 1),
      ],
      [
        'signed for another team',
        grantSignedBy(
          local.admin,
          local.admin.id,
          { team: generateId(), member: founder },
          local.indexKey,
          1,
        ),
      ],
      [
        'another wrap under the signature',
        { ...local.indexKeyGrant, wrap: indexKeyGrantForWrap(local, generateIndexKey()) },
      ],
    ];
    const token = await newSetupToken(t.db);
    for (const [what, grant] of bad) {
      const res = await injectAgent(t.app).post(
        '/api/setup',
        setupRequestBody(token, withGrant(local, grant)),
      );
      expectError(res, 400, 'index_key_grant_invalid', what);
      expect(await teamExists(local.team.id), what).toBe(false);
    }
    // The link was given back each time: the founder can correct the request and retry.
    expectReply(
      await injectAgent(t.app).post('/api/setup', setupRequestBody(token, local)),
      201,
      'POST /api/setup',
    );
    expect(await storedGrants(local.team.id)).toEqual({
      epoch: 1,
      grants: { [local.admin.id]: `1 by ${local.admin.id}` },
    });
  });

  it('refuses the same through the command line path, creating nothing', async () => {
    const local = foundTeamLocally();
    await expect(
      createTeam(t.db, {
        team: local.team,
        genesis: local.genesis,
        admin: local.admin.credentials,
        indexKeyGrant: withBadSignature(local.indexKeyGrant),
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'index_key_grant_invalid' });
    expect(await teamExists(local.team.id)).toBe(false);
  });

  it("gives the founder's session the grant of epoch 1, signed by them, which opens to the team's key", async () => {
    const team = await createTeamWithService(t.db, { adminName: 'Fay' });
    const fay = await signInFast(injectAgent(t.app), team.slug, team.admin);
    const reply = await sessionReply(fay);
    expect(reply.index_epoch).toBe(1);
    expect(reply.index_key).toMatchObject({ epoch: 1, by: team.admin.id });
    expect(
      reply.index_key &&
        verifyIndexKeyGrant(team.admin.credentials.sign_pk, reply.index_key, {
          team: team.id,
          member: team.admin.id,
        }),
    ).toBe(true);
    expect(fay.indexEpoch).toBe(1);
    expect(fay.indexKey).toEqual(team.indexKey);
  });
});

/** The wrap of another key sealed to the founder (a grant whose signature covers another wrap). */
function indexKeyGrantForWrap(local: LocalTeam, indexKey: IndexKey): string {
  return grantSignedBy(
    local.admin,
    local.admin.id,
    { team: local.team.id, member: { id: local.admin.id, enc_pk: local.admin.credentials.enc_pk } },
    indexKey,
    1,
  ).wrap;
}

describe('the team and its key', () => {
  let team: CreatedTeam;
  let ana: MemberSession;
  let ada: JoinedMember;
  let ben: JoinedMember;
  let otherTeam: CreatedTeam;
  let otto: MemberSession;
  /** The team's key now, and its epoch. */
  let key: IndexKey;
  let epoch: number;

  beforeAll(async () => {
    team = await createTeamWithService(t.db, { adminName: 'Ana' });
    ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
    ada = await joinTeam(ana, { name: 'Ada', role: 'admin' });
    ben = await joinTeam(ana, { name: 'Ben' });
    otherTeam = await createTeamWithService(t.db, { adminName: 'Otto' });
    otto = await signInFast(injectAgent(t.app), otherTeam.slug, otherTeam.admin);
    key = team.indexKey;
    epoch = 1;
  });

  describe('adding a member', () => {
    it('gives members added with the roster entry a grant that verifies and opens to the team key', async () => {
      for (const session of [ada.session, ben.session]) {
        const reply = await sessionReply(session);
        expect(reply.index_epoch).toBe(1);
        expect(reply.index_key_due).toBe(false);
        expect(reply.index_key?.by).toBe(ana.member.id);
        expect(session.indexKey).toEqual(team.indexKey);
      }
    });

    it('is refused without a grant, with a stale one, or one signed by anyone but the sending admin', async () => {
      const eve = await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Eve' });
      const row = await signRosterEntryFor(ana, 'add', rosterMemberOf(eve, 'member'));
      const forEve = { team: team.id, member: eve.credentials };
      const before = await storedGrants(team.id);

      expectError(await postRosterEntry(ana, row), 400, 'index_key_grant_missing');
      expect(
        expectEpochChanged(
          await postRosterEntry(ana, row, indexKeyGrantFor(ana, eve.credentials, generateIndexKey(), 2)),
        ),
      ).toBe(1);
      const refused: [string, IndexKeyGrantJson][] = [
        // Ada may sign grants, but it is Ana who sends the entry.
        ['signed by another admin', indexKeyGrantFor(ada.session, eve.credentials)],
        ["Ada's signature in Ana's name", grantSignedBy(ada.identity, ana.member.id, forEve, key, 1)],
        ["a member's signature in Ana's name", grantSignedBy(ben.identity, ana.member.id, forEve, key, 1)],
        ['a flipped signature bit', withBadSignature(indexKeyGrantFor(ana, eve.credentials))],
        ["Ben's grant", indexKeyGrantFor(ana, ben.identity.credentials)],
        [
          "another team's grant",
          grantSignedBy(team.admin, ana.member.id, { ...forEve, team: otherTeam.id }, key, 1),
        ],
      ];
      for (const [what, grant] of refused) {
        expectError(await postRosterEntry(ana, row, grant), 400, 'index_key_grant_invalid', what);
      }

      const eveRow = await t.db
        .selectFrom('members')
        .select('status')
        .where('id', '=', eve.id)
        .executeTakeFirstOrThrow();
      expect(eveRow.status).toBe('pending');
      expect(await storedGrants(team.id)).toEqual(before);
      expect((await fetchTeam(ana.agent, team.slug)).roster.active.has(eve.id)).toBe(false);

      // The same entry with the right grant goes through.
      expectReply(await postRosterEntry(ana, row, indexKeyGrantFor(ana, eve.credentials)), 201, 'add Eve');
      const eveSession = await signInFast(injectAgent(t.app), team.slug, eve);
      expect(eveSession.indexKey).toEqual(key);
      expect((await sessionReply(eveSession)).index_key?.by).toBe(ana.member.id);
      expect(await removeMember(ana, eve.id)).toBeGreaterThan(0);
    });
  });

  describe('issuing the key', () => {
    const put = (session: MemberSession, body: unknown) =>
      session.agent.request('PUT', `/api/teams/${session.team.slug}/index-key`, { json: body });

    it('is for admins of the team only', async () => {
      const body = indexKeyIssueBody(ben.session, await activeRosterMembers(ana), key, epoch);
      expectError(await put(ben.session, body), 403, 'admin_only');
      expectError(
        await otto.agent.request('PUT', `/api/teams/${team.slug}/index-key`, {
          json: indexKeyIssueBody(otto, await activeRosterMembers(ana), key, epoch),
        }),
        404,
        'not_found',
      );
      expectError(
        await injectAgent(t.app).request('PUT', `/api/teams/${team.slug}/index-key`, { json: body }),
        401,
        'unauthorized',
      );
      expectError(
        await ana.agent.request('PUT', `/api/teams/${team.slug}/index-key`, { json: body, csrf: false }),
        403,
        'missing_csrf_header',
      );
    });

    it("refuses an epoch other than the team's or the next with 409 and the team's epoch", async () => {
      for (const wrong of [3, 4, 2 ** 31 - 1]) {
        expect(
          expectEpochChanged(await issueIndexKey(ana, generateIndexKey(), wrong), `epoch ${wrong}`),
        ).toBe(1);
      }
      const body = indexKeyIssueBody(ana, await activeRosterMembers(ana), key, epoch);
      expectError(await put(ana, { ...body, epoch: 0 }), 400, 'invalid_request');
    });

    it('refuses grants that do not name exactly the active members, each once, naming what is wrong', async () => {
      const active = await activeRosterMembers(ana);
      const removed = await t.db
        .selectFrom('members')
        .select('id')
        .where('team_id', '=', team.id)
        .where('status', '=', 'removed')
        .executeTakeFirstOrThrow();
      const pending = await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Pia' });
      const strangerId = generateId();
      const newKey = generateIndexKey();
      const cases: [string, { id: string; enc_pk: string }[], string][] = [
        ['missing Ben', active.filter((m) => m.id !== ben.identity.id), ben.identity.id],
        ['missing Ana herself', active.filter((m) => m.id !== ana.member.id), ana.member.id],
        ['a stranger', [...active, { id: strangerId, enc_pk: ben.identity.credentials.enc_pk }], strangerId],
        ['a pending invitee', [...active, pending.credentials], pending.id],
        [
          'a removed member',
          [...active, { id: removed.id, enc_pk: ben.identity.credentials.enc_pk }],
          removed.id,
        ],
        ['Ben twice', [...active, ...active.filter((m) => m.id === ben.identity.id)], ben.identity.id],
      ];
      const headSeq = (
        await t.db
          .selectFrom('roster_entries')
          .select(({ fn }) => fn.max('seq').as('seq'))
          .where('team_id', '=', team.id)
          .executeTakeFirstOrThrow()
      ).seq;
      for (const [what, members, named] of cases) {
        const res = await issueIndexKey(ana, newKey, 2, members);
        // A member named twice is a malformed request; a set that differs from the roster's is a
        // conflict with it (a member added or removed meanwhile), with the roster's head.
        const repeated = what === 'Ben twice';
        expectError(res, repeated ? 400 : 409, 'grants_do_not_match_roster', what);
        expect(res.json<ErrorJson>().error.message, what).toContain(named);
        if (!repeated)
          expect(res.json<{ error: { roster_seq?: number } }>().error.roster_seq, what).toBe(headSeq);
      }
      expect((await storedGrants(team.id)).epoch).toBe(1);
    });

    it('refuses a grant whose signature does not verify with the sending admin key, naming its member', async () => {
      const active = await activeRosterMembers(ana);
      const body = indexKeyIssueBody(ana, active, generateIndexKey(), 2);
      const benIndex = body.grants.findIndex((g) => g.member === ben.identity.id);
      const forged = structuredClone(body);
      const benGrant = forged.grants[benIndex];
      if (benGrant === undefined) throw new Error('no grant for Ben');
      forged.grants[benIndex] = withBadSignature(benGrant);
      let res = await put(ana, forged);
      expectError(res, 400, 'index_key_grant_invalid');
      expect(res.json<ErrorJson>().error.message).toContain(ben.identity.id);

      // Every grant signed by Ada, sent by Ana.
      res = await put(ana, indexKeyIssueBody(ada.session, active, generateIndexKey(), 2));
      expectError(res, 400, 'index_key_grant_invalid');
      // Two members' wraps swapped: each signature covers the other's wrap.
      const swapped = structuredClone(body);
      const [first, second] = swapped.grants;
      if (first === undefined || second === undefined) throw new Error('fewer than two grants');
      [first.wrap, second.wrap] = [second.wrap, first.wrap];
      expectError(await put(ana, swapped), 400, 'index_key_grant_invalid');
      // Grants of epoch 2 sent as epoch 1: the signatures cover the epoch.
      expectError(await put(ana, { ...body, epoch: 1 }), 400, 'index_key_grant_invalid');

      expect((await storedGrants(team.id)).epoch).toBe(1);
      expect((await signInFast(injectAgent(t.app), team.slug, ben.identity)).indexKey).toEqual(key);
    });

    it('moves the team to a new key: epoch 2, the old grants gone, every session holding the new one', async () => {
      const newKey = generateIndexKey();
      expectReply(await issueIndexKey(ana, newKey, 2), 204, 'PUT /api/teams/{slug}/index-key');
      key = newKey;
      epoch = 2;

      const active = await activeRosterMembers(ana);
      expect(await storedGrants(team.id)).toEqual({
        epoch: 2,
        grants: Object.fromEntries(active.map((m) => [m.id, `2 by ${ana.member.id}`])),
      });
      for (const identity of [team.admin, ada.identity, ben.identity]) {
        const session = await signInFast(injectAgent(t.app), team.slug, identity);
        const reply = await sessionReply(session);
        expect(reply.index_epoch).toBe(2);
        expect(reply.index_key).toMatchObject({ epoch: 2, by: ana.member.id });
        expect(
          reply.index_key &&
            verifyIndexKeyGrant(team.admin.credentials.sign_pk, reply.index_key, {
              team: team.id,
              member: identity.id,
            }),
        ).toBe(true);
        expect(session.indexKey).toEqual(newKey);
      }
      // A session opened before sees the new grant at its next read.
      expect((await sessionReply(ben.session)).index_epoch).toBe(2);
      const audit = expectReply<{ events: AuditEventJson[] }>(
        await ana.agent.get('/api/audit?action=index_key'),
        200,
        'GET /api/audit',
      );
      expect(audit.events.map((e) => [e.action, e.member, e.details])).toEqual([
        ['index_key.issued', ana.member.id, { epoch: 2, new_key: true }],
      ]);
    });

    it('takes the same key signed again at the same epoch, by another admin', async () => {
      ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
      const adaNow = await signInFast(injectAgent(t.app), team.slug, ada.identity);
      expectReply(await issueIndexKey(adaNow, key, 2), 204, 're-issue');
      const stored = await storedGrants(team.id);
      expect(stored.epoch).toBe(2);
      expect(new Set(Object.values(stored.grants))).toEqual(new Set([`2 by ${ada.identity.id}`]));
      const benNow = await signInFast(injectAgent(t.app), team.slug, ben.identity);
      expect((await sessionReply(benNow)).index_key?.by).toBe(ada.identity.id);
      expect(benNow.indexKey).toEqual(key);
      const audit = expectReply<{ events: AuditEventJson[] }>(
        await ana.agent.get('/api/audit?action=index_key.issued'),
        200,
        'GET /api/audit',
      );
      expect(audit.events[0]?.details).toEqual({ epoch: 2, new_key: false });
      // A member added now needs a grant of epoch 2; one of epoch 1 is stale.
      const gus = await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Gus' });
      const row = await signRosterEntryFor(ana, 'add', rosterMemberOf(gus, 'member'));
      expect(
        expectEpochChanged(
          await postRosterEntry(ana, row, indexKeyGrantFor(ana, gus.credentials, team.indexKey, 1)),
        ),
      ).toBe(2);
      expectReply(
        await postRosterEntry(ana, row, indexKeyGrantFor(ana, gus.credentials, key, 2)),
        201,
        'add Gus',
      );
      expect((await signInFast(injectAgent(t.app), team.slug, gus)).indexKey).toEqual(key);
    });

    it("deletes a removed member's grants, and the next issue must leave them out", async () => {
      ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
      await removeMember(ana, ben.identity.id);
      expect((await storedGrants(team.id)).grants[ben.identity.id]).toBeUndefined();
      const withBen = [...(await activeRosterMembers(ana)), ben.identity.credentials];
      expectError(
        await issueIndexKey(ana, generateIndexKey(), 3, withBen),
        409,
        'grants_do_not_match_roster',
      );
      // The removal leaves a new key due (an admin who removed themselves could not make it): the
      // same key signed again does not settle it, a new key does.
      expect((await sessionReply(ana)).index_key_due).toBe(true);
      expectReply(await issueIndexKey(ana, key, 2), 204, 'the same key signed again');
      expect((await sessionReply(ana)).index_key_due).toBe(true);
      const newKey = generateIndexKey();
      expectReply(await issueIndexKey(ana, newKey, 3), 204, 'rotation after the removal');
      expect((await sessionReply(ana)).index_key_due).toBe(false);
      key = newKey;
      epoch = 3;
      const stored = await storedGrants(team.id);
      expect(stored.epoch).toBe(3);
      expect(Object.keys(stored.grants).sort()).toEqual(
        (await activeRosterMembers(ana)).map((m) => m.id).sort(),
      );
    });
  });
});

describe('tags and the cases still to tag', () => {
  let team: CreatedTeam;
  let tia: MemberSession;
  let uma: JoinedMember;
  let vic: JoinedMember;
  let otto: MemberSession;
  let reporterBrowser: ReturnType<typeof injectAgent>;
  /** Oldest first. */
  let cases: string[];
  /** Uma is excluded from it. */
  let hidden: string;
  /** Vic recused himself from it. */
  let recused: string;

  const putTags = (session: MemberSession, caseId: string, epoch: number) =>
    session.agent.request('PUT', `/api/cases/${caseId}/tags`, {
      json: { epoch, involved: [], reporter: [] },
    });

  async function untagged(
    session: MemberSession,
    query = '',
  ): Promise<{ epoch: number | null; cases: string[]; more: boolean }> {
    return expectReply(
      await session.agent.get(`/api/teams/${session.team.slug}/untagged-cases${query}`),
      200,
      'GET /api/teams/{slug}/untagged-cases',
    );
  }

  /** The case detail's tag_epoch (GET /api/cases/{id}, read as it comes: a purged case too). */
  async function tagEpoch(session: MemberSession, caseId: string): Promise<number | null | undefined> {
    return expectReply<CaseDetailJson>(
      await session.agent.get(`/api/cases/${caseId}`),
      200,
      'GET /api/cases/{id}',
    ).tag_epoch;
  }

  beforeAll(async () => {
    team = await createTeamWithService(t.db, { adminName: 'Tia' });
    tia = await signInFast(injectAgent(t.app), team.slug, team.admin);
    uma = await joinTeam(tia, { name: 'Uma' });
    vic = await joinTeam(tia, { name: 'Vic' });
    const other = await createTeamWithService(t.db, { adminName: 'Otto' });
    otto = await signInFast(injectAgent(t.app), other.slug, other.admin);
    await submitReport(injectAgent(t.app), other.slug);
    reporterBrowser = injectAgent(t.app);
    cases = [];
    for (let i = 0; i < 4; i++) cases.push((await submitReport(reporterBrowser, team.slug)).caseId);
    hidden = (await submitReport(reporterBrowser, team.slug, { exclude: [uma.identity.id] })).caseId;
    recused = (await submitReport(reporterBrowser, team.slug)).caseId;
    cases.push(hidden, recused);
    expectReply(await vic.session.agent.post(`/api/cases/${recused}/recusal`), 204, 'recusal');
    // Distinct creation times, so that "newest first" is one order.
    const base = Date.parse('2026-05-01T00:00:00Z');
    for (const [i, caseId] of cases.entries()) {
      await t.db
        .updateTable('cases')
        .set({ created_at: new Date(base + i * DAY_MS) })
        .where('id', '=', caseId)
        .execute();
    }
  });

  const newestFirst = (ids: readonly string[]) => [...ids].reverse();

  it('lists every case the member may see, newest first, at the team epoch', async () => {
    expect(await untagged(tia)).toEqual({ epoch: 1, cases: newestFirst(cases), more: false });
    expect(await untagged(uma.session)).toEqual({
      epoch: 1,
      cases: newestFirst(cases.filter((c) => c !== hidden)),
      more: false,
    });
    expect(await untagged(vic.session)).toEqual({
      epoch: 1,
      cases: newestFirst(cases.filter((c) => c !== recused)),
      more: false,
    });
  });

  it('lists up to `limit`, saying whether more remain', async () => {
    expect(await untagged(tia, '?limit=2')).toEqual({
      epoch: 1,
      cases: newestFirst(cases).slice(0, 2),
      more: true,
    });
    expect(await untagged(tia, `?limit=${cases.length}`)).toEqual({
      epoch: 1,
      cases: newestFirst(cases),
      more: false,
    });
    expect(await untagged(tia, '?limit=500')).toMatchObject({ more: false });
    for (const bad of ['0', '501', '01', 'x', '-1', '2.5', '']) {
      expectError(
        await tia.agent.get(`/api/teams/${team.slug}/untagged-cases?limit=${bad}`),
        400,
        'invalid_request',
        `limit=${bad}`,
      );
    }
  });

  it("is the member's own team's only", async () => {
    expectError(await otto.agent.get(`/api/teams/${team.slug}/untagged-cases`), 404, 'not_found');
    expectError(await injectAgent(t.app).get(`/api/teams/${team.slug}/untagged-cases`), 401, 'unauthorized');
    expect((await untagged(otto)).cases).toHaveLength(1);
  });

  it("refuses tags of another epoch with 409 and the team's epoch; takes the team's and records it on the case", async () => {
    const [oldest] = cases;
    if (oldest === undefined) throw new Error('no case');
    expect(await tagEpoch(tia, oldest)).toBeNull();
    expect(expectEpochChanged(await putTags(tia, oldest, 2))).toBe(1);
    expect(await tagEpoch(tia, oldest)).toBeNull();
    expectReply(await putTags(uma.session, oldest, 1), 204, 'PUT tags');
    expect(await tagEpoch(tia, oldest)).toBe(1);
    expect((await untagged(tia)).cases).toEqual(newestFirst(cases.slice(1)));
  });

  it('empties once every case the member may see is tagged', async () => {
    for (const caseId of cases.filter((c) => c !== hidden)) {
      expectReply(await putTags(uma.session, caseId, 1), 204, 'PUT tags');
    }
    expect(await untagged(uma.session)).toEqual({ epoch: 1, cases: [], more: false });
    // The case hidden from Uma is still to tag, for those who may see it.
    expect(await untagged(tia)).toEqual({ epoch: 1, cases: [hidden], more: false });
    expectReply(await putTags(tia, hidden, 1), 204, 'PUT tags');
    expect(await untagged(tia)).toEqual({ epoch: 1, cases: [], more: false });
  });

  it('lists every case again once the key is new, and takes only tags of the new key', async () => {
    const newKey = generateIndexKey();
    expectReply(await issueIndexKey(tia, newKey, 2), 204, 'new key');
    expect(await untagged(tia)).toEqual({ epoch: 2, cases: newestFirst(cases), more: false });
    const [oldest] = cases;
    if (oldest === undefined) throw new Error('no case');
    expect(await tagEpoch(tia, oldest)).toBe(1);
    expect(expectEpochChanged(await putTags(tia, oldest, 1))).toBe(2);
    expectReply(await putTags(tia, oldest, 2), 204, 'PUT tags');
    expect(await tagEpoch(tia, oldest)).toBe(2);
    expect((await untagged(tia)).cases).not.toContain(oldest);
  });

  it('leaves out a purged case: the report body a console tags from is gone', async () => {
    await t.db.updateTable('teams').set({ quorum: 0, retention_days: 1 }).where('id', '=', team.id).execute();
    const [, second] = cases;
    if (second === undefined) throw new Error('no case');
    const record = async (body: { type: string } & Record<string, unknown>) =>
      (await prepareMemberItem(tia, await openCase(tia, second), { kind: 'record', text: '', record: body }))
        .item;
    const closing = await record({
      type: 'closing_summary',
      about: 'a',
      investigators: 'Tia',
      findings: 'f',
      outcome: 'o',
    });
    expectReply(
      await tia.agent.patch(`/api/cases/${second}`, { status: 'closed', item: closing }),
      200,
      'close',
    );
    const row = await t.db.selectFrom('cases').selectAll().where('id', '=', second).executeTakeFirstOrThrow();
    const retained = await record({
      type: 'retained',
      case_number: row.number,
      result: 'actionable',
      finished_at: (row.finished_at ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      parties: [{ name: 'Vandal Example', role: 'alleged_harasser' }],
      reporter_role: 'target',
      outcome: 'Blocked',
    });
    expectReply(await tia.agent.post(`/api/cases/${second}/retained`, { item: retained }), 201, 'retained');
    await t.db
      .updateTable('cases')
      .set({ finished_at: new Date(Date.now() - 2 * DAY_MS) })
      .where('id', '=', second)
      .execute();
    expect((await untagged(tia)).cases).toContain(second);
    expect(await purgeDueCases(t.db)).toBe(1);
    // Still visible to Tia (she holds its retained record), still of epoch 1, but not listed.
    expect(await tagEpoch(tia, second)).toBe(1);
    expect((await untagged(tia)).cases).not.toContain(second);
  });
});

describe('a team from before signed index keys', () => {
  let legacy: TestApp;

  beforeAll(async () => {
    legacy = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => {
    await legacy.close();
  });

  it('has no key after the migration: null grant, epoch 0, members added without one, until an admin issues the first', async () => {
    const team = await createTeamWithService(legacy.db, { adminName: 'Lea' });
    const lea = await signInFast(injectAgent(legacy.app), team.slug, team.admin);
    const mia = await joinTeam(lea, { name: 'Mia' });
    const { caseId } = await submitReport(injectAgent(legacy.app), team.slug);
    expectReply(
      await lea.agent.request('PUT', `/api/cases/${caseId}/tags`, {
        json: { epoch: 1, involved: [toBase64Url(new Uint8Array(16))], reporter: [] },
      }),
      204,
      'PUT tags',
    );

    // Back to the schema of 0009, as an older version left it: unsigned wraps beside the members.
    const migrator = new Migrator({
      db: legacy.db,
      provider: { getMigrations: () => Promise.resolve(migrations) },
      migrationTableName: MIGRATION_TABLE,
      migrationLockTableName: MIGRATION_LOCK_TABLE,
    });
    const down = await migrator.migrateTo('0009_case_tags');
    expect(down.error).toBeUndefined();
    await sql`update members set index_key_grant = ${Buffer.alloc(80, 7)}`.execute(legacy.db);
    expect((await sql`select 1 from case_tags`.execute(legacy.db)).rows).toHaveLength(1);
    expect((await migrateToLatest(legacy.db as Kysely<unknown>)).applied).toContain('0010_signed_index_keys');

    const teamRow = await legacy.db
      .selectFrom('teams')
      .select('index_epoch')
      .where('id', '=', team.id)
      .executeTakeFirstOrThrow();
    expect(teamRow.index_epoch).toBe(0);
    expect(await legacy.db.selectFrom('index_key_grants').selectAll().execute()).toEqual([]);
    expect(await legacy.db.selectFrom('case_tags').selectAll().execute()).toEqual([]);
    const caseRow = await legacy.db
      .selectFrom('cases')
      .select('tag_epoch')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(caseRow.tag_epoch).toBeNull();

    // Sessions carry no key; nothing is to be tagged, and no tag is taken.
    const leaNow = await signInFast(injectAgent(legacy.app), team.slug, team.admin);
    const reply = expectReply<SessionJson>(await leaNow.agent.get('/api/session'), 200, 'GET /api/session');
    expect({ key: reply.index_key, epoch: reply.index_epoch }).toEqual({ key: null, epoch: 0 });
    expect(
      expectReply(await leaNow.agent.get(`/api/teams/${team.slug}/untagged-cases`), 200, 'untagged'),
    ).toEqual({ epoch: null, cases: [], more: false });
    const tags = await leaNow.agent.request('PUT', `/api/cases/${caseId}/tags`, {
      json: { epoch: 1, involved: [], reporter: [] },
    });
    expect(expectEpochChanged(tags)).toBe(0);

    // Members are added without a grant; one sent anyway is refused, as the team has no key.
    const ned = await acceptInvitation(injectAgent(legacy.app), (await invite(leaNow)).token, {
      name: 'Ned',
    });
    const row = await signRosterEntryFor(leaNow, 'add', rosterMemberOf(ned, 'member'));
    expect(
      expectEpochChanged(
        await postRosterEntry(leaNow, row, indexKeyGrantFor(leaNow, ned.credentials, generateIndexKey(), 1)),
      ),
    ).toBe(0);
    expectReply(await postRosterEntry(leaNow, row), 201, 'add Ned without a grant');
    const joined = await joinTeam(leaNow, { name: 'Ola' });
    expect({ key: joined.session.indexKey, epoch: joined.session.indexEpoch }).toEqual({
      key: null,
      epoch: 0,
    });

    // The first signed key: epoch 1, and nothing else.
    const first = generateIndexKey();
    expect(expectEpochChanged(await issueIndexKey(leaNow, first, 2))).toBe(0);
    expectReply(await issueIndexKey(leaNow, first, 1), 204, 'the first key');
    for (const identity of [team.admin, mia.identity, ned, joined.identity]) {
      const session = await signInFast(injectAgent(legacy.app), team.slug, identity);
      expect({ key: session.indexKey && keyToBase64(session.indexKey), epoch: session.indexEpoch }).toEqual({
        key: keyToBase64(first),
        epoch: 1,
      });
    }
    expect(
      expectReply(await leaNow.agent.get(`/api/teams/${team.slug}/untagged-cases`), 200, 'untagged'),
    ).toEqual({ epoch: 1, cases: [caseId], more: false });
  });
});
