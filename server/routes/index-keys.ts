/**
 * The team's index key (services/index-keys.ts): an admin issues every active member a signed
 * grant of a key (the team's first, a new one after a removal, or the same one signed again), and
 * members' browsers ask which cases they still have to tag with the current key, and which cases
 * carry the tag of an account name (the case list's filter by account).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorReplies } from '#contract/http';
import {
  DEFAULT_UNTAGGED_LIMIT,
  IndexKeyIssue,
  UntaggedCases,
  UntaggedCasesQuery,
} from '#contract/index-keys';
import { CasesWithTag, CasesWithTagQuery } from '#contract/tags';
import { TeamSlugParams } from '#contract/teams';
import { adminsOnly, membersOnly } from '../plugins/auth.js';
import { casesWithTag, issueIndexKey, untaggedCases } from '../services/index-keys.js';

const issuing = adminsOnly((app, _options, done) => {
  app.put(
    '/api/teams/:slug/index-key',
    {
      schema: {
        summary:
          "Give every active member a signed grant of the team's index key: a new key (epoch one past the team's) or the same key signed again (admins)",
        params: TeamSlugParams,
        body: IndexKeyIssue,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      await issueIndexKey(app.db, request.member, request.params.slug, request.body);
      return reply.status(204).send(null);
    },
  );
  done();
});

const tagging = membersOnly((app, _options, done) => {
  app.get(
    '/api/teams/:slug/untagged-cases',
    {
      schema: {
        summary:
          "Cases you may see that carry no tags of the team's current index key, newest first (up to `limit`, default 200)",
        params: TeamSlugParams,
        querystring: UntaggedCasesQuery,
        response: { 200: UntaggedCases, ...errorReplies(400, 401, 403, 404) },
      },
    },
    async (request) =>
      untaggedCases(
        app.db,
        request.member,
        request.params.slug,
        Number(request.query.limit ?? DEFAULT_UNTAGGED_LIMIT),
      ),
  );

  app.get(
    '/api/teams/:slug/cases-with-tag',
    {
      schema: {
        summary:
          "Cases you may see that carry a blind-index tag under the team's current index key, newest first (up to 1,000): the case list's filter by account",
        params: TeamSlugParams,
        querystring: CasesWithTagQuery,
        response: { 200: CasesWithTag, ...errorReplies(400, 401, 403, 404) },
      },
    },
    async (request) => casesWithTag(app.db, request.member, request.params.slug, request.query.tag),
  );
  done();
});

// In this order, which is the order of the API's documentation.
const indexKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(issuing);
  await app.register(tagging);
};

export default indexKeyRoutes;
