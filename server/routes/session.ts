/**
 * Member sign-in. The browser first asks for the member's KDF parameters, derives `auth` from
 * the passphrase (Argon2id, in a Worker), then presents it. Unknown names and wrong
 * passphrases get the same reply in the same time.
 *
 * Two limits: 10 attempts a minute per client (the rate-limit plugin), and 20 failures per
 * 15 minutes per member name from all clients together (services/sign-in-limits.ts), checked
 * the same way whether the name exists or not.
 */
import type { App } from '../app.js';
import { withTimingFloor } from '../auth/tokens.js';
import { ErrorReply, unauthorized } from '../errors.js';
import { KNOWN_DEVICE_COOKIE } from '../plugins/auth.js';
import { recordAudit } from '../repositories/audit.js';
import { KdfParams } from '#contract/common';
import { SessionParamsReply, SessionParamsRequest, SessionReply, SessionRequest } from '#contract/members';
import {
  authMatches,
  deploymentSecret,
  fakeKdfParams,
  UNMATCHABLE_VERIFIER,
} from '../services/credentials.js';
import { signInNameLimiter } from '../services/sign-in-limits.js';
import { Type } from 'typebox';

const LOGIN_FLOOR_MS = 150;
const SIGN_IN_FAILED = 'That name and passphrase do not match a member of this team';

export default function sessionRoutes(app: App): void {
  const loginLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };
  const nameLimit = signInNameLimiter({
    db: app.db,
    enabled: app.config.rateLimitEnabled,
    secret: app.config.rateLimitSecret,
  });

  async function findMember(teamSlug: string, name: string) {
    return app.db
      .selectFrom('members')
      .innerJoin('teams', 'teams.id', 'members.team_id')
      .select([
        'members.id',
        'members.name',
        'members.role',
        'members.kdf',
        'members.verifier',
        'members.key_bundle',
        'members.index_key_grant',
        'teams.id as team_id',
        'teams.slug as team_slug',
        'teams.name as team_name',
      ])
      .where('teams.slug', '=', teamSlug)
      .where('members.name', '=', name)
      .where('members.status', '=', 'active')
      .executeTakeFirst();
  }

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
      withTimingFloor(LOGIN_FLOOR_MS, async () => {
        const { team, name } = request.body;
        const member = await findMember(team, name);
        if (member) return { kdf: member.kdf as KdfParams };
        return { kdf: fakeKdfParams(await deploymentSecret(app.db), team, name) };
      }),
  );

  app.post(
    '/api/session',
    {
      config: loginLimit,
      schema: {
        summary: 'Sign in',
        body: SessionRequest,
        response: { 200: SessionReply, 401: ErrorReply, 429: ErrorReply },
      },
    },
    async (request, reply) =>
      withTimingFloor(LOGIN_FLOOR_MS, async () => {
        const { team, name, auth } = request.body;
        // Before the lookup, so that a name over its limit is refused alike whether it exists.
        const attempt = await nameLimit.begin(team, name, reply, request.cookies[KNOWN_DEVICE_COOKIE]);
        const member = await findMember(team, name);
        const ok = authMatches(auth, member?.verifier ?? UNMATCHABLE_VERIFIER);
        if (!member || !ok) throw unauthorized(SIGN_IN_FAILED);
        await attempt.succeeded();
        await app.startMemberSession(reply, member.id);
        app.rememberDevice(reply, await nameLimit.knownDeviceToken(team, name));
        await recordAudit(app.db, {
          teamId: member.team_id,
          memberId: member.id,
          action: 'member.signed_in',
        });
        return sessionReply(member);
      }),
  );

  app.get(
    '/api/session',
    {
      preHandler: app.requireMember,
      schema: {
        summary: 'The signed-in member (to unlock keys again after a reload or lock)',
        response: { 200: SessionReply, 401: ErrorReply },
      },
    },
    async (request) => {
      const current = request.member;
      if (!current) throw unauthorized();
      const member = await app.db
        .selectFrom('members')
        .innerJoin('teams', 'teams.id', 'members.team_id')
        .select([
          'members.id',
          'members.name',
          'members.role',
          'members.kdf',
          'members.key_bundle',
          'members.index_key_grant',
          'teams.id as team_id',
          'teams.slug as team_slug',
          'teams.name as team_name',
        ])
        .where('members.id', '=', current.id)
        .executeTakeFirstOrThrow();
      return sessionReply(member);
    },
  );

  app.delete(
    '/api/session',
    { schema: { summary: 'Sign out', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await app.endSessions(request, reply);
      return reply.status(204).send(null);
    },
  );

  function sessionReply(member: {
    id: string;
    name: string;
    role: string;
    kdf: unknown;
    key_bundle: unknown;
    index_key_grant: Buffer | null;
    team_id: string;
    team_slug: string;
    team_name: string;
  }) {
    return {
      member: {
        id: member.id,
        name: member.name,
        role: member.role === 'admin' ? ('admin' as const) : ('member' as const),
      },
      keys: member.key_bundle as { v: number; n: string; c: string },
      kdf: member.kdf as KdfParams,
      team: { id: member.team_id, slug: member.team_slug, name: member.team_name },
      index_key_grant: member.index_key_grant ? member.index_key_grant.toString('base64url') : null,
      idle_lock_minutes: app.config.sessionIdleMinutes,
    };
  }
}
