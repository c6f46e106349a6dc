/**
 * Appeals (services/appeals.ts, docs/protocol.md 10.9): a member makes the reference the notice to
 * a sanctioned user carries; the public appeal page checks a reference before the appeal is sent
 * (as a report, POST /api/reports, with `appeal_reference`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppealCheckReply, AppealCheckRequest, AppealReferenceCreated } from '#contract/appeals';
import { CaseParams } from '#contract/cases';
import { errorReplies } from '#contract/http';
import { expectNoBody } from '../errors.js';
import { membersOnly } from '../plugins/auth.js';
import { checkAppeal, createAppealReference } from '../services/appeals.js';

const references = membersOnly((app, _options, done) => {
  app.post(
    '/api/cases/:id/appeal-reference',
    {
      schema: {
        summary:
          'Make an appeal reference for a closed case, for the notice to the sanctioned user; shown once',
        params: CaseParams,
        response: { 201: AppealReferenceCreated, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      expectNoBody(request.body);
      return reply.status(201).send(await createAppealReference(app.db, request.member, request.params.id));
    },
  );
  done();
});

const appealRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/appeals/check',
    {
      // Anonymous, like the receipt session: over the limit, a proof of work instead of a refusal.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' }, proofOfWork: true },
      schema: {
        summary: 'Whether an appeal with this reference can be sent now, and to which team',
        body: AppealCheckRequest,
        response: { 200: AppealCheckReply, ...errorReplies(400, 403, 404, 409, 413, 415, 429) },
      },
    },
    async (request) => checkAppeal(app.db, request.body.reference),
  );

  await app.register(references);
};

export default appealRoutes;
