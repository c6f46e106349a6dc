import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { BoxPublicKey } from '../../../crypto/index.js';
import { openSealed, sealToRecipient } from '../../../crypto/sealed-box.js';
import { expectBytes, expectCode, flippedB64, person } from './helpers.js';

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
});

describe('sealed boxes and grants', () => {
  it("composes sealed boxes that libsodium's crypto_box_seal_open opens", () => {
    for (let n = 0; n < 100; n += 7) {
      const recipient = C.generateMemberKeys().enc;
      const message = C.randomBytes(n);
      const sealed = sealToRecipient(message, recipient.publicKey);
      expect(sealed.length).toBe(n + 48);
      expectBytes(sodium.crypto_box_seal_open(sealed, recipient.publicKey, recipient.secretKey), message);
    }
  });

  it("opens libsodium's own crypto_box_seal output", () => {
    const recipient = C.generateMemberKeys().enc;
    const message = C.randomBytes(32);
    expectBytes(openSealed(sodium.crypto_box_seal(message, recipient.publicKey), recipient, 'box'), message);
  });

  it('grants a report key to every recipient, each of whom unwraps it', () => {
    const people = [person('a'), person('b'), person('c')];
    const key = C.generateReportKey();
    const grants = C.grantKey(
      key,
      people.map((p) => ({ id: p.id, boxPublicKey: p.keys.enc.publicKey })),
    );
    expect(grants.map((g) => g.to)).toEqual(people.map((p) => p.id));
    grants.forEach((g, i) => {
      expectBytes(C.unwrapReportKey(g.k, people[i]!.keys.enc), key);
    });
    // Distinct ephemeral keys: no two grants share their first 32 bytes.
    expect(new Set(grants.map((g) => g.k.slice(0, 43))).size).toBe(3);
  });

  it('rejects a grant with any byte flipped', () => {
    const p = person('a');
    const [grant] = C.grantKey(C.generateReportKey(), [{ id: p.id, boxPublicKey: p.keys.enc.publicKey }]);
    for (let i = 0; i < 80; i++) {
      expectCode(() => C.unwrapReportKey(flippedB64(grant!.k, i, i % 8), p.keys.enc), 'TAMPERED');
    }
  });

  it('rejects a grant sealed to someone else, or cut short', () => {
    const a = person('a');
    const b = person('b');
    const [grant] = C.grantKey(C.generateItemKey(), [{ id: a.id, boxPublicKey: a.keys.enc.publicKey }]);
    expectCode(() => C.unwrapItemKey(grant!.k, b.keys.enc), 'TAMPERED');
    expectCode(() => C.unwrapItemKey(grant!.k.slice(0, 40), a.keys.enc), 'TAMPERED');
    expectCode(() => C.unwrapItemKey(`${grant!.k}+`, a.keys.enc), 'BAD_ENCODING');
  });

  it('refuses duplicate recipients and unusable public keys', () => {
    const a = person('a');
    const r = { id: a.id, boxPublicKey: a.keys.enc.publicKey };
    expectCode(() => C.grantKey(C.generateReportKey(), [r, r]), 'INVALID_ARGUMENT');
    expectCode(
      () =>
        C.grantKey(C.generateReportKey(), [{ id: 'x', boxPublicKey: new Uint8Array(32) as BoxPublicKey }]),
      'BAD_KEY',
    );
    expectCode(
      () =>
        C.grantKey(C.generateReportKey(), [{ id: 'x', boxPublicKey: new Uint8Array(31) as BoxPublicKey }]),
      'BAD_KEY',
    );
  });

  it('wraps the team index key to a member', () => {
    const a = person('a');
    const indexKey = C.generateIndexKey();
    const sealed = C.wrapIndexKey(indexKey, a.keys.enc.publicKey);
    expectBytes(C.unwrapIndexKey(sealed, a.keys.enc), indexKey);
    expectCode(() => C.unwrapIndexKey(sealed, person('b').keys.enc), 'TAMPERED');
  });

  it('refuses a sealed box that holds something other than a 32-byte key', () => {
    const a = person('a');
    const sealed = C.toBase64Url(sealToRecipient(new Uint8Array(31), a.keys.enc.publicKey));
    expectCode(() => C.unwrapReportKey(sealed, a.keys.enc), 'BAD_KEY');
  });
});
