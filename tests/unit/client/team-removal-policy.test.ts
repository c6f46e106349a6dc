// R-9 in the team console (client/src/features/team/model/removal-policy.ts): a roster without
// an admin can never change again, so the console never offers to remove the last admin or the
// last member, nor to make the last admin a member.
import { describe, expect, it } from 'vitest';

import {
  lastAdminRule,
  mayChangeRole,
  mayRemoveMember,
  otherRole,
} from '../../../client/src/features/team/model/removal-policy.js';

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

describe('mayChangeRole', () => {
  it('never makes the last admin a member, however many members remain', () => {
    expect(mayChangeRole(admin, [admin])).toBe(false);
    expect(mayChangeRole(admin, [admin, member, member])).toBe(false);
  });

  it('makes an admin a member when another admin remains', () => {
    expect(mayChangeRole(admin, [admin, { role: 'admin' }, member])).toBe(true);
  });

  it('always lets a member become an admin', () => {
    expect(mayChangeRole(member, [admin, member])).toBe(true);
    expect(mayChangeRole(member, [{ role: 'admin' }, { role: 'admin' }, member])).toBe(true);
  });

  it('changes to the other role', () => {
    expect(otherRole('admin')).toBe('member');
    expect(otherRole('member')).toBe('admin');
  });

  it('explains the rule and what to do about it', () => {
    expect(lastAdminRule()).toMatch(/at least one admin/);
    expect(lastAdminRule()).toMatch(/Make someone else an admin first/);
  });
});
