/**
 * Member sign-in and sign-out (services/sign-in.ts), with the second factor when the member has
 * one. Sign-in answers no sooner than a floor, so its timing says nothing about whether the name
 * exists.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { SecondFactorProof, SignInReply } from '#contract/account';
import { errorReplies } from '#contract/http';
import { SessionParamsReply, SessionParamsRequest, SessionReply, SessionRequest } from '#contract/members';
import { withTimingFloor } from '../auth/tokens.js';
import { KNOWN_DEVICE_COOKIE, membersBeforeSecondFactor } from '../plugins/auth.js';
import { recordAudit } from '../repositories/audit-events.js';
import { findSessionMember, type MemberWithTeam } from '../repositories/members.js';
import { createSignIn, sessionReply } from '../services/sign-in.js';

const LOGIN_FLOOR_MS = 150;
export const loginLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };

/**
 * Opens a member session and answers it the way POST /api/session does: the session cookie, the
 * known-device cookie, the audit event, the reply with the wrapped keys. Also used by a recovery
 * (routes/account.ts).
 */
export async function answerWithSession(
  app: FastifyInstance,
  reply: FastifyReply,
  member: MemberWithTeam,
  details: Record<string, unknown> = {},
): Promise<SessionReply> {
  await app.startMemberSession(reply, member.id);
  app.rememberDevice(reply, await app.signInNameLimit.knownDeviceToken(member.team_slug, member.name));
  await recordAudit(app.db, {
    teamId: member.team_id,
    memberId: member.id,
    action: 'member.signed_in',
    details,
  });
  return sessionReply(member, app.config.sessionIdleMinutes);
}

// Open to a member who still owes their team a second factor: the console reads the session to
// know it must ask for one (must_add_second_factor).
const currentSession = membersBeforeSecondFactor((app, _options, done) => {
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
  const signIn = createSignIn(app.db, app.config, app.signInNameLimit);

  app.post(
    '/api/session/params',
    {
      config: loginLimit,
      schema: {
        summary: 'KDF parameters for a member name',
        body: SessionParamsRequest,
        response: { 200: SessionParamsReply, ...errorReplies(400, 403, 413, 415, 429) },
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
        summary: 'Sign in: a session, or a second factor to give first',
        body: SessionRequest,
        response: { 200: SignInReply, ...errorReplies(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) =>
      withTimingFloor(LOGIN_FLOOR_MS, async () => {
        const outcome = await signIn.signIn(request.body, reply, request.cookies[KNOWN_DEVICE_COOKIE]);
        if (outcome.kind === 'second_factor') return outcome.challenge;
        return answerWithSession(app, reply, outcome.member);
      }),
  );

  app.post(
    '/api/session/second-factor',
    {
      config: loginLimit,
      schema: {
        summary: 'Finish signing in (or recovering) with a second factor',
        body: SecondFactorProof,
        response: { 200: SessionReply, ...errorReplies(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const { member, method, recovered } = await signIn.proveSecondFactor(
        request.body,
        reply,
        request.cookies[KNOWN_DEVICE_COOKIE],
      );
      return answerWithSession(app, reply, member, {
        second_factor: method,
        ...(recovered ? { recovered } : {}),
      });
    },
  );

  // Between sign-in and sign-out, the order of the API's documentation.
  await app.register(currentSession);

  app.delete(
    '/api/session',
    { schema: { summary: 'Sign out', response: { 204: Type.Null(), ...errorReplies(400, 403, 413, 415) } } },
    async (request, reply) => {
      await app.endSessions(request, reply);
      return reply.status(204).send(null);
    },
  );
};

export default sessionRoutes;
