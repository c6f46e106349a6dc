// A member's own settings (docs/protocol.md 5.7): sealed to that member alone, bound to their
// team and id, and refused when altered, moved or malformed.
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { MemberSettingsBody } from '../../../crypto/index.js';
import { expectCode, flippedB64 } from './helpers.js';

const TEAM = '6f1c2a9e-3b7d-4c58-9e21-0a4b8d7f3c65';
const OTHER_TEAM = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const MEMBER = 'a3c5e7f9-1b2d-4f6a-8c0e-9d7b5a3f1e2c';
const OTHER_MEMBER = '0d8f6e2a-91b4-4c7e-8a53-2f6b1c9d4e70';

const body: MemberSettingsBody = {
  schema: 'confide/member-settings/v1',
  personal_details: ['Ada Lovelace', 'ada@example.org', 'Marylebone'],
};

beforeAll(async () => {
  await C.ready();
  await sodium.ready;
});

describe('member settings', () => {
  it('round-trips under the member’s own key and binds the AD kind member-settings', () => {
    const own = C.generateMemberKeys().enc;
    const sealed = C.sealMemberSettings(body, own.publicKey, { team: TEAM, memberId: MEMBER });
    expect(C.openMemberSettings(sealed, own, { team: TEAM, memberId: MEMBER })).toEqual(body);
    // The key is a plain crypto_box_seal of 32 bytes that libsodium itself opens...
    const key = sodium.crypto_box_seal_open(C.fromBase64Url(sealed.k), own.publicKey, own.secretKey);
    expect(key.length).toBe(32);
    // ...and the envelope is bound to ad("member-settings", team, member_id).
    const text = new TextDecoder().decode(
      C.openEnvelope(sealed.payload, key as C.SymmetricKey, {
        kind: 'member-settings',
        team: TEAM,
        id: MEMBER,
      }),
    );
    expect(JSON.parse(text)).toEqual(body);
  });

  it('uses a fresh key and nonce on every save', () => {
    const own = C.generateMemberKeys().enc;
    const a = C.sealMemberSettings(body, own.publicKey, { team: TEAM, memberId: MEMBER });
    const b = C.sealMemberSettings(body, own.publicKey, { team: TEAM, memberId: MEMBER });
    expect(a.k).not.toBe(b.k);
    expect(a.payload.n).not.toBe(b.payload.n);
  });

  it('does not open for another member’s key', () => {
    const own = C.generateMemberKeys().enc;
    const other = C.generateMemberKeys().enc;
    const sealed = C.sealMemberSettings(body, own.publicKey, { team: TEAM, memberId: MEMBER });
    expectCode(() => C.openMemberSettings(sealed, other, { team: TEAM, memberId: MEMBER }), 'TAMPERED');
  });

  it('refuses settings moved to another member or team (the AD)', () => {
    const own = C.generateMemberKeys().enc;
    const sealed = C.sealMemberSettings(body, own.publicKey, { team: TEAM, memberId: MEMBER });
    expectCode(() => C.openMemberSettings(sealed, own, { team: TEAM, memberId: OTHER_MEMBER }), 'TAMPERED');
    expectCode(() => C.openMemberSettings(sealed, own, { team: OTHER_TEAM, memberId: MEMBER }), 'TAMPERED');
  });

  it('refuses an altered key or ciphertext', () => {
    const own = C.generateMemberKeys().enc;
    const sealed = C.sealMemberSettings(body, own.publicKey, { team: TEAM, memberId: MEMBER });
    const context = { team: TEAM, memberId: MEMBER };
    expectCode(
      () => C.openMemberSettings({ ...sealed, k: flippedB64(sealed.k, 60) }, own, context),
      'TAMPERED',
    );
    const payload = { ...sealed.payload, c: flippedB64(sealed.payload.c, 3) };
    expectCode(() => C.openMemberSettings({ ...sealed, payload }, own, context), 'TAMPERED');
  });

  it('refuses to seal, or to return, a body that is not member settings', () => {
    const own = C.generateMemberKeys().enc;
    const context = { team: TEAM, memberId: MEMBER };
    const seal = (value: unknown) =>
      C.sealMemberSettings(value as MemberSettingsBody, own.publicKey, context);
    expectCode(() => seal({ schema: 'confide/note/v1', personal_details: [] }), 'INVALID_ARGUMENT');
    expectCode(() => seal({ schema: body.schema, personal_details: [3] }), 'INVALID_ARGUMENT');
    expectCode(() => seal({ schema: body.schema }), 'INVALID_ARGUMENT');
    expectCode(
      () => seal({ schema: body.schema, personal_details: ['x'.repeat(C.MAX_PERSONAL_DETAIL_CHARS + 1)] }),
      'INVALID_ARGUMENT',
    );
    expectCode(
      () => seal({ schema: body.schema, personal_details: Array(C.MAX_PERSONAL_DETAILS + 1).fill('x') }),
      'INVALID_ARGUMENT',
    );
    expectCode(
      () => C.sealMemberSettings(body, own.publicKey, { team: 'nope', memberId: MEMBER }),
      'INVALID_ARGUMENT',
    );
  });

  it('drops unknown fields when opening', () => {
    const own = C.generateMemberKeys().enc;
    const context = { team: TEAM, memberId: MEMBER };
    const sealed = C.sealMemberSettings(
      { ...body, extra: 'x' } as unknown as MemberSettingsBody,
      own.publicKey,
      context,
    );
    expect(C.openMemberSettings(sealed, own, context)).toEqual(body);
  });
});
