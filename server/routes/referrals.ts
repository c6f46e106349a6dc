/**
 * Referrals (services/referrals.ts, docs/protocol.md 10.10): a member refers a case to another
 * team with a packet their browser sealed to that team's roster.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CaseParams } from '#contract/cases';
import { errorReplies } from '#contract/http';
import { ReferralCreated, ReferralSubmission } from '#contract/referrals';
import { membersOnly } from '../plugins/auth.js';
import { createReferral } from '../services/referrals.js';

const referralRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(
    membersOnly((scope, _options, done) => {
      scope.post(
        '/api/cases/:id/referrals',
        {
          schema: {
            summary:
              "Refer a case to another team: a packet sealed to that team's roster, released at once within one community, else once the reporter consents",
            params: CaseParams,
            body: ReferralSubmission,
            response: { 201: ReferralCreated, ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
          },
        },
        async (request, reply) =>
          reply.status(201).send(
            await createReferral(app.db, request.member, request.params.id, request.body, {
              pinnedFingerprints: app.config.teamFingerprints,
              maxAttachmentBytes: app.config.maxReportAttachmentBytes,
            }),
          ),
      );
      done();
    }),
  );
};

export default referralRoutes;
