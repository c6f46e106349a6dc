/**
 * Sessions and request guards.
 *
 * Two kinds of session, each a random token in its own HttpOnly, SameSite=Strict cookie
 * (Secure behind TLS), stored only as a hash with an idle expiry:
 *   - member sessions (a team member signed in with their passphrase-derived `auth`);
 *   - receipt sessions (an anonymous reporter, or a target a member invited in, who presented a
 *     receipt's lookup value; the session opens the case in that receipt's role).
 * Routes declare what they need by the scope they are registered in (`membersOnly`,
 * `adminsOnly`, `reportersOnly`, `membersBeforeSecondFactor` below), never by matching URL
 * strings. In such a scope,
 * `request.member` (or `request.receipt`) is always there: it is not optional, and reading
 * it anywhere else answers 401 instead of handing a handler a missing member.
 *
 * CSRF: every state-changing /api/ request must carry `X-Requested-With: confide`; a
 * cross-site form or fetch cannot add it without a CORS preflight we never grant.
 *
 * A team may require a second factor. A member of such a team who has none yet is refused
 * (403 second_factor_required) by every member and admin route except the few registered with
 * `membersBeforeSecondFactor`: their session, their second factors and their passphrase, which
 * is what the console needs to let them add one. The requirement is read on every request, in
 * the same query that finds the member, since an admin may switch it on while sessions are open.
 *
 * Adding or removing a second factor (and an admin's reset of someone else's) also needs the
 * session to be recently confirmed with the passphrase (services/session-confirmation.ts): such
 * routes are registered with `confirmedMembersBeforeSecondFactor` or `confirmedAdminsOnly`,
 * whose second guard answers 403 confirmation_required.
 *
 * The per-name limit on failed sign-ins is decorated here (`signInNameLimit`), so that sign-in,
 * its second factor and a passphrase change all count in the one limiter.
 */
import cookie from '@fastify/cookie';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hashToken, newToken } from '../auth/tokens.js';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError, errorBody, unauthorized } from '../errors.js';
import {
  findActiveSessionMember,
  type ActiveSessionMember,
  type MemberContext,
} from '../repositories/members.js';
import { findRoleOnCase, type ReceiptOpening } from '../repositories/case-receipts.js';
import {
  deleteSession,
  findLiveSession,
  insertSession,
  touchSession,
  type SessionKind,
} from '../repositories/sessions.js';
import { requireRecentConfirmation } from '../services/session-confirmation.js';
import { signInNameLimiter, type SignInNameLimiter } from '../services/sign-in-limits.js';
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

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member, in a `membersOnly` or `adminsOnly` scope; elsewhere reading it is a 401. */
    readonly member: MemberContext;
    /** The case of the receipt session and its role, in a `reportersOnly` scope; elsewhere reading it is a 401. */
    readonly receipt: ReceiptOpening;
  }
  interface FastifyInstance {
    requireMember: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** requireMember for the routes a member may use before adding the second factor their team requires. */
    requireMemberBeforeSecondFactor: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** After a member guard: the session was confirmed with the passphrase recently, or began recently. */
    requireConfirmedSession: (request: FastifyRequest) => Promise<void>;
    requireReceipt: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** The member of the request's member session, if it has a valid one (for routes open to all). */
    sessionMember: (request: FastifyRequest) => Promise<MemberContext | undefined>;
    /** The case and role of the request's receipt session, if it has a valid one (for routes open to all). */
    sessionReceipt: (request: FastifyRequest) => Promise<ReceiptOpening | undefined>;
    startMemberSession: (reply: FastifyReply, memberId: string) => Promise<void>;
    /** A receipt session on the case the receipt opens; `lookupHash` names the receipt, so its role is read on each request. */
    startReceiptSession: (
      reply: FastifyReply,
      opening: { caseId: string; lookupHash: Buffer },
    ) => Promise<void>;
    endSessions: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Ends the request's receipt session and starts one on another case the same receipt opens. */
    replaceReceiptSession: (
      request: FastifyRequest,
      reply: FastifyReply,
      opening: { caseId: string; lookupHash: Buffer },
    ) => Promise<void>;
    rememberDevice: (reply: FastifyReply, token: string) => void;
    /** Failed sign-ins per member name (services/sign-in-limits.ts), shared by every route that checks a passphrase or a second factor. */
    signInNameLimit: SignInNameLimiter;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Guard =
  | 'requireMember'
  | 'requireMemberBeforeSecondFactor'
  | 'requireAdmin'
  | 'requireReceipt'
  | 'requireConfirmedSession';

/** Wraps route plugins in a scope whose preHandlers are `guards`, in order, before every route in it. */
function scopeGuardedBy(...guards: Guard[]) {
  return (routes: FastifyPluginCallbackTypebox): FastifyPluginCallbackTypebox =>
    (scope, options, done) => {
      for (const guard of guards) scope.addHook('preHandler', scope[guard]);
      routes(scope, options, done);
    };
}

/** Route plugins whose every route needs a signed-in member: `request.member` is set in them. */
export const membersOnly = scopeGuardedBy('requireMember');
/**
 * Route plugins a signed-in member may use even before adding the second factor their team
 * requires: only their session, their second factors and their passphrase. Keep it that short.
 */
export const membersBeforeSecondFactor = scopeGuardedBy('requireMemberBeforeSecondFactor');
/**
 * As `membersBeforeSecondFactor`, for the routes that add or remove a second factor or make new
 * one-time codes: the session must also be recently confirmed (403 confirmation_required).
 */
export const confirmedMembersBeforeSecondFactor = scopeGuardedBy(
  'requireMemberBeforeSecondFactor',
  'requireConfirmedSession',
);
/** Route plugins whose every route needs a signed-in admin: `request.member` is an admin in them. */
export const adminsOnly = scopeGuardedBy('requireAdmin');
/** As `adminsOnly`, for an admin's changes to another member's second factor: confirmed too. */
export const confirmedAdminsOnly = scopeGuardedBy('requireAdmin', 'requireConfirmedSession');
/** Route plugins whose every route needs a receipt session: `request.receipt` is set in them. */
export const reportersOnly = scopeGuardedBy('requireReceipt');

export default fp(
  async (app, options: { config: AppConfig; db: Database }) => {
    const { config, db } = options;
    const secure = config.publicUrl.protocol === 'https:';
    const cookiePath = `${config.publicUrl.pathname.replace(/\/$/, '')}/api`;
    const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure, path: cookiePath };
    // What the guards found, per request; read through the request's `member` and `receipt`.
    const members = new WeakMap<FastifyRequest, MemberContext>();
    const receipts = new WeakMap<FastifyRequest, ReceiptOpening>();

    await app.register(cookie);
    app.decorateRequest('member', {
      getter(this: FastifyRequest): MemberContext {
        const member = members.get(this);
        if (!member) throw unauthorized('Please sign in');
        return member;
      },
    });
    app.decorateRequest('receipt', {
      getter(this: FastifyRequest): ReceiptOpening {
        const opening = receipts.get(this);
        if (opening === undefined) throw unauthorized('Please enter your receipt again');
        return opening;
      },
    });

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

    const idleMinutesOf = (kind: SessionKind): number =>
      kind === 'member' ? config.sessionIdleMinutes : RECEIPT_IDLE_MINUTES;

    async function startSession(
      reply: FastifyReply,
      kind: SessionKind,
      subject: { memberId: string | null; caseId: string | null; lookupHash: Buffer | null },
    ): Promise<void> {
      const { token, hash } = newToken();
      await insertSession(db, { tokenHash: hash, kind, ...subject, idleMinutes: idleMinutesOf(kind) });
      reply.setCookie(kind === 'member' ? MEMBER_COOKIE : RECEIPT_COOKIE, token, cookieOptions);
    }

    app.decorate('startMemberSession', (reply: FastifyReply, memberId: string) =>
      startSession(reply, 'member', { memberId, caseId: null, lookupHash: null }),
    );
    app.decorate(
      'startReceiptSession',
      (reply: FastifyReply, opening: { caseId: string; lookupHash: Buffer }) =>
        startSession(reply, 'receipt', { memberId: null, ...opening }),
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
        if (token) await deleteSession(db, hashToken(token));
        reply.clearCookie(name, cookieOptions);
      }
    });

    app.decorate(
      'replaceReceiptSession',
      async (
        request: FastifyRequest,
        reply: FastifyReply,
        opening: { caseId: string; lookupHash: Buffer },
      ) => {
        const token = request.cookies[RECEIPT_COOKIE];
        if (token) await deleteSession(db, hashToken(token));
        await startSession(reply, 'receipt', { memberId: null, ...opening });
      },
    );

    async function lookup(token: string | undefined, kind: SessionKind) {
      if (!token || token.length > 100) return undefined;
      const row = await findLiveSession(db, hashToken(token), kind);
      if (!row) return undefined;
      if (Date.now() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
        await touchSession(db, row.token_hash, idleMinutesOf(kind), MEMBER_MAX_HOURS);
      }
      return row;
    }

    async function activeSessionMember(request: FastifyRequest): Promise<ActiveSessionMember | undefined> {
      const session = await lookup(request.cookies[MEMBER_COOKIE], 'member');
      if (!session?.member_id) return undefined;
      // Removal takes effect at once: only an active member's session counts.
      return findActiveSessionMember(db, session.member_id);
    }

    /** For routes open to all: a member who still owes their team a second factor reads nothing. */
    async function sessionMember(request: FastifyRequest): Promise<MemberContext | undefined> {
      const found = await activeSessionMember(request);
      return found && !found.mustAddSecondFactor ? found.member : undefined;
    }

    async function sessionReceipt(request: FastifyRequest): Promise<ReceiptOpening | undefined> {
      const session = await lookup(request.cookies[RECEIPT_COOKIE], 'receipt');
      if (!session?.case_id || !session.lookup_hash) return undefined;
      // Read on each request: a receipt that opens the case no more ends its sessions at once.
      const role = await findRoleOnCase(db, session.lookup_hash, session.case_id);
      return role === undefined
        ? undefined
        : { caseId: session.case_id, role, lookupHash: session.lookup_hash };
    }

    app.decorate('sessionMember', sessionMember);
    app.decorate('sessionReceipt', sessionReceipt);

    app.decorate(
      'signInNameLimit',
      signInNameLimiter({
        db,
        enabled: config.rateLimitEnabled,
        secret: config.rateLimitSecret,
      }),
    );

    app.decorate('requireMemberBeforeSecondFactor', async (request: FastifyRequest) => {
      const found = await activeSessionMember(request);
      if (!found) throw unauthorized('Please sign in');
      members.set(request, found.member);
    });

    app.decorate('requireMember', async (request: FastifyRequest) => {
      const found = await activeSessionMember(request);
      if (!found) throw unauthorized('Please sign in');
      if (found.mustAddSecondFactor) {
        throw new AppError(
          403,
          'second_factor_required',
          'Your team requires a second factor. Please add a security key, a passkey or an authenticator app first.',
        );
      }
      members.set(request, found.member);
    });

    app.decorate('requireAdmin', async (request: FastifyRequest, reply: FastifyReply) => {
      await app.requireMember(request, reply);
      if (request.member.role !== 'admin')
        throw new AppError(403, 'admin_only', 'Only a team admin can do this');
    });

    app.decorate('requireConfirmedSession', async (request: FastifyRequest) => {
      const token = request.cookies[MEMBER_COOKIE];
      if (!token || token.length > 100) throw unauthorized('Please sign in');
      await requireRecentConfirmation(db, hashToken(token));
    });

    app.decorate('requireReceipt', async (request: FastifyRequest) => {
      const opening = await sessionReceipt(request);
      if (!opening) throw unauthorized('Please enter your receipt again');
      receipts.set(request, opening);
    });
  },
  { name: 'auth' },
);
