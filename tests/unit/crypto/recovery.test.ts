// Recovery with the recovery code and re-wrapping under a new passphrase (docs/protocol.md 5.8):
// the recovery copy opens only with its code, the re-wrapped keys open only with the new
// passphrase and code, and the recovery proof binds team, member, nonce and every credential
// field, with a verifier that answers false (never throws) on hostile input.
import { readFileSync } from 'node:fs';

import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type {
  KdfParams,
  MemberKeys,
  RecoveredCredentialsWire,
  SignSecretKey,
} from '../../../crypto/index.js';
import { VECTORS_PATH, type VectorsV1 } from '../../../scripts/generate-vectors.js';
import { expectBytes, expectCode, flippedB64 } from './helpers.js';

/** The lowest parameters a client accepts, each with a fresh salt. */
const fast = (): KdfParams => ({
  alg: 'argon2id13',
  ops: 2,
  mem: 67108864,
  salt: C.toBase64Url(C.randomBytes(16)),
});

const team = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
const memberId = '0d8f6e2a-91b4-4c7e-8a53-2f6b1c9d4e70';
const where = { team, memberId };

let enrolment: C.Enrolment;

/** BLAKE2b-256 from libsodium's own package, so the test does not trust the module's hashing. */
const hashOf = (bytes: Uint8Array): Uint8Array => sodium.crypto_generichash(32, bytes, null);

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
  enrolment = C.enrolMember({
    team,
    name: 'Ana',
    passphrase: 'the old passphrase',
    memberId,
    kdf: fast(),
    recoveryKdf: fast(),
  });
});

function expectSameKeys(actual: MemberKeys, expected: MemberKeys): void {
  expectBytes(actual.enc.secretKey, expected.enc.secretKey);
  expectBytes(actual.sign.secretKey, expected.sign.secretKey);
  expectBytes(actual.sign.publicKey, expected.sign.publicKey);
}

describe('opening the recovery copy', () => {
  it('gives back the member keys with the recovery code, typed loosely as people do', () => {
    const typed = enrolment.recoveryCode.toLowerCase().replaceAll('-', ' ');
    expectSameKeys(C.openRecoveryBundle(typed, enrolment.credentials.recovery, where), enrolment.keys);
  });

  it('refuses another recovery code with RECOVERY_CODE_WRONG, not a passphrase error', () => {
    const other = C.generateRecoveryCode();
    expectCode(
      () => C.openRecoveryBundle(other, enrolment.credentials.recovery, where),
      'RECOVERY_CODE_WRONG',
    );
  });

  it('refuses a copy opened for another member or team (the AD binds both)', () => {
    const code = enrolment.recoveryCode;
    const copy = enrolment.credentials.recovery;
    expectCode(
      () => C.openRecoveryBundle(code, copy, { team, memberId: C.generateId() }),
      'RECOVERY_CODE_WRONG',
    );
    expectCode(
      () => C.openRecoveryBundle(code, copy, { team: C.generateId(), memberId }),
      'RECOVERY_CODE_WRONG',
    );
  });

  it('names a character outside the alphabet before running Argon2id', () => {
    const error = expectCode(
      () => C.openRecoveryBundle('ABCD-EFGH-!JKM-NPQR-STVW', enrolment.credentials.recovery, where),
      'RECEIPT_MALFORMED',
    );
    expect(error.character).toBe('!');
  });

  it('refuses parameters below the floor: a server that lowers them is attacking', () => {
    const weak = { ...enrolment.credentials.recovery, kdf: { ...fast(), ops: 1 } };
    expectCode(() => C.openRecoveryBundle(enrolment.recoveryCode, weak, where), 'KDF_TOO_WEAK');
  });
});

describe('re-wrapping under a new passphrase', () => {
  it('with a new recovery code: both open to the same keys, with fresh salts, and the old code does not open the new copy', () => {
    const kdf = fast();
    const recoveryKdf = fast();
    const rewrapped = C.rewrapMemberKeys(enrolment.keys, 'a brand new passphrase', where, {
      newRecoveryCode: true,
      kdf,
      recoveryKdf,
    });
    expect(rewrapped.kdf).toEqual(kdf);
    expect(rewrapped.recovery?.kdf).toEqual(recoveryKdf);
    const secrets = C.deriveMemberSecrets('a brand new passphrase', rewrapped.kdf);
    expect(rewrapped.auth).toBe(C.authToken(secrets.auth));
    expectSameKeys(C.unwrapMemberKeys(rewrapped.keys, secrets.kek, where), enrolment.keys);
    expect(rewrapped.recoveryCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(rewrapped.recoveryCode).not.toBe(enrolment.recoveryCode);
    expectSameKeys(C.openRecoveryBundle(rewrapped.recoveryCode!, rewrapped.recovery!, where), enrolment.keys);
    expectCode(
      () => C.openRecoveryBundle(enrolment.recoveryCode, rewrapped.recovery!, where),
      'RECOVERY_CODE_WRONG',
    );
    // The old passphrase opens nothing new.
    const old = C.deriveMemberSecrets('the old passphrase', rewrapped.kdf);
    expectCode(() => C.unwrapMemberKeys(rewrapped.keys, old.kek, where), 'WRONG_PASSPHRASE');
  });

  it('makes new salts by default, and no recovery copy unless asked', () => {
    const rewrapped = C.rewrapMemberKeys(enrolment.keys, 'another passphrase', where, {
      newRecoveryCode: false,
      kdf: fast(),
    });
    expect(rewrapped.recovery).toBeUndefined();
    expect(rewrapped.recoveryCode).toBeUndefined();
    expect(rewrapped.kdf.salt).not.toBe(enrolment.credentials.kdf.salt);
    expectCode(() => C.recoveredCredentials(rewrapped), 'INVALID_ARGUMENT');
  });

  it('refuses an empty passphrase and an id that is not a UUID', () => {
    expectCode(
      () => C.rewrapMemberKeys(enrolment.keys, '', where, { newRecoveryCode: false }),
      'INVALID_ARGUMENT',
    );
    expectCode(
      () => C.rewrapMemberKeys(enrolment.keys, 'pw', { team, memberId: 'x\ny' }, { newRecoveryCode: false }),
      'INVALID_ARGUMENT',
    );
  });
});

describe('the recovery proof', () => {
  let credentials: RecoveredCredentialsWire;
  const nonce = C.toBase64Url(C.randomBytes(32));
  const signPk = () => C.keyToBase64(enrolment.keys.sign.publicKey);
  const sk = (): SignSecretKey => enrolment.keys.sign.secretKey;

  beforeAll(() => {
    credentials = C.recoveredCredentials(
      C.rewrapMemberKeys(enrolment.keys, 'recovered passphrase', where, {
        newRecoveryCode: true,
        kdf: fast(),
        recoveryKdf: fast(),
      }),
    );
  });

  it('is the context, team, member, nonce and the hash of the canonical credentials, one per line', () => {
    const message = new TextDecoder().decode(C.recoveryProofMessage({ team, memberId, nonce, credentials }));
    const hash = C.toBase64Url(hashOf(C.canonicalJsonBytes(credentials)));
    expect(message).toBe(`confide/v1/recovery\n${team}\n${memberId}\n${nonce}\n${hash}`);
  });

  it('verifies for the signer, over exactly these values', () => {
    const input = { team, memberId, nonce, credentials };
    const sig = C.signRecoveryProof(sk(), input);
    expect(C.verifyRecoveryProof(signPk(), sig, input)).toBe(true);
  });

  it('fails when any bound value changes: team, member, nonce or any credential field', () => {
    const input = { team, memberId, nonce, credentials };
    const sig = C.signRecoveryProof(sk(), input);
    const variants: [string, typeof input][] = [
      ['team', { ...input, team: C.generateId() }],
      ['member', { ...input, memberId: C.generateId() }],
      ['nonce', { ...input, nonce: flippedB64(nonce, 0) }],
      ['auth', { ...input, credentials: { ...credentials, auth: flippedB64(credentials.auth, 3) } }],
      ['kdf', { ...input, credentials: { ...credentials, kdf: { ...credentials.kdf, ops: 4 } } }],
      [
        'keys',
        {
          ...input,
          credentials: {
            ...credentials,
            keys: { ...credentials.keys, c: flippedB64(credentials.keys.c, 9) },
          },
        },
      ],
      [
        'recovery',
        {
          ...input,
          credentials: {
            ...credentials,
            recovery: { ...credentials.recovery, kdf: { ...credentials.recovery.kdf, salt: fast().salt } },
          },
        },
      ],
    ];
    for (const [what, changed] of variants) {
      expect(C.verifyRecoveryProof(signPk(), sig, changed), what).toBe(false);
    }
  });

  it('fails for another signer and for a flipped signature', () => {
    const input = { team, memberId, nonce, credentials };
    const sig = C.signRecoveryProof(sk(), input);
    const stranger = C.generateMemberKeys();
    expect(C.verifyRecoveryProof(C.keyToBase64(stranger.sign.publicKey), sig, input)).toBe(false);
    expect(C.verifyRecoveryProof(signPk(), flippedB64(sig, 10), input)).toBe(false);
    expect(C.verifyRecoveryProof(signPk(), C.signRecoveryProof(stranger.sign.secretKey, input), input)).toBe(
      false,
    );
  });

  it('answers false, never throws, on hostile input', () => {
    const input = { team, memberId, nonce, credentials };
    const sig = C.signRecoveryProof(sk(), input);
    const hostile: [string, string, string, unknown][] = [
      ['short key', 'AAAA', sig, input],
      ['key with padding', `${signPk()}=`, sig, input],
      ['short signature', signPk(), sig.slice(0, 40), input],
      ['signature not base64url', signPk(), `${sig.slice(0, 85)}+`, input],
      ['team with a newline', signPk(), sig, { ...input, team: `${team}\n` }],
      ['member not a uuid', signPk(), sig, { ...input, memberId: 'reporter' }],
      ['nonce of 31 bytes', signPk(), sig, { ...input, nonce: C.toBase64Url(C.randomBytes(31)) }],
      ['nonce with a newline', signPk(), sig, { ...input, nonce: `${nonce}\n` }],
      [
        'float in credentials',
        signPk(),
        sig,
        { ...input, credentials: { ...credentials, kdf: { ops: 1.5 } } },
      ],
      ['credentials not an object', signPk(), sig, { ...input, credentials: undefined }],
    ];
    for (const [what, pk, s, i] of hostile) {
      expect(() => C.verifyRecoveryProof(pk, s, i as typeof input), what).not.toThrow();
      expect(C.verifyRecoveryProof(pk, s, i as typeof input), what).toBe(false);
    }
  });

  it('refuses to sign a message that would be ambiguous', () => {
    expectCode(
      () => C.signRecoveryProof(sk(), { team, memberId, nonce: 'not\na nonce', credentials }),
      'BAD_ENCODING',
    );
    expectCode(
      () => C.signRecoveryProof(sk(), { team: 'my-team', memberId, nonce, credentials }),
      'INVALID_ARGUMENT',
    );
  });
});

describe('the recovery_proof vector', () => {
  const V = JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as VectorsV1;
  const v = V.recovery_proof;
  const input = () => ({ team: v.team, memberId: v.member_id, nonce: v.nonce, credentials: v.credentials });

  it('hashes canon(credentials) and composes the message it lists', () => {
    expect(C.toBase64Url(hashOf(C.canonicalJsonBytes(v.credentials)))).toBe(v.credentials_hash);
    expect(new TextDecoder().decode(C.recoveryProofMessage(input()))).toBe(v.message);
    expect(v.message).toBe(
      `confide/v1/recovery\n${v.team}\n${v.member_id}\n${v.nonce}\n${v.credentials_hash}`,
    );
  });

  it('verifies with sign_pk, and signing again with sign_sk gives the same signature (Ed25519 is deterministic)', () => {
    expect(C.verifyRecoveryProof(v.sign_pk, v.sig, input())).toBe(true);
    const keys = C.signKeyPairFromSecretKey(C.fromBase64Url(v.sign_sk) as SignSecretKey);
    expect(C.keyToBase64(keys.publicKey)).toBe(v.sign_pk);
    expect(C.signRecoveryProof(keys.secretKey, input())).toBe(v.sig);
  });
});
