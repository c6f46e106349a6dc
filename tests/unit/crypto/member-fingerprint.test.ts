import { beforeAll, describe, expect, it } from 'vitest';
import { generateMemberKeys, keyToBase64, memberFingerprint, ready } from '../../../crypto/index.js';

beforeAll(async () => {
  await ready();
});

describe('member fingerprints', () => {
  it('are 8 groups of 4 hex digits and stable for the same keys', () => {
    const keys = generateMemberKeys();
    const enc = keyToBase64(keys.enc.publicKey);
    const sign = keyToBase64(keys.sign.publicKey);
    const shown = memberFingerprint(enc, sign);
    expect(shown).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(memberFingerprint(enc, sign)).toBe(shown);
  });

  it('change when either public key is swapped', () => {
    const a = generateMemberKeys();
    const b = generateMemberKeys();
    const original = memberFingerprint(keyToBase64(a.enc.publicKey), keyToBase64(a.sign.publicKey));
    expect(memberFingerprint(keyToBase64(b.enc.publicKey), keyToBase64(a.sign.publicKey))).not.toBe(original);
    expect(memberFingerprint(keyToBase64(a.enc.publicKey), keyToBase64(b.sign.publicKey))).not.toBe(original);
  });

  it('refuses keys of the wrong length', () => {
    expect(() => memberFingerprint('AAAA', keyToBase64(generateMemberKeys().sign.publicKey))).toThrow(
      /enc_pk/,
    );
  });
});
