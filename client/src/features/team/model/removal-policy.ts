/**
 * R-9 (docs/review-notes.md, writers): only admins sign roster entries, so a roster without an
 * active admin (or without anyone) can never change again: nobody could add a member, remove a
 * compromised one, or pass the team on. The console therefore never offers to remove the last
 * member or the last admin, nor to make the last admin a member. The server refuses such an
 * entry too (409 `last_admin`); this guard keeps the console from asking.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';

type Role = 'admin' | 'member';

function adminCount(active: readonly { readonly role: Role }[]): number {
  return active.filter((m) => m.role === 'admin').length;
}

/** Whether `member` may be removed from a team whose active members are `active` (them included). */
export function mayRemoveMember(
  member: { readonly role: Role },
  active: readonly { readonly role: Role }[],
): boolean {
  return active.length > 1 && !(member.role === 'admin' && adminCount(active) <= 1);
}

/** The role a role change gives `member`: an admin becomes a member, a member an admin. */
export function otherRole(role: Role): Role {
  return role === 'admin' ? 'member' : 'admin';
}

/**
 * Whether `member`'s role may change in a team whose active members are `active` (them
 * included): anyone may become an admin; an admin may become a member only while another
 * admin remains.
 */
export function mayChangeRole(
  member: { readonly role: Role },
  active: readonly { readonly role: Role }[],
): boolean {
  return member.role === 'member' || adminCount(active) > 1;
}

/**
 * The last-admin rule in words, for the Members page and the server's 409 `last_admin`: translated
 * at each call, in the page's language at that moment.
 */
export function lastAdminRule(): string {
  return i18n._(
    msg`A team always keeps at least one admin: only admins can add, remove or change members, so a team without one could never change again. Make someone else an admin first.`,
  );
}
