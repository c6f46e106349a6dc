/**
 * Blind-index tags of a case (docs/protocol.md 12): a member's browser stores them, one case or a
 * page of cases at a time, and asks which other cases it may see carry them. Each needs a member
 * who may see the case.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CaseParams } from '#contract/cases';
import { errorReplies } from '#contract/http';
import { CaseTags, CaseTagsBatch, CaseTagsStored, SeenBefore } from '#contract/tags';
import { TeamSlugParams } from '#contract/teams';
import { membersOnly } from '../plugins/auth.js';
import { seenBefore, storeCaseTags, storeCaseTagsBatch } from '../services/case-tags.js';

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

  app.put(
    '/api/teams/:slug/case-tags',
    {
      schema: {
        summary:
          "Replace the blind-index tags of up to 200 cases at once, made with the index key of `epoch`, the team's current one; cases you may not see are skipped",
        params: TeamSlugParams,
        body: CaseTagsBatch,
        response: { 200: CaseTagsStored, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request) => storeCaseTagsBatch(app.db, request.member, request.params.slug, request.body),
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
