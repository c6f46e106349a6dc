/**
 * The target invited in (services/target-invitations.ts, docs/protocol.md 8.5): a member stores
 * the public side of a receipt their browser made for the case's target.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseParams, TargetInvitation, TargetInvited } from '#contract/cases';
import { errorReplies } from '#contract/http';
import { membersOnly } from '../plugins/auth.js';
import { inviteTarget } from '../services/target-invitations.js';

const caseTargetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(
    membersOnly((scope, _options, done) => {
      scope.post(
        '/api/cases/:id/target',
        {
          schema: {
            summary:
              "Invite the case's target in with a receipt made in the member's browser (its public keys, signed, and its lookup hash)",
            params: CaseParams,
            body: TargetInvitation,
            response: { 201: TargetInvited, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
          },
        },
        async (request, reply) =>
          reply.status(201).send(await inviteTarget(app.db, request.member, request.params.id, request.body)),
      );
      done();
    }),
  );
};

export default caseTargetRoutes;
