/**
 * "Have we dealt with this account before?" (docs/protocol.md 12): the server's seen-before reply
 * (tags only) turned back into what a member reads, with the names as each case writes them.
 *
 * Tags fold letter case, "_" and spaces (normalisation v1), so "JaneDoe" and "Janedoe" share one:
 * a match is a hint for a person to check, which is why every match carries the names as written
 * in this case and in each other case, side by side.
 */
import { i18n } from '@lingui/core';
import { msg, plural } from '@lingui/core/macro';

import type { CaseStatus, CaseTagKind, RetainedResult } from '#contract/enumerations';
import type { SeenBefore } from '#contract/tags';
import { formatList } from '../../../lib/format.js';

/** The names of one case, and their tags in the same order (null: the name names no account). */
export interface TaggedNames {
  readonly names: readonly string[];
  readonly tags: readonly (string | null)[];
}

/** Another case that names the account. */
export interface SeenCase {
  readonly id: string;
  readonly number: number;
  readonly status: CaseStatus;
  readonly createdAt: string;
  /** The account is that case's reporter's own. */
  readonly reporter: boolean;
  /** The names of that case with the tag, as written there; null when its report was not read. */
  readonly names: readonly string[] | null;
}

/** One account of this case that other cases name too. */
export interface SeenAccount {
  readonly tag: string;
  /** Its names as written in this case (two spellings of one account are both shown). */
  readonly names: readonly string[];
  /** The account is this case's reporter's own. */
  readonly reporter: boolean;
  /** The other cases, newest first, each once. */
  readonly cases: readonly SeenCase[];
}

/** The distinct names of `own` whose tag is `tag`, in order. */
export function namesWithTag(own: TaggedNames, tag: string): string[] {
  const names: string[] = [];
  own.tags.forEach((t, i) => {
    const name = own.names[i];
    if (t === tag && name !== undefined && !names.includes(name)) names.push(name);
  });
  return names;
}

/**
 * The accounts of this case that other cases carry, from the seen-before reply: one entry a tag
 * (the server lists a tag once for each of its kinds on this case, and a case once for each of its
 * kinds there), in the reply's order (involved accounts first). `others` gives the names of the
 * other cases that were read, by case id.
 */
export function seenAccounts(
  reply: SeenBefore,
  own: TaggedNames,
  others: ReadonlyMap<string, TaggedNames> = new Map(),
): SeenAccount[] {
  const byTag = new Map<string, { reporter: boolean; cases: Map<string, Mutable<SeenCase>> }>();
  for (const match of reply.matches) {
    let entry = byTag.get(match.tag);
    if (!entry) {
      entry = { reporter: false, cases: new Map() };
      byTag.set(match.tag, entry);
    }
    if (match.kind === 'reporter') entry.reporter = true;
    for (const c of match.cases) {
      const seen = entry.cases.get(c.id);
      if (seen) {
        seen.reporter ||= isReporter(c.kind);
        continue;
      }
      const read = others.get(c.id);
      entry.cases.set(c.id, {
        id: c.id,
        number: c.number,
        status: c.status,
        createdAt: c.created_at,
        reporter: isReporter(c.kind),
        names: read === undefined ? null : namesWithTag(read, match.tag),
      });
    }
  }
  return [...byTag].map(([tag, { reporter, cases }]) => ({
    tag,
    names: namesWithTag(own, tag),
    reporter,
    cases: [...cases.values()].sort(newestFirst),
  }));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const isReporter = (kind: CaseTagKind) => kind === 'reporter';

/** By case number, the order reports arrived in (creation times may be equal). */
function newestFirst(a: { number: number }, b: { number: number }): number {
  return b.number - a.number;
}

/**
 * The other cases' ids to read the names of: every case of the accounts, each once, newest first,
 * at most `limit` (each is a whole report fetched and decrypted).
 */
export function casesToRead(accounts: readonly SeenAccount[], limit: number): string[] {
  const all = new Map<string, SeenCase>();
  for (const account of accounts) for (const c of account.cases) all.set(c.id, c);
  return [...all.values()]
    .sort(newestFirst)
    .slice(0, limit)
    .map((c) => c.id);
}

/** Where the other cases stand, by case number, against this case's. */
type Which = 'earlier' | 'later' | 'other';

/**
 * Earlier, later or other (some earlier, some later) than case number `number`. By case number,
 * which follows the order reports arrived in: creation times may be equal (the server keeps them
 * coarse).
 */
function whichCases(cases: readonly { number: number }[], number: number): Which {
  if (cases.every((c) => c.number < number)) return 'earlier';
  if (cases.every((c) => c.number > number)) return 'later';
  return 'other';
}

/** "1 earlier case", "2 later cases", "3 other cases" (some earlier, some later) than case number `number`. */
export function otherCasesWords(cases: readonly { number: number }[], number: number): string {
  const count = cases.length;
  switch (whichCases(cases, number)) {
    case 'earlier':
      return i18n._(msg`${plural(count, { one: '# earlier case', other: '# earlier cases' })}`);
    case 'later':
      return i18n._(msg`${plural(count, { one: '# later case', other: '# later cases' })}`);
    case 'other':
      return i18n._(msg`${plural(count, { one: '# other case', other: '# other cases' })}`);
  }
}

/** “Example_Troll”, or “Jane_Doe” / “jane doe” for two spellings of one account in this case. */
export function quotedNames(names: readonly string[]): string {
  return names
    .map((name) =>
      i18n._(
        msg({
          message: `“${name}”`,
          comment: 'An account’s name as a case writes it, in quotation marks',
        }),
      ),
    )
    .join(' / ');
}

/**
 * The line of one account: "“Example_Troll” appears in 1 earlier case." or, for the reporter's
 * own account, "The reporter’s own account, “Jane_Doe”, also appears in 2 other cases." One
 * sentence for each of earlier, later and other, so each reads whole with its count.
 */
export function accountWords(account: SeenAccount, number: number): string {
  const count = account.cases.length;
  // The tag is this case's own, so it has a name here; the fallback is for a reply that disagrees.
  const names = account.names.length > 0 ? quotedNames(account.names) : i18n._(msg`An account of this case`);
  const which = whichCases(account.cases, number);
  if (account.reporter) {
    switch (which) {
      case 'earlier':
        return i18n._(
          msg`The reporter’s own account, ${names}, also appears in ${plural(count, { one: '# earlier case', other: '# earlier cases' })}.`,
        );
      case 'later':
        return i18n._(
          msg`The reporter’s own account, ${names}, also appears in ${plural(count, { one: '# later case', other: '# later cases' })}.`,
        );
      case 'other':
        return i18n._(
          msg`The reporter’s own account, ${names}, also appears in ${plural(count, { one: '# other case', other: '# other cases' })}.`,
        );
    }
  }
  switch (which) {
    case 'earlier':
      return i18n._(
        msg`${names} appears in ${plural(count, { one: '# earlier case', other: '# earlier cases' })}.`,
      );
    case 'later':
      return i18n._(
        msg`${names} appears in ${plural(count, { one: '# later case', other: '# later cases' })}.`,
      );
    case 'other':
      return i18n._(
        msg`${names} appears in ${plural(count, { one: '# other case', other: '# other cases' })}.`,
      );
  }
}

/** How an earlier report by the same reporter's account ended, when it ended as a misuse. */
export type MisuseResult = Extract<RetainedResult, 'mistaken' | 'malicious'>;

/** An earlier report by this case's reporter's own account that was found mistaken or malicious. */
export interface EarlierMisuse {
  readonly id: string;
  readonly number: number;
  readonly result: MisuseResult;
}

/**
 * The other cases to open for their outcome: those the reporter's own account of this case also
 * reported (the tag is that case's reporter tag too), finished, newest first, at most `limit`
 * (each is a whole case fetched and decrypted). A case where the account was only involved is not
 * a report by the same person, and an open case has no outcome yet.
 */
export function casesToCheckForMisuse(accounts: readonly SeenAccount[], limit: number): SeenCase[] {
  const byId = new Map<string, SeenCase>();
  for (const account of accounts) {
    if (!account.reporter) continue;
    for (const c of account.cases) {
      if (c.reporter && (c.status === 'closed' || c.status === 'withdrawn')) byId.set(c.id, c);
    }
  }
  return [...byId.values()].sort(newestFirst).slice(0, limit);
}

/** The outcome a misuse warning names, or null for any other result. */
export function asMisuse(result: RetainedResult | null): MisuseResult | null {
  return result === 'mistaken' || result === 'malicious' ? result : null;
}

/** "Case #3 (malicious)": an earlier case and how it ended. */
function misuseCaseWords(found: EarlierMisuse): string {
  const caseNumber = String(found.number);
  return found.result === 'malicious'
    ? i18n._(msg`Case #${caseNumber} (malicious)`)
    : i18n._(msg`Case #${caseNumber} (mistaken)`);
}

/**
 * The warning of the case page, in the training module's terms ("misuse of the reporting
 * system"): a hint to read the earlier case, never a verdict on this one.
 */
export function misuseWords(found: readonly EarlierMisuse[]): string {
  const listed = formatList(found.map(misuseCaseWords));
  const count = found.length;
  return i18n._(
    msg`${plural(count, {
      1: `An earlier report by this reporter’s own account was closed as a misuse of the reporting system: ${listed}. Read it before acting on this one; a report after a mistaken one can still be made in good faith.`,
      other: `# earlier reports by this reporter’s own account were closed as a misuse of the reporting system: ${listed}. Read them before acting on this one; a report after a mistaken one can still be made in good faith.`,
    })}`,
  );
}
