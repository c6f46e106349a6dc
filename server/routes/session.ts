/**
 * Member sign-in and sign-out (services/sign-in.ts). Sign-in answers no sooner than a floor, so
 * its timing says nothing about whether the name exists.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorReplies } from '#contract/http';
import { SessionParamsReply, SessionParamsRequest, SessionReply, SessionRequest } from '#contract/members';
import { withTimingFloor } from '../auth/tokens.js';
import { KNOWN_DEVICE_COOKIE, membersOnly } from '../plugins/auth.js';
import { recordAudit } from '../repositories/audit-events.js';
import { findSessionMember } from '../repositories/members.js';
import { createSignIn, sessionReply } from '../services/sign-in.js';

const LOGIN_FLOOR_MS = 150;

const currentSession = membersOnly((app, _options, done) => {
  app.get(
    '/api/session',
    {
      schema: {
        summary: 'The signed-in member (to unlock keys again after a reload or lock)',
        response: { 200: SessionReply, ...errorReplies(401) },
      },
    },
    async (request) =>
      sessionReply(await findSessionMember(app.db, request.member.id), app.config.sessionIdleMinutes),
  );
  done();
});

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const loginLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };
  const signIn = createSignIn(app.db, app.config);

  app.post(
    '/api/session/params',
    {
      config: loginLimit,
      schema: {
        summary: 'KDF parameters for a member name',
        body: SessionParamsRequest,
        response: { 200: SessionParamsReply },
      },
    },
    async (request) =>
      withTimingFloor(LOGIN_FLOOR_MS, async () => ({
        kdf: await signIn.kdfParams(request.body.team, request.body.name),
      })),
  );

  app.post(
    '/api/session',
    {
      config: loginLimit,
      schema: {
        summary: 'Sign in',
        body: SessionRequest,
        response: { 200: SessionReply, ...errorReplies(401, 429) },
      },
    },
    async (request, reply) =>
      withTimingFloor(LOGIN_FLOOR_MS, async () => {
        const { team, name } = request.body;
        const member = await signIn.check(request.body, reply, request.cookies[KNOWN_DEVICE_COOKIE]);
        await app.startMemberSession(reply, member.id);
        app.rememberDevice(reply, await signIn.knownDeviceToken(team, name));
        await recordAudit(app.db, {
          teamId: member.team_id,
          memberId: member.id,
          action: 'member.signed_in',
        });
        return sessionReply(member, app.config.sessionIdleMinutes);
      }),
  );

  // Between sign-in and sign-out, the order of the API's documentation.
  await app.register(currentSession);

  app.delete(
    '/api/session',
    { schema: { summary: 'Sign out', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await app.endSessions(request, reply);
      return reply.status(204).send(null);
    },
  );
};

export default sessionRoutes;
