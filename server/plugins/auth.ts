/**
 * Sessions and request guards.
 *
 * Two kinds of session, each a random token in its own HttpOnly, SameSite=Strict cookie
 * (Secure behind TLS), stored only as a hash with an idle expiry:
 *   - member sessions (a team member signed in with their passphrase-derived `auth`);
 *   - receipt sessions (an anonymous reporter who presented a receipt's lookup value).
 * Routes declare what they need with the `requireMember` / `requireAdmin` / `requireReceipt`
 * pre-handlers, never by matching URL strings.
 *
 * CSRF: every state-changing /api/ request must carry `X-Requested-With: confide`; a
 * cross-site form or fetch cannot add it without a CORS preflight we never grant.
 */
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError, errorBody, unauthorized } from '../errors.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { isApiRequest } from './api-path.js';

export const MEMBER_COOKIE = 'confide_member';
export const RECEIPT_COOKIE = 'confide_receipt';
/**
 * Set on a successful sign-in: this browser signed in as that name before, so its attempts skip
 * the per-name limit (services/sign-in-limits.ts) that strangers can trip. Kept at sign-out.
 */
export const KNOWN_DEVICE_COOKIE = 'confide_device';
const KNOWN_DEVICE_DAYS = 90;
const RECEIPT_IDLE_MINUTES = 60;
const MEMBER_MAX_HOURS = 12;
/** Refresh `last_seen_at` at most this often per session: one write a minute, not per request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface MemberContext {
  id: string;
  teamId: string;
  name: string;
  role: 'admin' | 'member';
}

declare module 'fastify' {
  interface FastifyRequest {
    member: MemberContext | undefined;
    receiptCaseId: string | undefined;
  }
  interface FastifyInstance {
    requireMember: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireReceipt: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    startMemberSession: (reply: FastifyReply, memberId: string) => Promise<void>;
    startReceiptSession: (reply: FastifyReply, caseId: string) => Promise<void>;
    endSessions: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    rememberDevice: (reply: FastifyReply, token: string) => void;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default fp(
  async (app, options: { config: AppConfig; db: Database }) => {
    const { config, db } = options;
    const secure = config.publicUrl.protocol === 'https:';
    const cookiePath = `${config.publicUrl.pathname.replace(/\/$/, '')}/api`;
    const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure, path: cookiePath };

    await app.register(cookie);
    app.decorateRequest('member', undefined);
    app.decorateRequest('receiptCaseId', undefined);

    app.addHook('onRequest', async (request, reply) => {
      if (MUTATING.has(request.method) && isApiRequest(request)) {
        if (request.headers['x-requested-with'] !== 'confide') {
          return reply
            .status(403)
            .send(
              errorBody(
                'missing_csrf_header',
                'State-changing requests must carry the header X-Requested-With: confide',
              ),
            );
        }
      }
    });

    async function startSession(
      reply: FastifyReply,
      kind: 'member' | 'receipt',
      subject: { memberId?: string; caseId?: string },
    ): Promise<void> {
      const { token, hash } = newToken();
      const idleMinutes = kind === 'member' ? config.sessionIdleMinutes : RECEIPT_IDLE_MINUTES;
      await db
        .insertInto('sessions')
        .values({
          token_hash: hash,
          kind,
          member_id: subject.memberId ?? null,
          case_id: subject.caseId ?? null,
          expires_at: sql`now() + make_interval(mins => ${idleMinutes})`,
        })
        .execute();
      reply.setCookie(kind === 'member' ? MEMBER_COOKIE : RECEIPT_COOKIE, token, cookieOptions);
    }

    app.decorate('startMemberSession', (reply: FastifyReply, memberId: string) =>
      startSession(reply, 'member', { memberId }),
    );
    app.decorate('startReceiptSession', (reply: FastifyReply, caseId: string) =>
      startSession(reply, 'receipt', { caseId }),
    );

    app.decorate('rememberDevice', (reply: FastifyReply, token: string) => {
      reply.setCookie(KNOWN_DEVICE_COOKIE, token, {
        ...cookieOptions,
        maxAge: KNOWN_DEVICE_DAYS * 24 * 60 * 60,
      });
    });

    app.decorate('endSessions', async (request: FastifyRequest, reply: FastifyReply) => {
      for (const name of [MEMBER_COOKIE, RECEIPT_COOKIE]) {
        const token = request.cookies[name];
        if (token) await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
        reply.clearCookie(name, cookieOptions);
      }
    });

    async function lookup(token: string | undefined, kind: 'member' | 'receipt') {
      if (!token || token.length > 100) return undefined;
      const row = await db
        .selectFrom('sessions')
        .select(['token_hash', 'member_id', 'case_id', 'last_seen_at', 'created_at'])
        .where('token_hash', '=', hashToken(token))
        .where('kind', '=', kind)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst();
      if (!row) return undefined;
      if (Date.now() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
        const idleMinutes = kind === 'member' ? config.sessionIdleMinutes : RECEIPT_IDLE_MINUTES;
        await db
          .updateTable('sessions')
          .set({
            last_seen_at: sql`now()`,
            expires_at: sql`least(now() + make_interval(mins => ${idleMinutes}), created_at + make_interval(hours => ${MEMBER_MAX_HOURS}))`,
          })
          .where('token_hash', '=', row.token_hash)
          .execute();
      }
      return row;
    }

    app.decorate('requireMember', async (request: FastifyRequest) => {
      const session = await lookup(request.cookies[MEMBER_COOKIE], 'member');
      if (!session?.member_id) throw unauthorized('Please sign in');
      // Removal takes effect at once: only an active member's session counts.
      const member = await db
        .selectFrom('members')
        .select(['id', 'team_id', 'name', 'role'])
        .where('id', '=', session.member_id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!member) throw unauthorized('Please sign in');
      request.member = {
        id: member.id,
        teamId: member.team_id,
        name: member.name,
        role: member.role === 'admin' ? 'admin' : 'member',
      };
    });

    app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.requireMember(request, reply);
      if (request.member?.role !== 'admin')
        throw new AppError(403, 'admin_only', 'Only a team admin can do this');
    });

    app.decorate('requireReceipt', async (request: FastifyRequest) => {
      const session = await lookup(request.cookies[RECEIPT_COOKIE], 'receipt');
      if (!session?.case_id) throw unauthorized('Please enter your receipt again');
      request.receiptCaseId = session.case_id;
    });
  },
  { name: 'auth' },
);
