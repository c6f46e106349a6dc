/**
 * Second factors over the real API: an authenticator app (TOTP), security keys and passkeys
 * (WebAuthn, driven here by a small software authenticator written from the WebAuthn spec), the
 * one-time recovery codes, the pending sign-in between passphrase and factor, and a team that
 * requires a second factor.
 *
 * What must hold: a stolen passphrase alone opens no session; a code or an assertion is good
 * once (a used TOTP step, a replayed or cloned assertion, a spent recovery code are refused);
 * a pending sign-in dies after five wrong tries or five minutes; a member of a team that
 * requires a factor can do nothing but add one; nothing secret reaches the audit log.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../crypto/index.js';
import { runMaintenance } from '../../server/jobs.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type CreatedTeam,
  type JoinedMember,
  type MemberSession,
  createTeamWithService,
  expectError,
  expectReply,
  injectAgent,
  joinTeam,
  signInFast,
} from '../helpers/protocol/index.js';

const ORIGIN = 'http://localhost:3000';

interface ChallengeJson {
  second_factor: { token: string; methods: string[]; webauthn: AssertionOptionsJson | null };
}
interface AssertionOptionsJson {
  challenge: string;
  rpId: string;
  allowCredentials: { id: string; type: string }[];
  userVerification: string;
}
interface SessionReplyJson {
  member: { id: string; name: string };
  must_add_second_factor: boolean;
}
interface MyFactorsJson {
  totp: boolean;
  webauthn: { id: string; name: string; created_at: string; last_used_at: string | null }[];
  recovery_codes_left: number;
  required_by_team: boolean;
}

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off', PUBLIC_URL: ORIGIN } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
});
afterAll(async () => {
  await t.close();
});

/** POST /api/session with the member's `auth` from a fresh browser. */
async function passphraseStep(member: JoinedMember): Promise<{ agent: Agent; challenge: ChallengeJson }> {
  const agent = injectAgent(t.app);
  const res = await agent.post('/api/session', {
    team: team.slug,
    name: member.identity.name,
    auth: member.identity.credentials.auth,
  });
  const challenge = expectReply<ChallengeJson>(res, 200, 'POST /api/session');
  expect(challenge.second_factor.token, res.text).toEqual(expect.any(String));
  expect(res.headers['set-cookie']).toBeUndefined();
  return { agent, challenge };
}

const prove = (agent: Agent, token: string, proof: Record<string, unknown>) =>
  agent.post('/api/session/second-factor', { token, ...proof });

const myFactors = async (agent: Agent) =>
  expectReply<MyFactorsJson>(await agent.get('/api/me/second-factor'), 200, 'GET /api/me/second-factor');

async function auditDetails(memberId: string, action: string): Promise<unknown[]> {
  const rows = await t.db
    .selectFrom('audit_events')
    .select('details')
    .where('member_id', '=', memberId)
    .where('action', '=', action)
    .execute();
  return rows.map((row) => row.details);
}

// --- The member's authenticator app (otpauth, as a phone runs it) ---------------------------------

class PhoneApp {
  readonly totp: TOTP;
  constructor(secretBase32: string) {
    this.totp = new TOTP({
      secret: Secret.fromBase32(secretBase32),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
  }
  /** The code shown now. */
  now(): string {
    return this.totp.generate();
  }
  /** The code of the next 30-second step, which the server accepts already (one step either side). */
  ahead(): string {
    return this.totp.generate({ timestamp: Date.now() + 30_000 });
  }
  /** A six-digit code that is none of the accepted ones. */
  wrong(): string {
    const valid = new Set(
      [-2, -1, 0, 1, 2, 3].map((k) => this.totp.generate({ timestamp: Date.now() + k * 30_000 })),
    );
    for (let n = 0; ; n++) {
      const code = String(n).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  }
}

/**
 * As if the member's last code was used long ago. The server accepts each 30-second step once,
 * and the tests do not wait for the clock: they move the record of the last step used instead.
 */
async function forgetUsedSteps(memberId: string): Promise<void> {
  await t.db.updateTable('members').set({ totp_last_step: null }).where('id', '=', memberId).execute();
}

async function addTotp(
  agent: Agent,
): Promise<{ app: PhoneApp; codes: string[] | null; confirmedWith: string }> {
  const started = expectReply<{ secret: string; uri: string }>(
    await agent.post('/api/me/second-factor/totp/start'),
    200,
    'totp start',
  );
  const app = new PhoneApp(started.secret);
  const confirmedWith = app.now();
  const added = expectReply<{ recovery_codes: string[] | null }>(
    await agent.post('/api/me/second-factor/totp', { code: confirmedWith }),
    200,
    'totp confirm',
  );
  return { app, codes: added.recovery_codes, confirmedWith };
}

describe('an authenticator app (TOTP)', () => {
  let ben: JoinedMember;
  let phone: PhoneApp;
  let codes: string[];
  let confirmedWith: string;

  beforeAll(async () => {
    ben = await joinTeam(ana, { name: 'Ben' });
  });

  it('is set up with a code from the app, and the first factor shows ten recovery codes once', async () => {
    const agent = ben.session.agent;
    expect(await myFactors(agent)).toEqual({
      totp: false,
      webauthn: [],
      recovery_codes_left: 0,
      required_by_team: false,
    });
    expectError(await agent.post('/api/me/second-factor/totp', { code: '123456' }), 409, 'totp_not_started');

    const started = expectReply<{ secret: string; uri: string }>(
      await agent.post('/api/me/second-factor/totp/start'),
      200,
      'start',
    );
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(started.secret);
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('issuer')).toContain(team.name);
    // Not in force before it is confirmed.
    expect((await myFactors(agent)).totp).toBe(false);

    phone = new PhoneApp(started.secret);
    expectError(
      await agent.post('/api/me/second-factor/totp', { code: phone.wrong() }),
      400,
      'second_factor_invalid',
    );
    expectError(await agent.post('/api/me/second-factor/totp', { code: '12345' }), 400, 'invalid_request');
    confirmedWith = phone.now();
    const added = expectReply<{ recovery_codes: string[] }>(
      await agent.post('/api/me/second-factor/totp', { code: confirmedWith }),
      200,
      'confirm',
    );
    codes = added.recovery_codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    expect(await myFactors(agent)).toEqual({
      totp: true,
      webauthn: [],
      recovery_codes_left: 10,
      required_by_team: false,
    });
    expectError(await agent.post('/api/me/second-factor/totp/start'), 409, 'totp_already_set');
    // The member list shows that Ben has a second factor (never which).
    const members = expectReply<{ members: { name: string; second_factor: boolean }[] }>(
      await ana.agent.get(`/api/teams/${team.slug}/members`),
      200,
      'members',
    );
    expect(members.members.find((m) => m.name === 'Ben')?.second_factor).toBe(true);
    expect(members.members.find((m) => m.name === 'Ana')?.second_factor).toBe(false);
    // Audited, without the secret or the codes.
    const details = await auditDetails(ben.identity.id, 'member.second_factor_added');
    expect(details).toEqual([{ method: 'totp', recovery_codes_made: true }]);
    // Only hashes of the codes are stored.
    const stored = await t.db
      .selectFrom('second_factor_codes')
      .select('code_hash')
      .where('member_id', '=', ben.identity.id)
      .execute();
    expect(stored).toHaveLength(10);
    const dump = JSON.stringify(await t.db.selectFrom('second_factor_codes').selectAll().execute());
    for (const code of codes) expect(dump).not.toContain(code.replaceAll('-', ''));
  });

  it('asks for a code at sign-in, refuses a wrong or used one, and opens the session with a fresh one', async () => {
    const { agent, challenge } = await passphraseStep(ben);
    expect(challenge.second_factor.methods).toEqual(['totp', 'recovery_code']);
    expect(challenge.second_factor.webauthn).toBeNull();
    // The passphrase alone opened nothing.
    expectError(await agent.get('/api/session'), 401, 'unauthorized');

    const token = challenge.second_factor.token;
    expectError(await prove(agent, token, { totp: phone.wrong() }), 401, 'second_factor_invalid');
    // The code that confirmed the app was used: its step is spent.
    expectError(await prove(agent, token, { totp: confirmedWith }), 401, 'second_factor_invalid');
    const fresh = phone.ahead();
    const session = expectReply<SessionReplyJson>(
      await prove(agent, token, { totp: fresh }),
      200,
      'second factor',
    );
    expect(session.member.id).toBe(ben.identity.id);
    expect(session.must_add_second_factor).toBe(false);
    expect((await agent.get('/api/session')).status).toBe(200);

    // The token was used up; the same code with a new token is a replay.
    expectError(await prove(agent, token, { totp: phone.ahead() }), 401, 'second_factor_token_invalid');
    const again = await passphraseStep(ben);
    expectError(
      await prove(again.agent, again.challenge.second_factor.token, { totp: fresh }),
      401,
      'second_factor_invalid',
    );
    // An older code than the last one used is refused too.
    expectError(
      await prove(again.agent, again.challenge.second_factor.token, { totp: phone.now() }),
      401,
      'second_factor_invalid',
    );
    // Later (the clock has moved on), the app's code works again.
    await forgetUsedSteps(ben.identity.id);
    expect(
      (await prove(again.agent, again.challenge.second_factor.token, { totp: phone.now() })).status,
    ).toBe(200);
    expect(await auditDetails(ben.identity.id, 'member.signed_in')).toContainEqual({ second_factor: 'totp' });
  });

  it('lets a pending sign-in die after five wrong tries, after five minutes, and knows no other token', async () => {
    const { agent, challenge } = await passphraseStep(ben);
    const token = challenge.second_factor.token;
    for (let i = 0; i < 5; i++) {
      expectError(await prove(agent, token, { totp: phone.wrong() }), 401, 'second_factor_invalid');
    }
    expectError(await prove(agent, token, { totp: phone.ahead() }), 401, 'second_factor_token_invalid');

    const late = await passphraseStep(ben);
    await t.db
      .updateTable('auth_challenges')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('member_id', '=', ben.identity.id)
      .where('purpose', '=', 'second_factor')
      .execute();
    expectError(
      await prove(late.agent, late.challenge.second_factor.token, { totp: phone.ahead() }),
      401,
      'second_factor_token_invalid',
    );
    expectError(
      await prove(agent, Buffer.alloc(32, 9).toString('base64url'), { totp: phone.ahead() }),
      401,
      'second_factor_token_invalid',
    );
    // Exactly one proof per request.
    const fresh = await passphraseStep(ben);
    const t2 = fresh.challenge.second_factor.token;
    expectError(await agent.post('/api/session/second-factor', { token: t2 }), 400, 'invalid_request');
    expectError(
      await prove(agent, t2, { totp: phone.ahead(), recovery_code: codes[0] }),
      400,
      'invalid_request',
    );
    expectError(await prove(agent, t2, { totp: 'abcdef' }), 400, 'invalid_request');
  });

  it('takes each recovery code once, typed loosely, and a new set replaces the old one', async () => {
    const first = await passphraseStep(ben);
    const typed = codes[0]!.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
    expect(
      (await prove(first.agent, first.challenge.second_factor.token, { recovery_code: typed })).status,
    ).toBe(200);
    const second = await passphraseStep(ben);
    expectError(
      await prove(second.agent, second.challenge.second_factor.token, { recovery_code: codes[0] }),
      401,
      'second_factor_invalid',
    );
    expect((await myFactors(ben.session.agent)).recovery_codes_left).toBe(9);

    const renewed = expectReply<{ recovery_codes: string[] }>(
      await ben.session.agent.post('/api/me/second-factor/recovery-codes'),
      200,
      'new codes',
    );
    expect(renewed.recovery_codes).toHaveLength(10);
    expect((await myFactors(ben.session.agent)).recovery_codes_left).toBe(10);
    expectError(
      await prove(second.agent, second.challenge.second_factor.token, { recovery_code: codes[1] }),
      401,
      'second_factor_invalid',
    );
    expect(
      (
        await prove(second.agent, second.challenge.second_factor.token, {
          recovery_code: renewed.recovery_codes[3],
        })
      ).status,
    ).toBe(200);
    codes = renewed.recovery_codes;
    expect(await auditDetails(ben.identity.id, 'member.recovery_codes_renewed')).toHaveLength(1);
  });

  it('once removed, sign-in needs the passphrase only again, and the codes are gone', async () => {
    const agent = ben.session.agent;
    const removed = await agent.delete('/api/me/second-factor/totp');
    expect(removed.status, removed.text).toBe(204);
    expect(await myFactors(agent)).toEqual({
      totp: false,
      webauthn: [],
      recovery_codes_left: 0,
      required_by_team: false,
    });
    expectError(await agent.delete('/api/me/second-factor/totp'), 404, 'not_found');
    expectError(await agent.post('/api/me/second-factor/recovery-codes'), 400, 'bad_request');
    const res = await injectAgent(t.app).post('/api/session', {
      team: team.slug,
      name: 'Ben',
      auth: ben.identity.credentials.auth,
    });
    expect(expectReply<SessionReplyJson>(res, 200, 'sign-in').member.id).toBe(ben.identity.id);
    expect(await auditDetails(ben.identity.id, 'member.second_factor_removed')).toEqual([{ method: 'totp' }]);
  });
});

// --- A software authenticator (WebAuthn level 2, "none" attestation, ES256) ----------------------

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  if (value instanceof Map) {
    const parts: Buffer[] = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new Error('cbor: unsupported value');
}

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const b64u = (data: Buffer): string => data.toString('base64url');

class SoftwareAuthenticator {
  readonly credentialId: Buffer;
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  counter = 0;

  constructor(
    private readonly rpId = 'localhost',
    private readonly origin = ORIGIN,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    this.publicJwk = { x: jwk.x!, y: jwk.y! };
    this.credentialId = createHash('sha256').update(String(Math.random())).digest().subarray(0, 16);
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  private flagsAndCount(flags: number): Buffer {
    const b = Buffer.alloc(5);
    b[0] = flags;
    b.writeUInt32BE(this.counter, 1);
    return b;
  }

  /** navigator.credentials.create → RegistrationResponseJSON */
  create(options: { challenge: string }): Record<string, unknown> {
    const cose = cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(this.publicJwk.x, 'base64url')],
        [-3, Buffer.from(this.publicJwk.y, 'base64url')],
      ]),
    );
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(this.rpId),
      this.flagsAndCount(0x45), // user present, user verified, attested credential data
      Buffer.alloc(16), // AAGUID
      idLength,
      this.credentialId,
      cose,
    ]);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: b64u(this.credentialId),
      rawId: b64u(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(this.clientData('webauthn.create', options.challenge)),
        attestationObject: b64u(attestationObject),
        transports: ['usb'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  /** navigator.credentials.get → AuthenticationResponseJSON; `signer` forges with another key. */
  get(options: { challenge: string }, signer: KeyObject = this.privateKey): Record<string, unknown> {
    this.counter += 1;
    const authData = Buffer.concat([sha256(this.rpId), this.flagsAndCount(0x05)]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), signer);
    return {
      id: b64u(this.credentialId),
      rawId: b64u(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
      },
      clientExtensionResults: {},
    };
  }
}

interface RegistrationOptionsJson {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: { type: string; alg: number }[];
  excludeCredentials: { id: string; type: string }[];
  authenticatorSelection: { residentKey: string; userVerification: string };
  attestation: string;
}

describe('security keys and passkeys (WebAuthn)', () => {
  let cai: JoinedMember;
  const key = new SoftwareAuthenticator();

  beforeAll(async () => {
    cai = await joinTeam(ana, { name: 'Cai' });
  });

  const options = async (agent: Agent) =>
    expectReply<RegistrationOptionsJson>(
      await agent.post('/api/me/second-factor/webauthn/options'),
      200,
      'webauthn options',
    );

  it('offers registration options for the host name of PUBLIC_URL, asking for a passkey where it can', async () => {
    const opts = await options(cai.session.agent);
    expect(opts.rp).toEqual({ id: 'localhost', name: `Confide (${team.name})` });
    expect(opts.user).toMatchObject({ name: 'Cai', displayName: 'Cai' });
    expect(opts.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(opts.pubKeyCredParams.map((p) => p.alg)).toContain(-7);
    expect(opts.excludeCredentials).toEqual([]);
    expect(opts.authenticatorSelection).toMatchObject({
      residentKey: 'preferred',
      userVerification: 'preferred',
    });
    expect(opts.attestation).toBe('none');
  });

  it('refuses a garbled or forged registration with a 400, and one without options first', async () => {
    const agent = cai.session.agent;
    const opts = await options(agent);
    for (const response of [
      {},
      { id: 'x', response: 'nothing' },
      { id: 'x', response: { clientDataJSON: 'AAAA' } },
    ]) {
      expectError(
        await agent.post('/api/me/second-factor/webauthn', { name: 'Junk', response }),
        400,
        'second_factor_invalid',
      );
    }
    // Made for another site, or for a challenge the server did not give.
    const elsewhere = new SoftwareAuthenticator('evil.example', 'https://evil.example');
    expectError(
      await agent.post('/api/me/second-factor/webauthn', { name: 'Evil', response: elsewhere.create(opts) }),
      400,
      'second_factor_invalid',
    );
    expectError(
      await agent.post('/api/me/second-factor/webauthn', {
        name: 'Stale',
        response: new SoftwareAuthenticator().create({ challenge: b64u(Buffer.alloc(32, 1)) }),
      }),
      400,
      'second_factor_invalid',
    );
    expect((await myFactors(agent)).webauthn).toEqual([]);
  });

  it('adds a key, signs in with it, and refuses a replayed, cloned or forged assertion', async () => {
    const agent = cai.session.agent;
    const opts = await options(agent);
    const added = expectReply<{ recovery_codes: string[] | null }>(
      await agent.post('/api/me/second-factor/webauthn', { name: 'Blue key', response: key.create(opts) }),
      200,
      'register',
    );
    expect(added.recovery_codes).toHaveLength(10);
    // The challenge was single use.
    expectError(
      await agent.post('/api/me/second-factor/webauthn', { name: 'Again', response: key.create(opts) }),
      400,
      'second_factor_invalid',
    );
    const factors = await myFactors(agent);
    expect(factors.webauthn).toEqual([
      {
        id: b64u(key.credentialId),
        name: 'Blue key',
        created_at: expect.any(String) as string,
        last_used_at: null,
      },
    ]);
    // The key is excluded from later registrations.
    expect((await options(agent)).excludeCredentials.map((c) => c.id)).toEqual([b64u(key.credentialId)]);

    const { agent: browser, challenge } = await passphraseStep(cai);
    expect(challenge.second_factor.methods).toEqual(['webauthn', 'recovery_code']);
    const assertionOptions = challenge.second_factor.webauthn!;
    expect(assertionOptions.rpId).toBe('localhost');
    expect(assertionOptions.allowCredentials.map((c) => c.id)).toEqual([b64u(key.credentialId)]);
    const assertion = key.get(assertionOptions);
    const session = expectReply<SessionReplyJson>(
      await prove(browser, challenge.second_factor.token, { webauthn: assertion }),
      200,
      'assertion',
    );
    expect(session.member.id).toBe(cai.identity.id);
    expect((await myFactors(agent)).webauthn[0]?.last_used_at).toEqual(expect.any(String));
    const stored = await t.db
      .selectFrom('security_keys')
      .select('counter')
      .where('member_id', '=', cai.identity.id)
      .executeTakeFirstOrThrow();
    expect(stored.counter).toBe(key.counter);

    // Replayed: the same assertion for a new sign-in (its challenge was used up with its token).
    const next = await passphraseStep(cai);
    const nextToken = next.challenge.second_factor.token;
    expectError(await prove(next.agent, nextToken, { webauthn: assertion }), 401, 'second_factor_invalid');
    // Cloned: a right signature over the new challenge, but a counter that did not grow.
    key.counter -= 1;
    expectError(
      await prove(next.agent, nextToken, { webauthn: key.get(next.challenge.second_factor.webauthn!) }),
      401,
      'second_factor_invalid',
    );
    // Forged: signed by a key that is not the registered one.
    const { privateKey: other } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expectError(
      await prove(next.agent, nextToken, {
        webauthn: key.get(next.challenge.second_factor.webauthn!, other),
      }),
      401,
      'second_factor_invalid',
    );
    // Garbage, and an unknown credential.
    expectError(await prove(next.agent, nextToken, { webauthn: {} }), 401, 'second_factor_invalid');
    expectError(
      await prove(next.agent, nextToken, { webauthn: { id: b64u(key.credentialId), response: 'x' } }),
      401,
      'second_factor_invalid',
    );
    // Five wrong tries: the token is dead, even for a good assertion.
    expectError(
      await prove(next.agent, nextToken, { webauthn: key.get(next.challenge.second_factor.webauthn!) }),
      401,
      'second_factor_token_invalid',
    );
    const last = await passphraseStep(cai);
    expect(
      (
        await prove(last.agent, last.challenge.second_factor.token, {
          webauthn: key.get(last.challenge.second_factor.webauthn!),
        })
      ).status,
    ).toBe(200);
  });

  it('adding a second factor keeps the recovery codes; removing a key is audited', async () => {
    const agent = cai.session.agent;
    const { codes } = await addTotp(agent);
    expect(codes).toBeNull();
    expect((await myFactors(agent)).recovery_codes_left).toBe(10);
    const { challenge } = await passphraseStep(cai);
    expect(challenge.second_factor.methods).toEqual(['webauthn', 'totp', 'recovery_code']);

    expectError(
      await agent.delete(`/api/me/second-factor/webauthn/${b64u(Buffer.alloc(16))}`),
      404,
      'not_found',
    );
    const removed = await agent.delete(`/api/me/second-factor/webauthn/${b64u(key.credentialId)}`);
    expect(removed.status, removed.text).toBe(204);
    expect((await myFactors(agent)).webauthn).toEqual([]);
    expect(await auditDetails(cai.identity.id, 'member.second_factor_removed')).toEqual([
      { method: 'webauthn' },
    ]);
    const audit = JSON.stringify(
      await t.db
        .selectFrom('audit_events')
        .select('details')
        .where('member_id', '=', cai.identity.id)
        .execute(),
    );
    expect(audit).not.toContain(b64u(key.credentialId));
  });
});

describe('without a host name in PUBLIC_URL', () => {
  let bare: TestApp;
  afterAll(async () => {
    await bare.close();
  });

  it('offers no security keys (409 webauthn_unavailable), and TOTP still works', async () => {
    bare = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off', PUBLIC_URL: 'http://127.0.0.1:3000' } });
    const other = await createTeamWithService(bare.db, { adminName: 'Ana' });
    const session = await signInFast(injectAgent(bare.app), other.slug, other.admin);
    expectError(
      await session.agent.post('/api/me/second-factor/webauthn/options'),
      409,
      'webauthn_unavailable',
    );
    expectError(
      await session.agent.post('/api/me/second-factor/webauthn', { name: 'Key', response: {} }),
      409,
      'webauthn_unavailable',
    );
    const started = await session.agent.post('/api/me/second-factor/totp/start');
    expect(started.status, started.text).toBe(200);
  });
});

describe('a team that requires a second factor', () => {
  let dan: JoinedMember;

  beforeAll(async () => {
    dan = await joinTeam(ana, { name: 'Dan' });
    await t.db.updateTable('teams').set({ require_second_factor: true }).where('id', '=', team.id).execute();
  });
  afterAll(async () => {
    await t.db.updateTable('teams').set({ require_second_factor: false }).where('id', '=', team.id).execute();
  });

  it('lets a member without one do nothing but add one, from the very next request of an open session', async () => {
    const agent = dan.session.agent;
    for (const [method, path] of [
      ['GET', '/api/cases'],
      ['GET', `/api/teams/${team.slug}/members`],
      ['GET', '/api/team/settings'],
      ['GET', '/api/me/settings'],
    ] as const) {
      expectError(await agent.request(method, path), 403, 'second_factor_required', path);
    }
    // Admins too.
    expectError(await ana.agent.get('/api/audit'), 403, 'second_factor_required');
    // What the console needs to ask for one still answers.
    const session = expectReply<SessionReplyJson>(await agent.get('/api/session'), 200, 'session');
    expect(session.must_add_second_factor).toBe(true);
    expect((await myFactors(agent)).required_by_team).toBe(true);
    expect((await agent.get(`/api/teams/${team.slug}`)).status).toBe(200);
    expect((await agent.get('/api/config')).status).toBe(200);
    // A new sign-in says so too.
    const signedIn = await injectAgent(t.app).post('/api/session', {
      team: team.slug,
      name: 'Dan',
      auth: dan.identity.credentials.auth,
    });
    expect(expectReply<SessionReplyJson>(signedIn, 200, 'sign-in').must_add_second_factor).toBe(true);

    await addTotp(agent);
    expect(
      expectReply<SessionReplyJson>(await agent.get('/api/session'), 200, 'session').must_add_second_factor,
    ).toBe(false);
    expect((await agent.get('/api/cases')).status).toBe(200);
    // The last factor cannot go while the team requires one.
    expectError(await agent.delete('/api/me/second-factor/totp'), 409, 'second_factor_last');
    expect((await myFactors(agent)).totp).toBe(true);
  });
});

describe('maintenance', () => {
  it('deletes expired challenges and keeps live ones', async () => {
    const eve = await joinTeam(ana, { name: 'Eve' });
    for (let i = 0; i < 2; i++) {
      expectReply(
        await injectAgent(t.app).post('/api/recovery/start', { team: team.slug, name: 'Eve' }),
        200,
        'start',
      );
    }
    const rows = () =>
      t.db
        .selectFrom('auth_challenges')
        .select('token_hash')
        .where('member_id', '=', eve.identity.id)
        .execute();
    const [old] = await rows();
    await t.db
      .updateTable('auth_challenges')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('token_hash', '=', old!.token_hash)
      .execute();
    const deleted = await runMaintenance(t.db);
    expect(deleted.auth_challenges).toBeGreaterThanOrEqual(1);
    const left = await rows();
    expect(left).toHaveLength(1);
    expect(left[0]!.token_hash.equals(old!.token_hash)).toBe(false);
  });
});
