/**
 * Deciding whether a team's roster can be encrypted to (PROTOCOL.md, Team roster;
 * docs/protocol.md 6.3; docs/review-notes.md ).
 *
 * A reporter encrypts to whatever keys the roster lists, so before anything is sealed:
 *
 *   1. `GET /api/teams/{slug}`, then verifyRoster: the whole chain from genesis;
 *   2. the served `fingerprint` must be the verified genesis hash;
 *   2a. against the deployment's pin for the team, when it has one (pinned-fingerprints.ts):
 *      the verified genesis hash must be the pinned one, exactly;
 *   3. against an authenticated expectation when there is one (a returning reporter's report
 *      body names the fingerprint and the head it was encrypted to): same genesis, and the
 *      roster still has that entry at that seq;
 *   4. against what this browser remembers for the team (see "Memory" below): same fingerprint,
 *      and the chain extends the highest head seen (no fork, no rollback).
 *
 * A failure of 2a, 3 or 4 is a `warning`: loud, and nothing is remembered. Only a changed
 * fingerprint (4) may be confirmed by the reporter; a pin that differs may not. Only a `trusted` result
 * moves the remembered head forward. What is remembered is public (fingerprint, seq, hash),
 * never anything a person wrote.
 *
 *   const trust = await checkTeamRoster('stewards');
 *   if (trust.status === 'trusted') encryptTo(recipientsFromRoster(trust.roster, excluded));
 *
 * Where it is remembered (no traces unless asked, issue 14): on a reporter's pages, in the page's
 * memory only, unless the person chose to remember the team on this device
 * (`rememberOnThisDevice`); in the team console and on the join page, on the device
 * (`remember: 'device'`). So without that choice a reporter's browser cannot notice a rollback or
 * fork between two visits, only within one (docs/threat-model.md 3.9).
 *
 * Used by the intake form, the receipt page, the join page and the team console.
 */
import { i18n } from '@lingui/core';
import { msg } from '@lingui/core/macro';
import { Type } from 'typebox';
import type { RosterEntry, RosterHead, RosterRow, VerifiedRoster } from '#crypto';
import { ConfigReply } from '#contract/replies';
import { RosterRow as RosterRowReply, TeamDetail } from '#contract/teams';
import { api, type RequestOptions } from './api-client';
import { decodeWith } from './decode';
import { onLeave } from './leave-now';
import { loadCrypto } from './load-crypto';
import {
  checkPin,
  decodePinnedFingerprints,
  describePinMismatch,
  type PinnedFingerprints,
} from './pinned-fingerprints';

/** The public team as served, with its roster rows (checked by verifyRoster, not here). */
export type Team = Omit<TeamDetail, 'roster'> & { roster: RosterRow[] };

export type TrustProblem =
  /** The genesis is not the one the deployment's configuration pins for this team. */
  | 'pinned-fingerprint-differs'
  /** The genesis differs from the one this browser saw before: possibly another team. */
  | 'fingerprint-changed'
  /** The roster disagrees with one seen before at the same entry: different histories. */
  | 'fork'
  /** The roster ends before an entry seen before: changes (perhaps a removal) withheld. */
  | 'rollback'
  /** Not the team (genesis) the reporter's report was encrypted to. */
  | 'not-the-reported-team'
  /** Not the roster the reporter's report was encrypted to (fork or rollback since). */
  | 'not-the-reported-roster';

export interface RosterChange {
  readonly seq: number;
  readonly op: RosterEntry['op'];
  readonly name: string;
  readonly role: RosterEntry['member']['role'];
  readonly at: string;
}

export type RosterTrust =
  | {
      readonly status: 'trusted';
      /** The address the team was asked for: what this browser remembers it under. */
      readonly slug: string;
      readonly team: Team;
      readonly roster: VerifiedRoster;
      /** True when this browser had not seen this team before (trust on first use). */
      readonly firstSeen: boolean;
      /** Entries added since the head this browser remembered (empty the first time). */
      readonly changes: readonly RosterChange[];
      /** The fingerprint the deployment pins for this team (then equal to the roster's), if any. */
      readonly pinned: string | undefined;
    }
  | {
      readonly status: 'warning';
      readonly slug: string;
      readonly team: Team;
      readonly roster: VerifiedRoster;
      readonly problems: readonly TrustProblem[];
      /** What this browser remembered, for showing both fingerprints. */
      readonly remembered: RememberedRoster | undefined;
      /** The fingerprint the deployment pins for this team, if any, for showing beside the roster's. */
      readonly pinned: string | undefined;
    }
  | {
      /** The roster does not verify at all: nothing may be encrypted to it. */
      readonly status: 'invalid';
      readonly slug: string;
      readonly team: Team;
      readonly message: string;
    };

/** What a report body says it was encrypted to: both values come from a verified body. */
export interface ExpectedRoster {
  readonly fingerprint: string;
  readonly head?: RosterHead;
}

export interface RememberedRoster {
  readonly team: string;
  readonly fingerprint: string;
  readonly head: RosterHead;
}

// ---------------------------------------------------------------------------
// Fetching and checking
// ---------------------------------------------------------------------------

/**
 * GET /api/teams/{slug} as the contract has it, except that a roster entry need only be an
 * object here: verifyRoster checks every field of a signed entry and says which one is wrong,
 * so a tampered roster is shown as one that fails this browser's checks, never as a reply
 * the page could not read.
 */
const TeamReply = Type.Intersect([
  Type.Omit(TeamDetail, ['roster']),
  Type.Object({ roster: Type.Array(Type.Object({ ...RosterRowReply.properties, entry: Type.Object({}) })) }),
]);

const decodeTeamDetail = decodeWith(TeamReply, (team): Team => ({
  ...team,
  // Every field of the entry is checked by verifyRoster before anything uses it.
  roster: team.roster.map((row) => ({ entry: row.entry as RosterEntry, sig: row.sig, hash: row.hash })),
}));

const decodeConfig = decodeWith(ConfigReply, decodePinnedFingerprints);

/** The deployment's pinned fingerprints (`GET /api/config`); rejects with ApiError, never "none". */
function fetchPinnedFingerprints(options: RequestOptions): Promise<PinnedFingerprints> {
  return api.get('/config', decodeConfig, options);
}

/** The team's public information and roster, unverified. Network errors reject with ApiError. */
export function fetchTeam(slug: string, options: RequestOptions = {}): Promise<Team> {
  return api.get(`/teams/${encodeURIComponent(slug)}`, decodeTeamDetail, options);
}

/**
 * Where a trusted roster is remembered:
 *
 *   - 'page', the default, for everyone who is not a member (reporters, the person targeted): in
 *     this page's memory, forgotten when the tab closes or the person leaves (leave-now.ts); and on
 *     the device only for a team the device already remembers, because the person chose so
 *     (`rememberOnThisDevice`) or uses the team console here. Nothing new is written to storage.
 *   - 'device', for members (the team console, the join page): in localStorage, always. A member's
 *     browser is theirs to use for the team (it already keeps a known-device cookie from signing
 *     in), and a member's console encrypts cases to the roster: the head it remembers between
 *     visits is what lets it refuse a roster that hides a removal.
 */
export type RosterMemory = 'page' | 'device';

/**
 * Fetches, verifies and checks a team's roster against the deployment's pin, `expected` and
 * this browser's memory. Rejects only for network or reply-shape problems (ApiError), including
 * when the pins cannot be fetched: without them no roster is judged. Every verdict on the roster
 * itself is in the result.
 */
export async function checkTeamRoster(
  slug: string,
  options: RequestOptions & { expected?: ExpectedRoster; remember?: RosterMemory } = {},
): Promise<RosterTrust> {
  const [team, C, pins] = await Promise.all([
    fetchTeam(slug, options),
    loadCrypto(),
    fetchPinnedFingerprints(options),
  ]);
  let roster: VerifiedRoster;
  try {
    roster = C.verifyRoster(team.roster, { team: team.id });
  } catch (error) {
    return {
      status: 'invalid',
      slug,
      team,
      // The crypto module's own message is a technical detail in English (which entry, which check).
      message: C.isConfideCryptoError(error) ? error.message : i18n._(msg`the roster could not be read`),
    };
  }
  if (!C.fingerprintMatches(roster.fingerprint, team.fingerprint)) {
    return {
      status: 'invalid',
      slug,
      team,
      message: i18n._(msg`the stated fingerprint is not the roster’s own`),
    };
  }

  const problems: TrustProblem[] = [];
  // The pin is looked up by the address asked for, not by the slug the reply names.
  const pin = checkPin(pins, slug, roster.fingerprint);
  const pinned = pin.status === 'none' ? undefined : pin.pinned;
  if (pin.status === 'differs') problems.push('pinned-fingerprint-differs');
  const expected = options.expected;
  if (expected) {
    if (!safeFingerprintMatches(C, roster.fingerprint, expected.fingerprint)) {
      problems.push('not-the-reported-team');
    } else if (expected.head && headProblem(C, expected.head, team.roster)) {
      problems.push('not-the-reported-roster');
    }
  }
  // Checked against every copy this browser holds: the device's (another visit) and this page's
  // (this visit, which may have seen more than the device, or all there is when nothing is stored).
  const memories = readRemembered(slug);
  for (const memory of memories) {
    if (memory.fingerprint !== roster.fingerprint) problems.push('fingerprint-changed');
    else {
      const problem = headProblem(C, memory.head, team.roster);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length > 0) {
    const remembered = memories.find((m) => m.fingerprint !== roster.fingerprint) ?? memories[0];
    return { status: 'warning', slug, team, roster, problems: [...new Set(problems)], remembered, pinned };
  }

  // Every copy is of this genesis and this roster extends it: the changes since the furthest one.
  const seen = Math.max(-1, ...memories.map((m) => m.head.seq));
  const changes = memories.length > 0 ? rosterChanges(team.roster, seen) : [];
  rememberRoster(slug, roster, options.remember ?? 'page');
  return { status: 'trusted', slug, team, roster, firstSeen: memories.length === 0, changes, pinned };
}

function safeFingerprintMatches(
  C: Awaited<ReturnType<typeof loadCrypto>>,
  actual: string,
  expected: string,
): boolean {
  try {
    return C.fingerprintMatches(actual, expected);
  } catch {
    return false;
  }
}

function headProblem(
  C: Awaited<ReturnType<typeof loadCrypto>>,
  head: RosterHead,
  rows: readonly RosterRow[],
): 'fork' | 'rollback' | undefined {
  try {
    C.assertRosterExtends(head, rows);
    return undefined;
  } catch (error) {
    return C.isConfideCryptoError(error, 'ROSTER_ROLLBACK') ? 'rollback' : 'fork';
  }
}

// ---------------------------------------------------------------------------
// Describing
// ---------------------------------------------------------------------------

/** The entries after `afterSeq`, for "what changed since": who joined, left or changed role. */
export function rosterChanges(rows: readonly RosterRow[], afterSeq: number): RosterChange[] {
  return rows
    .filter((row) => row.entry.seq > afterSeq)
    .map(({ entry }) => ({
      seq: entry.seq,
      op: entry.op,
      name: entry.member.name,
      role: entry.member.role,
      at: entry.at,
    }));
}

/** One change in plain words, in the page's language: "Ben joined the team". */
export function describeRosterChange(change: RosterChange): string {
  const name = change.name;
  switch (change.op) {
    case 'genesis':
      return i18n._(msg`${name} started the team`);
    case 'add':
      return i18n._(msg`${name} joined the team`);
    case 'remove':
      return i18n._(msg`${name} left the team`);
    case 'role':
      return change.role === 'admin'
        ? i18n._(msg`${name} became an admin`)
        : i18n._(msg`${name} is no longer an admin`);
  }
}

/** Plain words for each problem, for a warning a frightened person can act on (page's language). */
export function describeTrustProblem(problem: TrustProblem, teamName: string): string {
  switch (problem) {
    case 'pinned-fingerprint-differs':
      return describePinMismatch(teamName);
    case 'fingerprint-changed':
      return i18n._(
        msg`The security fingerprint of “${teamName}” is not the one this browser saw before. Someone may be pretending to be this team.`,
      );
    case 'fork':
      return i18n._(
        msg`The member list of “${teamName}” contradicts the one this browser saw before. Someone may be showing different people different lists.`,
      );
    case 'rollback':
      return i18n._(
        msg`The member list of “${teamName}” is older than one this browser has already seen. A change, such as someone being removed, may be hidden.`,
      );
    case 'not-the-reported-team':
      return i18n._(
        msg`This is not the team your report was sent to: its security fingerprint is different.`,
      );
    case 'not-the-reported-roster':
      return i18n._(msg`The member list of “${teamName}” does not continue the one your report was sent to.`);
  }
}

// Letters from other scripts that look like Latin ones (a small part of Unicode's confusables).
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  '0': 'o',
  '1': 'l',
  '|': 'l',
  ı: 'i',
};

function skeleton(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of folded) {
    if (/[\p{Cc}\p{Cf}\s_.\-·]/u.test(ch)) continue;
    out += LOOK_ALIKES[ch] ?? ch;
  }
  return out.replace(/i/g, 'l').replace(/rn/g, 'm');
}

/**
 * Members whose names need a second look: names with invisible or direction-changing
 * characters, and names that look like another member's. Keyed by member id; the warnings are in
 * the page's language at the time of the call.
 */
export function nameWarnings(
  members: Iterable<{ readonly id: string; readonly name: string }>,
): Map<string, string> {
  const warnings = new Map<string, string>();
  const bySkeleton = new Map<string, string[]>();
  const list = [...members];
  for (const member of list) {
    if (/[\p{Cc}\p{Cf}]/u.test(member.name)) {
      warnings.set(
        member.id,
        i18n._(msg`This name contains hidden characters that can make it look like another name.`),
      );
    }
    const key = skeleton(member.name);
    bySkeleton.set(key, [...(bySkeleton.get(key) ?? []), member.id]);
  }
  for (const ids of bySkeleton.values()) {
    if (ids.length < 2) continue;
    for (const id of ids) {
      warnings.set(
        id,
        warnings.get(id) ??
          i18n._(
            msg`Another member has a name that looks the same. Tell them apart by the fingerprint shown beside each name.`,
          ),
      );
    }
  }
  return warnings;
}

// ---------------------------------------------------------------------------
// Memory: this page's, and the device's when asked (public values only)
// ---------------------------------------------------------------------------

const STORAGE_KEY = 'confide.roster-trust.v1';

/**
 * What this page has verified, per team: always kept, so a visit is protected from its first
 * check to its last even when nothing is stored, or storage is refused (private windows may).
 */
const onThisPage = new Map<string, RememberedRoster>();

// The quick exit forgets it with everything else the page holds about the person. What the
// person chose to keep on the device stays: that was their choice, and they can undo it.
onLeave(forgetAllOnThisPage);

function asRemembered(entry: unknown): RememberedRoster | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const e = entry as Partial<RememberedRoster>;
  if (
    typeof e.team !== 'string' ||
    typeof e.fingerprint !== 'string' ||
    typeof e.head !== 'object' ||
    !Number.isInteger(e.head.seq) ||
    typeof e.head.hash !== 'string'
  ) {
    return undefined;
  }
  return { team: e.team, fingerprint: e.fingerprint, head: { seq: e.head.seq, hash: e.head.hash } };
}

/**
 * The device's entries (unchecked: `deviceEntry` checks the one used); none when storage fails.
 * Read by own key only: a team's address may be "constructor" or "__proto__".
 */
function readDevice(): Record<string, unknown> {
  try {
    const text = globalThis.localStorage.getItem(STORAGE_KEY);
    if (text === null) return {};
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Writes the device's entries, removing the key itself when none is left. */
function writeDevice(all: Record<string, unknown>): void {
  try {
    if (Object.keys(all).length === 0) globalThis.localStorage.removeItem(STORAGE_KEY);
    else globalThis.localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage refused: this page's memory still protects this visit.
  }
}

function deviceEntry(device: Record<string, unknown>, slug: string): RememberedRoster | undefined {
  return Object.hasOwn(device, slug) ? asRemembered(device[slug]) : undefined;
}

function entryOf(roster: VerifiedRoster): RememberedRoster {
  return { team: roster.team, fingerprint: roster.fingerprint, head: roster.head };
}

/** The furthest of two entries: `next`, unless `kept` is of the same genesis and as far or further. */
function furthest(kept: RememberedRoster | undefined, next: RememberedRoster): RememberedRoster {
  return kept && kept.fingerprint === next.fingerprint && kept.head.seq >= next.head.seq ? kept : next;
}

/** What this browser remembers of a team: the device's entry, then this page's if it differs. */
export function readRemembered(slug: string): RememberedRoster[] {
  const device = deviceEntry(readDevice(), slug);
  const page = onThisPage.get(slug);
  if (!device) return page ? [page] : [];
  if (!page || (page.fingerprint === device.fingerprint && page.head.hash === device.head.hash))
    return [device];
  return [device, page];
}

/**
 * Remembers a verified roster's fingerprint and head for `slug`, in this page's memory and, with
 * `'device'` or when the device already remembers the team, on the device (see RosterMemory).
 * `checkTeamRoster` does this for trusted results; call it directly only after a person has
 * confirmed a changed fingerprint through another channel.
 */
export function rememberRoster(slug: string, roster: VerifiedRoster, remember: RosterMemory = 'page'): void {
  const entry = entryOf(roster);
  onThisPage.set(slug, furthest(onThisPage.get(slug), entry));
  const device = readDevice();
  if (remember === 'device' || Object.hasOwn(device, slug)) {
    writeDevice({ ...device, [slug]: furthest(deviceEntry(device, slug), entry) });
  }
}

/**
 * Whether this device keeps the team between visits: the person chose to here, or a member uses
 * the team console in this browser.
 */
export function isRememberedOnThisDevice(slug: string): boolean {
  return deviceEntry(readDevice(), slug) !== undefined;
}

/**
 * The reporter's opt-in ("Remember this team's fingerprint on this device"): keeps the team's
 * fingerprint and the furthest head this page has verified in localStorage, where every later
 * check reads it and moves it forward. Only for a `trusted` roster: the copy kept is what later
 * visits are judged against. Anyone who reads this device's storage can then tell it was used
 * to contact the team: say so beside the choice.
 */
export function rememberOnThisDevice(slug: string, roster: VerifiedRoster): void {
  const device = readDevice();
  const entry = furthest(onThisPage.get(slug), entryOf(roster));
  writeDevice({ ...device, [slug]: furthest(deviceEntry(device, slug), entry) });
}

/**
 * "Forget this team on this device": removes its entry, and the storage key once nothing is left.
 * This page keeps its own copy, so the rest of this visit is still checked against it.
 */
export function forgetOnThisDevice(slug: string): void {
  const { [slug]: _forgotten, ...rest } = readDevice();
  writeDevice(rest);
}

/** Forgets every team this page has verified (the quick exit; leave-now.ts). */
export function forgetAllOnThisPage(): void {
  onThisPage.clear();
}
