/**
 * Anonymous intake: encrypted files first (POST /api/attachments), then the encrypted report
 * that names them (POST /api/reports). No account, no cookie, no address recorded.
 */
import type { Readable } from 'node:stream';
import type { App } from '../app.js';
import { AppError, ErrorReply, notFound } from '../errors.js';
import { Created } from '#contract/common';
import { AttachmentParams, ReportReceived, ReportSubmission } from '#contract/cases';
import {
  assertUploadCapacity,
  formatBytes,
  storeAttachment,
  streamAttachment,
} from '../services/attachments.js';
import { caseForMember } from '../services/case-access.js';
import { createIntake } from '../services/intake.js';
import { toTime } from '../wire.js';
import { Type } from 'typebox';

export default function reportRoutes(app: App): void {
  // One per app: its batches share statements among the reports that arrive together.
  const intake = createIntake(app.db, {
    maxAttachmentBytes: app.config.maxReportAttachmentBytes,
    pinnedFingerprints: app.config.teamFingerprints,
  });
  // Encrypted files arrive as a raw byte stream, consumed chunk by chunk in storeAttachment.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.post(
    '/api/attachments',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 hour' }, proofOfWork: true },
      schema: {
        summary:
          'Upload one encrypted file (secretstream bytes); bind it to a report or item within 24 hours',
        consumes: ['application/octet-stream'],
        response: { 201: Created, 400: ErrorReply, 413: ErrorReply, 415: ErrorReply, 503: ErrorReply },
      },
    },
    async (request, reply) => {
      if (request.headers['content-type'] !== 'application/octet-stream') {
        throw new AppError(
          415,
          'unsupported_media_type',
          'Send the encrypted file as application/octet-stream',
        );
      }
      const max = app.config.maxAttachmentBytes;
      const declared = Number(request.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > max) {
        throw new AppError(
          413,
          'attachment_too_large',
          `A file may be at most ${formatBytes(max)} once encrypted`,
        );
      }
      await assertUploadCapacity(
        app.db,
        { maxPendingBytes: app.config.maxPendingUploadBytes, maxPerHour: app.config.maxUploadsPerHour },
        Number.isFinite(declared) ? declared : 0,
      );
      const id = crypto.randomUUID();
      await storeAttachment(app.db, id, request.body as Readable, max);
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: {
        summary: 'The stored encrypted bytes, to a session that may read the case',
        params: AttachmentParams,
        produces: ['application/octet-stream'],
        // Streams are sent as they are; the schema only documents the reply.
        response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }), 404: ErrorReply },
      },
    },
    async (request, reply) => {
      const attachment = await app.db
        .selectFrom('attachments')
        .leftJoin('items', 'items.id', 'attachments.item_id')
        .select(['attachments.id', 'attachments.case_id', 'attachments.size', 'items.audience'])
        .where('attachments.id', '=', request.params.id)
        .executeTakeFirst();
      const missing = notFound('There is no file with that id, or you cannot see it');
      if (!attachment?.case_id) throw missing;
      const caseId = attachment.case_id;
      let allowed = false;
      if (request.cookies.confide_member) {
        await app.requireMember(request, reply).catch(() => undefined);
        if (request.member)
          allowed = await caseForMember(app.db, caseId, request.member).then(
            () => true,
            () => false,
          );
      }
      if (!allowed && request.cookies.confide_receipt) {
        await app.requireReceipt(request, reply).catch(() => undefined);
        // Files attached to internal notes are never the reporter's to read.
        allowed = request.receiptCaseId === caseId && attachment.audience !== 'team';
      }
      if (!allowed) throw missing;
      return reply
        .header('Content-Type', 'application/octet-stream')
        .header('Content-Length', String(attachment.size))
        .send(streamAttachment(app.db, attachment.id));
    },
  );

  app.post(
    '/api/reports',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 hour' }, proofOfWork: true },
      schema: {
        summary: 'Submit an encrypted report',
        body: ReportSubmission,
        response: { 201: ReportReceived, 400: ErrorReply, 404: ErrorReply, 409: ErrorReply, 413: ErrorReply },
      },
    },
    async (request, reply) => {
      const report = request.body;
      const receivedAt = await intake.accept(report).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'team_fingerprint_mismatch') {
          // Loud, for the operator: the database and the configuration disagree about this team.
          request.log.error({ team: report.team }, 'report refused: the team’s fingerprint is not its pin');
        }
        throw error;
      });
      return reply.status(201).send({ id: report.id, received_at: toTime(receivedAt) });
    },
  );
}
