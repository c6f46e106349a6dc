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
 *   4. against what this browser remembers for the team (localStorage): same fingerprint,
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
 * Used by the intake form, the receipt page and the team console.
 */
import { Type } from 'typebox';
import type { RosterEntry, RosterHead, RosterRow, VerifiedRoster } from '#crypto';
import { ConfigReply } from '#contract/replies';
import { RosterRow as RosterRowReply, TeamDetail } from '#contract/teams';
import { api, type RequestOptions } from './api-client';
import { decodeWith } from './decode';
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
 * Fetches, verifies and checks a team's roster against the deployment's pin, `expected` and
 * this browser's memory. Rejects only for network or reply-shape problems (ApiError), including
 * when the pins cannot be fetched: without them no roster is judged. Every verdict on the roster
 * itself is in the result.
 */
export async function checkTeamRoster(
  slug: string,
  options: RequestOptions & { expected?: ExpectedRoster } = {},
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
      team,
      message: C.isConfideCryptoError(error) ? error.message : 'the roster could not be read',
    };
  }
  if (!C.fingerprintMatches(roster.fingerprint, team.fingerprint)) {
    return { status: 'invalid', team, message: 'the stated fingerprint is not the roster’s own' };
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
  const remembered = readRemembered(slug);
  if (remembered) {
    if (remembered.fingerprint !== roster.fingerprint) problems.push('fingerprint-changed');
    else {
      const problem = headProblem(C, remembered.head, team.roster);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length > 0) return { status: 'warning', team, roster, problems, remembered, pinned };

  const changes = remembered ? rosterChanges(team.roster, remembered.head.seq) : [];
  if (!remembered || roster.head.seq > remembered.head.seq) rememberRoster(slug, roster);
  return { status: 'trusted', team, roster, firstSeen: !remembered, changes, pinned };
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

/** One change in plain words: "Ben joined the team". */
export function describeRosterChange(change: RosterChange): string {
  switch (change.op) {
    case 'genesis':
      return `${change.name} started the team`;
    case 'add':
      return `${change.name} joined the team`;
    case 'remove':
      return `${change.name} left the team`;
    case 'role':
      return change.role === 'admin'
        ? `${change.name} became an admin`
        : `${change.name} is no longer an admin`;
  }
}

/** Plain words for each problem, for a warning a frightened person can act on. */
export function describeTrustProblem(problem: TrustProblem, teamName: string): string {
  switch (problem) {
    case 'pinned-fingerprint-differs':
      return describePinMismatch(teamName);
    case 'fingerprint-changed':
      return `The security fingerprint of “${teamName}” is not the one this browser saw before. Someone may be pretending to be this team.`;
    case 'fork':
      return `The member list of “${teamName}” contradicts the one this browser saw before. Someone may be showing different people different lists.`;
    case 'rollback':
      return `The member list of “${teamName}” is older than one this browser has already seen. A change, such as someone being removed, may be hidden.`;
    case 'not-the-reported-team':
      return `This is not the team your report was sent to: its security fingerprint is different.`;
    case 'not-the-reported-roster':
      return `The member list of “${teamName}” does not continue the one your report was sent to.`;
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
 * characters, and names that look like another member's. Keyed by member id.
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
        'This name contains hidden characters that can make it look like another name.',
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
          'Another member has a name that looks the same. Tell them apart by the fingerprint shown beside each name.',
      );
    }
  }
  return warnings;
}

// ---------------------------------------------------------------------------
// Memory (localStorage; public values only)
// ---------------------------------------------------------------------------

const STORAGE_KEY = 'confide.roster-trust.v1';
/** When storage is unavailable (private windows may refuse it), remember for this page only. */
let fallback: Record<string, RememberedRoster> = {};

function readAll(): Record<string, RememberedRoster> {
  try {
    const text = globalThis.localStorage.getItem(STORAGE_KEY);
    if (text === null) return fallback;
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, RememberedRoster>) : {};
  } catch {
    return fallback;
  }
}

function writeAll(all: Record<string, RememberedRoster>): void {
  fallback = all;
  try {
    globalThis.localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage refused: the in-memory copy above still protects this visit.
  }
}

/** What this browser remembers of a team, if anything. */
export function readRemembered(slug: string): RememberedRoster | undefined {
  const entry = readAll()[slug];
  if (
    typeof entry !== 'object' ||
    typeof entry.team !== 'string' ||
    typeof entry.fingerprint !== 'string' ||
    typeof entry.head !== 'object' ||
    !Number.isInteger(entry.head.seq) ||
    typeof entry.head.hash !== 'string'
  ) {
    return undefined;
  }
  return entry;
}

/**
 * Remembers a verified roster's fingerprint and head for `slug`. `checkTeamRoster` does this
 * for trusted results; call it directly only after a person has confirmed a changed
 * fingerprint through another channel.
 */
export function rememberRoster(slug: string, roster: VerifiedRoster): void {
  writeAll({
    ...readAll(),
    [slug]: { team: roster.team, fingerprint: roster.fingerprint, head: roster.head },
  });
}
