import { beforeAll, describe, expect, it } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { RosterEntry, RosterRow } from '../../../crypto/index.js';
import { append, catchCryptoError, expectCode, flippedB64, makeTeam, person, record, T0 } from './helpers.js';

beforeAll(async () => {
  await C.ready();
});

/** rows with entry `index` replaced by `change(entry)`, its sig and hash left as they were. */
function tamperEntry(
  rows: readonly RosterRow[],
  index: number,
  change: (e: RosterEntry) => RosterEntry,
): RosterRow[] {
  return rows.map((row, i) => (i === index ? { ...row, entry: change(structuredClone(row.entry)) } : row));
}

/** Every way to change one character or value of one field of an entry. */
function fieldMutations(entry: RosterEntry): [string, RosterEntry][] {
  const out: [string, RosterEntry][] = [];
  const flipChar = (s: string, i: number) =>
    s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ 1) + s.slice(i + 1);
  for (const field of ['team', 'at', 'by', 'op'] as const) {
    const value = entry[field];
    for (let i = 0; i < value.length; i++)
      out.push([`${field}[${i}]`, { ...entry, [field]: flipChar(value, i) }]);
  }
  for (let i = 0; i < 32; i++)
    out.push([`prev byte ${i}`, { ...entry, prev: flippedB64(entry.prev, i, i % 8) }]);
  out.push(['seq + 1', { ...entry, seq: entry.seq + 1 }]);
  out.push(['seq - 1', { ...entry, seq: entry.seq - 1 }]);
  out.push(['v', { ...entry, v: 2 as 1 }]);
  for (const field of ['id', 'name'] as const) {
    const value = entry.member[field];
    for (let i = 0; i < value.length; i++) {
      out.push([
        `member.${field}[${i}]`,
        { ...entry, member: { ...entry.member, [field]: flipChar(value, i) } },
      ]);
    }
  }
  out.push([
    'member.role',
    { ...entry, member: { ...entry.member, role: entry.member.role === 'admin' ? 'member' : 'admin' } },
  ]);
  for (const field of ['enc_pk', 'sign_pk'] as const) {
    for (let i = 0; i < 32; i++) {
      out.push([
        `member.${field} byte ${i}`,
        { ...entry, member: { ...entry.member, [field]: flippedB64(entry.member[field], i, i % 8) } },
      ]);
    }
  }
  out.push(['extra field', { ...entry, extra: 'x' } as RosterEntry]);
  return out;
}

describe('roster', () => {
  it('verifies a chain of genesis, adds, a role change and a removal', () => {
    const { team, admin, members, rows } = makeTeam(3);
    let chain = append(rows, team, 'role', members[0]!, 'admin', admin);
    chain = append(chain, team, 'remove', members[1]!, 'member', members[0]!); // the new admin signs
    const roster = C.verifyRoster(chain, { team });
    expect([...roster.active.keys()]).toEqual([admin.id, members[0]!.id, members[2]!.id]);
    expect(roster.active.get(members[0]!.id)?.role).toBe('admin');
    expect(roster.known.has(members[1]!.id)).toBe(true);
    expect(roster.head).toEqual({ seq: 5, hash: chain[5]!.hash });
    expect(C.rosterHead(chain)).toEqual(roster.head);
    expect(roster.fingerprint).toBe(C.toHex(C.fromBase64Url(chain[0]!.hash)));
    expect(roster.team).toBe(team);
  });

  it("recomputes a stored row's hash from its entry text and signature, whatever the text's key order", () => {
    const { rows } = makeTeam(2);
    for (const row of rows) {
      const sig = C.fromBase64Url(row.sig);
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(row.entry).reverse()));
      for (const text of [JSON.stringify(row.entry), reordered]) {
        expect(C.toBase64Url(C.rosterRowHash(text, sig) ?? new Uint8Array())).toBe(row.hash);
      }
      expect(C.rosterRowHash(JSON.stringify({ ...row.entry, name: 'someone else' }), sig)).not.toEqual(
        C.fromBase64Url(row.hash),
      );
    }
    const sig = C.fromBase64Url(rows[0]!.sig);
    for (const text of ['not json', '[1,2]', 'null', '{"at": 1.5}'])
      expect(C.rosterRowHash(text, sig)).toBeNull();
  });

  it('rejects a change to any byte of any field of any entry, naming the entry', () => {
    const { team, admin, members, rows } = makeTeam(1);
    const chain = append(rows, team, 'remove', members[0]!, 'member', admin);
    for (let index = 0; index < chain.length; index++) {
      for (const [what, mutated] of fieldMutations(chain[index]!.entry)) {
        const error = catchCryptoError(() =>
          C.verifyRoster(
            tamperEntry(chain, index, () => mutated),
            { team },
          ),
        );
        expect(error.code, `${what} of entry ${index}`).toMatch(/^ROSTER_|UNKNOWN_VERSION/);
        expect(error.entryIndex, `${what} of entry ${index}: ${error.message}`).toBe(index);
      }
    }
  });

  it('rejects a change to any byte of any signature or stated hash', () => {
    const { rows } = makeTeam(1);
    for (let index = 0; index < rows.length; index++) {
      for (let i = 0; i < 64; i++) {
        const bad = rows.map((r, j) => (j === index ? { ...r, sig: flippedB64(r.sig, i, i % 8) } : r));
        const error = expectCode(() => C.verifyRoster(bad), 'ROSTER_SIGNATURE_INVALID');
        expect(error.entryIndex).toBe(index);
      }
      for (let i = 0; i < 32; i++) {
        const bad = rows.map((r, j) => (j === index ? { ...r, hash: flippedB64(r.hash, i) } : r));
        expect(expectCode(() => C.verifyRoster(bad), 'ROSTER_CHAIN_BROKEN').entryIndex).toBe(index);
      }
    }
  });

  it('names the cause: a bad signature is ROSTER_SIGNATURE_INVALID with the entry index', () => {
    const { rows } = makeTeam(2);
    const bad = tamperEntry(rows, 2, (e) => ({ ...e, member: { ...e.member, name: 'Mallory' } }));
    const error = expectCode(() => C.verifyRoster(bad), 'ROSTER_SIGNATURE_INVALID');
    expect(error.entryIndex).toBe(2);
    expect(error.message).toContain('entry 2');
  });

  it('rejects an entry signed by a member who is not an admin', () => {
    const { team, members, rows } = makeTeam(2);
    const stranger = person('Stranger');
    const bad = append(rows, team, 'add', stranger, 'admin', members[0]!);
    const error = expectCode(() => C.verifyRoster(bad), 'ROSTER_SIGNER_NOT_ADMIN');
    expect(error.entryIndex).toBe(3);
  });

  it('rejects an entry signed by a removed admin', () => {
    const { team, admin, rows } = makeTeam(0);
    const second = person('Second admin');
    let chain = append(rows, team, 'add', second, 'admin', admin);
    chain = append(chain, team, 'remove', second, 'admin', admin);
    const bad = append(chain, team, 'add', person('Mallory'), 'admin', second);
    const error = expectCode(() => C.verifyRoster(bad), 'ROSTER_SIGNER_NOT_ADMIN');
    expect(error.entryIndex).toBe(3);
    expect(error.message).toContain('removed');
  });

  it('rejects an entry signed by a demoted admin', () => {
    const { team, admin, rows } = makeTeam(0);
    const second = person('Second admin');
    let chain = append(rows, team, 'add', second, 'admin', admin);
    chain = append(chain, team, 'role', second, 'member', admin);
    expectCode(
      () => C.verifyRoster(append(chain, team, 'add', person('x'), 'member', second)),
      'ROSTER_SIGNER_NOT_ADMIN',
    );
  });

  it('rejects an entry whose "by" names an admin but whose signature is another key', () => {
    const { team, admin, members, rows } = makeTeam(1);
    const entry = C.buildRosterEntry(rows.at(-1), {
      team,
      at: T0,
      op: 'add',
      member: record(person('x'), 'member'),
      by: admin.id,
    });
    const forged = [...rows, C.signRosterEntry(entry, members[0]!.keys.sign.secretKey)];
    expect(expectCode(() => C.verifyRoster(forged), 'ROSTER_SIGNATURE_INVALID').entryIndex).toBe(2);
  });

  it('enforces the genesis rules', () => {
    const team = C.generateId();
    const a = person('a');
    const b = person('b');
    const sign = (entry: RosterEntry, p = a) => [C.signRosterEntry(entry, p.keys.sign.secretKey)];
    const genesis = C.buildRosterEntry(undefined, {
      team,
      at: T0,
      op: 'genesis',
      member: record(a, 'admin'),
      by: a.id,
    });
    expect(C.verifyRoster(sign(genesis)).active.size).toBe(1);
    expect(
      expectCode(() => C.verifyRoster(sign({ ...genesis, op: 'add' })), 'ROSTER_INVALID').entryIndex,
    ).toBe(0);
    expectCode(() => C.verifyRoster(sign({ ...genesis, member: record(a, 'member') })), 'ROSTER_INVALID');
    expectCode(() => C.verifyRoster(sign({ ...genesis, by: b.id }, b)), 'ROSTER_INVALID');
    expectCode(() => C.verifyRoster(sign(genesis, b)), 'ROSTER_SIGNATURE_INVALID');
    expectCode(
      () => C.verifyRoster(sign({ ...genesis, prev: C.toBase64Url(new Uint8Array(32).fill(1)) })),
      'ROSTER_CHAIN_BROKEN',
    );
    expectCode(() => C.verifyRoster(sign({ ...genesis, seq: 1 })), 'ROSTER_CHAIN_BROKEN');
    expectCode(() => C.verifyRoster([]), 'ROSTER_INVALID');
    // Only entry 0 may be a genesis.
    const rows = sign(genesis);
    const second = {
      ...C.buildRosterEntry(rows[0], { team, at: T0, op: 'add', member: record(b, 'admin'), by: a.id }),
      op: 'genesis' as const,
    };
    expectCode(
      () => C.verifyRoster([...rows, C.signRosterEntry(second, a.keys.sign.secretKey)]),
      'ROSTER_INVALID',
    );
  });

  it('rejects adding an active member, and removing or re-roling a non-member', () => {
    const { team, admin, members, rows } = makeTeam(1);
    expectCode(
      () => C.verifyRoster(append(rows, team, 'add', members[0]!, 'member', admin)),
      'ROSTER_INVALID',
    );
    expectCode(
      () => C.verifyRoster(append(rows, team, 'remove', person('x'), 'member', admin)),
      'ROSTER_INVALID',
    );
    expectCode(
      () => C.verifyRoster(append(rows, team, 'role', person('x'), 'admin', admin)),
      'ROSTER_INVALID',
    );
  });

  it("rejects another team's roster, or entries from another team", () => {
    const a = makeTeam(1);
    const b = makeTeam(1);
    expectCode(() => C.verifyRoster(a.rows, { team: b.team }), 'ROSTER_INVALID');
    const spliced = [...a.rows.slice(0, 1), ...b.rows.slice(1)];
    expect(catchCryptoError(() => C.verifyRoster(spliced)).entryIndex).toBe(1);
  });

  it('checks a pinned fingerprint, full or as displayed', () => {
    const { rows, roster } = makeTeam(1);
    expect(C.verifyRoster(rows, { fingerprint: roster.fingerprint }).fingerprint).toBe(roster.fingerprint);
    const shown = C.formatFingerprint(roster.fingerprint);
    expect(shown).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(shown.replace(/ /g, '')).toBe(roster.fingerprint.slice(0, 32));
    C.verifyRoster(rows, { fingerprint: shown.toUpperCase() });
    expectCode(
      () => C.verifyRoster(rows, { fingerprint: makeTeam(0).roster.fingerprint }),
      'ROSTER_FINGERPRINT_MISMATCH',
    );
    expectCode(() => C.verifyRoster(rows, { fingerprint: 'abcd' }), 'INVALID_ARGUMENT');
  });

  it('detects a fork: two rosters that disagree at the same seq', () => {
    const { team, admin, rows } = makeTeam(1);
    const left = append(rows, team, 'add', person('Left'), 'member', admin);
    const right = append(rows, team, 'add', person('Right'), 'member', admin);
    C.verifyRoster(left);
    C.verifyRoster(right);
    expect(expectCode(() => C.compareRosters(left, right), 'ROSTER_FORK').entryIndex).toBe(2);
    expect(expectCode(() => C.assertRosterExtends(C.rosterHead(left), right), 'ROSTER_FORK').entryIndex).toBe(
      2,
    );
    const longer = append(left, team, 'add', person('Later'), 'member', admin);
    expect(C.compareRosters(left, longer)).toBe('second-is-longer');
    expect(C.compareRosters(longer, left)).toBe('first-is-longer');
    expect(C.compareRosters(left, left)).toBe('identical');
    expect(() => C.assertRosterExtends(C.rosterHead(left), longer)).not.toThrow();
  });

  it('detects a rollback: a roster that stops before a head seen earlier', () => {
    const { team, admin, members, rows } = makeTeam(1);
    const afterRemoval = append(rows, team, 'remove', members[0]!, 'member', admin);
    const error = expectCode(
      () => C.assertRosterExtends(C.rosterHead(afterRemoval), rows),
      'ROSTER_ROLLBACK',
    );
    expect(error.entryIndex).toBe(2);
  });

  it('lists the recipients of a new report: active members minus exclusions, at least one left', () => {
    const { team, admin, members, rows } = makeTeam(2);
    const roster = C.verifyRoster(append(rows, team, 'remove', members[1]!, 'member', admin));
    expect(C.recipientsFromRoster(roster).map((r) => r.id)).toEqual([admin.id, members[0]!.id]);
    expect(C.recipientsFromRoster(roster, [admin.id]).map((r) => r.id)).toEqual([members[0]!.id]);
    expectCode(() => C.recipientsFromRoster(roster, [admin.id, members[0]!.id]), 'INVALID_ARGUMENT');
    expectCode(() => C.recipientsFromRoster(roster, [members[1]!.id]), 'INVALID_ARGUMENT');
  });

  it('builds entries only with protocol ids and times', () => {
    const team = C.generateId();
    const a = person('a');
    const input = { team, at: T0, op: 'genesis' as const, member: record(a, 'admin'), by: a.id };
    expectCode(() => C.buildRosterEntry(undefined, { ...input, at: '2026-11-24 06:41' }), 'INVALID_ARGUMENT');
    expectCode(() => C.buildRosterEntry(undefined, { ...input, team: 'team-1' }), 'INVALID_ARGUMENT');
    expectCode(() => C.buildRosterEntry(undefined, { ...input, op: 'add' }), 'INVALID_ARGUMENT');
    const entry = C.buildRosterEntry(undefined, input);
    expect(entry).toMatchObject({ v: 1, seq: 0, prev: C.toBase64Url(new Uint8Array(32)) });
  });
});
