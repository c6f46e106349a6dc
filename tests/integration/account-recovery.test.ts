/**
 * Recovery with the recovery code and a passphrase change, over the real API, with the crypto
 * module as an outside client: the browser opens the recovery copy, wraps the keys again and
 * signs the new credentials over the server's nonce (docs/protocol.md 5.8).
 *
 * What must hold: only the holder of the recovered signing key gets new credentials in, with a
 * nonce that is fresh, theirs and used once; the old passphrase and recovery code die; every
 * session of the member ends; a member with a second factor still gives it; nobody learns from
 * the start step who is on the team. A passphrase change proves the current passphrase and ends
 * every other session.
 */
import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authToken,
  deriveMemberSecrets,
  fromBase64Url,
  generateKdfParams,
  generateMemberKeys,
  isConfideCryptoError,
  keyToBase64,
  openRecoveryBundle,
  ready,
  recoveredCredentials,
  rewrapMemberKeys,
  signRecoveryProof,
  unwrapMemberKeys,
  type Envelope,
  type KdfParams,
  type MemberKeys,
  type RecoveredCredentialsWire,
  type RewrappedMemberKeys,
} from '../../crypto/index.js';
import { buildTestApp, type TestApp } from '../helpers/app-server.js';
import {
  type Agent,
  type ApiResponse,
  type CreatedTeam,
  type MemberIdentity,
  type MemberSession,
  acceptInvitation,
  cheapKdf,
  createTeamWithService,
  expectError,
  expectReply,
  fetchTeam,
  injectAgent,
  invite,
  joinTeam,
  removeMember,
  signIn,
  signInFast,
} from '../helpers/protocol/index.js';

interface RecoveryStartJson {
  member: string;
  team: string;
  nonce: string;
  recovery: { kdf: KdfParams; keys: Envelope };
}

interface SessionReplyJson {
  member: { id: string; name: string };
  keys: Envelope;
  kdf: KdfParams;
  team: { id: string; slug: string };
  must_add_second_factor: boolean;
}

interface ChallengeJson {
  second_factor: { token: string; methods: string[]; webauthn: unknown };
}

let t: TestApp;
let team: CreatedTeam;
let ana: MemberSession;

beforeAll(async () => {
  await ready();
  t = await buildTestApp({ env: { CONFIDE_RATE_LIMIT: 'off' } });
  team = await createTeamWithService(t.db, { adminName: 'Ana' });
  ana = await signInFast(injectAgent(t.app), team.slug, team.admin);
});
afterAll(async () => {
  await t.close();
});

/** A member who joined with a real passphrase and recovery code (Argon2id at the protocol minimum). */
async function joinWithPassphrase(name: string): Promise<{ identity: MemberIdentity; passphrase: string }> {
  const passphrase = `${name} remembers this passphrase`;
  const { identity } = await joinTeam(ana, { name, passphrase });
  return { identity, passphrase };
}

const startRecovery = async (agent: Agent, name: string, slug = team.slug) =>
  expectReply<RecoveryStartJson>(
    await agent.post('/api/recovery/start', { team: slug, name }),
    200,
    'POST /api/recovery/start',
  );

/** The member's keys from the recovery copy, checked against the verified roster as a browser must. */
async function openCopy(agent: Agent, start: RecoveryStartJson, recoveryCode: string): Promise<MemberKeys> {
  const keys = openRecoveryBundle(recoveryCode, start.recovery, { team: start.team, memberId: start.member });
  const listed = (await fetchTeam(agent, team.slug)).roster.active.get(start.member);
  expect(listed && keyToBase64(listed.signPublicKey)).toBe(keyToBase64(keys.sign.publicKey));
  return keys;
}

function rewrapForRecovery(
  keys: MemberKeys,
  start: RecoveryStartJson,
  passphrase: string,
): RewrappedMemberKeys {
  return rewrapMemberKeys(
    keys,
    passphrase,
    { team: start.team, memberId: start.member },
    {
      newRecoveryCode: true,
      kdf: cheapKdf(),
      recoveryKdf: cheapKdf(),
    },
  );
}

function completeBody(
  name: string,
  start: RecoveryStartJson,
  credentials: RecoveredCredentialsWire,
  signer: MemberKeys,
) {
  return {
    team: team.slug,
    name,
    nonce: start.nonce,
    credentials,
    sig: signRecoveryProof(signer.sign.secretKey, {
      team: start.team,
      memberId: start.member,
      nonce: start.nonce,
      credentials,
    }),
  };
}

/** The whole recovery as a browser does it; returns the reply of the complete step. */
async function recover(
  agent: Agent,
  name: string,
  recoveryCode: string,
  newPassphrase: string,
): Promise<{
  res: ApiResponse;
  rewrapped: RewrappedMemberKeys;
  keys: MemberKeys;
  start: RecoveryStartJson;
  body: ReturnType<typeof completeBody>;
}> {
  const start = await startRecovery(agent, name);
  const keys = await openCopy(agent, start, recoveryCode);
  const rewrapped = rewrapForRecovery(keys, start, newPassphrase);
  const body = completeBody(name, start, recoveredCredentials(rewrapped), keys);
  const res = await agent.post('/api/recovery/complete', body);
  return { res, rewrapped, keys, start, body };
}

async function signInStatus(name: string, passphrase: string): Promise<number> {
  try {
    await signIn(injectAgent(t.app), team.slug, name, passphrase);
    return 200;
  } catch (error) {
    return Number(/\b(4\d\d)\b/.exec(String(error))?.[1] ?? 0);
  }
}

async function auditActions(memberId: string): Promise<string[]> {
  const rows = await t.db
    .selectFrom('audit_events')
    .select('action')
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.action);
}

describe('recovery with the recovery code', () => {
  it('sets a new passphrase: the old passphrase and code die, every session ends, the new ones work', async () => {
    const { identity, passphrase } = await joinWithPassphrase('Ben');
    const laptop = (await signIn(injectAgent(t.app), team.slug, 'Ben', passphrase)).agent;
    const phone = (await signIn(injectAgent(t.app), team.slug, 'Ben', passphrase)).agent;
    expect((await laptop.get('/api/session')).status).toBe(200);

    const browser = injectAgent(t.app);
    const { res, rewrapped } = await recover(
      browser,
      'Ben',
      identity.recoveryCode!,
      'Ben has a new passphrase',
    );
    const session = expectReply<SessionReplyJson>(res, 200, 'POST /api/recovery/complete');
    // A session, exactly as sign-in gives one: the new bundle opens with the new passphrase.
    expect(session.member).toMatchObject({ id: identity.id, name: 'Ben' });
    expect(session.kdf).toEqual(rewrapped.kdf);
    const secrets = deriveMemberSecrets('Ben has a new passphrase', session.kdf);
    const reopened = unwrapMemberKeys(session.keys, secrets.kek, { team: team.id, memberId: identity.id });
    expect(keyToBase64(reopened.sign.publicKey)).toBe(identity.credentials.sign_pk);
    expect((await browser.get('/api/session')).status).toBe(200);

    // Every earlier session is gone.
    expectError(await laptop.get('/api/session'), 401, 'unauthorized');
    expectError(await phone.get('/api/session'), 401, 'unauthorized');

    // The old passphrase is dead, the new one works.
    expect(await signInStatus('Ben', passphrase)).toBe(401);
    expect(await signInStatus('Ben', 'Ben has a new passphrase')).toBe(200);

    // The old recovery code no longer opens the stored copy; the new one does.
    const again = await startRecovery(injectAgent(t.app), 'Ben');
    expect(again.recovery).toEqual(rewrapped.recovery);
    expect(() =>
      openRecoveryBundle(identity.recoveryCode!, again.recovery, { team: team.id, memberId: identity.id }),
    ).toThrow(expect.objectContaining({ code: 'RECOVERY_CODE_WRONG' }) as Error);
    expect(
      keyToBase64(
        openRecoveryBundle(rewrapped.recoveryCode!, again.recovery, {
          team: team.id,
          memberId: identity.id,
        }).sign.publicKey,
      ),
    ).toBe(identity.credentials.sign_pk);

    expect(await auditActions(identity.id)).toContain('member.recovered');
  });

  it('serves the stored recovery copy and a fresh 32-byte nonce each time', async () => {
    const { identity } = await joinWithPassphrase('Bea');
    const first = await startRecovery(injectAgent(t.app), 'Bea');
    const second = await startRecovery(injectAgent(t.app), 'Bea');
    expect(first).toMatchObject({
      member: identity.id,
      team: team.id,
      recovery: identity.credentials.recovery,
    });
    expect(fromBase64Url(first.nonce)).toHaveLength(32);
    expect(second.nonce).not.toBe(first.nonce);
    // Only the hash of a nonce is stored.
    const stored = await t.db
      .selectFrom('auth_challenges')
      .select(['token_hash', 'challenge'])
      .where('member_id', '=', identity.id)
      .execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.challenge).toBeNull();
      expect(row.token_hash.toString('base64url')).not.toBe(first.nonce);
    }
  });

  it('stops at a wrong recovery code in the browser: the copy does not open, nothing reaches the server', async () => {
    const { identity, passphrase } = await joinWithPassphrase('Cai');
    const start = await startRecovery(injectAgent(t.app), 'Cai');
    const wrong = '0000-1111-2222-3333-4444';
    let caught: unknown;
    try {
      openRecoveryBundle(wrong, start.recovery, { team: start.team, memberId: start.member });
    } catch (error) {
      caught = error;
    }
    expect(isConfideCryptoError(caught, 'RECOVERY_CODE_WRONG')).toBe(true);
    expect(await signInStatus('Cai', passphrase)).toBe(200);
    expect(await auditActions(identity.id)).not.toContain('member.recovered');
  });

  it('refuses new credentials without a valid signature (401), and keeps the nonce for the real member', async () => {
    const { identity, passphrase } = await joinWithPassphrase('Dee');
    const browser = injectAgent(t.app);
    const start = await startRecovery(browser, 'Dee');
    const keys = await openCopy(browser, start, identity.recoveryCode!);
    const credentials = recoveredCredentials(rewrapForRecovery(keys, start, 'Dee recovered'));
    const good = completeBody('Dee', start, credentials, keys);

    // Someone who can read the copy but not open it: they sign with a key of their own.
    const stranger = generateMemberKeys();
    expectError(
      await browser.post('/api/recovery/complete', completeBody('Dee', start, credentials, stranger)),
      401,
      'recovery_signature_invalid',
    );
    // A good signature over other credentials: the attacker's passphrase swapped in.
    const swapped = { ...credentials, auth: authToken(deriveMemberSecrets('attacker', cheapKdf()).auth) };
    expectError(
      await browser.post('/api/recovery/complete', { ...good, credentials: swapped }),
      401,
      'recovery_signature_invalid',
    );
    // A flipped bit, a signature for another member's name.
    const flipped = Buffer.from(good.sig, 'base64url');
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    expectError(
      await browser.post('/api/recovery/complete', { ...good, sig: flipped.toString('base64url') }),
      401,
      'recovery_signature_invalid',
    );
    expectError(
      await browser.post('/api/recovery/complete', { ...good, name: 'Ana' }),
      401,
      'recovery_signature_invalid',
    );
    expect(await signInStatus('Dee', passphrase)).toBe(200);

    // The failures did not spend the nonce: the member's own proof still goes through.
    expectReply(await browser.post('/api/recovery/complete', good), 200, 'the real recovery');
    expect(await signInStatus('Dee', 'Dee recovered')).toBe(200);
  });

  it('refuses a replayed, an expired or another member’s nonce (409)', async () => {
    const { identity } = await joinWithPassphrase('Eli');
    const browser = injectAgent(t.app);
    const { res, start, keys, body, rewrapped } = await recover(
      browser,
      'Eli',
      identity.recoveryCode!,
      'Eli one',
    );
    expectReply(res, 200, 'first recovery');

    // The same request again: the signature still verifies, the nonce is spent.
    expectError(await browser.post('/api/recovery/complete', body), 409, 'recovery_nonce_invalid');
    const replay = completeBody(
      'Eli',
      start,
      recoveredCredentials(rewrapForRecovery(keys, start, 'Eli two')),
      keys,
    );
    expectError(await browser.post('/api/recovery/complete', replay), 409, 'recovery_nonce_invalid');

    // A nonce that was never issued.
    const invented = { ...start, nonce: Buffer.alloc(32, 7).toString('base64url') };
    expectError(
      await browser.post('/api/recovery/complete', completeBody('Eli', invented, replay.credentials, keys)),
      409,
      'recovery_nonce_invalid',
    );

    // A nonce issued for someone else, signed by Eli's key for Eli.
    const forAna = await startRecovery(injectAgent(t.app), 'Ana');
    const borrowed = { ...start, nonce: forAna.nonce };
    expectError(
      await browser.post('/api/recovery/complete', completeBody('Eli', borrowed, replay.credentials, keys)),
      409,
      'recovery_nonce_invalid',
    );

    // An expired nonce.
    const late = await startRecovery(browser, 'Eli');
    await t.db
      .updateTable('auth_challenges')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('member_id', '=', identity.id)
      .where('purpose', '=', 'recovery')
      .execute();
    const lateKeys = openRecoveryBundle(rewrapped.recoveryCode!, late.recovery, {
      team: late.team,
      memberId: late.member,
    });
    expectError(
      await browser.post(
        '/api/recovery/complete',
        completeBody(
          'Eli',
          late,
          recoveredCredentials(rewrapForRecovery(lateKeys, late, 'Eli three')),
          lateKeys,
        ),
      ),
      409,
      'recovery_nonce_invalid',
    );
    expect(await signInStatus('Eli', 'Eli one')).toBe(200);
  });

  it('answers an unknown, pending or removed name with stable fakes that look real, and completing them fails like a bad signature', async () => {
    const { identity } = await joinWithPassphrase('Fay');
    const real = await startRecovery(injectAgent(t.app), 'Fay');
    const rex = await joinTeam(ana, { name: 'Rex' });
    await removeMember(ana, rex.identity.id);
    await acceptInvitation(injectAgent(t.app), (await invite(ana)).token, { name: 'Pia' });

    for (const name of ['Nobody', 'fay', 'Rex', 'Pia']) {
      const first = await startRecovery(injectAgent(t.app), name);
      const again = await startRecovery(injectAgent(t.app), name);
      // Stable apart from the nonce, which is new each time for a real member too.
      expect({ ...again, nonce: '' }, name).toEqual({ ...first, nonce: '' });
      expect(again.nonce, name).not.toBe(first.nonce);
      // Shaped like the real thing: this team's id, a v4 id, default parameters, same sizes.
      expect(first.team, name).toBe(team.id);
      expect(first.member, name).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(first.member, name).not.toBe(identity.id);
      const defaults = generateKdfParams();
      expect(first.recovery.kdf, name).toMatchObject({
        alg: defaults.alg,
        ops: defaults.ops,
        mem: defaults.mem,
      });
      expect(fromBase64Url(first.recovery.kdf.salt), name).toHaveLength(16);
      expect(first.recovery.keys.v, name).toBe(1);
      expect(first.recovery.keys.n.length, name).toBe(real.recovery.keys.n.length);
      expect(first.recovery.keys.c.length, name).toBe(real.recovery.keys.c.length);
      expect(Object.keys(first).sort(), name).toEqual(Object.keys(real).sort());

      const someone = generateMemberKeys();
      const credentials = recoveredCredentials(
        rewrapMemberKeys(
          someone,
          'whatever',
          { team: first.team, memberId: first.member },
          {
            newRecoveryCode: true,
            kdf: cheapKdf(),
            recoveryKdf: cheapKdf(),
          },
        ),
      );
      expectError(
        await injectAgent(t.app).post(
          '/api/recovery/complete',
          completeBody(name, first, credentials, someone),
        ),
        401,
        'recovery_signature_invalid',
        name,
      );
    }
    // A team that does not exist gets a made-up id, also stable.
    const nowhere = await startRecovery(injectAgent(t.app), 'Ana', 'no-such-team');
    expect(nowhere.team).not.toBe(team.id);
    expect((await startRecovery(injectAgent(t.app), 'Ana', 'no-such-team')).team).toBe(nowhere.team);
    // Nothing was stored for the fakes.
    const pia = await t.db
      .selectFrom('members')
      .select('id')
      .where('name', '=', 'Pia')
      .executeTakeFirstOrThrow();
    const stored = await t.db
      .selectFrom('auth_challenges')
      .select('member_id')
      .where('member_id', 'in', [pia.id, rex.identity.id])
      .execute();
    expect(stored).toEqual([]);
  });

  it('refuses bad input with a 400, never a 500', async () => {
    const browser = injectAgent(t.app);
    for (const body of [
      {},
      { team: team.slug },
      { team: 'Not A Slug', name: 'Ana' },
      { team: team.slug, name: '' },
      { team: team.slug, name: 'Ana', extra: 1 },
    ]) {
      expectError(
        await browser.post('/api/recovery/start', body),
        400,
        'invalid_request',
        JSON.stringify(body),
      );
    }
    const start = await startRecovery(browser, 'Ana');
    for (const body of [
      { team: team.slug, name: 'Ana', nonce: start.nonce, sig: 'x' },
      { team: team.slug, name: 'Ana', nonce: 'short', credentials: {}, sig: 'A'.repeat(86) },
      {
        team: team.slug,
        name: 'Ana',
        nonce: start.nonce,
        credentials: { kdf: {}, auth: '', keys: {} },
        sig: 'A'.repeat(86),
      },
    ]) {
      expectError(await browser.post('/api/recovery/complete', body), 400, 'invalid_request');
    }
  });
});

describe('recovery for a member with a second factor', () => {
  it('asks for the factor before the new credentials count, then ends every session', async () => {
    const { identity, passphrase } = await joinWithPassphrase('Gus');
    const member = await signIn(injectAgent(t.app), team.slug, 'Gus', passphrase);
    const app = await addTotp(member.agent);

    const browser = injectAgent(t.app);
    const { res } = await recover(browser, 'Gus', identity.recoveryCode!, 'Gus recovered');
    const challenge = expectReply<ChallengeJson>(res, 200, 'recovery complete');
    expect(challenge.second_factor.methods).toEqual(['totp', 'recovery_code']);
    expect(res.headers['set-cookie']).toBeUndefined();
    // Not applied yet: the old passphrase still signs in (up to its own second factor).
    expect((await member.agent.get('/api/session')).status).toBe(200);
    const stillOld = await injectAgent(t.app).post('/api/session', {
      team: team.slug,
      name: 'Gus',
      auth: authToken(deriveMemberSecrets(passphrase, identity.credentials.kdf).auth),
    });
    expect(stillOld.json<ChallengeJson>().second_factor.token).toEqual(expect.any(String));

    // A wrong code is refused; the right one (a step the app has not used yet) finishes it.
    expectError(
      await browser.post('/api/session/second-factor', {
        token: challenge.second_factor.token,
        totp: wrongCode(app),
      }),
      401,
      'second_factor_invalid',
    );
    const session = expectReply<SessionReplyJson>(
      await browser.post('/api/session/second-factor', {
        token: challenge.second_factor.token,
        totp: app.next(),
      }),
      200,
      'second factor',
    );
    expect(session.member.id).toBe(identity.id);
    expectError(await member.agent.get('/api/session'), 401, 'unauthorized');
    expect((await browser.get('/api/session')).status).toBe(200);
    const newAuth = authToken(deriveMemberSecrets('Gus recovered', session.kdf).auth);
    expect(
      (await injectAgent(t.app).post('/api/session', { team: team.slug, name: 'Gus', auth: newAuth })).status,
    ).toBe(200);
    const oldAuth = authToken(deriveMemberSecrets(passphrase, identity.credentials.kdf).auth);
    expectError(
      await injectAgent(t.app).post('/api/session', { team: team.slug, name: 'Gus', auth: oldAuth }),
      401,
      'unauthorized',
    );
    expect(await auditActions(identity.id)).toContain('member.recovered');
    // The pending row never held the new `auth` itself.
    const leftovers = await t.db
      .selectFrom('auth_challenges')
      .select('payload')
      .where('member_id', '=', identity.id)
      .execute();
    for (const row of leftovers) expect(JSON.stringify(row.payload)).not.toContain(newAuth);
  });
});

describe('changing the passphrase', () => {
  const changeBody = (
    current: string,
    currentKdf: KdfParams,
    keys: MemberKeys,
    memberId: string,
    next: string,
    newCode = false,
  ) => {
    const rewrapped = rewrapMemberKeys(
      keys,
      next,
      { team: team.id, memberId },
      {
        newRecoveryCode: newCode,
        kdf: cheapKdf(),
        recoveryKdf: cheapKdf(),
      },
    );
    return {
      rewrapped,
      body: {
        current_auth: authToken(deriveMemberSecrets(current, currentKdf).auth),
        kdf: rewrapped.kdf,
        auth: rewrapped.auth,
        keys: rewrapped.keys,
        ...(rewrapped.recovery ? { recovery: rewrapped.recovery } : {}),
      },
    };
  };

  it('needs the current passphrase, keeps this session and ends every other one', async () => {
    const { identity, passphrase } = await joinWithPassphrase('Hal');
    const here = await signIn(injectAgent(t.app), team.slug, 'Hal', passphrase);
    const elsewhere = await signIn(injectAgent(t.app), team.slug, 'Hal', passphrase);

    const wrong = changeBody(
      'not my passphrase',
      identity.credentials.kdf,
      here.keys,
      identity.id,
      'Hal two',
    );
    expectError(
      await here.agent.request('PUT', '/api/me/passphrase', { json: wrong.body }),
      403,
      'current_passphrase_wrong',
    );
    expect(await signInStatus('Hal', passphrase)).toBe(200);

    const { body } = changeBody(passphrase, identity.credentials.kdf, here.keys, identity.id, 'Hal two');
    const res = await here.agent.request('PUT', '/api/me/passphrase', { json: body });
    expect(res.status, res.text).toBe(204);
    expect(
      expectReply<SessionReplyJson>(await here.agent.get('/api/session'), 200, 'this session').kdf,
    ).toEqual(body.kdf);
    expectError(await elsewhere.agent.get('/api/session'), 401, 'unauthorized');
    expect(await signInStatus('Hal', passphrase)).toBe(401);
    expect(await signInStatus('Hal', 'Hal two')).toBe(200);
    // The recovery code was not part of it and still works.
    const start = await startRecovery(injectAgent(t.app), 'Hal');
    expect(start.recovery).toEqual(identity.credentials.recovery);
    expect(await auditActions(identity.id)).toContain('member.passphrase_changed');
  });

  it('replaces the recovery code too when a new copy is sent', async () => {
    const { identity, passphrase } = await joinWithPassphrase('Ida');
    const here = await signIn(injectAgent(t.app), team.slug, 'Ida', passphrase);
    const { body, rewrapped } = changeBody(
      passphrase,
      identity.credentials.kdf,
      here.keys,
      identity.id,
      'Ida two',
      true,
    );
    expect((await here.agent.request('PUT', '/api/me/passphrase', { json: body })).status).toBe(204);
    const start = await startRecovery(injectAgent(t.app), 'Ida');
    expect(start.recovery).toEqual(rewrapped.recovery);
    expect(() =>
      openRecoveryBundle(identity.recoveryCode!, start.recovery, { team: team.id, memberId: identity.id }),
    ).toThrow();
    expect(() =>
      openRecoveryBundle(rewrapped.recoveryCode!, start.recovery, { team: team.id, memberId: identity.id }),
    ).not.toThrow();
  });

  it('refuses anyone without a session, a request without the CSRF header and a malformed body', async () => {
    const { identity, passphrase } = await joinWithPassphrase('Jo');
    const here = await signIn(injectAgent(t.app), team.slug, 'Jo', passphrase);
    const { body } = changeBody(passphrase, identity.credentials.kdf, here.keys, identity.id, 'Jo two');
    expectError(
      await injectAgent(t.app).request('PUT', '/api/me/passphrase', { json: body }),
      401,
      'unauthorized',
    );
    expectError(
      await here.agent.request('PUT', '/api/me/passphrase', { json: body, csrf: false }),
      403,
      'missing_csrf_header',
    );
    expectError(
      await here.agent.request('PUT', '/api/me/passphrase', { json: { ...body, auth: 'short' } }),
      400,
      'invalid_request',
    );
    expect(await signInStatus('Jo', passphrase)).toBe(200);
  });
});

describe('with rate limits on', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await buildTestApp({ env: { CONFIDE_RATE_LIMIT_SECRET: 'account-test-secret' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('counts against the name like a failed sign-in: the 21st in the window is a 429', async () => {
    const other = await createTeamWithService(limited.db, { adminName: 'Ana' });
    const session = await signInFast(
      injectAgent(limited.app, { remoteAddress: '203.0.113.7' }),
      other.slug,
      other.admin,
    );
    // A session without the known-device cookie (a stolen one, say) gets no pass.
    session.agent.cookies.delete('confide_device');
    const body = {
      current_auth: Buffer.alloc(32, 1).toString('base64url'),
      kdf: cheapKdf(),
      auth: Buffer.alloc(32, 2).toString('base64url'),
      keys: other.admin.credentials.keys,
    };
    // The session's cookies from several addresses: each address also has its own limit of 10 a
    // minute (the sign-in limit), which a thief changing addresses gets around, and the name's does not.
    const from = (address: string): Agent => {
      const agent = session.agent.fresh({ remoteAddress: address });
      for (const [name, value] of session.agent.cookies) agent.cookies.set(name, value);
      return agent;
    };
    for (let i = 0; i < 20; i++) {
      expectError(
        await from(`203.0.113.${20 + Math.floor(i / 5)}`).request('PUT', '/api/me/passphrase', {
          json: body,
        }),
        403,
        'current_passphrase_wrong',
      );
    }
    const refused = await from('203.0.113.40').request('PUT', '/api/me/passphrase', { json: body });
    expectError(refused, 429, 'rate_limited');
    expect(refused.headers['retry-after']).toEqual(expect.any(String));
    // And the sign-in of that name is held back alike.
    expectError(
      await injectAgent(limited.app, { remoteAddress: '203.0.113.8' }).post('/api/session', {
        team: other.slug,
        name: 'Ana',
        auth: other.admin.credentials.auth,
      }),
      429,
      'rate_limited',
    );
  });

  it('limits passphrase changes per client, even with the known-device cookie', async () => {
    const other = await createTeamWithService(limited.db, { adminName: 'Ana' });
    // The known-device cookie exempts the name's limit; the client's own limit still holds.
    const session = await signInFast(
      injectAgent(limited.app, { remoteAddress: '203.0.113.50' }),
      other.slug,
      other.admin,
    );
    const body = {
      current_auth: Buffer.alloc(32, 1).toString('base64url'),
      kdf: cheapKdf(),
      auth: Buffer.alloc(32, 2).toString('base64url'),
      keys: other.admin.credentials.keys,
    };
    for (let i = 0; i < 10; i++) {
      expectError(
        await session.agent.request('PUT', '/api/me/passphrase', { json: body }),
        403,
        'current_passphrase_wrong',
      );
    }
    expectError(
      await session.agent.request('PUT', '/api/me/passphrase', { json: body }),
      429,
      'rate_limited',
    );
  });

  it('limits recovery starts and completions per client, as sign-in is limited', async () => {
    const other = await createTeamWithService(limited.db, { adminName: 'Ana' });
    const client = injectAgent(limited.app, { remoteAddress: '198.51.100.4' });
    for (let i = 0; i < 10; i++) {
      expectReply(
        await client.post('/api/recovery/start', { team: other.slug, name: `Someone ${i}` }),
        200,
        'start',
      );
    }
    expectError(
      await client.post('/api/recovery/start', { team: other.slug, name: 'Ana' }),
      429,
      'rate_limited',
    );
    // Another client is not held back.
    const elsewhere = injectAgent(limited.app, { remoteAddress: '198.51.100.5' });
    expectReply(await elsewhere.post('/api/recovery/start', { team: other.slug, name: 'Ana' }), 200, 'start');
  });
});

// --- An authenticator app, as the member's phone runs it (otpauth, independent of the server) ---

interface PhoneApp {
  /** The code of the next 30-second step: accepted (window ±1) and never used yet. */
  next(): string;
  totp: TOTP;
}

async function addTotp(agent: Agent): Promise<PhoneApp> {
  const started = expectReply<{ secret: string; uri: string }>(
    await agent.post('/api/me/second-factor/totp/start'),
    200,
    'totp start',
  );
  const totp = new TOTP({
    secret: Secret.fromBase32(started.secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
  expectReply(await agent.post('/api/me/second-factor/totp', { code: totp.generate() }), 200, 'totp confirm');
  let offset = 0;
  return {
    totp,
    next() {
      offset += 1;
      return totp.generate({ timestamp: Date.now() + offset * 30_000 });
    },
  };
}

function wrongCode(app: PhoneApp): string {
  const valid = new Set([-1, 0, 1, 2].map((k) => app.totp.generate({ timestamp: Date.now() + k * 30_000 })));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}
