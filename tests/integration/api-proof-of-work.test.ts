/**
 * Proof of work on the anonymous routes (docs/protocol.md §14): an address over its limit on
 * POST /api/receipt/session, /api/reports or /api/attachments gets a challenge instead of a
 * refusal; a solved challenge passes once, uncounted, on its own route, before it expires.
 *
 * Clients are told apart through X-Forwarded-For from a trusted proxy (the inject default
 * address, 127.0.0.1), as behind a load balancer. The work is 8 bits here and solved with
 * Node's own SHA-256, which shares no code with crypto/proof-of-work.ts or the browser's solver.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/app.js';
import { runMaintenance } from '../../server/jobs.js';
import { clientKeyFunction } from '../../server/plugins/rate-limit.js';
import { makeChallenge, proofOfWorkKeyFromSecret } from '../../server/services/proof-of-work.js';
import { PASS_BITS } from '../../server/services/upload-challenge.js';
import {
  encryptFile,
  generateFileKey,
  lookupToken,
  randomBytes,
  ready,
  toBase64Url,
} from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type ReporterIdentity,
  createTeamWithService,
  dumpEverything,
  injectAgent,
  prepareReport,
  reporterWithoutReceipt,
  submitReport,
} from '../helpers/protocol/index.js';

const SECRET = 'a shared secret for the rate limits of this test deployment';
const BITS = 8;
const RECEIPT_LIMIT = 10;
const REPORT_LIMIT = 30;
const UPLOAD_LIMIT = 60;

interface ChallengeJson {
  token: string;
  bits: number;
  expires_at: string;
}
interface ProofErrorJson {
  error: { code: string; message: string; challenge?: ChallengeJson };
}

let t: TestApp;
let team: CreatedTeam;
let reporter: ReporterIdentity;
const used: string[] = [];

/** A fresh client address (TEST-NET-3) for each scenario, so limits do not carry over. */
function address(): string {
  const next = `203.0.113.${used.length + 10}`;
  used.push(next);
  return next;
}

function client(app: App, ip = address()): Agent {
  return injectAgent(app, { headers: { 'x-forwarded-for': ip } });
}

/** Finds a solution with node:crypto: SHA-256(token "." n) must start with `bits` zero bits. */
function solve(challenge: ChallengeJson): string {
  for (let n = 0; ; n++) {
    const proof = `${challenge.token}.${n}`;
    const hash = createHash('sha256').update(proof).digest();
    const value = hash.readUInt32BE(0);
    if (challenge.bits >= 32 ? value === 0 : value >>> (32 - challenge.bits) === 0) return proof;
  }
}

function proofHeader(proof: string): { headers: Record<string, string> } {
  return { headers: { 'x-confide-proof': proof } };
}

/** The 429 asking for work, with its challenge. */
function expectChallenge(res: ApiResponse, code = 'proof_of_work_required'): ChallengeJson {
  expect(res.status, res.text).toBe(429);
  const { error } = res.json<ProofErrorJson>();
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/\w/);
  const challenge = error.challenge;
  expect(challenge).toBeDefined();
  expect(challenge?.token).toMatch(/^[A-Za-z0-9_-]{83}$/);
  expect(challenge?.bits).toBe(BITS);
  const expires = Date.parse(challenge?.expires_at ?? '');
  expect(challenge?.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(expires).toBeGreaterThan(Date.now());
  expect(expires).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1000);
  return challenge as ChallengeJson;
}

function expectRefused(res: ApiResponse, status: number, code: string): ProofErrorJson['error'] {
  expect(res.status, res.text).toBe(status);
  const { error } = res.json<ProofErrorJson>();
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/\w/);
  return error;
}

/** How many requests the counter of `route` holds for this client address. */
async function counted(route: string, ip: string): Promise<number> {
  const key = `${route}|${clientKeyFunction(Buffer.from(SECRET, 'utf8'))(ip)}`;
  const row = await t.db
    .selectFrom('rate_limit_buckets')
    .select('count')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.count ?? 0;
}

/** Uses up the receipt route's limit for this client with unknown receipts. */
async function exhaustReceiptLimit(agent: Agent): Promise<void> {
  for (let i = 0; i < RECEIPT_LIMIT; i++) {
    const res = await agent.post('/api/receipt/session', { lookup: toBase64Url(randomBytes(32)) });
    expect(res.status, `attempt ${i + 1}`).toBe(401);
  }
}

/** A challenge for the receipt route, from a client that has used up its limit. */
async function receiptChallenge(agent: Agent): Promise<ChallengeJson> {
  await exhaustReceiptLimit(agent);
  return expectChallenge(await agent.post('/api/receipt/session', { lookup: lookupToken(reporter.keys) }));
}

beforeAll(async () => {
  await ready();
  t = await buildTestApp({
    env: {
      TRUST_PROXY: '127.0.0.1',
      CONFIDE_PROOF_OF_WORK_BITS: String(BITS),
      CONFIDE_RATE_LIMIT_SECRET: SECRET,
    },
  });
  expect(t.config.rateLimitEnabled).toBe(true);
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  reporter = reporterWithoutReceipt();
  await submitReport(client(t.app), team.slug, { reporter });
});
afterAll(async () => {
  await t.close();
});

describe('an address over its limit on the receipt route', () => {
  it('is asked for a proof of work; a solved one opens the session and is not counted', async () => {
    const ip = address();
    const browser = client(t.app, ip);
    const challenge = await receiptChallenge(browser);
    expect(browser.cookies.size).toBe(0);
    const before = await counted('POST /api/receipt/session', ip);
    expect(before).toBe(RECEIPT_LIMIT + 1);

    const proof = solve(challenge);
    const res = await browser.post(
      '/api/receipt/session',
      { lookup: lookupToken(reporter.keys) },
      proofHeader(proof),
    );
    expect(res.status, res.text).toBe(200);
    expect(browser.cookies.has('confide_receipt')).toBe(true);
    expect(await counted('POST /api/receipt/session', ip)).toBe(before);

    // The same proof again: spent, and a new challenge offered for doing the work again.
    const again = await client(t.app, ip).post(
      '/api/receipt/session',
      { lookup: lookupToken(reporter.keys) },
      proofHeader(proof),
    );
    const fresh = expectChallenge(again, 'proof_of_work_spent');
    expect(fresh.token).not.toBe(challenge.token);
    expect(await counted('POST /api/receipt/session', ip)).toBe(before);

    // Without a proof, the address is still over its limit.
    expectChallenge(
      await client(t.app, ip).post('/api/receipt/session', { lookup: lookupToken(reporter.keys) }),
    );
  });

  it('still gets 401 for a wrong receipt with a good proof: the proof buys an attempt, not an answer', async () => {
    const browser = client(t.app);
    const challenge = await receiptChallenge(browser);
    const res = await browser.post(
      '/api/receipt/session',
      { lookup: toBase64Url(randomBytes(32)) },
      proofHeader(solve(challenge)),
    );
    expectRefused(res, 401, 'receipt_unknown');
  });

  it('refuses a proof whose token was altered, or which does not solve it', async () => {
    const browser = client(t.app);
    const challenge = await receiptChallenge(browser);
    const proof = solve(challenge);
    const [token = '', solution = ''] = proof.split('.');
    const body = { lookup: lookupToken(reporter.keys) };

    // One character of the token changed (in its nonce), and solved anew: the signature fails.
    const flipped = `${token.slice(0, 30)}${token[30] === 'A' ? 'B' : 'A'}${token.slice(31)}`;
    const forged = solve({ ...challenge, token: flipped });
    expectRefused(
      await browser.post('/api/receipt/session', body, proofHeader(forged)),
      400,
      'proof_of_work_invalid',
    );

    // The same bytes spelled differently (the last character's spare bits): not accepted either,
    // or one challenge could be spent once per spelling.
    const last = token.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1] ?? 'A'}`;
    const respelledProof = solve({ ...challenge, token: respelled });
    expectRefused(
      await browser.post('/api/receipt/session', body, proofHeader(respelledProof)),
      400,
      'proof_of_work_invalid',
    );

    // A solution that does not reach the bits.
    let wrong = Number(solution) + 1;
    while (createHash('sha256').update(`${token}.${wrong}`).digest()[0] === 0) wrong += 1;
    const unsolved = `${token}.${wrong}`;
    expectRefused(
      await browser.post('/api/receipt/session', body, proofHeader(unsolved)),
      400,
      'proof_of_work_invalid',
    );

    // Not a proof at all.
    for (const junk of ['', 'x', `${token}.`, `${token}.12a`, `${token}.${'1'.repeat(17)}`, `.${solution}`]) {
      expectRefused(
        await browser.post('/api/receipt/session', body, proofHeader(junk)),
        400,
        'proof_of_work_invalid',
      );
    }
    expect(browser.cookies.size).toBe(0);

    // None of these spent the challenge: the real solution still works.
    expect((await browser.post('/api/receipt/session', body, proofHeader(proof))).status).toBe(200);
  });

  it('refuses an expired proof, and offers a new challenge', async () => {
    const expired = makeChallenge(
      proofOfWorkKeyFromSecret(SECRET),
      'POST /api/receipt/session',
      BITS,
      Date.now() - 6 * 60_000,
    );
    const res = await client(t.app).post(
      '/api/receipt/session',
      { lookup: lookupToken(reporter.keys) },
      proofHeader(solve(expired)),
    );
    const fresh = expectChallenge(res, 'proof_of_work_expired');
    expect(fresh.token).not.toBe(expired.token);
  });

  it('refuses a proof made for another route', async () => {
    const browser = client(t.app);
    const challenge = await receiptChallenge(browser);
    const prepared = await prepareReport(client(t.app), team.slug, {});
    const res = await browser.post('/api/reports', prepared.submission, proofHeader(solve(challenge)));
    expectRefused(res, 400, 'proof_of_work_wrong_route');
    expect(
      await t.db.selectFrom('cases').select('id').where('id', '=', prepared.submission.id).execute(),
    ).toEqual([]);
  });
});

describe('reports and files from an address over its limit', () => {
  it('send a report after a proof of work, uncounted', async () => {
    const ip = address();
    const browser = client(t.app, ip);
    // Refused requests count too: the limit is checked before the body is even read.
    for (let i = 0; i < REPORT_LIMIT; i++) {
      expect((await browser.post('/api/reports', {})).status, `attempt ${i + 1}`).toBe(400);
    }
    const prepared = await prepareReport(browser, team.slug, {});
    const challenge = expectChallenge(await browser.post('/api/reports', prepared.submission));
    const res = await browser.post('/api/reports', prepared.submission, proofHeader(solve(challenge)));
    expect(res.status, res.text).toBe(201);
    expect(await counted('POST /api/reports', ip)).toBe(REPORT_LIMIT + 1);
  });

  it('upload a file after a proof of work, uncounted', async () => {
    const ip = address();
    const browser = client(t.app, ip);
    for (let i = 0; i < UPLOAD_LIMIT; i++) {
      const res = await browser.request('POST', '/api/attachments', { body: 'x', contentType: 'text/plain' });
      expect(res.status, `attempt ${i + 1}`).toBe(415);
    }
    const stored = encryptFile(new TextEncoder().encode('a screenshot'), generateFileKey());
    const upload = (headers: Record<string, string> = {}) =>
      browser.request('POST', '/api/attachments', {
        body: stored,
        contentType: 'application/octet-stream',
        headers,
      });
    const challenge = expectChallenge(await upload());
    const res = await upload(proofHeader(solve(challenge)).headers);
    expect(res.status, res.text).toBe(201);
    expect(await counted('POST /api/attachments', ip)).toBe(UPLOAD_LIMIT + 1);
  });
});

describe('asking before an upload (POST /api/attachments/challenge)', () => {
  /** An encrypted file of a few bytes, as the browser makes them. */
  function storedFile(): Uint8Array {
    return encryptFile(new TextEncoder().encode('a screenshot'), generateFileKey());
  }

  function upload(agent: Agent, stored: Uint8Array, proof?: string): Promise<ApiResponse> {
    return agent.request('POST', '/api/attachments', {
      body: stored,
      contentType: 'application/octet-stream',
      ...(proof === undefined ? {} : proofHeader(proof)),
    });
  }

  /** The reply's challenge: a well-formed token for the upload route, of `bits`. */
  function askedChallenge(res: ApiResponse, bits: number): ChallengeJson {
    expect(res.status, res.text).toBe(200);
    const { challenge } = res.json<{ challenge: ChallengeJson | null }>();
    expect(challenge?.token).toMatch(/^[A-Za-z0-9_-]{83}$/);
    expect(challenge?.bits).toBe(bits);
    expect(Date.parse(challenge?.expires_at ?? '')).toBeGreaterThan(Date.now());
    return challenge as ChallengeJson;
  }

  async function attachmentCount(): Promise<number> {
    const row = await t.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('under the limit: counts the upload now and gives a 1-bit pass, which lets it through once, uncounted', async () => {
    const ip = address();
    const browser = client(t.app, ip);
    const stored = storedFile();
    const pass = askedChallenge(
      await browser.post('/api/attachments/challenge', { size: stored.length }),
      PASS_BITS,
    );
    expect(await counted('POST /api/attachments', ip)).toBe(1);
    // Asking is counted on its own route too, apart from the uploads.
    expect(await counted('POST /api/attachments/challenge', ip)).toBe(1);

    const proof = solve(pass);
    const res = await upload(browser, stored, proof);
    expect(res.status, res.text).toBe(201);
    expect(await counted('POST /api/attachments', ip)).toBe(1);

    // The same proof on a second upload: spent. Refused before the body is read, nothing stored.
    const files = await attachmentCount();
    const again = await upload(client(t.app, ip), storedFile(), proof);
    const fresh = expectRefused(again, 429, 'proof_of_work_spent').challenge;
    expect(fresh?.token).toMatch(/^[A-Za-z0-9_-]{83}$/);
    expect(fresh?.token).not.toBe(pass.token);
    expect(await attachmentCount()).toBe(files);
    expect(await counted('POST /api/attachments', ip)).toBe(1);
  });

  it('over the limit: gives the real challenge; its proof carries one upload, and is refused on a second', async () => {
    const ip = address();
    const browser = client(t.app, ip);
    for (let i = 0; i < UPLOAD_LIMIT; i++) {
      const res = await browser.request('POST', '/api/attachments', { body: 'x', contentType: 'text/plain' });
      expect(res.status, `attempt ${i + 1}`).toBe(415);
    }
    const stored = storedFile();
    const challenge = askedChallenge(
      await browser.post('/api/attachments/challenge', { size: stored.length }),
      BITS,
    );
    // Asking counts like the upload it stands for, refused ones included.
    expect(await counted('POST /api/attachments', ip)).toBe(UPLOAD_LIMIT + 1);

    const proof = solve(challenge);
    const res = await upload(browser, stored, proof);
    expect(res.status, res.text).toBe(201);
    const files = await attachmentCount();
    expectChallenge(await upload(browser, storedFile(), proof), 'proof_of_work_spent');
    expect(await attachmentCount()).toBe(files);
    expect(await counted('POST /api/attachments', ip)).toBe(UPLOAD_LIMIT + 1);

    // A proof for the upload route is no good elsewhere, nor one for elsewhere here.
    const other = askedChallenge(
      await browser.post('/api/attachments/challenge', { size: stored.length }),
      BITS,
    );
    const prepared = await prepareReport(client(t.app), team.slug, {});
    expectRefused(
      await browser.post('/api/reports', prepared.submission, proofHeader(solve(other))),
      400,
      'proof_of_work_wrong_route',
    );
    const forReceipts = await receiptChallenge(client(t.app));
    expectRefused(await upload(browser, stored, solve(forReceipts)), 400, 'proof_of_work_wrong_route');
  });

  it('refuses up front what the upload would refuse for its size, without counting it', async () => {
    const ip = address();
    const browser = client(t.app, ip);
    expectRefused(
      await browser.post('/api/attachments/challenge', { size: t.config.maxAttachmentBytes + 1 }),
      413,
      'attachment_too_large',
    );
    for (const body of [
      {},
      { size: 40 },
      { size: -1 },
      { size: 1.5 },
      { size: '100' },
      { size: 100, x: 1 },
    ]) {
      expectRefused(await browser.post('/api/attachments/challenge', body), 400, 'invalid_request');
    }
    expect(await counted('POST /api/attachments', ip)).toBe(0);
  });

  it('says when the portal takes no more files, before any byte is sent, and without counting the address', async () => {
    const busy = await buildTestApp({
      env: {
        TRUST_PROXY: '127.0.0.1',
        CONFIDE_PROOF_OF_WORK_BITS: String(BITS),
        CONFIDE_RATE_LIMIT_SECRET: SECRET,
        CONFIDE_MAX_UPLOADS_PER_HOUR: '1',
      },
    });
    try {
      const ip = address();
      const browser = client(busy.app, ip);
      const stored = storedFile();
      const pass = askedChallenge(
        await browser.post('/api/attachments/challenge', { size: stored.length }),
        PASS_BITS,
      );
      expect((await upload(browser, stored, solve(pass))).status).toBe(201);

      // The hour's one upload is taken: the next one would be a 503, and asking says so.
      const refused = expectRefused(
        await browser.post('/api/attachments/challenge', { size: stored.length }),
        503,
        'uploads_busy',
      );
      expect(refused.message).toContain('without files');
      expect(refused.challenge).toBeUndefined();
      const key = `POST /api/attachments|${clientKeyFunction(Buffer.from(SECRET, 'utf8'))(ip)}`;
      const row = await busy.db
        .selectFrom('rate_limit_buckets')
        .select('count')
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      expect(row.count).toBe(1);
      expectRefused(await upload(browser, stored), 503, 'uploads_busy');
    } finally {
      await busy.close();
    }
  });

  it('asks for no work when rate limits are off', async () => {
    const open = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
    try {
      const browser = injectAgent(open.app);
      const stored = storedFile();
      const res = await browser.post('/api/attachments/challenge', { size: stored.length });
      expect(res.status, res.text).toBe(200);
      expect(res.json()).toEqual({ challenge: null });
      expect((await upload(browser, stored)).status).toBe(201);
    } finally {
      await open.close();
    }
  });
});

describe('routes that take no proof of work', () => {
  it('keep refusing with rate_limited, whatever proof comes with the request', async () => {
    const browser = client(t.app);
    const challenge = await receiptChallenge(browser);
    const proof = solve(challenge);
    const attempt = (headers: Record<string, string> = {}) =>
      browser.post(
        '/api/session',
        { team: team.slug, name: 'Ana', auth: toBase64Url(randomBytes(32)) },
        { headers },
      );
    for (let i = 0; i < 10; i++) expect((await attempt()).status).toBe(401);
    const res = await attempt(proofHeader(proof).headers);
    const error = expectRefused(res, 429, 'rate_limited');
    expect(error.challenge).toBeUndefined();
  });
});

describe('several server processes', () => {
  /** Log lines of the other processes, checked for addresses with the first one's. */
  const otherLogs: string[] = [];

  /** Another process of the deployment: the same database, its own key unless the secret is shared. */
  async function otherProcess(base: TestApp): Promise<App> {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        otherLogs.push(chunk.toString());
        done();
      },
    });
    return buildApp({ config: base.config, db: base.db, logStream });
  }

  afterAll(() => {
    const logs = otherLogs.join('\n');
    expect(logs).toContain('/api/receipt/session');
    for (const ip of used) expect(logs).not.toContain(ip);
  });

  it('accept each other’s challenges when they share CONFIDE_RATE_LIMIT_SECRET, and each is spent for all', async () => {
    const other = await otherProcess(t);
    try {
      const ip = address();
      const challenge = await receiptChallenge(client(t.app, ip));
      const proof = solve(challenge);
      const body = { lookup: lookupToken(reporter.keys) };
      expect((await client(other, ip).post('/api/receipt/session', body, proofHeader(proof))).status).toBe(
        200,
      );
      expectChallenge(
        await client(t.app, ip).post('/api/receipt/session', body, proofHeader(proof)),
        'proof_of_work_spent',
      );
    } finally {
      await other.close();
    }
  });

  it('accept each other’s challenges without the secret, through the key kept in the database', async () => {
    const base = await buildTestApp({
      env: { TRUST_PROXY: '127.0.0.1', CONFIDE_PROOF_OF_WORK_BITS: String(BITS) },
    });
    const other = await otherProcess(base);
    try {
      const someone = reporterWithoutReceipt();
      const localTeam = await createTeamWithService(base.db, { adminName: 'Bo' });
      await submitReport(client(base.app), localTeam.slug, { reporter: someone });
      const ip = address();
      const browser = client(base.app, ip);
      for (let i = 0; i < RECEIPT_LIMIT; i++) {
        await browser.post('/api/receipt/session', { lookup: toBase64Url(randomBytes(32)) });
      }
      const body = { lookup: lookupToken(someone.keys) };
      const challenge = expectChallenge(await browser.post('/api/receipt/session', body));
      const res = await client(other, ip).post('/api/receipt/session', body, proofHeader(solve(challenge)));
      expect(res.status, res.text).toBe(200);
      const keys = await base.db.selectFrom('server_secrets').select('name').execute();
      expect(keys.map((k) => k.name)).toContain('proof-of-work-key');
    } finally {
      await other.close();
      await base.close();
    }
  });
});

describe('what is kept', () => {
  it('keeps no client address, and maintenance forgets spent challenges once expired', async () => {
    const dump = await dumpEverything(t.db);
    const logs = t.logs.join('\n');
    for (const ip of used) {
      expect(dump).not.toContain(ip);
      expect(logs).not.toContain(ip);
    }
    const spent = await t.db.selectFrom('spent_proofs').selectAll().execute();
    expect(spent.length).toBeGreaterThan(0);
    for (const row of spent) expect(row.challenge_hash).toHaveLength(32);

    await t.db
      .insertInto('spent_proofs')
      .values({ challenge_hash: Buffer.alloc(32, 1), expires_at: sql<Date>`now() - interval '2 hours'` })
      .execute();
    const deleted = await runMaintenance(t.db);
    expect(deleted.spent_proofs).toBe(1);
    // Live ones stay: a spent challenge that has not expired must still be refused.
    expect(await t.db.selectFrom('spent_proofs').select('challenge_hash').execute()).toHaveLength(
      spent.length,
    );
  });
});
