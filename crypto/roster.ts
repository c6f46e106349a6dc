/**
 * The team roster: a signed, hash-chained log (PROTOCOL.md, "Team roster").
 *
 *   entry = { v, team, seq, prev, at, op, member: { id, name, role, enc_pk, sign_pk }, by }
 *   sig   = crypto_sign_detached("confide/v1/roster\n" || canon(entry), signer.sign_sk)
 *   hash  = crypto_generichash(32, canon(entry) || sig)
 *
 * A reporter encrypts to whatever keys the roster lists, so nothing may be
 * encrypted to a team before `verifyRoster` has accepted its roster, and a
 * client that remembers a head or a fingerprint checks it too.
 */
import {
  BOX_PUBLIC_KEY_BYTES,
  HASH_BYTES,
  PROTOCOL_VERSION,
  ROSTER_SIGNATURE_CONTEXT,
  SIGN_PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
} from './constants.js';
import {
  assertUuid,
  canonicalJsonBytes,
  concatBytes,
  fromBase64Url,
  isProtocolTime,
  toBase64Url,
  utf8,
} from './encoding.js';
import { ConfideCryptoError } from './errors.js';
import { fingerprintHex, fingerprintMatches } from './fingerprint.js';
import { lib } from './sodium.js';
import type {
  BoxPublicKey,
  MemberRole,
  Recipient,
  RosterEntry,
  RosterHead,
  RosterMember,
  RosterOp,
  RosterRow,
  SignPublicKey,
  SignSecretKey,
} from './types.js';

const ZERO_HASH = toBase64Url(new Uint8Array(HASH_BYTES));
const OPS: readonly RosterOp[] = ['genesis', 'add', 'remove', 'role'];
const ROLES: readonly MemberRole[] = ['admin', 'member'];

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/** The fields of a new entry; `seq` and `prev` come from the previous row. */
export interface RosterEntryInput {
  readonly team: string;
  /** RFC 3339 UTC with seconds (formatProtocolTime). */
  readonly at: string;
  readonly op: RosterOp;
  readonly member: RosterMember;
  /** Id of the signing admin; for genesis, the member's own id. */
  readonly by: string;
}

/** A roster member record from ids, name, role and public keys. */
export function rosterMember(input: {
  readonly id: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly encPublicKey: BoxPublicKey;
  readonly signPublicKey: SignPublicKey;
}): RosterMember {
  return {
    id: input.id,
    name: input.name,
    role: input.role,
    enc_pk: toBase64Url(input.encPublicKey),
    sign_pk: toBase64Url(input.signPublicKey),
  };
}

/**
 * The next entry after `previous` (or the genesis entry when `previous` is
 * undefined): seq = previous seq + 1, prev = previous hash (32 zero bytes first).
 */
export function buildRosterEntry(previous: RosterRow | undefined, input: RosterEntryInput): RosterEntry {
  assertUuid(input.team, 'team id');
  assertUuid(input.member.id, 'member id');
  assertUuid(input.by, 'signer id');
  if (!isProtocolTime(input.at)) {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'roster time must be RFC 3339 UTC with seconds');
  }
  if (previous === undefined && (input.op !== 'genesis' || input.by !== input.member.id)) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      'the first roster entry is a genesis signed by its own member',
    );
  }
  if (previous !== undefined && input.op === 'genesis') {
    throw new ConfideCryptoError('INVALID_ARGUMENT', 'only the first roster entry is a genesis');
  }
  const entry: RosterEntry = {
    v: PROTOCOL_VERSION,
    team: input.team,
    seq: previous === undefined ? 0 : previous.entry.seq + 1,
    prev: previous === undefined ? ZERO_HASH : previous.hash,
    at: input.at,
    op: input.op,
    member: { ...input.member },
    by: input.by,
  };
  checkEntryShape(entry, entry.seq);
  return entry;
}

/**
 * The hash of a stored roster row, computed from its entry (JSON text, made canonical here) and
 * its signature, as verifyRoster computes it: for a reader that must not trust a stored hash
 * (the server comparing a team's genesis with a pinned fingerprint). null when the text is not a
 * JSON object.
 */
export function rosterRowHash(entryJson: string, sig: Uint8Array): Uint8Array | null {
  let entry: unknown;
  try {
    entry = JSON.parse(entryJson);
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return null;
  try {
    return lib().crypto_generichash(HASH_BYTES, concatBytes(canonicalJsonBytes(entry), sig), null);
  } catch {
    return null; // a value canonical JSON refuses (a fraction, a non-finite number)
  }
}

/** Signs an entry and computes its hash: the row the server stores. */
export function signRosterEntry(entry: RosterEntry, signerSecretKey: SignSecretKey): RosterRow {
  const sodium = lib();
  const canonical = canonicalJsonBytes(entry);
  const sig = sodium.crypto_sign_detached(
    concatBytes(utf8(ROSTER_SIGNATURE_CONTEXT), canonical),
    signerSecretKey,
  );
  const hash = sodium.crypto_generichash(HASH_BYTES, concatBytes(canonical, sig), null);
  return { entry, sig: toBase64Url(sig), hash: toBase64Url(hash) };
}

// ---------------------------------------------------------------------------
// Verifying
// ---------------------------------------------------------------------------

/** A member as the roster lists them, with decoded keys. */
export interface ActiveMember {
  readonly id: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly encPublicKey: BoxPublicKey;
  readonly signPublicKey: SignPublicKey;
}

export interface VerifiedRoster {
  readonly team: string;
  /** Lowercase hex of the genesis hash (formatFingerprint for display). */
  readonly fingerprint: string;
  /** seq and hash of the last entry: remember it to detect forks and rollbacks. */
  readonly head: RosterHead;
  /** Active members after the last entry, in the order they were added. */
  readonly active: ReadonlyMap<string, ActiveMember>;
  /**
   * Everyone the roster has ever listed (latest record), including removed
   * members: to check signatures on items written before a removal.
   */
  readonly known: ReadonlyMap<string, ActiveMember>;
}

export interface VerifyRosterOptions {
  /** The team this roster must belong to. */
  readonly team?: string;
  /** A pinned or remembered fingerprint (64 hex digits, or the 32 displayed). */
  readonly fingerprint?: string;
}

/**
 * Checks the whole chain from genesis and returns the resulting state. Throws
 * ConfideCryptoError with `entryIndex` naming the first bad entry:
 * UNKNOWN_VERSION, ROSTER_INVALID (shape, team, genesis rules, unknown op,
 * adding an active member, removing or re-roling a non-member),
 * ROSTER_CHAIN_BROKEN (seq, prev or stated hash), ROSTER_SIGNER_NOT_ADMIN
 * (signer unknown, removed or not an admin), ROSTER_SIGNATURE_INVALID; and
 * ROSTER_FINGERPRINT_MISMATCH against `options.fingerprint`.
 */
export function verifyRoster(rows: readonly RosterRow[], options: VerifyRosterOptions = {}): VerifiedRoster {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new ConfideCryptoError('ROSTER_INVALID', 'a roster has at least its genesis entry');
  }
  const sodium = lib();
  const context = utf8(ROSTER_SIGNATURE_CONTEXT);
  const active = new Map<string, ActiveMember>();
  const known = new Map<string, ActiveMember>();
  let team = options.team;
  let prevHash: Uint8Array = new Uint8Array(HASH_BYTES);
  let fingerprint = '';
  let headHash = '';

  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (typeof row !== 'object' || row === null) {
      throw invalid(i, 'is not an object { entry, sig, hash }');
    }
    const { entry, sig, hash } = row as { entry?: unknown; sig?: unknown; hash?: unknown };
    if (typeof sig !== 'string' || typeof hash !== 'string') {
      throw invalid(i, 'lacks its sig or hash');
    }
    checkEntryShape(entry, i);
    const e = entry;

    if (team === undefined) team = e.team;
    if (e.team !== team) throw invalid(i, `belongs to another team (${e.team})`);

    if (e.seq !== i) {
      throw new ConfideCryptoError(
        'ROSTER_CHAIN_BROKEN',
        `roster entry ${i}: seq is ${e.seq}, expected ${i}`,
        {
          entryIndex: i,
        },
      );
    }
    const prev = decodeField(e.prev, HASH_BYTES, i, 'prev');
    if (!bytesEqual(prev, prevHash)) {
      throw new ConfideCryptoError(
        'ROSTER_CHAIN_BROKEN',
        i === 0
          ? 'roster entry 0: prev must be 32 zero bytes'
          : `roster entry ${i}: prev is not the hash of entry ${i - 1}`,
        { entryIndex: i },
      );
    }

    let signerKey: Uint8Array;
    if (i === 0) {
      if (e.op !== 'genesis') throw invalid(0, `must be a genesis, not "${e.op}"`);
      if (e.member.role !== 'admin') throw invalid(0, 'the founding member must be an admin');
      if (e.by !== e.member.id) throw invalid(0, 'a genesis is signed by its own member');
      signerKey = decodeField(e.member.sign_pk, SIGN_PUBLIC_KEY_BYTES, 0, 'member.sign_pk');
    } else {
      if (e.op === 'genesis') throw invalid(i, 'only entry 0 may be a genesis');
      const signer = active.get(e.by);
      if (signer?.role !== 'admin') {
        const why = signer
          ? 'is not an admin'
          : known.has(e.by)
            ? 'was removed before this entry'
            : 'is not on the roster';
        throw new ConfideCryptoError('ROSTER_SIGNER_NOT_ADMIN', `roster entry ${i}: signer ${e.by} ${why}`, {
          entryIndex: i,
        });
      }
      signerKey = signer.signPublicKey;
    }

    const sigBytes = fromBase64UrlOrNull(sig);
    const canonical = canonicalJsonBytes(e);
    if (
      sigBytes?.length !== SIGNATURE_BYTES ||
      !sodium.crypto_sign_verify_detached(sigBytes, concatBytes(context, canonical), signerKey)
    ) {
      throw new ConfideCryptoError(
        'ROSTER_SIGNATURE_INVALID',
        `roster entry ${i}: signature does not verify against ${e.by}'s key`,
        { entryIndex: i },
      );
    }
    const computed = sodium.crypto_generichash(HASH_BYTES, concatBytes(canonical, sigBytes), null);
    const stated = fromBase64UrlOrNull(hash);
    if (stated === null || !bytesEqual(stated, computed)) {
      throw new ConfideCryptoError(
        'ROSTER_CHAIN_BROKEN',
        `roster entry ${i}: stated hash differs from the entry's`,
        {
          entryIndex: i,
        },
      );
    }

    applyOp(e, i, active, known);
    if (i === 0) fingerprint = fingerprintHex(computed);
    prevHash = computed;
    headHash = hash;
  }

  if (options.fingerprint !== undefined && !fingerprintMatches(fingerprint, options.fingerprint)) {
    throw new ConfideCryptoError(
      'ROSTER_FINGERPRINT_MISMATCH',
      'the team fingerprint differs from the pinned or remembered one: this is not the same team roster',
    );
  }
  return {
    team: team ?? '',
    fingerprint,
    head: { seq: rows.length - 1, hash: headHash },
    active,
    known,
  };
}

function applyOp(
  e: RosterEntry,
  i: number,
  active: Map<string, ActiveMember>,
  known: Map<string, ActiveMember>,
): void {
  const id = e.member.id;
  switch (e.op) {
    case 'genesis':
    case 'add': {
      if (active.has(id)) throw invalid(i, `adds ${id}, who is already an active member`);
      const member: ActiveMember = {
        id,
        name: e.member.name,
        role: e.member.role,
        encPublicKey: decodeField(e.member.enc_pk, BOX_PUBLIC_KEY_BYTES, i, 'member.enc_pk') as BoxPublicKey,
        signPublicKey: decodeField(
          e.member.sign_pk,
          SIGN_PUBLIC_KEY_BYTES,
          i,
          'member.sign_pk',
        ) as SignPublicKey,
      };
      active.set(id, member);
      known.set(id, member);
      return;
    }
    case 'remove':
      if (!active.delete(id)) throw invalid(i, `removes ${id}, who is not an active member`);
      return;
    case 'role': {
      const current = active.get(id);
      if (!current) throw invalid(i, `changes the role of ${id}, who is not an active member`);
      const updated = { ...current, role: e.member.role };
      active.set(id, updated);
      known.set(id, updated);
      return;
    }
  }
}

/** Type and shape checks of one entry; ROSTER_INVALID or UNKNOWN_VERSION with `entryIndex`. */
function checkEntryShape(entry: unknown, i: number): asserts entry is RosterEntry {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw invalid(i, 'entry is not an object');
  const e = entry as Record<string, unknown>;
  if (e.v !== PROTOCOL_VERSION) {
    throw new ConfideCryptoError(
      'UNKNOWN_VERSION',
      `roster entry ${i}: version ${String(e.v)} is not supported`,
      {
        entryIndex: i,
      },
    );
  }
  for (const field of ['team', 'prev', 'at', 'by'] as const) {
    if (typeof e[field] !== 'string') throw invalid(i, `${field} must be a string`);
  }
  if (!Number.isSafeInteger(e.seq)) throw invalid(i, 'seq must be an integer');
  if (!OPS.includes(e.op as RosterOp)) throw invalid(i, `unknown op ${describeValue(e.op)}`);
  const m = e.member;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw invalid(i, 'member is not an object');
  const member = m as Record<string, unknown>;
  for (const field of ['id', 'name', 'enc_pk', 'sign_pk'] as const) {
    if (typeof member[field] !== 'string') throw invalid(i, `member.${field} must be a string`);
  }
  if (!ROLES.includes(member.role as MemberRole)) throw invalid(i, 'member.role must be "admin" or "member"');
  decodeField(member.enc_pk as string, BOX_PUBLIC_KEY_BYTES, i, 'member.enc_pk');
  decodeField(member.sign_pk as string, SIGN_PUBLIC_KEY_BYTES, i, 'member.sign_pk');
}

function decodeField(text: string, length: number, i: number, field: string): Uint8Array {
  const bytes = fromBase64UrlOrNull(text);
  if (bytes?.length !== length) throw invalid(i, `${field} is not ${length} bytes of base64url`);
  return bytes;
}

function fromBase64UrlOrNull(text: string): Uint8Array | null {
  try {
    return fromBase64Url(text);
  } catch {
    return null;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function invalid(i: number, what: string): ConfideCryptoError {
  return new ConfideCryptoError('ROSTER_INVALID', `roster entry ${i}: ${what}`, { entryIndex: i });
}

// ---------------------------------------------------------------------------
// Forks and rollbacks
// ---------------------------------------------------------------------------

/** The head (seq and hash of the last entry) of a list of rows. */
export function rosterHead(rows: readonly RosterRow[]): RosterHead {
  const last = rows[rows.length - 1];
  if (last === undefined) throw new ConfideCryptoError('ROSTER_INVALID', 'an empty roster has no head');
  return { seq: last.entry.seq, hash: last.hash };
}

/**
 * Compares two verified rosters of one team (for example, what two clients or
 * two fetches saw). ROSTER_FORK, with `entryIndex`, when they disagree at some
 * seq; otherwise says which is longer (an honest server only appends).
 */
export function compareRosters(
  first: readonly RosterRow[],
  second: readonly RosterRow[],
): 'identical' | 'first-is-longer' | 'second-is-longer' {
  const n = Math.min(first.length, second.length);
  for (let i = 0; i < n; i++) {
    if (first[i]?.hash !== second[i]?.hash) {
      throw new ConfideCryptoError(
        'ROSTER_FORK',
        `the rosters disagree at entry ${i}: the server shows different histories`,
        {
          entryIndex: i,
        },
      );
    }
  }
  if (first.length === second.length) return 'identical';
  return first.length > second.length ? 'first-is-longer' : 'second-is-longer';
}

/**
 * Checks a verified roster against a head this client saw before: ROSTER_FORK
 * when the roster has a different entry at that seq, ROSTER_ROLLBACK when it
 * stops before it (entries, perhaps a removal, were withheld).
 */
export function assertRosterExtends(known: RosterHead, rows: readonly RosterRow[]): void {
  const row = rows[known.seq];
  if (row === undefined) {
    throw new ConfideCryptoError(
      'ROSTER_ROLLBACK',
      `the roster ends at entry ${rows.length - 1} but entry ${known.seq} was seen before: entries were withheld`,
      { entryIndex: known.seq },
    );
  }
  if (row.hash !== known.hash) {
    throw new ConfideCryptoError('ROSTER_FORK', `entry ${known.seq} differs from the one seen before`, {
      entryIndex: known.seq,
    });
  }
}

// ---------------------------------------------------------------------------
// Recipients
// ---------------------------------------------------------------------------

/**
 * The members a new report is granted to: every active member except
 * `excluded`. INVALID_ARGUMENT when an excluded id is not an active member or
 * when nobody would remain (the protocol requires at least one).
 */
export function recipientsFromRoster(roster: VerifiedRoster, excluded: readonly string[] = []): Recipient[] {
  const skip = new Set(excluded);
  for (const id of skip) {
    if (!roster.active.has(id)) {
      throw new ConfideCryptoError('INVALID_ARGUMENT', `excluded member ${id} is not an active member`);
    }
  }
  const recipients: Recipient[] = [];
  for (const member of roster.active.values()) {
    if (!skip.has(member.id)) recipients.push({ id: member.id, boxPublicKey: member.encPublicKey });
  }
  if (recipients.length === 0) {
    throw new ConfideCryptoError(
      'INVALID_ARGUMENT',
      'at least one active member must remain after exclusions',
    );
  }
  return recipients;
}
