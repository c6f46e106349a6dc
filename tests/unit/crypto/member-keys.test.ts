import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { Envelope, KdfParams } from '../../../crypto/index.js';
import { expectBytes, expectCode, flippedB64, sampleIndices } from './helpers.js';

/** The lowest parameters a client accepts: ~0.1 s per derivation, enough for tests. */
const FAST: KdfParams = { alg: 'argon2id13', ops: 2, mem: 67108864, salt: 'AAECAwQFBgcICQoLDA0ODw' };
const team = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
const memberId = '0d8f6e2a-91b4-4c7e-8a53-2f6b1c9d4e70';
const where = { team, memberId };

let secrets: C.MemberSecrets;

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
  secrets = C.deriveMemberSecrets('correct horse battery staple', FAST);
});

describe('member passphrase and keys', () => {
  it('has crypto_pwhash, so this is the sumo build of libsodium', () => {
    expect(typeof sodium.crypto_pwhash).toBe('function');
    const out = sodium.crypto_pwhash(
      32,
      'pw',
      new Uint8Array(16),
      sodium.crypto_pwhash_OPSLIMIT_MIN,
      sodium.crypto_pwhash_MEMLIMIT_MIN,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    expect(out.length).toBe(32);
  });

  it('new parameters are the defaults (ops 3, 256 MiB) with a random 16-byte salt', () => {
    const a = C.generateKdfParams();
    const b = C.generateKdfParams();
    expect(a).toMatchObject({ alg: 'argon2id13', ops: 3, mem: 268435456 });
    expect(C.fromBase64Url(a.salt).length).toBe(16);
    expect(a.salt).not.toBe(b.salt);
    expectBytes(C.checkKdfParams(a), C.fromBase64Url(a.salt));
  });

  it.each([
    ['ops 1', { ...FAST, ops: 1 }],
    ['32 MiB', { ...FAST, mem: 33554432 }],
    ['ops 0 and 8 KiB', { ...FAST, ops: 0, mem: 8192 }],
  ])('refuses parameters weaker than ops 2 / 64 MiB (%s) before running Argon2id', (_what, kdf) => {
    const started = performance.now();
    expectCode(() => C.deriveMemberSecrets('pw', kdf), 'KDF_TOO_WEAK');
    expectCode(() => C.deriveRecoveryKek('0000-0000-0000-0000-0000', kdf), 'KDF_TOO_WEAK');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('refuses unknown algorithms and non-integer parameters', () => {
    expectCode(
      () => C.checkKdfParams({ ...FAST, alg: 'argon2i13' } as unknown as KdfParams),
      'KDF_UNSUPPORTED',
    );
    expectCode(() => C.checkKdfParams({ ...FAST, ops: 2.5 }), 'KDF_UNSUPPORTED');
    expectCode(() => C.checkKdfParams({ ...FAST, mem: Number.NaN }), 'KDF_UNSUPPORTED');
    expectCode(() => C.checkKdfParams({ ...FAST, salt: 'AAEC' }), 'BAD_ENCODING');
  });

  it('normalizes the passphrase with NFKC: composed and decomposed, full-width and ASCII agree', () => {
    const a = C.deriveMemberSecrets('café ﬁne', FAST);
    const b = C.deriveMemberSecrets('cafe\u0301 fine', FAST);
    expectBytes(a.kek, b.kek);
    expectBytes(a.auth, b.auth);
    const c = C.deriveMemberSecrets('Ｃａｆé ﬁne', FAST);
    expect(C.toBase64Url(c.kek)).not.toBe(C.toBase64Url(a.kek)); // capital C differs
  });

  it('derives distinct kek and auth, and a verifier the server can check in constant time', () => {
    expect(C.toBase64Url(secrets.kek)).not.toBe(C.toBase64Url(secrets.auth));
    const verifier = C.deriveVerifier(secrets.auth);
    expectBytes(verifier, sodium.crypto_generichash(32, secrets.auth, null));
    expectBytes(C.verifierFromAuthToken(C.authToken(secrets.auth)), verifier);
    expect(C.authTokenMatches(C.authToken(secrets.auth), verifier)).toBe(true);
    expect(C.authTokenMatches(C.toBase64Url(secrets.kek), verifier)).toBe(false);
    expect(C.authTokenMatches('not base64!', verifier)).toBe(false);
    expect(C.authTokenMatches('', verifier)).toBe(false);
  });

  it('wraps and unwraps the key bundle, which holds canonical JSON', () => {
    const keys = C.generateMemberKeys();
    const env = C.wrapMemberKeys(keys, secrets.kek, where);
    const back = C.unwrapMemberKeys(env, secrets.kek, where);
    expectBytes(back.enc.secretKey, keys.enc.secretKey);
    expectBytes(back.enc.publicKey, keys.enc.publicKey);
    expectBytes(back.sign.secretKey, keys.sign.secretKey);
    expectBytes(back.sign.publicKey, keys.sign.publicKey);
    const text = new TextDecoder().decode(
      C.openEnvelope(env, secrets.kek, { kind: 'member-keys', team, id: memberId }),
    );
    expect(text).toBe(
      `{"enc_sk":"${C.toBase64Url(keys.enc.secretKey)}","sign_sk":"${C.toBase64Url(keys.sign.secretKey)}","v":1}`,
    );
  });

  it('a wrong passphrase gives WRONG_PASSPHRASE', () => {
    const env = C.wrapMemberKeys(C.generateMemberKeys(), secrets.kek, where);
    const wrong = C.deriveMemberSecrets('correct horse battery stapler', FAST);
    const error = expectCode(() => C.unwrapMemberKeys(env, wrong.kek, where), 'WRONG_PASSPHRASE');
    expect(error.message).not.toContain(C.toBase64Url(wrong.kek));
  });

  it('a bundle with any byte flipped, or moved to another member or team, does not open', () => {
    const env = C.wrapMemberKeys(C.generateMemberKeys(), secrets.kek, where);
    const length = C.fromBase64Url(env.c).length;
    for (const i of sampleIndices(length, 400)) {
      expectCode(
        () => C.unwrapMemberKeys({ ...env, c: flippedB64(env.c, i, i % 8) }, secrets.kek, where),
        'WRONG_PASSPHRASE',
      );
    }
    for (let i = 0; i < 24; i++) {
      expectCode(
        () => C.unwrapMemberKeys({ ...env, n: flippedB64(env.n, i) }, secrets.kek, where),
        'WRONG_PASSPHRASE',
      );
    }
    expectCode(
      () => C.unwrapMemberKeys(env, secrets.kek, { team, memberId: C.generateId() }),
      'WRONG_PASSPHRASE',
    );
    expectCode(
      () => C.unwrapMemberKeys(env, secrets.kek, { team: C.generateId(), memberId }),
      'WRONG_PASSPHRASE',
    );
    expectCode(
      () => C.unwrapMemberKeys({ ...env, v: 2 } as unknown as Envelope, secrets.kek, where),
      'UNKNOWN_VERSION',
    );
  });

  it('refuses an authentic bundle that is not canonical or lacks a key', () => {
    const ctx = { kind: 'member-keys', team, id: memberId };
    const keys = C.generateMemberKeys();
    const enc = C.toBase64Url(keys.enc.secretKey);
    const sign = C.toBase64Url(keys.sign.secretKey);
    const wrap = (text: string) => C.sealEnvelope(new TextEncoder().encode(text), secrets.kek, ctx);
    expectCode(
      () => C.unwrapMemberKeys(wrap(`{"v":1,"enc_sk":"${enc}","sign_sk":"${sign}"}`), secrets.kek, where),
      'BAD_ENCODING',
    );
    expectCode(
      () => C.unwrapMemberKeys(wrap(`{"enc_sk":"${enc}","v":1}`), secrets.kek, where),
      'BAD_ENCODING',
    );
    expectCode(
      () => C.unwrapMemberKeys(wrap(`{"enc_sk":"${enc}","sign_sk":"${enc}","v":1}`), secrets.kek, where),
      'BAD_ENCODING',
    );
    expectCode(
      () => C.unwrapMemberKeys(wrap(`{"enc_sk":"${enc}","sign_sk":"${sign}","v":2}`), secrets.kek, where),
      'UNKNOWN_VERSION',
    );
    expectCode(() => C.unwrapMemberKeys(wrap('not json'), secrets.kek, where), 'BAD_ENCODING');
  });

  it('a recovery code wraps the same keys a second time', () => {
    const code = C.generateRecoveryCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
    const kdf = { ...FAST, salt: C.toBase64Url(C.randomBytes(16)) };
    const kekR = C.deriveRecoveryKek(code, kdf);
    const keys = C.generateMemberKeys();
    const env = C.wrapMemberKeys(keys, kekR, where);
    // As a person types it back: lowercase, spaces, O for 0.
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const again = C.deriveRecoveryKek(typed, kdf);
    expectBytes(C.unwrapMemberKeys(env, again, where).sign.secretKey, keys.sign.secretKey);
    expectCode(() => C.unwrapMemberKeys(env, secrets.kek, where), 'WRONG_PASSPHRASE');
    expectCode(() => C.deriveRecoveryKek('not a code', kdf), 'RECEIPT_MALFORMED');
    expect(C.normalizeRecoveryCode(typed)).toBe(code.replace(/-/g, ''));
  });

  it('refuses a member id that is not a UUID', () => {
    expectCode(
      () => C.wrapMemberKeys(C.generateMemberKeys(), secrets.kek, { team, memberId: 'admin' }),
      'INVALID_ARGUMENT',
    );
  });
});
