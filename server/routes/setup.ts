/**
 * The founding admin's first step: a one-time set-up link (printed by the server on first
 * start) lets a browser create a team. The token is single-use; only its hash is stored.
 */
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { errorReplies } from '#contract/http';
import { SetupCheckReply, SetupCheckRequest, SetupReply, SetupRequest } from '#contract/members';
import { checkSetupLink, createTeamWithSetupLink } from '../services/setup-link.js';

const setupRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.post(
    '/api/setup',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        summary: 'Create a team with a one-time set-up token',
        body: SetupRequest,
        response: { 201: SetupReply, ...errorReplies(400, 403, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const created = await createTeamWithSetupLink(app.db, request.body);
      return reply
        .status(201)
        .send({ team: created.teamId, slug: request.body.team.slug, fingerprint: created.fingerprint });
    },
  );

  app.post(
    '/api/setup/check',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Whether a set-up link can still create a team (before its form is filled)',
        body: SetupCheckRequest,
        response: { 200: SetupCheckReply, ...errorReplies(400, 403, 404, 410, 413, 415, 429) },
      },
    },
    async (request) => checkSetupLink(app.db, request.body.token),
  );
  done();
};

export default setupRoutes;
