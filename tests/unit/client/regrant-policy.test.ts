// R-3 in the team console (client/src/features/team/model/regrant-policy.ts): when an admin
// adds a member, earlier cases are shared with them except those a reporter kept from them. The
// server only knows ids; these checks are the ones that stop a person the reporter excluded from
// coming back under a new id and receiving the case.
import { describe, expect, it } from 'vitest';

import {
  casesClosedTo,
  planRegrant,
  type CaseToCheck,
  type Newcomer,
  type RosterMembers,
} from '../../../client/src/features/team/model/regrant-policy.js';

const ANA = { id: 'ana', name: 'Ana', enc_pk: 'enc-ana', sign_pk: 'sign-ana' };
const BEN = { id: 'ben', name: 'Ben', enc_pk: 'enc-ben', sign_pk: 'sign-ben' };
/** Removed from the roster, but still in `known`: the roster remembers everyone it listed. */
const MALLORY = { id: 'mallory-old', name: 'Mallory Smith', enc_pk: 'enc-mallory', sign_pk: 'sign-mallory' };

function rosterOf(...members: (typeof ANA)[]): RosterMembers {
  return {
    known: new Map(members.map((m) => [m.id, { name: m.name }])),
    keys: new Map(members.map((m) => [m.id, { enc_pk: m.enc_pk, sign_pk: m.sign_pk }])),
  };
}

const ROSTER = rosterOf(ANA, BEN, MALLORY);

function newcomer(overrides: Partial<Newcomer> = {}): Newcomer {
  return { id: 'chloe', name: 'Chloé', enc_pk: 'enc-chloe', sign_pk: 'sign-chloe', ...overrides };
}

function listed(id: string, served: string[], body: string[] | null = served): CaseToCheck {
  return { row: { id, excluded: served }, opened: { ok: true, view: { excluded: body } } };
}

function unreadable(id: string): CaseToCheck {
  return { row: { id, excluded: [] }, opened: { ok: false } };
}

describe('casesClosedTo', () => {
  it('leaves open the cases that exclude nobody, or only other people', () => {
    const cases = [listed('c1', []), listed('c2', ['ben'])];
    expect(casesClosedTo(newcomer(), cases, ROSTER)).toEqual(new Set());
  });

  it('closes a case that excludes the newcomer’s own id', () => {
    const cases = [listed('c1', ['chloe']), listed('c2', [])];
    expect(casesClosedTo(newcomer(), cases, ROSTER)).toEqual(new Set(['c1']));
  });

  it('closes a case whose report excludes the newcomer even when the server dropped the id', () => {
    const cases = [listed('c1', [], ['chloe'])];
    expect(casesClosedTo(newcomer(), cases, ROSTER)).toEqual(new Set(['c1']));
  });

  it('closes a case the server lists as excluding the newcomer even when the report does not say', () => {
    const cases = [listed('c1', ['chloe'], null)];
    expect(casesClosedTo(newcomer(), cases, ROSTER)).toEqual(new Set(['c1']));
  });

  it('closes a case that excluded a removed member who comes back under a new id and the same name', () => {
    const cases = [listed('c1', ['mallory-old']), listed('c2', [])];
    for (const name of [
      'Mallory Smith',
      'mallory_smith',
      'MALLORY SMITH',
      'Mállory Smith',
      'Ｍallory Smith',
    ]) {
      expect(casesClosedTo(newcomer({ id: 'mallory-new', name }), cases, ROSTER), name).toEqual(
        new Set(['c1']),
      );
    }
  });

  it('closes a case that excluded someone holding the newcomer’s encryption key, whatever the name', () => {
    const cases = [listed('c1', ['mallory-old'])];
    const returning = newcomer({ id: 'new-id', name: 'Someone Else', enc_pk: MALLORY.enc_pk });
    expect(casesClosedTo(returning, cases, ROSTER)).toEqual(new Set(['c1']));
  });

  it('closes a case that excluded someone holding the newcomer’s signing key, whatever the name', () => {
    const cases = [listed('c1', ['mallory-old'])];
    const returning = newcomer({ id: 'new-id', name: 'Someone Else', sign_pk: MALLORY.sign_pk });
    expect(casesClosedTo(returning, cases, ROSTER)).toEqual(new Set(['c1']));
  });

  it('closes every case this browser could not decrypt: its exclusions cannot be checked', () => {
    const cases = [unreadable('c1'), listed('c2', [])];
    expect(casesClosedTo(newcomer(), cases, ROSTER)).toEqual(new Set(['c1']));
  });

  it('does not close a case for an excluded member with another name and other keys', () => {
    const cases = [listed('c1', ['mallory-old'])];
    expect(casesClosedTo(newcomer({ name: 'Mallory Smyth' }), cases, ROSTER)).toEqual(new Set());
  });
});

describe('planRegrant', () => {
  const work = [
    { object: 'report-1', case: 'c1', grant: 'g1' },
    { object: 'item-1a', case: 'c1', grant: 'g2' },
    { object: 'item-1b', case: 'c1', grant: 'g3' },
    { object: 'report-2', case: 'c2', grant: 'g4' },
    { object: 'report-3', case: 'c3', grant: 'g5' },
  ];

  it('re-grants every object of the cases open to the newcomer, and none of a closed case', () => {
    const cases = [listed('c1', ['chloe']), listed('c2', []), listed('c3', ['ben'])];
    const plan = planRegrant(newcomer(), work, cases, ROSTER);
    expect(plan.objects.map((o) => o.object)).toEqual(['report-2', 'report-3']);
    expect(plan.skippedCases).toBe(1);
  });

  it('counts skipped cases, not skipped objects', () => {
    const cases = [listed('c1', ['chloe']), unreadable('c2'), listed('c3', [])];
    const plan = planRegrant(newcomer(), work, cases, ROSTER);
    expect(plan.objects.map((o) => o.object)).toEqual(['report-3']);
    expect(plan.skippedCases).toBe(2);
  });

  it('gives a returning excluded member nothing of the cases that excluded them', () => {
    const cases = [listed('c1', [], ['mallory-old']), listed('c2', ['mallory-old']), listed('c3', [])];
    const plan = planRegrant(newcomer({ id: 'mallory-new', name: 'mallory smith' }), work, cases, ROSTER);
    expect(plan.objects.every((o) => o.case === 'c3')).toBe(true);
    expect(plan.skippedCases).toBe(2);
  });

  it('has nothing to do when there is no work', () => {
    expect(planRegrant(newcomer(), [], [listed('c1', ['chloe'])], ROSTER)).toEqual({
      objects: [],
      skippedCases: 0,
    });
  });
});
