/** The team console's data: cases granted to the signed-in member, their items, their metadata. */
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { App } from '../app.js';
import { badRequest, ErrorReply, notFound } from '../errors.js';
import { recordAudit } from '../repositories/audit.js';
import { Created } from '#contract/common';
import {
  CaseDetail,
  CaseList,
  CaseListQuery,
  CaseMetadata,
  CaseParams,
  CasePatch,
  ItemSubmission,
  RegrantReply,
  RegrantRequest,
  RegrantWork,
  RegrantWorkQuery,
} from '#contract/cases';
import { caseForMember, caseWithdrawn, notExcluded } from '../services/case-access.js';
import { addItem, itemsFor } from '../services/items.js';
import { excludedMembers } from '../services/recipients.js';
import { envelopeFromRow, fromB64, toB64, toTime, toTimeOrNull } from '../wire.js';

const DEFAULT_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_PAGE = 1000;
/**
 * A page ends once its reports' ciphertext passes this many bytes, whatever `limit` asked for,
 * so a team with many large reports gets more pages instead of a reply too big to build. The
 * first case of a page is always in it.
 */
export const PAGE_MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

interface Cursor {
  /** created_at of the page's last case to the microsecond, as PostgreSQL stores it. */
  at: string;
  id: string;
}

/**
 * created_at in the cursor keeps PostgreSQL's microseconds. A JavaScript Date keeps only
 * milliseconds, and a cursor rounded to them skipped every case sharing the page's last instant;
 * intake writes the reports that arrive together in one statement, so they share now() exactly.
 */
const CURSOR_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{6}Z$/;

/** True for a real instant in CURSOR_TIME's form (no 31 February, which PostgreSQL would refuse). */
function isCursorTime(text: string): boolean {
  const parts = CURSOR_TIME.exec(text)?.slice(1).map(Number);
  if (parts?.length !== 6) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 2000 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    // Cursors are made by this server from created_at; anything else is forged.
    if (
      typeof value.at === 'string' &&
      isCursorTime(value.at) &&
      typeof value.id === 'string' &&
      UUID.test(value.id)
    ) {
      return { at: value.at, id: value.id };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest('bad_cursor', 'That page cursor is not valid; start from the first page');
}

export default function caseRoutes(app: App): void {
  app.get(
    '/api/cases',
    {
      preHandler: app.requireMember,
      schema: {
        summary: 'Cases granted to the signed-in member, newest first',
        querystring: CaseListQuery,
        response: { 200: CaseList, 400: ErrorReply, 401: ErrorReply },
      },
    },
    async (request) => {
      const member = request.member;
      if (!member) throw notFound();
      const limit = Math.min(Number(request.query.limit ?? DEFAULT_PAGE), MAX_PAGE);
      const cursor = request.query.cursor ? decodeCursor(request.query.cursor) : undefined;
      let query = app.db
        .selectFrom('cases')
        .innerJoin('grants', (join) =>
          join.onRef('grants.object_id', '=', 'cases.id').on('grants.recipient', '=', member.id),
        )
        .select([
          'cases.id',
          'cases.status',
          'cases.urgent',
          'cases.created_at',
          'cases.updated_at',
          'cases.check_in_by',
          'cases.assignee',
          'cases.payload_v',
          'cases.payload_nonce',
          'grants.sealed',
          // The ciphertext only while the page's running total (in list order) is under the cap;
          // rows past it come without theirs, and octet_length reads no stored value to size it.
          sql<Buffer | null>`case when sum(octet_length(cases.payload_ct)) over (order by cases.created_at desc, cases.id desc) - octet_length(cases.payload_ct) < ${PAGE_MAX_PAYLOAD_BYTES} then cases.payload_ct end`.as(
            'payload_ct',
          ),
          sql<string>`to_char(cases.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
            'cursor_at',
          ),
        ])
        .select((eb) =>
          eb
            .selectFrom('case_exclusions')
            .select((inner) =>
              inner.fn
                .coalesce(
                  inner.fn.agg<string[]>('array_agg', ['case_exclusions.member_id']),
                  inner.val<string[]>([]),
                )
                .as('ids'),
            )
            .whereRef('case_exclusions.case_id', '=', 'cases.id')
            .as('excluded'),
        )
        .where('cases.team_id', '=', member.teamId)
        .where(notExcluded('cases.id', member.id))
        .orderBy('cases.created_at', 'desc')
        .orderBy('cases.id', 'desc')
        .limit(limit + 1);
      if (cursor) {
        query = query.where(
          sql<boolean>`(cases.created_at, cases.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`,
        );
      }
      const rows = await query.execute();
      const page: (Omit<(typeof rows)[number], 'payload_ct'> & { payload_ct: Buffer })[] = [];
      for (const row of rows.slice(0, limit)) {
        if (row.payload_ct === null) break;
        page.push({ ...row, payload_ct: row.payload_ct });
      }
      const last = page.at(-1);
      return {
        cases: page.map((row) => ({
          id: row.id,
          status: row.status as CaseDetail['status'],
          urgent: row.urgent,
          created_at: toTime(row.created_at),
          updated_at: toTime(row.updated_at),
          check_in_by: toTimeOrNull(row.check_in_by),
          assignee: row.assignee,
          excluded: row.excluded ?? [],
          payload: envelopeFromRow(row),
          grant: toB64(row.sealed),
        })),
        next: rows.length > page.length && last ? encodeCursor({ at: last.cursor_at, id: last.id }) : null,
      };
    },
  );

  app.get(
    '/api/cases/:id',
    {
      preHandler: app.requireMember,
      schema: {
        summary: 'One case with its items',
        params: CaseParams,
        response: { 200: CaseDetail, 401: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const member = request.member;
      const row = await caseForMember(app.db, request.params.id, member);
      const memberId = member?.id ?? '';
      const grant = await app.db
        .selectFrom('grants')
        .select('sealed')
        .where('object_id', '=', row.id)
        .where('recipient', '=', memberId)
        .executeTakeFirstOrThrow();
      const attachments = await app.db
        .selectFrom('attachments')
        .select('id')
        .where('case_id', '=', row.id)
        .where('item_id', 'is', null)
        .execute();
      await recordAudit(app.db, { teamId: row.team_id, memberId, caseId: row.id, action: 'case.opened' });
      return {
        id: row.id,
        team: row.team_id,
        roster_seq: row.roster_seq,
        status: row.status as CaseDetail['status'],
        urgent: row.urgent,
        created_at: toTime(row.created_at),
        updated_at: toTime(row.updated_at),
        check_in_by: toTimeOrNull(row.check_in_by),
        assignee: row.assignee,
        excluded: await excludedMembers(app.db, row.id),
        payload: envelopeFromRow(row),
        grant: toB64(grant.sealed),
        attachments: attachments.map((a) => a.id),
        items: await itemsFor(app.db, row.id, memberId),
        reporter: { box_pk: toB64(row.reporter_box_pk), sign_pk: toB64(row.reporter_sign_pk) },
        sig: toB64(row.sig),
      };
    },
  );

  app.post(
    '/api/cases/:id/items',
    {
      preHandler: app.requireMember,
      schema: {
        summary: 'Add a message to the reporter, an internal note or a record, signed by the member',
        params: CaseParams,
        body: ItemSubmission,
        response: {
          201: Created,
          400: ErrorReply,
          401: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
          413: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const member = request.member;
      const row = await caseForMember(app.db, request.params.id, member);
      const memberId = member?.id ?? '';
      const signer = await app.db
        .selectFrom('members')
        .select('sign_pk')
        .where('id', '=', memberId)
        .executeTakeFirstOrThrow();
      await addItem(
        app.db,
        row,
        request.body,
        { id: memberId, signPublicKey: signer.sign_pk },
        app.config.maxReportAttachmentBytes,
      );
      await recordAudit(app.db, {
        teamId: row.team_id,
        memberId,
        caseId: row.id,
        action: `item.${request.body.kind}`,
        details: { item: request.body.id, audience: request.body.audience },
      });
      return reply.status(201).send({ id: request.body.id });
    },
  );

  app.patch(
    '/api/cases/:id',
    {
      preHandler: app.requireMember,
      schema: {
        summary: 'Change status, check-in date or assignee',
        params: CaseParams,
        body: CasePatch,
        response: { 200: CaseMetadata, 400: ErrorReply, 401: ErrorReply, 404: ErrorReply, 409: ErrorReply },
      },
    },
    async (request) => {
      const member = request.member;
      const row = await caseForMember(app.db, request.params.id, member);
      const { status, check_in_by, assignee } = request.body;
      if (status === 'withdrawn')
        throw badRequest('reporter_only', 'Only the reporter can withdraw a report');
      if (row.status === 'withdrawn') throw caseWithdrawn();
      if (assignee) {
        const excluded = await excludedMembers(app.db, row.id);
        const candidate = await app.db
          .selectFrom('members')
          .select('id')
          .where('id', '=', assignee)
          .where('team_id', '=', row.team_id)
          .where('status', '=', 'active')
          .executeTakeFirst();
        if (!candidate || excluded.includes(assignee)) {
          throw badRequest(
            'assignee_not_allowed',
            'A case can be assigned only to an active member who may see it',
          );
        }
      }
      const changes = {
        ...(status !== undefined ? { status } : {}),
        ...(check_in_by !== undefined
          ? { check_in_by: check_in_by === null ? null : new Date(check_in_by) }
          : {}),
        ...(assignee !== undefined ? { assignee } : {}),
      };
      // Conditional: a withdrawal that lands between the read above and this write wins.
      const updated = await app.db
        .updateTable('cases')
        .set({ ...changes, updated_at: new Date() })
        .where('id', '=', row.id)
        .where('status', '<>', 'withdrawn')
        .returning(['id', 'status', 'check_in_by', 'assignee', 'updated_at'])
        .executeTakeFirst();
      if (!updated) throw caseWithdrawn();
      await recordAudit(app.db, {
        teamId: row.team_id,
        memberId: member?.id ?? null,
        caseId: row.id,
        action: 'case.updated',
        details: {
          before: { status: row.status, check_in_by: toTimeOrNull(row.check_in_by), assignee: row.assignee },
          after: {
            status: updated.status,
            check_in_by: toTimeOrNull(updated.check_in_by),
            assignee: updated.assignee,
          },
        },
      });
      return {
        id: updated.id,
        status: updated.status as CaseDetail['status'],
        check_in_by: toTimeOrNull(updated.check_in_by),
        assignee: updated.assignee,
        updated_at: toTime(updated.updated_at),
      };
    },
  );

  app.get(
    '/api/regrants',
    {
      preHandler: app.requireAdmin,
      schema: {
        summary: "Objects the admin can read that a member cannot yet (to re-grant in the admin's browser)",
        querystring: RegrantWorkQuery,
        response: { 200: RegrantWork, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const admin = request.member;
      const target = await activeTeammate(request.query.member, admin?.teamId);
      const rows = await app.db
        .selectFrom('grants')
        .innerJoin('cases', 'cases.id', 'grants.case_id')
        .select(['grants.object_id', 'grants.case_id', 'grants.sealed'])
        .where('grants.recipient', '=', admin?.id ?? '')
        .where('cases.team_id', '=', target.team_id)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('grants as g2')
                .select('g2.object_id')
                .whereRef('g2.object_id', '=', 'grants.object_id')
                .where('g2.recipient', '=', target.id),
            ),
          ),
        )
        .where(notExcluded('grants.case_id', target.id))
        .orderBy('grants.case_id')
        .execute();
      return { objects: rows.map((r) => ({ object: r.object_id, case: r.case_id, grant: toB64(r.sealed) })) };
    },
  );

  app.post(
    '/api/regrants',
    {
      preHandler: app.requireAdmin,
      schema: {
        summary: 'Store re-granted keys for a member who joined after the cases (admins)',
        body: RegrantRequest,
        response: { 200: RegrantReply, 400: ErrorReply, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const admin = request.member;
      const target = await activeTeammate(request.body.member, admin?.teamId);
      const objectIds = request.body.grants.map((g) => g.object);
      const granted = await app.db.transaction().execute(async (tx) => {
        // Each object must be a case or item of this team that the member is not excluded from.
        const objects = await tx
          .selectFrom('grants')
          .innerJoin('cases', 'cases.id', 'grants.case_id')
          .select(['grants.object_id', 'grants.case_id'])
          .where('grants.object_id', 'in', objectIds)
          .where('grants.recipient', '=', admin?.id ?? '')
          .where('cases.team_id', '=', target.team_id)
          .where(notExcluded('grants.case_id', target.id))
          .execute();
        const caseOf = new Map(objects.map((o) => [o.object_id, o.case_id]));
        if (caseOf.size !== new Set(objectIds).size) {
          throw badRequest(
            'regrant_not_allowed',
            'Some of those objects are not yours to re-grant to this member',
          );
        }
        const result = await tx
          .insertInto('grants')
          .values(
            request.body.grants.map((g) => ({
              case_id: caseOf.get(g.object) ?? '',
              object_id: g.object,
              recipient: target.id,
              sealed: fromB64(g.k),
            })),
          )
          .onConflict((oc) => oc.columns(['object_id', 'recipient']).doNothing())
          .executeTakeFirst();
        // One event per case, naming it: the audit log's exclusion filter then hides the events
        // of cases an admin reading the log is excluded from (a team-wide count would tell them
        // that hidden cases exist).
        const perCase = new Map<string, number>();
        for (const caseId of caseOf.values()) perCase.set(caseId, (perCase.get(caseId) ?? 0) + 1);
        await tx
          .insertInto('audit_events')
          .values(
            [...perCase].map(([caseId, objects]) => ({
              team_id: target.team_id,
              member_id: admin?.id ?? null,
              case_id: caseId,
              action: 'case.regranted',
              details: JSON.stringify({ member: target.id, objects }),
            })),
          )
          .execute();
        return Number(result.numInsertedOrUpdatedRows ?? 0n);
      });
      return { granted };
    },
  );

  async function activeTeammate(memberId: string, teamId: string | undefined) {
    const target = await app.db
      .selectFrom('members')
      .select(['id', 'team_id'])
      .where('id', '=', memberId)
      .where('team_id', '=', teamId ?? '')
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!target) throw notFound('No active member of your team has that id');
    return target;
  }

  app.get(
    '/api/audit',
    {
      preHandler: app.requireAdmin,
      schema: {
        summary: 'The latest audit events of the team (admins)',
        response: {
          200: Type.Object({
            events: Type.Array(
              Type.Object({
                id: Type.Integer(),
                member: Type.Union([Type.String(), Type.Null()]),
                case: Type.Union([Type.String(), Type.Null()]),
                action: Type.String(),
                details: Type.Record(Type.String(), Type.Unknown()),
                at: Type.String(),
              }),
            ),
          }),
          403: ErrorReply,
        },
      },
    },
    async (request) => {
      const rows = await app.db
        .selectFrom('audit_events')
        .select(['id', 'member_id', 'case_id', 'action', 'details', 'at'])
        .where('team_id', '=', request.member?.teamId ?? '')
        // An admin excluded from a case must not learn of it through the audit log.
        .where((eb) =>
          eb.or([eb('case_id', 'is', null), notExcluded('audit_events.case_id', request.member?.id ?? '')]),
        )
        .orderBy('id', 'desc')
        .limit(500)
        .execute();
      return {
        events: rows.map((r) => ({
          id: r.id,
          member: r.member_id,
          case: r.case_id,
          action: r.action,
          details: r.details as Record<string, unknown>,
          at: toTime(r.at),
        })),
      };
    },
  );
}
