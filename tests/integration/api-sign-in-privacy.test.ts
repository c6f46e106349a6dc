/**
 * Nobody learns who is on a team or which receipts exist from the answers: a wrong passphrase
 * and an unknown name get the same 401, an unknown name gets stable, plausible KDF parameters,
 * and the server answers no sooner than its timing floor either way (RECEIPT_FLOOR_MS = 200 in
 * server/routes/receipt.ts, LOGIN_FLOOR_MS = 150 in server/routes/session.ts), so the reply
 * time does not tell known from unknown. And a receipt session leaves nothing that outlives the
 * browser: its cookie is a session cookie.
 *
 * Timing assertions are the server's promise only: every reply respects the floor, and the
 * medians of the two paths are within a tolerance of each other. No other wall time is asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromBase64Url,
  generateKdfParams,
  lookupToken,
  randomBytes,
  ready,
  toBase64Url,
  type KdfParams,
} from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type ErrorJson,
  type JoinedMember,
  type ReporterIdentity,
  acceptInvitation,
  createTeamWithService,
  injectAgent,
  invite,
  joinTeam,
  openReceiptSession,
  removeMember,
  reporterWithoutReceipt,
  signIn,
  signInFast,
  submitReport,
} from '../helpers/protocol/index.js';

const RECEIPT_FLOOR_MS = 200;
const LOGIN_FLOOR_MS = 150;
/** How far apart the two medians may be. The floors are 150-200 ms; the work behind them a few ms. */
const TOLERANCE_MS = 30;
/** setTimeout may fire up to a millisecond before a fractional deadline. */
const TIMER_SLACK_MS = 2;
const SAMPLES = 5;
const BEN_PASSPHRASE = 'ben signs in the long way';

let t: TestApp;
let team: CreatedTeam;
let ben: JoinedMember;
let reporter: ReporterIdentity;
let browser: Agent;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  const ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
  ben = await joinTeam(ana, { name: 'Ben', passphrase: BEN_PASSPHRASE });
  const rex = await joinTeam(ana, { name: 'Rex' });
  await removeMember(ana, rex.identity.id);
  await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Pia' });
  reporter = reporterWithoutReceipt();
  await submitReport(injectAgent(t.app), team.slug, { reporter });
  browser = injectAgent(t.app);
});
afterAll(async () => {
  await t.close();
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Reply times of two kinds of request, interleaved (and alternating which goes first) so that
 * any drift in the machine's load hits both the same.
 */
async function timeBoth(
  known: () => Promise<ApiResponse>,
  unknown: () => Promise<ApiResponse>,
  expectStatuses: [number, number],
): Promise<{ known: number[]; unknown: number[] }> {
  const times = { known: [] as number[], unknown: [] as number[] };
  const run = async (which: 'known' | 'unknown'): Promise<void> => {
    const started = performance.now();
    const res = await (which === 'known' ? known() : unknown());
    times[which].push(performance.now() - started);
    expect(res.status, `${which}: ${res.text}`).toBe(expectStatuses[which === 'known' ? 0 : 1]);
  };
  for (let i = 0; i < SAMPLES; i++) {
    const order: ('known' | 'unknown')[] = i % 2 === 0 ? ['known', 'unknown'] : ['unknown', 'known'];
    for (const which of order) await run(which);
  }
  return times;
}

function expectIndistinguishable(times: { known: number[]; unknown: number[] }, floor: number): void {
  const detail = JSON.stringify({
    known: times.known.map(Math.round),
    unknown: times.unknown.map(Math.round),
  });
  expect(Math.min(...times.known), detail).toBeGreaterThanOrEqual(floor - TIMER_SLACK_MS);
  expect(Math.min(...times.unknown), detail).toBeGreaterThanOrEqual(floor - TIMER_SLACK_MS);
  expect(median(times.known), detail).toBeGreaterThanOrEqual(floor);
  expect(median(times.unknown), detail).toBeGreaterThanOrEqual(floor);
  expect(Math.abs(median(times.known) - median(times.unknown)), detail).toBeLessThanOrEqual(TOLERANCE_MS);
}

describe('a failed sign-in', () => {
  it('gets the same 401 for a wrong passphrase, an unknown name, a pending, a removed member or an unknown team', async () => {
    const attempt = (teamSlug: string, name: string) =>
      injectAgent(t.app).post('/api/session', { team: teamSlug, name, auth: toBase64Url(randomBytes(32)) });
    const wrong = await attempt(team.slug, 'Ana');
    expect(wrong.status).toBe(401);
    const body = wrong.json<ErrorJson>();
    expect(body.error.code).toEqual(expect.any(String));
    for (const [teamSlug, name] of [
      [team.slug, 'Nobody'],
      [team.slug, 'ana'],
      [team.slug, 'Pia'],
      [team.slug, 'Rex'],
      ['no-such-team', 'Ana'],
    ] as const) {
      const res = await attempt(teamSlug, name);
      expect(res.status, name).toBe(401);
      expect(res.json(), name).toEqual(body);
      expect(res.headers['set-cookie'], name).toBeUndefined();
    }
  });

  it('and a successful one, done the long way, opens the key bundle with the passphrase', async () => {
    const session = await signIn(injectAgent(t.app), team.slug, 'Ben', BEN_PASSPHRASE);
    expect(session.member.id).toBe(ben.identity.id);
    expect(session.keys.sign.publicKey).toEqual(ben.identity.keys.sign.publicKey);
    expect(session.indexKey).toEqual(team.indexKey);
  });
});

describe('sign-in parameters', () => {
  const params = async (teamSlug: string, name: string): Promise<KdfParams> => {
    const res = await browser.post('/api/session/params', { team: teamSlug, name });
    expect(res.status, res.text).toBe(200);
    return res.json<{ kdf: KdfParams }>().kdf;
  };

  it("are a real member's own parameters", async () => {
    expect(await params(team.slug, 'Ben')).toEqual(ben.identity.credentials.kdf);
  });

  // A pending member needs their own parameters to learn, with the right passphrase, that they
  // wait for an admin. Real browsers enrol with the defaults, so these look like any other.
  it("are a pending member's own parameters too", async () => {
    const pia = await t.db
      .selectFrom('members')
      .select('kdf')
      .where('name', '=', 'Pia')
      .executeTakeFirstOrThrow();
    expect(await params(team.slug, 'Pia')).toEqual(pia.kdf);
  });

  it('for an unknown name are plausible: the defaults every new member gets, with a 16-byte salt', async () => {
    const defaults = generateKdfParams();
    for (const [teamSlug, name] of [
      [team.slug, 'Nobody'],
      [team.slug, 'Rex'],
      ['no-such-team', 'Ana'],
    ] as const) {
      const fake = await params(teamSlug, name);
      expect(fake, name).toEqual({
        alg: defaults.alg,
        ops: defaults.ops,
        mem: defaults.mem,
        salt: expect.any(String) as string,
      });
      expect(fromBase64Url(fake.salt)).toHaveLength(16);
    }
  });

  it('for an unknown name are the same every time, and different for every name and team', async () => {
    const first = await params(team.slug, 'Nobody');
    expect(await params(team.slug, 'Nobody')).toEqual(first);
    const salts = new Set([
      first.salt,
      (await params(team.slug, 'Nobody2')).salt,
      (await params(team.slug, 'nobody')).salt,
      (await params('other-team', 'Nobody')).salt,
      (await params(team.slug, 'Rex')).salt,
    ]);
    expect(salts.size).toBe(5);
  });
});

describe('a receipt session', () => {
  it('lives in a cookie the browser keeps only while it is open, unreadable by scripts, and ends on leaving', async () => {
    // No traces unless asked (issue 14): a session cookie (no Max-Age, no Expires) is gone when
    // the browser closes, and leaving deletes it at once. The known-device cookie, which lasts,
    // is set only on a member's sign-in (api-sign-in-limits.test.ts).
    const agent = injectAgent(t.app);
    const opened = await openReceiptSession(agent, reporter);
    expect(opened.status, opened.text).toBe(200);
    const cookies = [opened.headers['set-cookie'] ?? []].flat();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^confide_receipt=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Strict$/);
    expect(cookies[0]).not.toMatch(/max-age|expires/i);

    // What the session reveals of the report is never stored in a cache.
    const served = await agent.get('/api/receipt/case');
    expect(served.status).toBe(200);
    expect(served.headers['cache-control']).toBe('no-store');

    const left = await agent.delete('/api/session');
    expect(left.status).toBe(204);
    const cleared = [left.headers['set-cookie'] ?? []].flat();
    expect(cleared.some((c) => /^confide_receipt=;/.test(c) && /Expires=Thu, 01 Jan 1970/.test(c))).toBe(
      true,
    );
    expect(agent.cookies.has('confide_receipt')).toBe(false);
    expect((await agent.get('/api/receipt/case')).status).toBe(401);
  });
});

describe('reply times', () => {
  it('for a known and an unknown receipt respect the floor and cannot be told apart', async () => {
    const times = await timeBoth(
      () => injectAgent(t.app).post('/api/receipt/session', { lookup: lookupToken(reporter.keys) }),
      () => injectAgent(t.app).post('/api/receipt/session', { lookup: toBase64Url(randomBytes(32)) }),
      [200, 401],
    );
    expectIndistinguishable(times, RECEIPT_FLOOR_MS);
  });

  it('for the parameters of a known and an unknown name respect the floor and cannot be told apart', async () => {
    const times = await timeBoth(
      () => browser.post('/api/session/params', { team: team.slug, name: 'Ben' }),
      () =>
        browser.post('/api/session/params', {
          team: team.slug,
          name: `Nobody ${toBase64Url(randomBytes(4))}`,
        }),
      [200, 200],
    );
    expectIndistinguishable(times, LOGIN_FLOOR_MS);
  });

  it('for a wrong passphrase and an unknown name respect the floor and cannot be told apart', async () => {
    const times = await timeBoth(
      () =>
        browser.post('/api/session', { team: team.slug, name: 'Ben', auth: toBase64Url(randomBytes(32)) }),
      () =>
        browser.post('/api/session', {
          team: team.slug,
          name: `Nobody ${toBase64Url(randomBytes(4))}`,
          auth: toBase64Url(randomBytes(32)),
        }),
      [401, 401],
    );
    expectIndistinguishable(times, LOGIN_FLOOR_MS);
  });

  it('for a right and a wrong passphrase respect the floor', async () => {
    const times = await timeBoth(
      () =>
        injectAgent(t.app).post('/api/session', {
          team: team.slug,
          name: 'Ben',
          auth: ben.identity.credentials.auth,
        }),
      () =>
        injectAgent(t.app).post('/api/session', {
          team: team.slug,
          name: 'Ben',
          auth: toBase64Url(randomBytes(32)),
        }),
      [200, 401],
    );
    expectIndistinguishable(times, LOGIN_FLOOR_MS);
  });
});
