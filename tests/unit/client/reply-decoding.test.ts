// How the browser checks the server's replies (client/src/lib/decode.ts): against the contract's
// schemas with TypeBox's interpreted Value, for their shape. A reply of the wrong shape is
// refused (the API client then says "a reply this page could not read"); the contents of
// values are left to the crypto, which can tell tampering from an unreadable reply.
import fc from 'fast-check';
import type { TSchema } from 'typebox';
import { Check } from 'typebox/value';
import { describe, expect, it } from 'vitest';

import {
  AuditEvent,
  CaseDetail,
  CaseList,
  CaseSummary,
  ItemView,
  ReceiptCase,
} from '../../../contract/cases.js';
import { MemberView, SessionReply } from '../../../contract/members.js';
import { TeamList, TeamSummary } from '../../../contract/teams.js';
import {
  decodeCreatedId,
  decodeListWith,
  decodeWith,
  DecodeError,
  envelopeV1,
  replyShape,
  shapeGuard,
} from '../../../client/src/lib/decode.js';

const ID = '6f1c2b7e-9a4d-4e2f-8b1a-0c3d5e7f9a2b';
const OTHER_ID = '0b8e4f6a-2c1d-4a3b-9e5f-7d6c8b9a0e1f';
const TIME = '2026-11-24T06:41:00.000Z';
const ENVELOPE = { v: 1, n: 'n'.repeat(32), c: 'c'.repeat(40) };
const KEY = 'k'.repeat(107);
const TEAM = {
  id: ID,
  slug: 'stewards',
  name: 'Stewards',
  description: '',
  description_translations: {},
  handles_life_threats: true,
  handles_child_safety: false,
  first_response_hours: 24,
  community: 'en.wikipedia',
};

function summary(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ID,
    number: 42,
    status: 'investigating',
    urgent: false,
    created_at: TIME,
    updated_at: TIME,
    check_in_by: null,
    follow_up_by: null,
    assignee: OTHER_ID,
    excluded: [],
    reporter_replied_at: TIME,
    team_replied_at: null,
    read_at: null,
    finished_at: null,
    retained: null,
    purge_after: null,
    purged_at: null,
    summary: null,
    payload: ENVELOPE,
    grant: KEY,
    retained_item: null,
    appeal_of: null,
    ...overrides,
  };
}

function without(value: Record<string, unknown>, field: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== field));
}

const decodePage = decodeWith(CaseList);

describe('a page of GET /api/cases', () => {
  it('passes when it has the contract’s shape, and comes back as it was', () => {
    const page = { cases: [summary(), summary({ id: OTHER_ID, check_in_by: TIME })], next: 'abc' };
    expect(decodePage(page)).toEqual(page);
    expect(decodePage({ cases: [], next: null })).toEqual({ cases: [], next: null });
  });

  it('is refused with a case of an unknown status', () => {
    expect(() => decodePage({ cases: [summary(), summary({ status: 'archived' })], next: null })).toThrow(
      DecodeError,
    );
  });

  it('is refused with a field missing, and the error names it', () => {
    expect(() => decodePage({ cases: [without(summary(), 'urgent')], next: null })).toThrow(
      /reply\/cases\/0.*urgent/,
    );
    expect(() => decodePage({ cases: [summary()] })).toThrow(DecodeError);
  });

  it('is refused with a field of the wrong type', () => {
    const wrong: Record<string, unknown>[] = [
      summary({ urgent: 'false' }),
      summary({ excluded: [7] }),
      summary({ assignee: 42 }),
      summary({ payload: { ...ENVELOPE, v: 1.5 } }),
      summary({ payload: 'sealed' }),
      summary({ check_in_by: undefined }),
    ];
    for (const row of wrong) expect(() => decodePage({ cases: [row], next: null })).toThrow(DecodeError);
    expect(() => decodePage({ cases: {}, next: null })).toThrow(DecodeError);
    expect(() => decodePage([])).toThrow(DecodeError);
    expect(() => decodePage(null)).toThrow(DecodeError);
  });

  it('is refused with null where the contract allows none', () => {
    expect(() => decodePage({ cases: [summary({ created_at: null })], next: null })).toThrow(DecodeError);
  });

  it('passes with a field the contract does not know: a newer server must not break open pages', () => {
    expect(() => decodePage({ cases: [summary({ colour: 'red' })], next: null, total: 1 })).not.toThrow();
  });

  it('passes a case listed by its summary envelope, without its body', () => {
    const listed = summary({ summary: { v: 1, n: 'n'.repeat(32), c: 'c'.repeat(704) }, payload: null });
    expect(decodePage({ cases: [listed], next: null })).toEqual({ cases: [listed], next: null });
  });

  it('passes a purged case: no report, only its retained record', () => {
    const record = {
      id: OTHER_ID,
      case: ID,
      kind: 'record',
      author: OTHER_ID,
      audience: 'team',
      payload: ENVELOPE,
      attachments: [],
      sig: 's'.repeat(86),
      created_at: TIME,
      grant: KEY,
    };
    const purged = summary({
      status: 'closed',
      finished_at: TIME,
      retained: OTHER_ID,
      purge_after: TIME,
      purged_at: TIME,
      payload: null,
      grant: null,
      retained_item: record,
    });
    expect(decodePage({ cases: [purged], next: null })).toEqual({ cases: [purged], next: null });
    expect(() =>
      decodePage({ cases: [{ ...purged, retained_item: { ...record, kind: 'memo' } }], next: null }),
    ).toThrow(DecodeError);
  });
});

describe('what is left to the crypto', () => {
  it('passes values of the right type whatever their contents', () => {
    // Keys, signatures and ciphertexts are judged by the crypto, which tells tampering from
    // an unreadable reply; ids and times by nobody but the server that made them.
    const odd = summary({
      id: 'a1',
      grant: 'not base64!',
      payload: { v: 1, n: '', c: '' },
      created_at: 'today',
    });
    expect(() => decodePage({ cases: [odd], next: null })).not.toThrow();
  });

  it('passes weak KDF parameters, so that the keyring refuses them as an attack (KDF_TOO_WEAK)', () => {
    const session = {
      member: { id: ID, name: 'Ana', role: 'admin' },
      keys: ENVELOPE,
      kdf: { alg: 'argon2id13', ops: 0, mem: 1, salt: 's' },
      team: { id: OTHER_ID, slug: 'stewards', name: 'Stewards' },
      index_key: null,
      index_epoch: 0,
      index_key_due: false,
      idle_lock_minutes: 15,
      must_add_second_factor: false,
    };
    expect(decodeWith(SessionReply)(session)).toEqual(session);
    expect(() => decodeWith(SessionReply)({ ...session, kdf: { ...session.kdf, alg: 'scrypt' } })).toThrow(
      DecodeError,
    );
    expect(() =>
      decodeWith(SessionReply)({ ...session, member: { ...session.member, role: 'owner' } }),
    ).toThrow(DecodeError);
  });

  it('leaves the contract’s own schemas as they were: the server validates with them', () => {
    const before = JSON.stringify(CaseList);
    replyShape(CaseList);
    decodePage({ cases: [summary()], next: null });
    expect(JSON.stringify(CaseList)).toBe(before);
    expect(before).toContain('"pattern"');
  });
});

describe('mapping after the check', () => {
  it('maps a reply of the right shape, and never sees one of the wrong shape', () => {
    let mapped = 0;
    const decodeTeams = decodeWith(TeamList, (reply) => {
      mapped++;
      return reply.teams.map((team) => team.slug);
    });
    const team = TEAM;
    expect(decodeTeams({ teams: [team] })).toEqual(['stewards']);
    expect(() => decodeTeams({ teams: [{ ...team, first_response_hours: 1.5 }] })).toThrow(DecodeError);
    expect(() => decodeTeams({ teams: [without(team, 'handles_child_safety')] })).toThrow(DecodeError);
    expect(decodeTeams({ teams: [{ ...team, community: null }] })).toEqual(['stewards']);
    expect(() => decodeTeams({ teams: [without(team, 'community')] })).toThrow(DecodeError);
    expect(mapped).toBe(2);
  });

  it('reads envelopes as version 1 only, as the decoders before did', () => {
    expect(envelopeV1({ v: 1, n: 'n', c: 'c' }, 'keys')).toEqual({ v: 1, n: 'n', c: 'c' });
    expect(() => envelopeV1({ v: 2, n: 'n', c: 'c' }, 'keys')).toThrow('keys.v: expected 1');
  });

  it('reads the id of a Created reply', () => {
    expect(decodeCreatedId({ id: ID })).toBe(ID);
    expect(() => decodeCreatedId({ id: 7 })).toThrow(DecodeError);
    expect(() => decodeCreatedId({})).toThrow(DecodeError);
  });
});

describe('a case with its items', () => {
  const item = {
    id: OTHER_ID,
    case: ID,
    kind: 'message',
    author: 'reporter',
    audience: 'reporter',
    payload: ENVELOPE,
    attachments: [],
    sig: 's'.repeat(86),
    created_at: TIME,
    grant: KEY,
  };
  const receiptCase = {
    id: ID,
    role: 'reporter',
    target_invited_at: null,
    referred_from: null,
    referrals: [],
    other_cases: [],
    team: OTHER_ID,
    team_slug: 'stewards',
    team_name: 'Stewards',
    status: 'received',
    check_in_by: null,
    created_at: TIME,
    first_response_by: TIME,
    excluded: [],
    readers: [OTHER_ID],
    finished_at: null,
    purge_after: null,
    purged_at: null,
    payload: ENVELOPE,
    summary: null,
    grant: KEY,
    sig: 's'.repeat(86),
    items: [item],
  };

  it('passes for the reporter, and is refused with an item of an unknown kind or audience', () => {
    const decode = decodeWith(ReceiptCase);
    expect(decode(receiptCase)).toEqual(receiptCase);
    expect(() => decode({ ...receiptCase, items: [{ ...item, kind: 'memo' }] })).toThrow(DecodeError);
    expect(() => decode({ ...receiptCase, items: [{ ...item, audience: 'everyone' }] })).toThrow(DecodeError);
    expect(() => decode({ ...receiptCase, items: [without(item, 'attachments')] })).toThrow(DecodeError);
    expect(() => decode({ ...receiptCase, status: 'lost' })).toThrow(DecodeError);
    const purged = {
      ...receiptCase,
      status: 'closed',
      readers: [],
      finished_at: TIME,
      purge_after: TIME,
      purged_at: TIME,
      payload: null,
      grant: null,
      items: [],
    };
    expect(decode(purged)).toEqual(purged);
    expect(() => decode(without(receiptCase, 'readers'))).toThrow(DecodeError);
    expect(() => decode(without(receiptCase, 'role'))).toThrow(DecodeError);
    expect(() => decode({ ...receiptCase, role: 'member' })).toThrow(DecodeError);
  });

  it('passes for the target invited in: no report, no signature, only their thread', () => {
    const decode = decodeWith(ReceiptCase);
    const targetCase = {
      ...receiptCase,
      role: 'target',
      target_invited_at: TIME,
      payload: null,
      summary: null,
      grant: null,
      sig: null,
      items: [{ ...item, author: 'target', audience: 'target' }],
    };
    expect(decode(targetCase)).toEqual(targetCase);
  });

  it('checks both halves of an intersection (CaseDetail = CaseSummary & the rest)', () => {
    const decode = decodeWith(CaseDetail);
    const detail = {
      ...summary(),
      team: OTHER_ID,
      roster_seq: 3,
      attachments: [],
      items: [item],
      reporter: { box_pk: 'b'.repeat(43), sign_pk: 'p'.repeat(43) },
      sig: 's'.repeat(86),
      recused: [],
      appeals: [],
      voted_on_original: false,
      target: null,
      referrals: [],
      referral: null,
      events: [
        {
          id: 1,
          kind: 'status',
          actor: OTHER_ID,
          from: 'received',
          to: 'acknowledged',
          item: null,
          at: TIME,
        },
      ],
      rounds: [],
      quorum: 2,
      tag_epoch: null,
    };
    expect(decode(detail)).toEqual(detail);
    expect(() => decode({ ...detail, events: [{ ...detail.events[0], kind: 'renamed' }] })).toThrow(
      DecodeError,
    );
    expect(() => decode({ ...detail, roster_seq: '3' })).toThrow(DecodeError);
    expect(() => decode({ ...detail, status: 'paused' })).toThrow(DecodeError);
    expect(() => decode(without(detail, 'reporter'))).toThrow(DecodeError);
  });
});

/** Every value one change away from `value`: each field, at any depth, removed or replaced. */
function neighbours(value: unknown): unknown[] {
  const replacements: unknown[] = [
    null,
    0,
    1,
    1.5,
    -1,
    '',
    'received',
    'admin',
    true,
    [],
    ['x'],
    [1],
    {},
    ENVELOPE,
  ];
  if (Array.isArray(value)) {
    const list: readonly unknown[] = value;
    return [
      ...list.flatMap((item, i) => neighbours(item).map((n) => list.map((x, j) => (j === i ? n : x)))),
      [...list, list[0] ?? null],
    ];
  }
  if (typeof value !== 'object' || value === null) return replacements;
  const record = value as Record<string, unknown>;
  return Object.keys(record).flatMap((key) => [
    without(record, key),
    ...neighbours(record[key]).map((n) => ({ ...record, [key]: n })),
  ]);
}

describe('the compiled guard of the case list', () => {
  const member = {
    id: ID,
    name: 'Ana',
    role: 'admin',
    status: 'active',
    enc_pk: KEY,
    sign_pk: KEY,
    created_at: TIME,
    open_cases: 2,
  };
  const item = {
    id: OTHER_ID,
    case: ID,
    kind: 'note',
    author: ID,
    audience: 'team',
    payload: ENVELOPE,
    attachments: [ID],
    sig: 's',
    created_at: TIME,
    grant: KEY,
  };
  const audit = {
    member: null,
    case: ID,
    case_number: 7,
    action: 'case.opened',
    details: { n: 1 },
    at: TIME,
  };
  const samples: [string, TSchema, unknown][] = [
    ['CaseSummary', CaseSummary, summary({ excluded: [OTHER_ID], check_in_by: TIME })],
    ['MemberView', MemberView, member],
    ['TeamSummary', TeamSummary, TEAM],
    ['ItemView', ItemView, item],
    ['AuditEvent (a record: Value checks it)', AuditEvent, audit],
  ];

  for (const [name, schema, valid] of samples) {
    it(`answers as Value.Check does, for ${name} and every value one change from it`, () => {
      const shape = replyShape(schema);
      const guard = shapeGuard(shape);
      const values = [valid, ...neighbours(valid)];
      expect(values.length).toBeGreaterThan(50);
      for (const value of values) expect(guard(value), JSON.stringify(value)).toBe(Check(shape, value));
    });
  }

  it('answers as Value.Check does for anything at all', () => {
    const shape = replyShape(CaseSummary);
    const guard = shapeGuard(shape);
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (value) => guard(value) === Check(shape, value)),
      { numRuns: 500 },
    );
  });

  it('refuses a page whose one case is wrong, and names it', () => {
    const decode = decodeListWith(CaseList, 'cases', (reply) => reply.cases.length);
    const cases = Array.from({ length: 20 }, () => summary());
    expect(decode({ cases, next: null })).toBe(20);
    cases[13] = summary({ status: 'archived' });
    expect(() => decode({ cases, next: null })).toThrow(/reply\/cases\/13\/status/);
    expect(() => decode({ cases: [summary()], next: 7 })).toThrow(/reply\/next/);
    expect(() => decode({ cases: 'none', next: null })).toThrow(DecodeError);
  });
});
