// R-9 in the team console (client/src/features/team/model/removal-policy.ts): a roster without
// an admin can never change again, so the console never offers to remove the last admin or the
// last member.
import { describe, expect, it } from 'vitest';

import { mayRemoveMember } from '../../../client/src/features/team/model/removal-policy.js';

const admin = { role: 'admin' } as const;
const member = { role: 'member' } as const;

describe('mayRemoveMember', () => {
  it('never removes the last member', () => {
    expect(mayRemoveMember(admin, [admin])).toBe(false);
    expect(mayRemoveMember(member, [member])).toBe(false);
  });

  it('never removes the last admin, however many members remain', () => {
    expect(mayRemoveMember(admin, [admin, member, member])).toBe(false);
  });

  it('removes an admin when another admin remains', () => {
    expect(mayRemoveMember(admin, [admin, { role: 'admin' }, member])).toBe(true);
  });

  it('removes a member when someone else remains', () => {
    expect(mayRemoveMember(member, [admin, member])).toBe(true);
  });
});
