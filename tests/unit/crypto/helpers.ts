// Shared helpers for the crypto unit tests.
import { expect } from 'vitest';

import * as C from '../../../crypto/index.js';
import type { ConfideCryptoErrorCode, MemberKeys, RosterRow, VerifiedRoster } from '../../../crypto/index.js';

/** Runs `fn` and returns the ConfideCryptoError it throws; fails the test otherwise. */
export function catchCryptoError(fn: () => unknown): C.ConfideCryptoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(C.ConfideCryptoError);
    return e as C.ConfideCryptoError;
  }
  throw new Error('expected a ConfideCryptoError, but nothing was thrown');
}

/** Asserts that `fn` throws a ConfideCryptoError with `code`; returns it. */
export function expectCode(fn: () => unknown, code: ConfideCryptoErrorCode): C.ConfideCryptoError {
  const error = catchCryptoError(fn);
  expect(error.code, error.message).toBe(code);
  return error;
}

/** A copy of `bytes` with bit `bit` of byte `index` flipped. */
export function flipped(bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ (1 << bit);
  return copy;
}

/** A base64url value with one byte of its decoded form flipped. */
export function flippedB64(text: string, index: number, bit = 0): string {
  return C.toBase64Url(flipped(C.fromBase64Url(text), index, bit));
}

/** Indices 0..n-1 when n is small, otherwise a spread sample including both ends and every boundary hint. */
export function sampleIndices(n: number, max = 300, hints: readonly number[] = []): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const set = new Set<number>([0, 1, n - 2, n - 1]);
  for (const h of hints) for (const d of [-1, 0, 1]) if (h + d >= 0 && h + d < n) set.add(h + d);
  const step = n / max;
  for (let i = 0; i < max; i++) set.add(Math.floor(i * step + ((i * 7919) % Math.max(1, Math.floor(step)))));
  return [...set].filter((i) => i >= 0 && i < n).sort((a, b) => a - b);
}

export const T0 = '2026-11-24T06:41:00Z';

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly keys: MemberKeys;
}

export function person(name: string): Person {
  return { id: C.generateId(), name, keys: C.generateMemberKeys() };
}

export function record(p: Person, role: 'admin' | 'member') {
  return C.rosterMember({
    id: p.id,
    name: p.name,
    role,
    encPublicKey: p.keys.enc.publicKey,
    signPublicKey: p.keys.sign.publicKey,
  });
}

/** Appends one signed entry to `rows`. */
export function append(
  rows: RosterRow[],
  team: string,
  op: 'genesis' | 'add' | 'remove' | 'role',
  subject: Person,
  role: 'admin' | 'member',
  signer: Person,
): RosterRow[] {
  const entry = C.buildRosterEntry(rows.at(-1), {
    team,
    at: T0,
    op,
    member: record(subject, role),
    by: signer.id,
  });
  return [...rows, C.signRosterEntry(entry, signer.keys.sign.secretKey)];
}

export interface TeamFixture {
  readonly team: string;
  readonly admin: Person;
  readonly members: readonly Person[];
  readonly rows: RosterRow[];
  readonly roster: VerifiedRoster;
}

/** A team with one admin (genesis) and `n` members added by the admin. */
export function makeTeam(n: number): TeamFixture {
  const team = C.generateId();
  const admin = person('Admin');
  let rows = append([], team, 'genesis', admin, 'admin', admin);
  const members = Array.from({ length: n }, (_, i) => person(`Member ${i + 1}`));
  for (const m of members) rows = append(rows, team, 'add', m, 'member', admin);
  return { team, admin, members, rows, roster: C.verifyRoster(rows, { team }) };
}

/**
 * Fast byte comparison: vitest's deep equality walks typed arrays element by
 * element through generic code, which takes seconds for 100 KB.
 */
export function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  expect(actual.length, 'length').toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      expect.fail(`bytes differ first at index ${i}: ${actual[i]} !== ${expected[i]}`);
    }
  }
}
