import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({
    // A throwaway JSON route, to probe how the framework answers bad bodies.
    extraRoutes: (app) =>
      app.post(
        '/api/test-echo',
        {
          schema: {
            body: Type.Object({ text: Type.String({ maxLength: 10 }) }, { additionalProperties: false }),
          },
        },
        (request) => ({ text: request.body.text }),
      ),
  });
});
afterAll(async () => {
  await t.close();
});

describe('the HTTP foundation', () => {
  it('reports health with the database reachable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('sends the strict security headers on API replies and pages', async () => {
    for (const url of ['/api/health', '/', '/receipt']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // Plain http here: HSTS would be meaningless and is only sent behind TLS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('never lets API replies be cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown API path with a 404 in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/no-such-thing?token=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'not_found', message: 'There is nothing at GET /api/no-such-thing' },
    });
  });

  it('serves the client for deep links (SPA fallback)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/team/some/deep/link' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<div id="root">');
  });

  it('answers a missing asset with a 404, not the page (a tab on an earlier build asking for a replaced chunk)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/index-OldBuild.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({
      error: { code: 'not_found', message: 'There is nothing at GET /assets/index-OldBuild.js' },
    });
  });

  it('answers malformed JSON with a 400 in the error shape, not a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'confide' },
      payload: '{"unterminated": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'malformed_json' } });
  });

  it('answers a wrong content type with a 415 in the error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'content-type': 'application/x-something-odd', 'x-requested-with': 'confide' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('answers a body that breaks the schema with a 400 naming the problem', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'x-requested-with': 'confide' },
      payload: { text: 'far too long text', extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(/body/);
  });

  it('answers a prototype-poisoning body with a 400, not a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'confide' },
      payload: '{"text":"a","__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toHaveProperty('error.code');
  });

  it('refuses a state-changing request without the X-Requested-With header (CSRF)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/test-echo', payload: { text: 'hi' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'missing_csrf_header' } });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'x-requested-with': 'confide' },
      payload: { text: 'hi' },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/health');
  });

  it('logs requests without addresses, user agents, headers or query strings', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/api/health?receipt=ABCD-EFGH',
      headers: { 'user-agent': 'DistinctiveAgent/9.9', 'x-forwarded-for': '203.0.113.77' },
      remoteAddress: '198.51.100.23',
    });
    const text = t.logs.join('\n');
    expect(text).toContain('/api/health');
    expect(text).not.toContain('198.51.100.23');
    expect(text).not.toContain('203.0.113.77');
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain('DistinctiveAgent');
    expect(text).not.toContain('ABCD-EFGH');
    expect(text).not.toMatch(/remoteAddress|user-agent|"ip"/);
  });
});

describe('hostile text in plain fields', () => {
  it('refuses a NUL or control character in a name with a 400, before it reaches PostgreSQL', async () => {
    for (const name of ['al\u0000ice', 'bob\u0007', 'tab\there']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/session/params',
        headers: { 'x-requested-with': 'confide' },
        payload: { team: 'stewards', name },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });
});
