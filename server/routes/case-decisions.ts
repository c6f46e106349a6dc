/**
 * Deciding a case (docs/protocol.md 10.7): a member recuses themselves, opens a vote round, casts
 * a vote. Each needs a member who may see the case; a recused member no longer can.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CaseParams, VoteCast, VoteRoundOpened, VoteSubmission } from '#contract/cases';
import { errorReplies } from '#contract/http';
import { expectNoBody } from '../errors.js';
import { membersOnly } from '../plugins/auth.js';
import { recuse } from '../services/recusal.js';
import { castVote, openVoteRound } from '../services/votes.js';

const decisions = membersOnly((app, _options, done) => {
  app.post(
    '/api/cases/:id/recusal',
    {
      schema: {
        summary: 'Recuse yourself from a case: your grants on it are deleted and nothing new reaches you',
        params: CaseParams,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      expectNoBody(request.body);
      await recuse(app.db, request.member, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/cases/:id/rounds',
    {
      schema: {
        summary: "Open the case's next vote round (once the current one reached the quorum)",
        params: CaseParams,
        response: { 201: VoteRoundOpened, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      expectNoBody(request.body);
      return reply.status(201).send(await openVoteRound(app.db, request.member, request.params.id));
    },
  );

  app.post(
    '/api/cases/:id/votes',
    {
      schema: {
        summary: 'Cast your vote in the current round: an encrypted, signed record item',
        params: CaseParams,
        body: VoteSubmission,
        response: { 201: VoteCast, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const { maxReportAttachmentBytes } = app.config;
      const cast = await castVote(
        app.db,
        request.member,
        request.params.id,
        request.body,
        maxReportAttachmentBytes,
      );
      return reply.status(201).send(cast);
    },
  );
  done();
});

const caseDecisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(decisions);
};

export default caseDecisionRoutes;
