/**
 * The admins' audit log, GET /api/audit (issue 10): each event names its case by the case's
 * number, and the log can be narrowed to an action (or the part before its dot), a member and a
 * case number. Bad filters are 400s; members who are not admins get 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateId } from '../../crypto/index.js';
import type { TestApp } from '../helpers/app-server.js';
import {
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberSession,
  createTeamWithService,
  expectReply,
  injectAgent,
  openCase,
  postMemberItem,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

interface AuditJson {
  member: string | null;
  case: string | null;
  case_number: number | null;
  action: string;
  details: Record<string, unknown>;
  at: string;
}

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let first: string;
let second: string;

beforeAll(async () => {
  const started = await startTeamApp(['Ben']);
  ({ t, team, ana } = started);
  [ben] = started.members;
  first = (await submitReport(injectAgent(t.app), team.slug)).caseId;
  second = (await submitReport(injectAgent(t.app), team.slug)).caseId;
  const view = await openCase(ana, first);
  await postMemberItem(ana, view, { kind: 'note', text: 'checked' });
  await openCase(ben.session, second);
  expect(
    (await ben.session.agent.post(`/api/cases/${second}/local-actions`, { action: 'printed' })).status,
  ).toBe(204);
});
afterAll(async () => {
  await t.close();
});

async function log(query = ''): Promise<AuditJson[]> {
  return expectReply<{ events: AuditJson[] }>(
    await ana.agent.get(`/api/audit${query}`),
    200,
    `audit ${query}`,
  ).events;
}

describe('GET /api/audit', () => {
  it('names each case event by its number within the team', async () => {
    const events = await log();
    const byCase = (id: string) => events.filter((e) => e.case === id).map((e) => e.case_number);
    expect(new Set(byCase(first))).toEqual(new Set([1]));
    expect(new Set(byCase(second))).toEqual(new Set([2]));
    expect(events.filter((e) => e.case === null).every((e) => e.case_number === null)).toBe(true);
  });

  it('filters by an exact action, or by the part before the dot', async () => {
    expect((await log('?action=case.opened')).map((e) => [e.case_number, e.member])).toEqual([
      [2, ben.identity.id],
      [1, ana.member.id],
    ]);
    const caseEvents = await log('?action=case');
    expect(new Set(caseEvents.map((e) => e.action))).toEqual(new Set(['case.opened', 'case.printed']));
    expect((await log('?action=item')).map((e) => e.action)).toEqual(['item.note']);
    // "_" is a letter there, not a wildcard.
    expect(await log('?action=c_se')).toEqual([]);
    expect(await log('?action=case.open')).toEqual([]);
  });

  it('filters by member and by case number, combined with "and"', async () => {
    const bens = await log(`?member=${ben.identity.id}`);
    expect(bens.length).toBeGreaterThan(0);
    expect(bens.every((e) => e.member === ben.identity.id)).toBe(true);
    expect((await log('?case_number=1')).map((e) => e.action)).toEqual(['item.note', 'case.opened']);
    expect((await log(`?case_number=2&member=${ben.identity.id}&action=case`)).map((e) => e.action)).toEqual([
      'case.printed',
      'case.opened',
    ]);
    expect(await log('?case_number=99')).toEqual([]);
    expect(await log(`?member=${generateId()}`)).toEqual([]);
  });

  it('refuses bad filters with 400 invalid_request', async () => {
    for (const query of [
      '?action=Case',
      '?action=case.opened.twice',
      "?action=case'--",
      '?case_number=0',
      '?case_number=-1',
      '?case_number=1e3',
      '?member=not-a-uuid',
      '?team=other',
    ]) {
      const res = await ana.agent.get(`/api/audit${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json<ErrorJson>().error.code, query).toBe('invalid_request');
    }
  });

  it('is for admins only', async () => {
    const res = await ben.session.agent.get('/api/audit?action=case');
    expect(res.status).toBe(403);
    expect(res.json<ErrorJson>().error.code).toBe('admin_only');
  });

  it("does not show another team's cases, even by number", async () => {
    const other = await createTeamWithService(t.db, { adminName: 'Zed' });
    const zed = await signInFast(injectAgent(t.app), other.slug, other.admin);
    const theirs = await submitReport(injectAgent(t.app), other.slug);
    await openCase(zed, theirs.caseId);
    expect((await log('?case_number=1')).every((e) => e.case === first)).toBe(true);
  });
});
