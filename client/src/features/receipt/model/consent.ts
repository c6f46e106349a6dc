/**
 * The reporter's answer to a referral (docs/protocol.md 10.10; POST
 * /api/receipt/referrals/{id}/consent): agreeing names whom on the receiving team to leave out,
 * refusing leaves nobody out (nothing is shared). Pure.
 */
import type { MessageDescriptor } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import type { VerifiedRoster } from '#crypto';
import type { ConsentDecision } from '#contract/referrals';

export type ConsentChoice = 'agree' | 'refuse';

/** Translated where it is shown (`i18n._`), so it follows the page's language. */
export const NOBODY_LEFT: MessageDescriptor = msg`Nobody would be able to read it. Untick at least one name, or choose “Do not share”.`;

/**
 * The body of the answer. With `roster`, only its active members can be left out: a name ticked
 * before the list changed is dropped rather than refused by the server.
 */
export function consentDecision(
  choice: ConsentChoice,
  excluded: readonly string[],
  roster?: VerifiedRoster,
): ConsentDecision {
  if (choice === 'refuse') return { consent: false, excluded: [] };
  const kept = roster ? excluded.filter((id) => roster.active.has(id)) : excluded;
  return { consent: true, excluded: [...new Set(kept)] };
}

/** Why agreeing with these exclusions cannot be sent, to translate where shown; undefined when it can. */
export function exclusionProblem(
  roster: VerifiedRoster,
  excluded: readonly string[],
): MessageDescriptor | undefined {
  const left = new Set(excluded);
  return [...roster.active.keys()].every((id) => left.has(id)) ? NOBODY_LEFT : undefined;
}

/**
 * The names of the members left out, from a verified roster; undefined when any of them cannot be
 * named from it (then the page says how many, never a name the server gave).
 */
export function leftOutNames(
  excluded: readonly string[],
  roster: VerifiedRoster | undefined,
): string[] | undefined {
  if (roster === undefined) return undefined;
  const names = excluded.map((id) => roster.known.get(id)?.name);
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}
