/**
 * Compressed API replies (issue 12; server/plugins/compression.ts), through the real server: the
 * case list, one case and the reporter's case are sent with Brotli or gzip as the client accepts,
 * say they vary with Accept-Encoding, and decompress to the very JSON sent without compression;
 * no other reply is compressed, above all none that carries a secret (BREACH). And what it is
 * for: the list of 200 cases with 10 KB reports costs at most 1,200 bytes a case on the wire.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type ApiResponse,
  type CaseListJson,
  type CreatedTeam,
  type MemberSession,
  type SubmittedReport,
  createTeamWithService,
  expectReply,
  injectAgent,
  newReporter,
  openReceiptSession,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

/** A route the test adds without opting in: a large JSON reply that must go out as it is. */
const LARGE_PLAIN_ROUTE = '/api/test/large-plain';

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;
const sent: SubmittedReport[] = [];

beforeAll(async () => {
  await ready();
  t = await buildTestApp({
    env: { CONFIDE_RATE_LIMIT: 'off' },
    extraRoutes: (app) => {
      app.get(LARGE_PLAIN_ROUTE, () => Promise.resolve({ filler: 'a'.repeat(20_000) }));
    },
  });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  const reporterAgent = injectAgent(t.app);
  for (let i = 0; i < 12; i++) {
    sent.push(await submitReport(reporterAgent, team.slug, { reporter: newReporter(), legacy: i % 4 === 0 }));
  }
});

afterAll(async () => {
  await t.close();
});

function header(res: ApiResponse, name: string): string {
  const value = res.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function variesWithEncoding(res: ApiResponse): boolean {
  return header(res, 'vary')
    .split(',')
    .some((v) => v.trim().toLowerCase() === 'accept-encoding');
}

/** The body as the client reads it: decompressed as Content-Encoding says. */
function decoded(res: ApiResponse): string {
  const encoding = header(res, 'content-encoding');
  if (encoding === 'br') return brotliDecompressSync(res.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(res.body).toString('utf8');
  if (encoding === '' || encoding === 'identity') return res.body.toString('utf8');
  throw new Error(`unexpected Content-Encoding ${encoding}`);
}

const acceptEncoding = (value: string) => ({ headers: { 'accept-encoding': value } });

describe('the replies that are compressed', () => {
  it('sends the case list with Brotli or gzip as asked, saying it varies, to the same JSON', async () => {
    const plain = await ana.agent.get('/api/cases');
    expect(plain.status).toBe(200);
    expect(header(plain, 'content-encoding')).toBe('');
    expect(variesWithEncoding(plain)).toBe(true);
    const json = plain.json<CaseListJson>();
    expect(json.cases).toHaveLength(sent.length);

    for (const [accepted, expected] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br', 'br'],
      ['gzip;q=1, br;q=0', 'gzip'],
      ['identity', ''],
      ['deflate', ''],
      ['compress', ''],
    ] as const) {
      const res = await ana.agent.get('/api/cases', acceptEncoding(accepted));
      expect(res.status, accepted).toBe(200);
      expect(header(res, 'content-encoding'), accepted).toBe(expected);
      expect(variesWithEncoding(res), accepted).toBe(true);
      expect(JSON.parse(decoded(res)), accepted).toEqual(json);
      if (expected !== '') expect(res.body.length, accepted).toBeLessThan(plain.body.length);
    }
  });

  it('keeps the security headers and no-store on a compressed reply', async () => {
    const res = await ana.agent.get('/api/cases', acceptEncoding('br'));
    expect(header(res, 'content-encoding')).toBe('br');
    expect(header(res, 'content-security-policy')).toContain("default-src 'self'");
    expect(header(res, 'content-security-policy')).toContain("frame-ancestors 'none'");
    expect(header(res, 'x-content-type-options')).toBe('nosniff');
    expect(header(res, 'referrer-policy')).toBe('no-referrer');
    expect(header(res, 'cache-control')).toBe('no-store');
    expect(header(res, 'content-type')).toMatch(/^application\/json/);
  });

  it('compresses one case and the reporter’s case, to the same JSON', async () => {
    const report = sent[1];
    if (!report) throw new Error('no report');
    const path = `/api/cases/${report.caseId}?background=1`;
    const plain = await ana.agent.get(path);
    const br = await ana.agent.get(path, acceptEncoding('br'));
    expect(header(br, 'content-encoding')).toBe('br');
    expect(variesWithEncoding(br)).toBe(true);
    expect(JSON.parse(decoded(br))).toEqual(plain.json());

    const reporter = injectAgent(t.app);
    expectReply(await openReceiptSession(reporter, report.reporter), 200, 'POST /api/receipt/session');
    const mine = await reporter.get('/api/receipt/case');
    const mineGzip = await reporter.get('/api/receipt/case', acceptEncoding('gzip'));
    expect(header(mineGzip, 'content-encoding')).toBe('gzip');
    expect(variesWithEncoding(mineGzip)).toBe(true);
    expect(JSON.parse(decoded(mineGzip))).toEqual(mine.json());
  });

  it('sends a list too small to gain as it is, still saying it varies', async () => {
    const empty = await createTeamWithService(t.db, { adminName: 'Eda' });
    const eda = await signInFast(injectAgent(t.app), empty.slug, empty.admin);
    const res = await eda.agent.get('/api/cases', acceptEncoding('br'));
    expect(res.json()).toEqual({ cases: [], next: null, total: 0 });
    expect(header(res, 'content-encoding')).toBe('');
    expect(variesWithEncoding(res)).toBe(true);
  });

  it('answers a refusal in the error shape', async () => {
    const res = await injectAgent(t.app).get('/api/cases', acceptEncoding('br'));
    expect(res.status).toBe(401);
    expect(JSON.parse(decoded(res))).toMatchObject({ error: { code: 'unauthorized' } });
    const bad = await ana.agent.get('/api/cases?cursor=not-a-cursor', acceptEncoding('br'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(decoded(bad))).toMatchObject({ error: { code: 'bad_cursor' } });
  });
});

describe('the replies that are not', () => {
  it('lets only the case list, one case and the reporter’s case opt in', () => {
    // A new entry here must hold no secret: no token, no set-up or invitation link, no recovery data.
    // (Fastify adds a HEAD route beside each GET, with its options; it sends no body.)
    expect([...t.app.compressedRoutes].sort()).toEqual([
      'GET /api/cases',
      'GET /api/cases/:id',
      'GET /api/receipt/case',
      'HEAD /api/cases',
      'HEAD /api/cases/:id',
      'HEAD /api/receipt/case',
    ]);
  });

  it('never compresses a reply that carries a secret: a session, an invitation, the signed-in keys', async () => {
    const secretBearing: [string, () => Promise<ApiResponse>][] = [
      [
        'POST /api/session',
        () =>
          injectAgent(t.app).post(
            '/api/session',
            { team: team.slug, name: team.admin.name, auth: team.admin.credentials.auth },
            acceptEncoding('br, gzip'),
          ),
      ],
      ['GET /api/session', () => ana.agent.get('/api/session', acceptEncoding('br, gzip'))],
      [
        'POST /api/teams/{slug}/invitations',
        () =>
          ana.agent.post(
            `/api/teams/${team.slug}/invitations`,
            { role: 'member' },
            acceptEncoding('br, gzip'),
          ),
      ],
    ];
    for (const [what, request] of secretBearing) {
      const res = await request();
      expect(res.status, `${what}: ${res.text}`).toBeLessThan(300);
      expect(header(res, 'content-encoding'), what).toBe('');
      expect(() => JSON.parse(res.text) as unknown, what).not.toThrow();
    }
  });

  it('does not compress a large API reply that did not opt in', async () => {
    for (const path of [LARGE_PLAIN_ROUTE, '/api/audit', `/api/teams/${team.slug}`]) {
      const res = await ana.agent.get(path, acceptEncoding('br, gzip'));
      expect(res.status, path).toBe(200);
      expect(header(res, 'content-encoding'), path).toBe('');
    }
    const large = await ana.agent.get(LARGE_PLAIN_ROUTE, acceptEncoding('br, gzip'));
    expect(large.body.length).toBeGreaterThan(20_000);
    expect(variesWithEncoding(large)).toBe(false);
  });

  it('leaves the pages to the client app (which sends its own precompressed files)', async () => {
    const res = await injectAgent(t.app).get('/', acceptEncoding('br, gzip'));
    expect(res.status).toBeLessThan(500);
    expect(decoded(res).length).toBeGreaterThan(0);
  });

  it('does not decompress a request body sent compressed', async () => {
    const res = await injectAgent(t.app).request('POST', '/api/reports', {
      body: new Uint8Array([0x1f, 0x8b, 0x08, 0x00]),
      contentType: 'application/json',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.status).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('malformed_json');
  });
});

describe('what the list costs on the wire', () => {
  it('lists 200 cases with 10 KB reports in at most 1,200 compressed bytes a case', async () => {
    const bigTeam = await createTeamWithService(t.db, { adminName: 'Ola' });
    const ola = await signInFast(injectAgent(t.app), bigTeam.slug, bigTeam.admin);
    const reporterAgent = injectAgent(t.app);
    const count = 200;
    const text = 'Someone keeps posting insults under every edit I make. '.repeat(200).slice(0, 10_000);
    for (let i = 0; i < count; i++) {
      await submitReport(reporterAgent, bigTeam.slug, {
        body: { summary: `Insults after edit number ${i}`, what_happened: text },
      });
    }
    const plain = await ola.agent.get(`/api/cases?limit=${count}`);
    expect(plain.json<CaseListJson>().cases).toHaveLength(count);
    const sizes: Record<string, number> = { identity: plain.body.length };
    for (const encoding of ['br', 'gzip']) {
      const res = await ola.agent.get(`/api/cases?limit=${count}`, acceptEncoding(encoding));
      expect(header(res, 'content-encoding')).toBe(encoding);
      expect(JSON.parse(decoded(res))).toEqual(plain.json());
      // The headers travel too.
      const headerBytes = Object.entries(res.headers).reduce(
        (sum, [name, value]) => sum + name.length + 4 + String(value).length,
        0,
      );
      sizes[encoding] = res.body.length + headerBytes;
    }
    const perCase = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, Math.round(v / count)]));
    console.info(`case list, 200 cases with 10 KB reports, bytes per case: ${JSON.stringify(perCase)}`);
    expect(sizes.br! / count).toBeLessThanOrEqual(1200);
    expect(sizes.gzip! / count).toBeLessThanOrEqual(1200);
  }, 120_000);
});
