/**
 * Case metadata and the audit trail: PATCH /api/cases/{id} changes status, check-in date and
 * assignee, each request recorded once with the fields it changed, before and after; members' actions (opening a
 * case, writing, inviting, adding, removing, re-granting, signing in) leave audit events. No
 * event holds anything a reporter or member wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateId } from '../../crypto/index.js';
import type { TestApp } from '../helpers/app-server.js';
import {
  type AuditEventJson,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type MemberSession,
  type SubmittedReport,
  acceptInvitation,
  createTeamWithService,
  expectReply,
  findSecrets,
  injectAgent,
  invite,
  joinTeam,
  openCase,
  openReceiptSession,
  patchCase,
  postMemberItem,
  prepareMemberItem,
  regrant,
  removeMember,
  reporterWithoutReceipt,
  submitReport,
} from '../helpers/protocol/index.js';
import { startTeamApp } from '../helpers/team-app.js';

interface AuditRow {
  id: number;
  team_id: string;
  member_id: string | null;
  case_id: string | null;
  action: string;
  details: Record<string, unknown>;
}

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
let ben: JoinedMember;
let report: SubmittedReport;
const typed = {
  what: 'The harasser followed me from the village pump to my talk page',
  involved: 'Harasser Account 42',
  email: 'reporter-audit@example.org',
  message: 'When did this start?',
  note: 'Checked the contributions of the account',
};

beforeAll(async () => {
  const started = await startTeamApp(['Ben']);
  ({ t, team, ana } = started);
  [ben] = started.members;
  report = await submitReport(injectAgent(t.app), team.slug, {
    body: {
      what_happened: typed.what,
      involved: [{ name: typed.involved, role: 'alleged_harasser' }],
      contact: { by: 'email', email: typed.email },
    },
  });
});
afterAll(async () => {
  await t.close();
});

async function rows(): Promise<AuditRow[]> {
  return (await t.db
    .selectFrom('audit_events')
    .select(['id', 'team_id', 'member_id', 'case_id', 'action', 'details'])
    .orderBy('id')
    .execute()) as AuditRow[];
}

/** Runs `action` and returns the audit rows it added. */
async function added(action: () => Promise<unknown>): Promise<AuditRow[]> {
  const before = await rows();
  const last = before.at(-1)?.id ?? 0;
  await action();
  return (await rows()).filter((r) => r.id > last);
}

describe('PATCH /api/cases/{id}', () => {
  it('acknowledges with its message in one request, recorded once with the state before and after', async () => {
    const message = await prepareMemberItem(ana, await openCase(ana, report.caseId), {
      kind: 'message',
      text: typed.message,
    });
    let reply: unknown;
    const events = await added(async () => {
      reply = expectReply(
        await ana.agent.patch(`/api/cases/${report.caseId}`, { status: 'acknowledged', item: message.item }),
        200,
        'PATCH',
      );
    });
    expect(reply).toEqual({
      id: report.caseId,
      number: 1,
      status: 'acknowledged',
      check_in_by: null,
      follow_up_by: null,
      assignee: null,
      updated_at: expect.any(String) as string,
    });
    expect(events).toEqual([
      {
        id: expect.any(Number) as number,
        team_id: team.id,
        member_id: ana.member.id,
        case_id: report.caseId,
        action: 'case.updated',
        details: {
          before: { status: 'received' },
          after: { status: 'acknowledged' },
          item: message.item.id,
        },
      },
    ]);
  });

  it('records a promised check-in date, and only the field that changed', async () => {
    const events = await added(async () => {
      expectReply(await patchCase(ana, report.caseId, { check_in_by: '2031-01-05T00:00:00Z' }), 200, 'PATCH');
    });
    expect(events.map((e) => [e.action, e.details])).toEqual([
      ['case.updated', { before: { check_in_by: null }, after: { check_in_by: '2031-01-05T00:00:00Z' } }],
    ]);
  });

  it('records assigning and unassigning, by whoever does it', async () => {
    const assigned = await added(async () => {
      expectReply(await patchCase(ben.session, report.caseId, { assignee: ben.identity.id }), 200, 'assign');
    });
    expect(assigned.map((e) => [e.member_id, e.details])).toEqual([
      [ben.identity.id, { before: { assignee: null }, after: { assignee: ben.identity.id } }],
    ]);
    const unassigned = await added(async () => {
      expectReply(
        await patchCase(ana, report.caseId, { assignee: null, check_in_by: null }),
        200,
        'unassign',
      );
    });
    expect(unassigned.map((e) => [e.member_id, e.details])).toEqual([
      [
        ana.member.id,
        {
          before: { check_in_by: '2031-01-05T00:00:00Z', assignee: ben.identity.id },
          after: { check_in_by: null, assignee: null },
        },
      ],
    ]);
  });

  it('records several changes at once as one event', async () => {
    const events = await added(async () => {
      expectReply(
        await patchCase(ana, report.caseId, {
          status: 'investigating',
          check_in_by: '2031-02-01T12:00:00Z',
          assignee: ana.member.id,
        }),
        200,
        'PATCH',
      );
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toEqual({
      before: { status: 'acknowledged', check_in_by: null, assignee: null },
      after: { status: 'investigating', check_in_by: '2031-02-01T12:00:00Z', assignee: ana.member.id },
    });
  });

  it('records nothing for a request that changes nothing', async () => {
    const events = await added(async () => {
      expectReply(
        await patchCase(ana, report.caseId, { status: 'investigating', assignee: ana.member.id }),
        200,
        'PATCH',
      );
    });
    expect(events).toEqual([]);
  });

  it('records nothing when it refuses a change', async () => {
    const stranger = await createTeamWithService(t.db, { adminName: 'Zed' });
    const events = await added(async () => {
      const refused = [
        await patchCase(ana, report.caseId, { status: 'withdrawn' }),
        await patchCase(ana, report.caseId, { assignee: stranger.admin.id }),
        await patchCase(ana, report.caseId, { assignee: generateId() }),
        await patchCase(ana, generateId(), { status: 'closed' }),
        await injectAgent(t.app).patch(`/api/cases/${report.caseId}`, { status: 'closed' }),
        await patchCase(ana, report.caseId, { status: 'acknowledged' }),
        await patchCase(ana, report.caseId, { status: 'closed' }),
      ];
      expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 404, 401, 409, 400]);
      // Only the reporter withdraws: the schema has no such status for members.
      expect(refused.map((r) => r.json<ErrorJson>().error.code)).toEqual([
        'invalid_request',
        'assignee_not_allowed',
        'assignee_not_allowed',
        'not_found',
        'unauthorized',
        'status_change_not_allowed',
        'item_required',
      ]);
    });
    expect(events).toEqual([]);
    expect((await openCase(ana, report.caseId)).raw.status).toBe('investigating');
  });
});

describe("members' actions", () => {
  it('opening a case is recorded, with who and which case', async () => {
    const events = await added(() => openCase(ben.session, report.caseId));
    expect(events.map((e) => [e.action, e.member_id, e.case_id, e.details])).toEqual([
      ['case.opened', ben.identity.id, report.caseId, {}],
    ]);
  });

  it('writing a message or a note is recorded by id and audience, never content', async () => {
    const view = await openCase(ana, report.caseId);
    let messageId = '';
    let noteId = '';
    const events = await added(async () => {
      messageId = (await postMemberItem(ana, view, { kind: 'message', text: typed.message })).item.id;
      noteId = (await postMemberItem(ana, view, { kind: 'note', text: typed.note })).item.id;
    });
    expect(events.map((e) => [e.action, e.member_id, e.case_id, e.details])).toEqual([
      ['item.message', ana.member.id, report.caseId, { item: messageId, audience: 'reporter' }],
      ['item.note', ana.member.id, report.caseId, { item: noteId, audience: 'team' }],
    ]);
  });

  it('inviting, joining, adding, re-granting, signing in and removing are recorded', async () => {
    let joined: JoinedMember | undefined;
    const events = await added(async () => {
      joined = await joinTeam(ana, { name: 'Cai' });
    });
    const cai = joined;
    if (cai === undefined) throw new Error('no Cai');
    expect(events.map((e) => [e.action, e.member_id, e.details])).toEqual([
      ['invitation.created', ana.member.id, { invitation: expect.any(String) as string, role: 'member' }],
      ['invitation.accepted', cai.identity.id, { invitation: expect.any(String) as string }],
      ['roster.add', ana.member.id, { member: cai.identity.id, seq: 2, role: 'member' }],
      // The report, the acknowledgement, the message and the note.
      ['case.regranted', ana.member.id, { member: cai.identity.id, objects: 4 }],
      ['member.signed_in', cai.identity.id, {}],
    ]);
    expect(await regrant(ana, cai.identity.id)).toBe(0);

    const removal = await added(() => removeMember(ana, cai.identity.id));
    expect(removal.map((e) => [e.action, e.member_id, e.details])).toEqual([
      ['roster.remove', ana.member.id, { member: cai.identity.id, seq: 3, role: 'member' }],
    ]);

    const discarded = await added(async () => {
      const pending = await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Dee' });
      expect((await ana.agent.delete(`/api/teams/${team.slug}/members/${pending.id}`)).status).toBe(204);
    });
    expect(discarded.map((e) => e.action)).toEqual([
      'invitation.created',
      'invitation.accepted',
      'invitee.discarded',
    ]);
  });

  it("the reporter's withdrawal is recorded without any member", async () => {
    const reporter = reporterWithoutReceipt();
    const browser = injectAgent(t.app);
    const other = await submitReport(browser, team.slug, { reporter });
    expectReply(await openReceiptSession(browser, reporter), 200, 'receipt session');
    const events = await added(() => browser.post('/api/receipt/withdraw'));
    expect(events.map((e) => [e.action, e.member_id, e.case_id])).toEqual([
      ['case.withdrawn_by_reporter', null, other.caseId],
    ]);
  });
});

describe('the audit log', () => {
  it('holds nothing anyone typed, only ids and metadata', async () => {
    const all = await rows();
    const text = JSON.stringify(all);
    expect(findSecrets(text, typed)).toEqual([]);
    const allowedKeys = new Set([
      ...['before', 'after', 'status', 'check_in_by', 'follow_up_by', 'assignee', 'item', 'audience'],
      ...['from', 'to'],
    ]);
    for (const key of ['invitation', 'role', 'member', 'seq', 'slug', 'objects']) allowedKeys.add(key);
    const metadata =
      /^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z|[a-z_]+|[a-z0-9-]+)$/;
    const visit = (value: unknown, where: string): void => {
      if (value === null || typeof value === 'number') return;
      if (typeof value === 'string') {
        expect(value, where).toMatch(metadata);
        return;
      }
      expect(typeof value, where).toBe('object');
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        expect(allowedKeys, `${where}.${key}`).toContain(key);
        visit(inner, `${where}.${key}`);
      }
    };
    for (const row of all) visit(row.details, row.action);
  });

  it('is read by admins, newest first; members get a 403', async () => {
    const log = expectReply<{ events: AuditEventJson[] }>(
      await ana.agent.get('/api/audit'),
      200,
      'GET /api/audit',
    );
    // Events carry no id (contract AuditEvent): newest first is read from their times.
    const times = log.events.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(log.events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['team.created', 'case.updated', 'case.opened']),
    );
    const res = await ben.session.agent.get('/api/audit');
    expect(res.status).toBe(403);
    expect(res.json<ErrorJson>().error.code).toBe('admin_only');
  });
});
