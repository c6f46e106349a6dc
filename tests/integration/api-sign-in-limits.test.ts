/**
 * Who a client is, behind a reverse proxy (TRUST_PROXY), and the limit on failed sign-ins per
 * member name that holds however many clients a guesser spreads over.
 *
 * Clients are told apart by the X-Forwarded-For a trusted proxy adds: `app.inject` connects from
 * 127.0.0.1, which plays the proxy. Addresses come from the documentation ranges, one per
 * attempt where the per-client limit (10 a minute) must not get in the way.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, ready, toBase64Url } from '../../crypto/index.js';
import { runMaintenance } from '../../server/jobs.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type ApiResponse,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  createTeamWithService,
  dumpEverything,
  injectAgent,
  joinTeam,
  signInFast,
} from '../helpers/protocol/index.js';

/** server/services/sign-in-limits.ts */
const NAME_MAX_FAILURES = 20;
const CLIENT_LIMIT = 10;
const LOGIN_FLOOR_MS = 150;
const TIMER_SLACK_MS = 2;

const used: string[] = [];
const RANGES = ['192.0.2', '198.51.100', '203.0.113'];
/** A client address never used before in this file. */
function address(): string {
  const n = used.length;
  const next = `${RANGES[Math.floor(n / 250) % RANGES.length] ?? '192.0.2'}.${(n % 250) + 1}`;
  used.push(next);
  return next;
}

/** A browser behind the proxy at 127.0.0.1, which says it is `client`. */
function behindProxy(t: TestApp, client = address()) {
  return injectAgent(t.app, { headers: { 'x-forwarded-for': client } });
}

const wrongAuth = (): string => toBase64Url(randomBytes(32));

describe('TRUST_PROXY unset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    expect(t.config.trustProxy).toBe(false);
  });
  afterAll(async () => {
    await t.close();
  });

  it('ignores X-Forwarded-For: requests that name different clients share one counter', async () => {
    for (let i = 0; i < CLIENT_LIMIT; i++) {
      const res = await behindProxy(t).post('/api/session/params', { team: 'some-team', name: `N ${i}` });
      expect(res.status, `attempt ${i + 1}`).toBe(200);
    }
    const res = await behindProxy(t).post('/api/session/params', { team: 'some-team', name: 'N' });
    expect(res.status).toBe(429);
    expect(res.json<ErrorJson>().error.code).toBe('rate_limited');
  });
});

describe('TRUST_PROXY=127.0.0.1', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      env: { TRUST_PROXY: '127.0.0.1' },
      // Only to see what the server takes the client to be; no route of the app returns it.
      extraRoutes: (app) => app.get('/test/client', (request) => ({ ip: request.ip })),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes the client from the proxy at that address', async () => {
    const res = await injectAgent(t.app, { headers: { 'x-forwarded-for': '192.0.2.250' } }).get(
      '/test/client',
    );
    expect(res.json()).toEqual({ ip: '192.0.2.250' });
  });

  it('gives the clients behind the proxy a counter each', async () => {
    const one = behindProxy(t);
    for (let i = 0; i < CLIENT_LIMIT; i++) {
      const res = await one.post('/api/session/params', { team: 'some-team', name: `N ${i}` });
      expect(res.status, `attempt ${i + 1}`).toBe(200);
    }
    expect((await one.post('/api/session/params', { team: 'some-team', name: 'N' })).status).toBe(429);
    expect((await behindProxy(t).post('/api/session/params', { team: 'some-team', name: 'N' })).status).toBe(
      200,
    );
  });

  it('still ignores X-Forwarded-For from a client that is not the proxy', async () => {
    const direct = address();
    const res = await injectAgent(t.app, {
      remoteAddress: direct,
      headers: { 'x-forwarded-for': '192.0.2.251' },
    }).get('/test/client');
    expect(res.json()).toEqual({ ip: direct });
    for (let i = 0; i < CLIENT_LIMIT; i++) {
      const spoofing = injectAgent(t.app, {
        remoteAddress: direct,
        headers: { 'x-forwarded-for': address() },
      });
      expect((await spoofing.post('/api/session/params', { team: 'some-team', name: `N ${i}` })).status).toBe(
        200,
      );
    }
    const spoofing = injectAgent(t.app, { remoteAddress: direct, headers: { 'x-forwarded-for': address() } });
    expect((await spoofing.post('/api/session/params', { team: 'some-team', name: 'N' })).status).toBe(429);
  });
});

describe('TRUST_PROXY as a number of hops', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      env: { TRUST_PROXY: '1' },
      extraRoutes: (app) => app.get('/test/client', (request) => ({ ip: request.ip })),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('trusts the nearest proxy and no further: what the client wrote itself is not believed', async () => {
    const res = await injectAgent(t.app, {
      remoteAddress: '10.1.2.3',
      headers: { 'x-forwarded-for': '192.0.2.252, 198.51.100.252' },
    }).get('/test/client');
    expect(res.json()).toEqual({ ip: '198.51.100.252' });
  });
});

describe('failed sign-ins per member name', () => {
  let t: TestApp;
  let team: CreatedTeam;
  let otherTeam: CreatedTeam;
  let ben: JoinedMember;
  let cy: JoinedMember;
  let eve: JoinedMember;
  const limited: ApiResponse[] = [];

  beforeAll(async () => {
    await ready();
    t = await buildTestApp({ env: { TRUST_PROXY: '127.0.0.1' } });
    expect(t.config.rateLimitEnabled).toBe(true);
    team = await createTeamWithService(t.db, { adminName: 'Ana' });
    otherTeam = await createTeamWithService(t.db, { adminName: 'Ana' });
    const ana = await signInFast(behindProxy(t), team.slug, team.admin);
    ben = await joinTeam(ana, { name: 'Ben', agent: behindProxy(t) });
    cy = await joinTeam(ana, { name: 'Cy', agent: behindProxy(t) });
    eve = await joinTeam(ana, { name: 'Eve', agent: behindProxy(t) });
  });
  afterAll(async () => {
    await t.close();
  });

  /** One attempt from a client never seen before. */
  const attempt = (teamSlug: string, name: string, auth = wrongAuth()) =>
    behindProxy(t).post('/api/session', { team: teamSlug, name, auth });

  /** `count` failures at once, each from its own client, as a spread-out guesser sends them. */
  async function failMany(teamSlug: string, name: string, count: number): Promise<number[]> {
    const replies = await Promise.all(Array.from({ length: count }, () => attempt(teamSlug, name)));
    return replies.map((res) => res.status).sort();
  }

  function expectLimited(res: ApiResponse): void {
    expect(res.status, res.text).toBe(429);
    expect(res.headers['set-cookie']).toBeUndefined();
    limited.push(res);
  }

  it(`refuse a name after ${NAME_MAX_FAILURES} failures from many clients, even with the right passphrase`, async () => {
    expect(await failMany(team.slug, 'Ana', NAME_MAX_FAILURES)).toEqual(
      Array<number>(NAME_MAX_FAILURES).fill(401),
    );
    expectLimited(await attempt(team.slug, 'Ana', team.admin.credentials.auth));
    expectLimited(await attempt(team.slug, 'Ana'));
  });

  it('do not hold back another name, or the same name on another team', async () => {
    const res = await attempt(team.slug, 'Ben', ben.identity.credentials.auth);
    expect(res.status, res.text).toBe(200);
    const elsewhere = await attempt(otherTeam.slug, 'Ana', otherTeam.admin.credentials.auth);
    expect(elsewhere.status, elsewhere.text).toBe(200);
  });

  it('count a name that is not on the team exactly as one that is: the same 401s, then the same 429', async () => {
    const wrong = await attempt(team.slug, 'Ben');
    const unknown = await attempt(team.slug, 'Nobody');
    expect(unknown.status).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(await failMany(team.slug, 'Nobody', NAME_MAX_FAILURES - 1)).toEqual(
      Array<number>(NAME_MAX_FAILURES - 1).fill(401),
    );
    const refused = await attempt(team.slug, 'Nobody');
    expectLimited(refused);
    const first = limited[0];
    expect(first).toBeDefined();
    expect(refused.json()).toEqual(first?.json());
    expect(refused.headers['retry-after']).toBeDefined();
  });

  it('stop a burst sent all at once at the limit, not after it', async () => {
    const statuses = await failMany(team.slug, 'Dee', NAME_MAX_FAILURES + 10);
    expect(statuses.filter((s) => s === 401)).toHaveLength(NAME_MAX_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('answer in the error shape, saying how many minutes to wait, no sooner than the timing floor', async () => {
    expect(limited.length).toBeGreaterThanOrEqual(3);
    for (const res of limited) {
      expect(res.json()).toEqual({
        error: { code: 'rate_limited', message: expect.stringMatching(/wait 15 minutes/) as string },
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    }
    for (const name of ['Ana', 'Nobody']) {
      const started = performance.now();
      expectLimited(await attempt(team.slug, name));
      expect(performance.now() - started).toBeGreaterThanOrEqual(LOGIN_FLOOR_MS - TIMER_SLACK_MS);
    }
  });

  it('let a member in under the limit; the sign-in does not count, and does not wipe earlier failures', async () => {
    expect(await failMany(team.slug, 'Cy', NAME_MAX_FAILURES - 1)).toEqual(
      Array<number>(NAME_MAX_FAILURES - 1).fill(401),
    );
    const res = await attempt(team.slug, 'Cy', cy.identity.credentials.auth);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['set-cookie']).toBeDefined();
    expect((await attempt(team.slug, 'Cy')).status).toBe(401);
    expectLimited(await attempt(team.slug, 'Cy', cy.identity.credentials.auth));
  });

  it('let in a browser that signed in as that name before, while strangers keep the name locked', async () => {
    // Eve signs in once from her own browser, which keeps the known-device cookie.
    const own = behindProxy(t);
    expect(
      (await own.post('/api/session', { team: team.slug, name: 'Eve', auth: eve.identity.credentials.auth }))
        .status,
    ).toBe(200);
    const device = own.cookies.get('confide_device');
    expect(device).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = String(
      (await own.post('/api/session', { team: team.slug, name: 'Eve', auth: eve.identity.credentials.auth }))
        .headers['set-cookie'],
    );
    expect(setCookie).toMatch(/confide_device=[^;]+; Max-Age=7776000; Path=\/api; HttpOnly; SameSite=Strict/);

    // Someone who wants the team locked out fails on her name from many addresses.
    expect(await failMany(team.slug, 'Eve', NAME_MAX_FAILURES)).toEqual(
      Array<number>(NAME_MAX_FAILURES).fill(401),
    );
    expectLimited(await attempt(team.slug, 'Eve', eve.identity.credentials.auth));

    // Her browser still gets in, and its own typo is a 401, not counted for the strangers.
    expect((await own.post('/api/session', { team: team.slug, name: 'Eve', auth: wrongAuth() })).status).toBe(
      401,
    );
    expect(
      (await own.post('/api/session', { team: team.slug, name: 'Eve', auth: eve.identity.credentials.auth }))
        .status,
    ).toBe(200);
    expectLimited(await attempt(team.slug, 'Eve'));

    // The cookie is for that name only, and cannot be made up.
    const elsewhere = behindProxy(t);
    elsewhere.cookies.set('confide_device', device ?? '');
    expectLimited(
      await elsewhere.post('/api/session', {
        team: team.slug,
        name: 'Ana',
        auth: team.admin.credentials.auth,
      }),
    );
    const forged = behindProxy(t);
    forged.cookies.set('confide_device', toBase64Url(randomBytes(32)));
    expectLimited(
      await forged.post('/api/session', {
        team: team.slug,
        name: 'Eve',
        auth: eve.identity.credentials.auth,
      }),
    );
  });

  it('keep neither the names nor the client addresses, in the database or the logs', async () => {
    const keys = (await t.db.selectFrom('rate_limit_buckets').select('key').execute()).map((r) => r.key);
    const nameKeys = keys.filter((key) => key.startsWith('sign-in-name|'));
    expect(nameKeys.length).toBeGreaterThanOrEqual(5);
    // Each key is the prefix and a 256-bit keyed hash, and nothing else. A substring check for the
    // names would be wrong here: a random base64url digest contains "Cy" about once in a hundred
    // runs. The exact shape proves that neither the name nor the slug is stored beside the hash.
    for (const key of nameKeys) expect(key).toMatch(/^sign-in-name\|[A-Za-z0-9_-]{43}$/);
    // Nor can the database turn them back into names: no key it holds makes any of these hashes
    // (with one, a copy of it could test names, or a passphrase typed as a name, at HMAC speed).
    const stored = await t.db.selectFrom('server_secrets').select('value').execute();
    for (const { value } of stored) {
      for (const name of ['Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Nobody']) {
        const digest = createHmac('sha256', value)
          .update(`sign-in-name\n${JSON.stringify([team.slug, name])}`)
          .digest('base64url');
        expect(nameKeys).not.toContain(`sign-in-name|${digest}`);
      }
    }
    const dump = await dumpEverything(t.db);
    const logs = t.logs.join('\n');
    for (const ip of used) {
      expect(dump).not.toContain(ip);
      expect(logs).not.toContain(ip);
    }
  });

  it('are forgotten when the window ends, and swept by the maintenance job', async () => {
    await t.db
      .updateTable('rate_limit_buckets')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('key', 'like', 'sign-in-name|%')
      .execute();
    const deleted = await runMaintenance(t.db);
    expect(deleted.rate_limit_buckets).toBeGreaterThanOrEqual(5);
    const left = await t.db
      .selectFrom('rate_limit_buckets')
      .select('key')
      .where('key', 'like', 'sign-in-name|%')
      .execute();
    expect(left).toEqual([]);
    const res = await attempt(team.slug, 'Ana', team.admin.credentials.auth);
    expect(res.status, res.text).toBe(200);
  });
});

describe('failed sign-ins per member name with CONFIDE_RATE_LIMIT=off', () => {
  let t: TestApp;
  let team: CreatedTeam;
  beforeAll(async () => {
    await ready();
    t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off', TRUST_PROXY: '127.0.0.1' } });
    team = await createTeamWithService(t.db, { adminName: 'Ana' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('are not limited, and not counted', async () => {
    const replies = await Promise.all(
      Array.from({ length: NAME_MAX_FAILURES + 5 }, () =>
        behindProxy(t).post('/api/session', { team: team.slug, name: 'Ana', auth: wrongAuth() }),
      ),
    );
    expect(replies.every((res) => res.status === 401)).toBe(true);
    const res = await behindProxy(t).post('/api/session', {
      team: team.slug,
      name: 'Ana',
      auth: team.admin.credentials.auth,
    });
    expect(res.status, res.text).toBe(200);
    const keys = await t.db.selectFrom('rate_limit_buckets').select('key').execute();
    expect(keys.filter((r) => r.key.startsWith('sign-in-name|'))).toEqual([]);
  });
});
