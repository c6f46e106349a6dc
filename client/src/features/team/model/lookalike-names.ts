/**
 * R-10 (docs/review-notes.md, "Display names are unconstrained"): reporters exclude people by
 * the names the roster shows, so an admin who adds a second "Ana", or a name that only looks
 * like Ana's, can make a reporter exclude the decoy while the real person reads the report. The
 * members page therefore refuses names with hidden characters before signing them into the
 * roster, and warns when an invitee's name could be taken for a current member's.
 *
 * The same fold decides R-3's "someone with the same name" when earlier cases are shared with a
 * newcomer (regrant-policy.ts): a member the reporter excluded must not come back as "ana".
 *
 * This is the members page's rule, narrower than the roster-wide warnings of lib/roster-trust.ts
 * (`nameWarnings`), which also fold a short table of Cyrillic and Greek look-alikes: "Аna" with
 * a Cyrillic А is NOT flagged here. Loosening `foldName` lets look-alikes through both checks.
 */

/**
 * A name reduced to what a reader tells apart: compatibility forms unified (NFKC: full-width
 * letters, ligatures), lower case, accents dropped, and white space, `_`, `.` and `-` removed.
 */
export function foldName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s_.-]+/g, '');
}

/** Two names a person could confuse: the same letters once case, accents and spacing are ignored. */
export function namesLookAlike(a: string, b: string): boolean {
  return foldName(a) === foldName(b);
}

/** The first of `members` whose name could be taken for `name`, if any. */
export function findLookAlike<M extends { readonly name: string }>(
  name: string,
  members: Iterable<M>,
): M | undefined {
  for (const member of members) if (namesLookAlike(member.name, name)) return member;
  return undefined;
}

/**
 * True when `name` holds control or format characters (Unicode Cc, Cf): invisible characters and
 * the bidi controls that make a name display as another. Such a name is never signed into the
 * roster: the server refuses only control characters, so the admin's browser must refuse the rest.
 */
export function hasHiddenCharacters(name: string): boolean {
  return /[\p{Cc}\p{Cf}]/u.test(name);
}
