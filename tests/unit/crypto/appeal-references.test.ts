import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAppealReference, hashAppealReference, ready } from '../../../crypto/index.js';

beforeAll(async () => {
  await ready();
});

describe('appeal references', () => {
  it('are made in a receipt’s format and hashed the same however they are typed', () => {
    const reference = generateAppealReference();
    expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    const hash = hashAppealReference(reference);
    expect(hash).toHaveLength(32);
    expect(hashAppealReference(reference.toLowerCase().replaceAll('-', ' '))).toEqual(hash);
    expect(hashAppealReference(generateAppealReference())).not.toEqual(hash);
  });

  it('are hashed under their own prefix, as protocol 10.9 says', () => {
    const hash = (text: string) => sodium.crypto_generichash(32, new TextEncoder().encode(text), null);
    const reference = '7k3m 9qxd-2hpn-bf4r-zt8w';
    expect(hashAppealReference(reference)).toEqual(hash('confide/v1/appeal-reference\n7K3M9QXD2HPNBF4RZT8W'));
    expect(hashAppealReference(reference)).not.toEqual(hash('7K3M9QXD2HPNBF4RZT8W'));
  });

  it('refuse text that is not one, naming it', () => {
    expect(() => hashAppealReference('7K3M-9QXD-2HPN-BF4R')).toThrow(/appeal reference/);
    expect(() => hashAppealReference('7K3M-9QXD-2HPN-BF4R-ZT8U')).toThrow(/appeal reference/);
  });
});
