// The index key inside the keyring worker (client/src/lib/keyring/index-key-holder.ts) and an
// admin's upkeep of it (client/src/features/team/lib/index-key-upkeep.ts): docs/protocol.md 7 and
// review-notes.md R-5. A grant is taken only when the page found its signer among the active
// admins and the signature and wrap check; a server's planted wrap makes no tags.
import { beforeEach, beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { MemberKeys } from '../../../crypto/index.js';
import {
  adoptIndexKeyGrant,
  commitIndexKey,
  dropIndexKey,
  grantIndexKeyTo,
  indexKeyState,
  newTeamIndexKey,
  prepareIndexKey,
  tagNames,
} from '../../../client/src/lib/keyring/index-key-holder.js';
import { epochToIssue } from '../../../client/src/features/team/model/index-key-policy.js';

const team = C.generateId();
let admin: { id: string; keys: MemberKeys };
let member: { id: string; keys: MemberKeys };

beforeAll(async () => {
  await C.ready();
  admin = { id: C.generateId(), keys: C.generateMemberKeys() };
  member = { id: C.generateId(), keys: C.generateMemberKeys() };
});

beforeEach(() => dropIndexKey());

const adminContext = () => ({ team, memberId: admin.id });
const memberContext = () => ({ team, memberId: member.id });
const pk = (keys: MemberKeys) => C.keyToBase64(keys.enc.publicKey);
const signPk = (keys: MemberKeys) => C.keyToBase64(keys.sign.publicKey);

/** The founding admin's key and a grant of it to `member`, as the member's session serves it. */
function grantToMember() {
  newTeamIndexKey(adminContext(), admin.keys);
  const grant = grantIndexKeyTo({ memberId: member.id, enc_pk: pk(member.keys) }, adminContext(), admin.keys);
  const adminTags = tagNames(['Example_Troll']);
  dropIndexKey();
  return { grant, adminTags };
}

describe('taking a grant', () => {
  it('takes a grant signed by an active admin, and tags as the admin does', () => {
    const { grant, adminTags } = grantToMember();
    expect(grant.epoch).toBe(1);
    const state = adoptIndexKeyGrant(
      { grant, signerSignPk: signPk(admin.keys) },
      memberContext(),
      member.keys,
    );
    expect(state).toEqual({ status: 'held', epoch: 1 });
    expect(tagNames(['example troll'])).toEqual(adminTags);
  });

  it('refuses a grant whose signer the page did not find among the active admins', () => {
    const { grant } = grantToMember();
    expect(adoptIndexKeyGrant({ grant, signerSignPk: null }, memberContext(), member.keys)).toEqual({
      status: 'refused',
      epoch: 1,
      reason: 'signer_not_admin',
    });
    expect(() => tagNames(['x'])).toThrow(expect.objectContaining({ code: 'NO_INDEX_KEY' }));
  });

  it('refuses a wrap the server planted under an admin’s signature of another wrap', () => {
    const { grant } = grantToMember();
    const planted = { ...grant, wrap: C.wrapIndexKey(C.generateIndexKey(), member.keys.enc.publicKey) };
    expect(
      adoptIndexKeyGrant({ grant: planted, signerSignPk: signPk(admin.keys) }, memberContext(), member.keys),
    ).toEqual({ status: 'refused', epoch: 1, reason: 'bad_signature' });
  });

  it('refuses a grant made for another member', () => {
    const { grant } = grantToMember();
    const other = { id: C.generateId(), keys: C.generateMemberKeys() };
    const state = adoptIndexKeyGrant(
      { grant, signerSignPk: signPk(admin.keys) },
      { team, memberId: other.id },
      other.keys,
    );
    expect(state).toMatchObject({ status: 'refused', reason: 'bad_signature' });
  });

  it('holds nothing without a grant, and gives no tag for a name of only spaces', () => {
    expect(adoptIndexKeyGrant(null, memberContext(), member.keys)).toEqual({ status: 'none' });
    newTeamIndexKey(adminContext(), admin.keys);
    const { tags } = tagNames(['Jane_Doe', '_ _', 'jane doe']);
    expect(tags[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(tags[1]).toBeNull();
    expect(tags[2]).toBe(tags[0]);
  });
});

describe('issuing the key', () => {
  it('signs the held key again at its epoch, and makes a new key for the next', () => {
    newTeamIndexKey(adminContext(), admin.keys);
    const before = tagNames(['Example_Troll']).tags[0];
    const members = [
      { id: admin.id, enc_pk: pk(admin.keys) },
      { id: member.id, enc_pk: pk(member.keys) },
    ];
    const again = prepareIndexKey(1, members, adminContext(), admin.keys);
    expect(again.map((g) => g.member)).toEqual([admin.id, member.id]);
    for (const g of again) {
      expect(
        C.verifyIndexKeyGrant(
          signPk(admin.keys),
          { epoch: 1, wrap: g.wrap, by: admin.id, sig: g.sig },
          {
            team,
            member: g.member,
          },
        ),
      ).toBe(true);
    }

    const rotated = prepareIndexKey(2, members, adminContext(), admin.keys);
    // Until the server took them, the held key stays the old one.
    expect(indexKeyState()).toEqual({ status: 'held', epoch: 1 });
    expect(tagNames(['Example_Troll']).tags[0]).toBe(before);
    expect(commitIndexKey(2)).toEqual({ status: 'held', epoch: 2 });
    const after = tagNames(['Example_Troll']);
    expect(after.epoch).toBe(2);
    expect(after.tags[0]).not.toBe(before);

    // The member's grant of epoch 2 opens to the key the admin now tags with.
    const mine = rotated.find((g) => g.member === member.id)!;
    dropIndexKey();
    adoptIndexKeyGrant(
      { grant: { epoch: 2, wrap: mine.wrap, by: admin.id, sig: mine.sig }, signerSignPk: signPk(admin.keys) },
      memberContext(),
      member.keys,
    );
    expect(tagNames(['example troll'])).toEqual(after);
  });

  it('refuses to commit an epoch that was not prepared', () => {
    newTeamIndexKey(adminContext(), admin.keys);
    expect(() => commitIndexKey(5)).toThrow(expect.objectContaining({ code: 'NO_INDEX_KEY' }));
  });
});

describe('when an admin issues', () => {
  const held = (epoch: number) => ({ status: 'held', epoch });
  it('gives a team without a signed key its first', () => {
    expect(epochToIssue('signed-in', 0, { status: 'none' })).toBe(1);
  });
  it('makes a new key when the admin holds none of the current epoch', () => {
    expect(epochToIssue('signed-in', 3, { status: 'refused', epoch: 3 })).toBe(4);
    expect(epochToIssue('signed-in', 3, held(2))).toBe(4);
  });
  it('does nothing at sign-in when the admin holds the current key, unless a removal left it due', () => {
    expect(epochToIssue('signed-in', 3, held(3))).toBeNull();
    expect(epochToIssue('signed-in', 3, held(3), true)).toBe(4);
    // A demotion is not a removal: the same key again, whatever the server says of removals.
    expect(epochToIssue('admin-demoted', 3, held(3), true)).toBe(3);
  });
  it('rotates after a removal, and signs again after a demotion', () => {
    expect(epochToIssue('member-removed', 3, held(3))).toBe(4);
    expect(epochToIssue('admin-demoted', 3, held(3))).toBe(3);
    expect(epochToIssue('admin-demoted', 3, { status: 'none' })).toBe(4);
  });
});
