/**
 * The 409 rule of POST /api/reports (docs/protocol.md 9.3): a report must be granted to
 * exactly the active members at the roster's head minus the exclusions, plus the reporter,
 * each once. Anything else is refused with 409 and the current roster_seq, so that no member
 * is silently left out and no stranger is let in; the client then rebuilds and resubmits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMemberKeys, grantKey, ready, signedRosterChange, type Grant } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberIdentity,
  type MemberSession,
  type PreparedReport,
  acceptInvitation,
  createTeamWithService,
  expectReply,
  fetchTeam,
  indexKeyGrantFor,
  injectAgent,
  invite,
  joinTeam,
  openCase,
  postReport,
  postRosterEntry,
  prepareMemberItem,
  prepareReport,
  removeMember,
  rosterMemberOf,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let cai: JoinedMember;
let pending: MemberIdentity;
let removed: JoinedMember;
let otherTeam: CreatedTeam;
let reporterBrowser: Agent;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben' });
  cai = await joinTeam(ana, { name: 'Cai' });
  removed = await joinTeam(ana, { name: 'Rex' });
  await removeMember(ana, removed.identity.id);
  pending = await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Pia' });
  otherTeam = await createTeamWithService(t.db, { adminName: 'Zed' });
  reporterBrowser = injectAgent(t.app);
});
afterAll(async () => {
  await t.close();
});

async function head(): Promise<number> {
  return (await fetchTeam(reporterBrowser, team.slug)).roster.head.seq;
}

/**
 * A 409 in the error shape with the given code. That it also carries the current roster_seq
 * is checked on its own below.
 */
function expectRosterConflict(res: ApiResponse, code = 'grants_do_not_match_roster'): void {
  expect(res.status, res.text).toBe(409);
  expect(res.json<ErrorJson>()).toMatchObject({ error: { code, message: expect.any(String) as string } });
}

/** A grant of the report's key to someone who should not have it. */
function grantTo(report: PreparedReport, id: string): Grant {
  const [grant] = grantKey(report.reportKey, [{ id, boxPublicKey: generateMemberKeys().enc.publicKey }]);
  if (grant === undefined) throw new Error('no grant');
  return grant;
}

function withGrants(report: PreparedReport, grants: readonly Grant[]) {
  return { ...report.submission, grants };
}

async function caseCount(): Promise<number> {
  return (await t.db.selectFrom('cases').select('id').execute()).length;
}

describe('a report granted to exactly the team', () => {
  it('is accepted when it goes to every active member and the reporter', async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    expect(report.submission.grants.map((g) => g.to).sort()).toEqual(
      [team.admin.id, ben.identity.id, cai.identity.id, 'reporter'].sort(),
    );
    expectReply(await postReport(reporterBrowser, report.submission), 201, 'POST /api/reports');
  });

  it('is accepted whatever the order of the grants', async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    const reversed = [...report.submission.grants].reverse();
    expectReply(await postReport(reporterBrowser, withGrants(report, reversed)), 201, 'POST /api/reports');
  });
});

describe('a report whose grants do not match the roster', () => {
  it('is refused with 409 when an active member is left out', async () => {
    const before = await caseCount();
    const report = await prepareReport(reporterBrowser, team.slug);
    for (const left of [ben.identity.id, team.admin.id]) {
      const grants = report.submission.grants.filter((g) => g.to !== left);
      expectRosterConflict(await postReport(reporterBrowser, withGrants(report, grants)));
    }
    expect(await caseCount()).toBe(before);
  });

  it("is refused with 409 when a stranger's id and key are added", async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    const strangers = [
      '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      pending.id,
      removed.identity.id,
      otherTeam.admin.id,
    ];
    for (const stranger of strangers) {
      const grants = [...report.submission.grants, grantTo(report, stranger)];
      expectRosterConflict(await postReport(reporterBrowser, withGrants(report, grants)));
    }
  });

  it("is refused with 409 when a stranger's grant replaces a member's", async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    for (const stranger of [pending.id, removed.identity.id, otherTeam.admin.id]) {
      const grants = report.submission.grants.map((g) =>
        g.to === cai.identity.id ? grantTo(report, stranger) : g,
      );
      expectRosterConflict(await postReport(reporterBrowser, withGrants(report, grants)));
    }
  });

  it('is refused with 409 when a member is granted twice', async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    const ben1 = report.submission.grants.find((g) => g.to === ben.identity.id);
    if (ben1 === undefined) throw new Error('no grant for Ben');
    // Twice on top of everyone, and twice in place of someone else (same count as the roster).
    const extra = [...report.submission.grants, grantTo(report, ben.identity.id)];
    const replacing = report.submission.grants.map((g) => (g.to === cai.identity.id ? ben1 : g));
    for (const grants of [extra, replacing]) {
      expectRosterConflict(await postReport(reporterBrowser, withGrants(report, grants)));
    }
  });

  it("is refused with 409 when the reporter's own grant is missing or doubled", async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    const without = report.submission.grants.filter((g) => g.to !== 'reporter');
    const twice = [...report.submission.grants, grantTo(report, 'reporter')];
    const instead = report.submission.grants.map((g) =>
      g.to === 'reporter' ? grantTo(report, ben.identity.id) : g,
    );
    for (const grants of [without, twice, instead]) {
      expectRosterConflict(await postReport(reporterBrowser, withGrants(report, grants)));
    }
  });

  it('is refused with 409 when it names a roster the server does not have', async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    const current = await head();
    const res = await postReport(reporterBrowser, { ...report.submission, roster_seq: current + 1 });
    expectRosterConflict(res, 'roster_changed');
  });
});

describe('the 409', () => {
  // Regression (fixed in 71b6c15): AppError puts roster_seq into `error`, but the routes declare their 409 reply
  // with ErrorReply ({ code, message } only), and Fastify's serializer drops every property the
  // response schema does not list. The client is told the roster changed, but not to what.
  it('carries the current roster_seq, for a report, an item or a roster entry', async () => {
    const report = await prepareReport(reporterBrowser, team.slug);
    const current = await head();
    const missing = report.submission.grants.filter((g) => g.to !== ben.identity.id);
    // An item whose grants leave Ben out, and a roster entry made on an old head.
    const sent = await submitReport(reporterBrowser, team.slug);
    const view = await openCase(ana, sent.caseId);
    const note = await prepareMemberItem(ana, view, { kind: 'note', text: 'not for Ben' });
    const sam = await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Sam' });
    const onOldHead = signedRosterChange({
      previous: team.genesis,
      op: 'add',
      member: rosterMemberOf(sam, 'member'),
      admin: { id: ana.member.id, keys: ana.keys },
    });
    const conflicts: [string, ApiResponse][] = [
      ['report, grants', await postReport(reporterBrowser, withGrants(report, missing))],
      ['report, seq', await postReport(reporterBrowser, { ...report.submission, roster_seq: current + 1 })],
      [
        'report, excluded',
        await postReport(reporterBrowser, { ...report.submission, excluded: [pending.id] }),
      ],
      [
        'item',
        await ana.agent.post(`/api/cases/${sent.caseId}/items`, {
          ...note.item,
          grants: note.item.grants.filter((g) => g.to !== ben.identity.id),
        }),
      ],
      ['roster entry', await postRosterEntry(ana, onOldHead, indexKeyGrantFor(ana, sam.credentials))],
    ];
    const offenders: string[] = [];
    for (const [what, res] of conflicts) {
      expect(res.status, `${what}: ${res.text}`).toBe(409);
      const seq = res.json<ErrorJson>().error.roster_seq;
      if (seq !== current) offenders.push(`${what}: roster_seq ${String(seq)}`);
    }
    expect(offenders).toEqual([]);
  });
});

describe('a report made from a roster that has changed since', () => {
  it('is refused with 409 after a member was added, and accepted once rebuilt with the same id', async () => {
    const stale = await prepareReport(reporterBrowser, team.slug);
    const staleSeq = stale.submission.roster_seq;
    const dee = await joinTeam(ana, { name: 'Dee' });
    expectRosterConflict(await postReport(reporterBrowser, stale.submission));
    expect(await head()).toBe(staleSeq + 1);

    // The reporter's client reloads, verifies, sees Dee, rebuilds and resends under the same id.
    const rebuilt = await prepareReport(reporterBrowser, team.slug, { id: stale.submission.id });
    expect(rebuilt.submission.grants.map((g) => g.to)).toContain(dee.identity.id);
    expectReply(await postReport(reporterBrowser, rebuilt.submission), 201, 'the rebuilt report');
  });

  it('is refused with 409 after a member was removed, and accepted once rebuilt', async () => {
    const stale = await prepareReport(reporterBrowser, team.slug);
    await removeMember(ana, cai.identity.id);
    expectRosterConflict(await postReport(reporterBrowser, stale.submission));

    const rebuilt = await prepareReport(reporterBrowser, team.slug, { id: stale.submission.id });
    expect(rebuilt.submission.grants.map((g) => g.to)).not.toContain(cai.identity.id);
    expectReply(await postReport(reporterBrowser, rebuilt.submission), 201, 'the rebuilt report');
  });

  it('is refused with 409 when it still excludes a member who has since been removed', async () => {
    const dee = (await fetchTeam(reporterBrowser, team.slug)).roster;
    const deeId = [...dee.active.values()].find((m) => m.name === 'Dee')?.id;
    if (deeId === undefined) throw new Error('no Dee');
    const stale = await prepareReport(reporterBrowser, team.slug, { exclude: [deeId] });
    await removeMember(ana, deeId);
    expectRosterConflict(await postReport(reporterBrowser, stale.submission), 'excluded_not_member');
  });
});
