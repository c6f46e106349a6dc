/**
 * A member's own account: recovery with the recovery code (open to all, rate-limited, answering
 * like sign-in), changing the passphrase, confirming the session with the passphrase, and
 * managing second factors. The signed-in routes are open to a member who still owes their team a
 * second factor: they are how one is added. Those that add or remove a factor, or make new
 * one-time codes, also need a recently confirmed session (services/session-confirmation.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ConfirmRequest,
  MySecondFactors,
  PassphraseChangeRequest,
  RecoveryCodesReply,
  RecoveryCompleteRequest,
  RecoveryStartReply,
  RecoveryStartRequest,
  SecondFactorAdded,
  SecurityKeyParams,
  SignInReply,
  TotpConfirmRequest,
  TotpStartReply,
  WebAuthnJson,
  WebAuthnRegisterRequest,
} from '#contract/account';
import { errorReplies } from '#contract/http';
import { hashToken, withTimingFloor } from '../auth/tokens.js';
import {
  confirmedMembersBeforeSecondFactor,
  KNOWN_DEVICE_COOKIE,
  MEMBER_COOKIE,
  membersBeforeSecondFactor,
} from '../plugins/auth.js';
import { findSessionMember } from '../repositories/members.js';
import { changePassphrase } from '../services/passphrase.js';
import { completeRecovery, startRecovery } from '../services/recovery.js';
import { confirmSession } from '../services/session-confirmation.js';
import {
  addSecurityKey,
  confirmTotp,
  mySecondFactors,
  removeSecurityKey,
  removeTotp,
  renewRecoveryCodes,
  startSecurityKey,
  startTotp,
} from '../services/second-factor/factors.js';
import { answerWithSession, loginLimit } from './session.js';

/** As sign-in's: a known and an unknown name take the same time. */
const RECOVERY_FLOOR_MS = 150;

const ownAccount = membersBeforeSecondFactor((app, _options, done) => {
  app.put(
    '/api/me/passphrase',
    {
      // As sign-in: a known-device cookie skips the per-name limit, so the client's own limit is
      // what stops an open console from guessing the current passphrase without end.
      config: loginLimit,
      schema: {
        summary: 'Change the passphrase (the current one proven by its auth); every other session ends',
        body: PassphraseChangeRequest,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      await changePassphrase(app.db, app.signInNameLimit, request.member, request.body, {
        tokenHash: hashToken(request.cookies[MEMBER_COOKIE] ?? ''),
        reply,
        knownDevice: request.cookies[KNOWN_DEVICE_COOKIE],
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me/second-factor',
    {
      schema: {
        summary: "The signed-in member's second factors",
        response: { 200: MySecondFactors, ...errorReplies(401) },
      },
    },
    async (request) => mySecondFactors(app.db, request.member.id),
  );

  app.post(
    '/api/me/confirm',
    {
      config: loginLimit,
      schema: {
        summary:
          "Confirm it's you: the current passphrase's auth; for 10 minutes this session may change second factors",
        body: ConfirmRequest,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      await confirmSession(app.db, app.signInNameLimit, request.member, request.body.auth, {
        tokenHash: hashToken(request.cookies[MEMBER_COOKIE] ?? ''),
        reply,
        knownDevice: request.cookies[KNOWN_DEVICE_COOKIE],
      });
      return reply.status(204).send(null);
    },
  );
  done();
});

/** Adding or removing a factor, or new one-time codes: only in a recently confirmed session. */
const secondFactorChanges = confirmedMembersBeforeSecondFactor((app, _options, done) => {
  app.post(
    '/api/me/second-factor/totp/start',
    {
      schema: {
        summary: 'Start setting up an authenticator app: a new secret, in force once a code confirms it',
        response: { 200: TotpStartReply, ...errorReplies(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request) => startTotp(app.db, request.member),
  );

  app.post(
    '/api/me/second-factor/totp',
    {
      schema: {
        summary: 'Confirm the authenticator app with a code it shows',
        body: TotpConfirmRequest,
        response: { 200: SecondFactorAdded, ...errorReplies(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request) => confirmTotp(app.db, request.member, request.body.code),
  );

  app.delete(
    '/api/me/second-factor/totp',
    {
      schema: {
        summary: 'Remove the authenticator app',
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      await removeTotp(app.db, request.member);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/second-factor/webauthn/options',
    {
      schema: {
        summary: 'Options for adding a security key or passkey (navigator.credentials.create)',
        response: { 200: WebAuthnJson, ...errorReplies(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request) => startSecurityKey(app.db, app.config, request.member),
  );

  app.post(
    '/api/me/second-factor/webauthn',
    {
      schema: {
        summary: 'Add the security key or passkey the browser made for those options',
        body: WebAuthnRegisterRequest,
        response: { 200: SecondFactorAdded, ...errorReplies(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request) => addSecurityKey(app.db, app.config, request.member, request.body),
  );

  app.delete(
    '/api/me/second-factor/webauthn/:id',
    {
      schema: {
        summary: 'Remove a security key or passkey',
        params: SecurityKeyParams,
        response: { 204: Type.Null(), ...errorReplies(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      await removeSecurityKey(app.db, request.member, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/second-factor/recovery-codes',
    {
      schema: {
        summary: 'A new set of one-time recovery codes for the second factor (the old ones stop working)',
        response: { 200: RecoveryCodesReply, ...errorReplies(400, 401, 403, 413, 415) },
      },
    },
    async (request) => renewRecoveryCodes(app.db, request.member),
  );
  done();
});

const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/recovery/start',
    {
      config: loginLimit,
      schema: {
        summary: 'Start a recovery: the recovery copy of the keys and a nonce to sign',
        body: RecoveryStartRequest,
        response: { 200: RecoveryStartReply, ...errorReplies(400, 403, 413, 415, 429) },
      },
    },
    async (request) =>
      withTimingFloor(RECOVERY_FLOOR_MS, () => startRecovery(app.db, request.body.team, request.body.name)),
  );

  app.post(
    '/api/recovery/complete',
    {
      config: loginLimit,
      schema: {
        summary:
          'Finish a recovery: new credentials signed by the recovered key; a session or a second factor',
        body: RecoveryCompleteRequest,
        response: { 200: SignInReply, ...errorReplies(400, 401, 403, 409, 413, 415, 429) },
      },
    },
    async (request, reply) =>
      withTimingFloor(RECOVERY_FLOOR_MS, async () => {
        const outcome = await completeRecovery(app.db, app.config, request.body);
        if (outcome.kind === 'second_factor') return outcome.challenge;
        return answerWithSession(app, reply, await findSessionMember(app.db, outcome.memberId), {
          recovered: true,
        });
      }),
  );

  await app.register(ownAccount);
  await app.register(secondFactorChanges);
};

export default accountRoutes;
