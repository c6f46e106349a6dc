// Signed grants of the team's index key (docs/protocol.md 7, review-notes.md R-5): a grant opens
// only for its member, verifies only for its signer, team, member, epoch and wrap, and the
// verifier answers false (never throws) on hostile input.
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { IndexKey, SignedIndexKeyGrant } from '../../../crypto/index.js';
import { expectBytes, expectCode, flippedB64 } from './helpers.js';

const team = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
const otherTeam = '7a2d3b0f-4c8e-4d69-8f32-1b5c9e8a4d76';

beforeAll(async () => {
  await C.ready();
});

function setting() {
  const admin = { id: C.generateId(), keys: C.generateMemberKeys() };
  const member = { id: C.generateId(), keys: C.generateMemberKeys() };
  const indexKey = C.generateIndexKey();
  const grant = C.signIndexKeyGrant(
    indexKey,
    { team, member: member.id, encPublicKey: member.keys.enc.publicKey },
    { id: admin.id, signSecretKey: admin.keys.sign.secretKey },
    3,
  );
  const adminSignPk = C.keyToBase64(admin.keys.sign.publicKey);
  return { admin, member, indexKey, grant, adminSignPk };
}

describe('index-key grants', () => {
  it('opens for its member, signed by its admin, at its epoch', () => {
    const { member, indexKey, grant, adminSignPk, admin } = setting();
    expect(grant.epoch).toBe(3);
    expect(grant.by).toBe(admin.id);
    expect(grant.wrap).toHaveLength(107);
    expect(grant.sig).toHaveLength(86);
    const opened = C.openIndexKeyGrant(grant, { team, member: member.id }, adminSignPk, member.keys.enc);
    expectBytes(opened, indexKey);
  });

  it('refuses a grant checked against another key, team, member or epoch', () => {
    const { member, grant, adminSignPk } = setting();
    const stranger = C.keyToBase64(C.generateMemberKeys().sign.publicKey);
    const context = { team, member: member.id };
    expect(C.verifyIndexKeyGrant(adminSignPk, grant, context)).toBe(true);
    expect(C.verifyIndexKeyGrant(stranger, grant, context)).toBe(false);
    expect(C.verifyIndexKeyGrant(adminSignPk, grant, { team: otherTeam, member: member.id })).toBe(false);
    expect(C.verifyIndexKeyGrant(adminSignPk, grant, { team, member: C.generateId() })).toBe(false);
    expect(C.verifyIndexKeyGrant(adminSignPk, { ...grant, epoch: 4 }, context)).toBe(false);
    expect(C.verifyIndexKeyGrant(adminSignPk, { ...grant, by: C.generateId() }, context)).toBe(false);
    expectCode(() => C.openIndexKeyGrant(grant, context, stranger, member.keys.enc), 'SIGNATURE_INVALID');
  });

  it('refuses a wrap the server swapped for one of a key it chose, even sealed to the member', () => {
    const { member, grant, adminSignPk } = setting();
    // What R-5 was about: a sealed box anyone can make, holding a key the server knows.
    const planted = C.wrapIndexKey(C.generateIndexKey(), member.keys.enc.publicKey);
    const swapped: SignedIndexKeyGrant = { ...grant, wrap: planted };
    expect(C.verifyIndexKeyGrant(adminSignPk, swapped, { team, member: member.id })).toBe(false);
    expectCode(
      () => C.openIndexKeyGrant(swapped, { team, member: member.id }, adminSignPk, member.keys.enc),
      'SIGNATURE_INVALID',
    );
  });

  it('does not open for another member, even with a valid signature', () => {
    const { member, grant, adminSignPk } = setting();
    const other = C.generateMemberKeys();
    expect(() => C.openIndexKeyGrant(grant, { team, member: member.id }, adminSignPk, other.enc)).toThrow(
      C.ConfideCryptoError,
    );
  });

  it('answers false, never throws, for malformed input', () => {
    const { member, grant, adminSignPk } = setting();
    const context = { team, member: member.id };
    const hostile: unknown[] = [
      { ...grant, sig: 'not base64!' },
      { ...grant, sig: grant.sig.slice(1) },
      { ...grant, sig: flippedB64(grant.sig, 5) },
      { ...grant, wrap: 42 },
      { ...grant, epoch: 0 },
      { ...grant, epoch: 1.5 },
      { ...grant, epoch: C.MAX_INDEX_EPOCH + 1 },
      { ...grant, by: 'urn:uuid:' + grant.by },
      {},
    ];
    for (const g of hostile) {
      expect(C.verifyIndexKeyGrant(adminSignPk, g as SignedIndexKeyGrant, context)).toBe(false);
    }
    expect(C.verifyIndexKeyGrant('short', grant, context)).toBe(false);
    expect(C.verifyIndexKeyGrant(adminSignPk, grant, { team: 'x', member: member.id })).toBe(false);
  });

  it('signs canon of the five fields behind its own context', () => {
    const { member, grant } = setting();
    const text = new TextDecoder().decode(C.indexKeyGrantMessage(grant, { team, member: member.id }));
    expect(text).toBe(
      `confide/v1/index-key-grant\n{"by":"${grant.by}","epoch":3,"member":"${member.id}","team":"${team}","wrap":"${grant.wrap}"}`,
    );
    expectCode(
      () => C.indexKeyGrantMessage({ ...grant, epoch: 0 }, { team, member: member.id }),
      'INVALID_ARGUMENT',
    );
  });

  it('refuses to seal a key of the wrong length', () => {
    const { member, admin } = setting();
    expectCode(
      () =>
        C.signIndexKeyGrant(
          new Uint8Array(31) as IndexKey,
          { team, member: member.id, encPublicKey: member.keys.enc.publicKey },
          { id: admin.id, signSecretKey: admin.keys.sign.secretKey },
          1,
        ),
      'BAD_KEY',
    );
  });
});

describe('report parties', () => {
  it('names every involved account and, for a target, the reporter', () => {
    const body = {
      reporter_role: 'target',
      involved: [
        { name: 'Example_Troll', role: 'alleged_harasser' },
        { name: 'Me Myself', role: 'target' },
        { name: '_ _', role: 'witness' },
        { role: 'other' },
        'not an entry',
        { name: 'Second Target', role: 'target' },
      ],
    };
    expect(C.reportParties(body)).toEqual({
      involved: ['Example_Troll', 'Me Myself', 'Second Target'],
      reporter: 'Me Myself',
    });
  });

  it('gives no reporter account for a third party, and nothing for a body without accounts', () => {
    expect(
      C.reportParties({ reporter_role: 'third_party', involved: [{ name: 'A', role: 'target' }] }),
    ).toEqual({ involved: ['A'], reporter: null });
    expect(C.reportParties({ involved: 'nope' })).toEqual({ involved: [], reporter: null });
    expect(C.reportParties({})).toEqual({ involved: [], reporter: null });
  });
});
