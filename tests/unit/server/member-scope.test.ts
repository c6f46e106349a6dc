/**
 * How routes declare the session they need (server/plugins/auth.ts): a route in a members-only
 * scope never runs without a signed-in member, and reading `request.member` where no guard ran
 * answers 401 rather than handing the handler a missing member.
 */
import type { FastifyPluginCallbackTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../server/config.js';
import type { Database } from '../../../server/db/database.js';
import { installErrorHandler } from '../../../server/errors.js';
import auth, { adminsOnly, membersOnly, reportersOnly } from '../../../server/plugins/auth.js';

let app: FastifyInstance;
const ran: string[] = [];

/** One GET route at `path` that records that its handler ran. */
const route =
  (path: string): FastifyPluginCallbackTypebox =>
  (scope, _options, done) => {
    scope.get(path, () => {
      ran.push(path);
      return { ok: true };
    });
    done();
  };

beforeAll(async () => {
  app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  // Without a session cookie no guard reaches the database, so none is given.
  const config = { publicUrl: new URL('http://127.0.0.1/'), sessionIdleMinutes: 30 } as AppConfig;
  await app.register(auth, { config, db: {} as unknown as Database });
  await app.register(membersOnly(route('/api/members-only')));
  await app.register(adminsOnly(route('/api/admins-only')));
  await app.register(reportersOnly(route('/api/reporters-only')));
  app.get('/api/unguarded-member', (request) => ({ id: request.member.id }));
  app.get('/api/unguarded-receipt', (request) => ({ id: request.receipt.caseId }));
  app.get('/api/open', async (request) => ({ member: (await app.sessionMember(request)) ?? null }));
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('routes in a guarded scope', () => {
  it.each([
    ['/api/members-only', 'Please sign in'],
    ['/api/admins-only', 'Please sign in'],
    ['/api/reporters-only', 'Please enter your receipt again'],
  ])('%s answers 401 without a session, and its handler never runs', async (url, message) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message } });
    expect(ran).not.toContain(url);
  });
});

describe('the request outside a guarded scope', () => {
  it('answers 401 when a handler reads a member no guard has checked', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/unguarded-member' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: 'Please sign in' } });
  });

  it('answers 401 when a handler reads a receipt case no guard has checked', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/unguarded-receipt' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: { code: 'unauthorized', message: 'Please enter your receipt again' },
    });
  });

  it('tells a route open to everyone that there is no member, without a query', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/open' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ member: null });
  });
});
