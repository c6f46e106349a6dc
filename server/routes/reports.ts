/**
 * Anonymous intake: encrypted files first (POST /api/attachments), then the encrypted report
 * that names them (POST /api/reports). No account, no cookie, no address recorded.
 */
import type { Readable } from 'node:stream';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AttachmentParams, ReportReceived, ReportSubmission } from '#contract/cases';
import { Created } from '#contract/common';
import { errorReplies } from '#contract/http';
import { toTime } from '../db/wire.js';
import { AppError } from '../errors.js';
import { attachmentForReader, receiveUpload, streamAttachment } from '../services/attachments.js';
import { createIntake } from '../services/intake.js';

const reportRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
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
        response: { 201: Created, ...errorReplies(400, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { config } = app;
      const id = await receiveUpload(
        app.db,
        {
          maxBytes: config.maxAttachmentBytes,
          maxPendingBytes: config.maxPendingUploadBytes,
          maxPerHour: config.maxUploadsPerHour,
        },
        {
          contentType: request.headers['content-type'],
          contentLength: request.headers['content-length'],
          body: request.body as Readable,
        },
      );
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
        response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }), ...errorReplies(404) },
      },
    },
    async (request, reply) => {
      const attachment = await attachmentForReader(app.db, request.params.id, {
        member: () => app.sessionMember(request),
        receiptCase: () => app.sessionReceiptCase(request),
      });
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
        response: { 201: ReportReceived, ...errorReplies(400, 404, 409, 413) },
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
  done();
};

export default reportRoutes;
