/**
 * R-9 (docs/review-notes.md, writers): only admins sign roster entries, so a roster without an
 * active admin (or without anyone) can never change again: nobody could add a member, remove a
 * compromised one, or pass the team on. The console therefore never offers to remove the last
 * member or the last admin. Nothing on the server refuses such an entry; this is the guard.
 */

/** Whether `member` may be removed from a team whose active members are `active` (them included). */
export function mayRemoveMember(
  member: { readonly role: 'admin' | 'member' },
  active: readonly { readonly role: 'admin' | 'member' }[],
): boolean {
  const admins = active.filter((m) => m.role === 'admin').length;
  return active.length > 1 && !(member.role === 'admin' && admins <= 1);
}
