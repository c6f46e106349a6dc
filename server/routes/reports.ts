/**
 * Anonymous intake: encrypted files first (POST /api/attachments), then the encrypted report
 * that names them (POST /api/reports). No account, no cookie, no address recorded.
 *
 * Before a file, the browser asks POST /api/attachments/challenge what its upload needs
 * (services/upload-challenge.ts), so the file's bytes cross the network once.
 */
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AttachmentParams, ReportReceived, ReportSubmission } from '#contract/cases';
import { Created } from '#contract/common';
import { errorReplies } from '#contract/http';
import { UploadChallengeReply, UploadChallengeRequest } from '#contract/uploads';
import { toTime } from '../db/wire.js';
import { AppError } from '../errors.js';
import {
  attachmentForReader,
  createUploadGate,
  receiveUpload,
  streamAttachment,
} from '../services/attachments.js';
import { createIntake } from '../services/intake.js';
import { createProofOfWork } from '../services/proof-of-work.js';
import { UPLOAD_RATE_LIMIT, uploadChallenge } from '../services/upload-challenge.js';

/** Questions before uploads, per client: one for each upload the route takes, and retries. */
const UPLOAD_CHALLENGE_RATE_LIMIT = { max: 600, timeWindow: 3_600_000 } as const;

const reportRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  // One per app: its batches share statements among the reports that arrive together.
  const intake = createIntake(app.db, {
    maxAttachmentBytes: app.config.maxReportAttachmentBytes,
    pinnedFingerprints: app.config.teamFingerprints,
  });
  // Uploads in progress in this process (CONFIDE_MAX_UPLOADS_IN_PROGRESS): past it, 503 uploads_busy.
  const uploads = createUploadGate(app.config.maxUploadsInProgress);
  // Makes the challenges the rate limiter checks: the same key, from the same secret or row.
  const proofs = createProofOfWork({
    db: app.db,
    secret: app.config.rateLimitSecret,
    bits: app.config.proofOfWorkBits,
  });
  // Encrypted files arrive as a raw byte stream, consumed chunk by chunk in storeAttachment.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  /**
   * The rate limiter's key for this request's client (an HMAC of its address group and the
   * day). The limiter hands it to `max` only, just before it counts; it never reaches the route
   * otherwise. No key (limits off) means no challenge.
   */
  const clientKeys = new WeakMap<FastifyRequest, string>();

  app.post(
    '/api/attachments/challenge',
    {
      config: {
        rateLimit: {
          ...UPLOAD_CHALLENGE_RATE_LIMIT,
          max: (request, key) => {
            clientKeys.set(request, key);
            return UPLOAD_CHALLENGE_RATE_LIMIT.max;
          },
        },
      },
      schema: {
        summary:
          'Before uploading a file: what the upload needs (a challenge to solve), or the refusal it would get',
        body: UploadChallengeRequest,
        response: { 200: UploadChallengeReply, ...errorReplies(400, 403, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const { config } = app;
      const challenge = await uploadChallenge(
        app.db,
        proofs,
        {
          maxBytes: config.maxAttachmentBytes,
          maxPendingBytes: config.maxPendingUploadBytes,
          maxPerHour: config.maxUploadsPerHour,
        },
        {
          size: request.body.size,
          clientKey: config.rateLimitEnabled ? clientKeys.get(request) : undefined,
        },
      );
      return { challenge };
    },
  );

  app.post(
    '/api/attachments',
    {
      config: { rateLimit: UPLOAD_RATE_LIMIT, proofOfWork: true },
      schema: {
        summary:
          'Upload one encrypted file (secretstream bytes, with a Content-Length); bind it to a report or item within 24 hours',
        consumes: ['application/octet-stream'],
        response: { 201: Created, ...errorReplies(400, 403, 411, 413, 415, 429, 503) },
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
        uploads,
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
        response: {
          200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }),
          ...errorReplies(400, 404),
        },
      },
    },
    async (request, reply) => {
      const attachment = await attachmentForReader(app.db, request.params.id, {
        member: () => app.sessionMember(request),
        receipt: () => app.sessionReceipt(request),
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
        response: { 201: ReportReceived, ...errorReplies(400, 403, 404, 409, 413, 415, 429) },
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
