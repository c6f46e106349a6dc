/**
 * The way back in for a receipt's holder (services/receipts.ts): a receipt session for one case,
 * opened with the lookup value derived from the receipt, then the case, answers and (for the
 * reporter) withdrawal.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ItemSubmission, ReceiptCase, ReceiptSessionReply, ReceiptSessionRequest } from '#contract/cases';
import { Created } from '#contract/common';
import { errorReplies } from '#contract/http';
import { withTimingFloor } from '../auth/tokens.js';
import { reportersOnly } from '../plugins/auth.js';
import { compressedReply } from '../plugins/compression.js';
import { addReceiptItem } from '../services/items.js';
import { ConsentDecision, ConsentRecorded, ReceiptSwitch, ReferralParams } from '#contract/referrals';
import { decideConsent } from '../services/referrals.js';
import { openingOfLookup, receiptCase, switchableCase, withdrawReport } from '../services/receipts.js';

const RECEIPT_FLOOR_MS = 200;

const reporterCase = reportersOnly((app, _options, done) => {
  app.get(
    '/api/receipt/case',
    {
      // Ciphertext, sealed keys and metadata, no secret (the session is a cookie): compressed.
      ...compressedReply,
      schema: {
        summary:
          "The receipt's case: status, the report (to its reporter), messages addressed to the receipt's holder, who can read it, and when retention deletes it",
        response: { 200: ReceiptCase, ...errorReplies(401, 404) },
      },
    },
    async (request) => receiptCase(app.db, request.receipt),
  );

  app.post(
    '/api/receipt/items',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 hour' } },
      schema: {
        summary: 'The reporter (or the target invited in) answers or adds new developments and files',
        body: ItemSubmission,
        response: { 201: Created, ...errorReplies(400, 401, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      await addReceiptItem(app.db, request.receipt, request.body, app.config.maxReportAttachmentBytes);
      return reply.status(201).send({ id: request.body.id });
    },
  );

  app.post(
    '/api/receipt/withdraw',
    {
      schema: {
        summary: 'Withdraw the report (the team keeps the record that it was withdrawn)',
        response: {
          200: Type.Object({ status: Type.Literal('withdrawn') }),
          ...errorReplies(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    async (request) => {
      await withdrawReport(app.db, request.receipt);
      return { status: 'withdrawn' as const };
    },
  );

  app.post(
    '/api/receipt/referrals/:id/consent',
    {
      schema: {
        summary:
          "The reporter's answer to a referral of their case to a team of another community, and whom on it they leave out",
        params: ReferralParams,
        body: ConsentDecision,
        response: { 200: ConsentRecorded, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => ({
      state: await decideConsent(app.db, request.receipt, request.params.id, request.body),
    }),
  );

  app.post(
    '/api/receipt/switch',
    {
      schema: {
        summary: 'Move the receipt session to another case the same receipt opens (a referred case)',
        body: ReceiptSwitch,
        response: { 200: ReceiptSessionReply, ...errorReplies(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const opening = await switchableCase(app.db, request.receipt, request.body.case);
      await app.replaceReceiptSession(request, reply, opening);
      return { case: opening.caseId, role: opening.role };
    },
  );
  done();
});

const receiptRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/receipt/session',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' }, proofOfWork: true },
      schema: {
        summary: 'Open a receipt session with the lookup value derived from a receipt',
        body: ReceiptSessionRequest,
        response: { 200: ReceiptSessionReply, ...errorReplies(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) =>
      withTimingFloor(RECEIPT_FLOOR_MS, async () => {
        const opening = await openingOfLookup(app.db, request.body.lookup);
        await app.startReceiptSession(reply, opening);
        return { case: opening.caseId, role: opening.role };
      }),
  );

  await app.register(reporterCase);
};

export default receiptRoutes;
