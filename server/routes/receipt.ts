/**
 * The reporter's way back in: the receipt never leaves their browser; it sends `lookup`, a
 * value derived from it, and gets a short-lived receipt session for that one case.
 */
import { Type } from 'typebox';
import type { App } from '../app.js';
import { withTimingFloor } from '../auth/tokens.js';
import { AppError, conflict, ErrorReply } from '../errors.js';
import { Created } from '#contract/common';
import { ItemSubmission, ReceiptCase, ReceiptSessionReply, ReceiptSessionRequest } from '#contract/cases';
import { caseForReceipt, caseWithdrawn } from '../services/case-access.js';
import { addItem, itemsFor } from '../services/items.js';
import { excludedMembers } from '../services/recipients.js';
import { lookupHashFromToken } from '../../crypto/index.js';
import { envelopeFromRow, toB64, toTime, toTimeOrNull } from '../wire.js';

const RECEIPT_FLOOR_MS = 200;

/** BLAKE2b-256 of the lookup value; undefined for one that is not canonical base64url. */
function lookupHashOf(lookupB64: string): Buffer | undefined {
  try {
    return Buffer.from(lookupHashFromToken(lookupB64));
  } catch {
    return undefined;
  }
}

export default function receiptRoutes(app: App): void {
  app.post(
    '/api/receipt/session',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' }, proofOfWork: true },
      schema: {
        summary: 'Open a receipt session with the lookup value derived from a receipt',
        body: ReceiptSessionRequest,
        response: { 200: ReceiptSessionReply, 401: ErrorReply },
      },
    },
    async (request, reply) =>
      withTimingFloor(RECEIPT_FLOOR_MS, async () => {
        const lookupHash = lookupHashOf(request.body.lookup);
        const found = await app.db
          .selectFrom('cases')
          .select('id')
          // A malformed lookup still costs one query: an impossible hash, never found.
          .where('lookup_hash', '=', lookupHash ?? Buffer.alloc(0))
          .executeTakeFirst();
        if (!found) {
          throw new AppError(
            401,
            'receipt_unknown',
            'We could not find a report for that receipt. Please check it and try again.',
          );
        }
        await app.startReceiptSession(reply, found.id);
        return { case: found.id };
      }),
  );

  app.get(
    '/api/receipt/case',
    {
      preHandler: app.requireReceipt,
      schema: {
        summary: "The reporter's case: status, the report, and messages addressed to them",
        response: { 200: ReceiptCase, 401: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const row = await caseForReceipt(app.db, request.receiptCaseId);
      const team = await app.db
        .selectFrom('teams')
        .select(['slug', 'name', 'first_response_hours'])
        .where('id', '=', row.team_id)
        .executeTakeFirstOrThrow();
      const grant = await app.db
        .selectFrom('grants')
        .select('sealed')
        .where('object_id', '=', row.id)
        .where('recipient', '=', 'reporter')
        .executeTakeFirstOrThrow();
      return {
        id: row.id,
        team: row.team_id,
        team_slug: team.slug,
        team_name: team.name,
        status: row.status as ReceiptCase['status'],
        check_in_by: toTimeOrNull(row.check_in_by),
        created_at: toTime(row.created_at),
        first_response_by: toTime(new Date(row.created_at.getTime() + team.first_response_hours * 3600_000)),
        excluded: await excludedMembers(app.db, row.id),
        payload: envelopeFromRow(row),
        grant: toB64(grant.sealed),
        sig: toB64(row.sig),
        // Only items granted to the reporter: internal notes never are.
        items: await itemsFor(app.db, row.id, 'reporter'),
      };
    },
  );

  app.post(
    '/api/receipt/items',
    {
      preHandler: app.requireReceipt,
      config: { rateLimit: { max: 60, timeWindow: '1 hour' } },
      schema: {
        summary: 'The reporter answers or adds new developments and files',
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
      const row = await caseForReceipt(app.db, request.receiptCaseId);
      if (row.status === 'withdrawn') throw caseWithdrawn();
      await addItem(
        app.db,
        row,
        request.body,
        { id: 'reporter', signPublicKey: row.reporter_sign_pk },
        app.config.maxReportAttachmentBytes,
      );
      return reply.status(201).send({ id: request.body.id });
    },
  );

  app.post(
    '/api/receipt/withdraw',
    {
      preHandler: app.requireReceipt,
      schema: {
        summary: 'Withdraw the report (the team keeps the record that it was withdrawn)',
        response: {
          200: Type.Object({ status: Type.Literal('withdrawn') }),
          401: ErrorReply,
          404: ErrorReply,
          409: ErrorReply,
        },
      },
    },
    async (request) => {
      const row = await caseForReceipt(app.db, request.receiptCaseId);
      // Conditional, so a withdrawal racing a close (or another withdrawal) cannot undo it.
      const withdrawn = await app.db
        .updateTable('cases')
        .set({ status: 'withdrawn', updated_at: new Date() })
        .where('id', '=', row.id)
        .where('status', 'not in', ['closed', 'withdrawn'])
        .executeTakeFirst();
      if (Number(withdrawn.numUpdatedRows) === 0) {
        const now = await caseForReceipt(app.db, row.id);
        throw now.status === 'withdrawn'
          ? caseWithdrawn()
          : conflict('case_closed', 'This case is already closed');
      }
      await app.db
        .insertInto('audit_events')
        .values({
          team_id: row.team_id,
          member_id: null,
          case_id: row.id,
          action: 'case.withdrawn_by_reporter',
          details: '{}',
        })
        .execute();
      return { status: 'withdrawn' as const };
    },
  );
}
