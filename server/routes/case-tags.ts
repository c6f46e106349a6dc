/**
 * Blind-index tags of a case (docs/protocol.md 12): a member's browser stores them, and asks which
 * other cases it may see carry them. Each needs a member who may see the case.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CaseParams } from '#contract/cases';
import { errorReplies } from '#contract/http';
import { CaseTags, SeenBefore } from '#contract/tags';
import { membersOnly } from '../plugins/auth.js';
import { seenBefore, storeCaseTags } from '../services/case-tags.js';

const memberCaseTags = membersOnly((app, _options, done) => {
  app.put(
    '/api/cases/:id/tags',
    {
      schema: {
        summary:
          "Replace the case's blind-index tags (its involved accounts' and its reporter's), made with the index key of `epoch`, the team's current one",
        params: CaseParams,
        body: CaseTags,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      await storeCaseTags(app.db, request.member, request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/cases/:id/seen-before',
    {
      schema: {
        summary:
          "The case's tags that other cases you may see carry too (same team, same epoch), each with up to 50 of those cases, newest first",
        params: CaseParams,
        response: { 200: SeenBefore, ...errorReplies(400, 401, 403, 404) },
      },
    },
    async (request) => seenBefore(app.db, request.member, request.params.id),
  );
  done();
});

const caseTagRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(memberCaseTags);
};

export default caseTagRoutes;
