// The retained record a member's browser writes for a finished case (client/src/features/team/
// model/retained-record.ts, docs/protocol.md 10.8): its result from the records, its parties from
// the report, and the schema's limits, so that every reader accepts what a writer made.
import { Check } from 'typebox/value';
import { describe, expect, it } from 'vitest';

import type { CaseStatus } from '../../../contract/enumerations.js';
import { RECORD_SCHEMA, RetainedRecord, type RecordBody } from '../../../contract/records.js';
import type { RecordEntry } from '../../../client/src/features/team/model/case-state.js';
import {
  clip,
  keptRecord,
  needsRetainedRecord,
  partiesWords,
  RETAINED_LIMITS,
  retainedParties,
  retainedRecordFields,
  retainedResult,
  type RetainedFields,
  type RetainedSource,
} from '../../../client/src/features/team/model/retained-record.js';

const common = { schema: RECORD_SCHEMA, written_at: '2026-11-20T10:00:00Z' } as const;
let order = 0;

function entry(record: RecordBody, at = '2026-11-20T10:00:00Z', item = `item-${order}`): RecordEntry {
  return { item, author: 'm1', at, order: order++, record };
}

const decision = (outcome: 'actionable' | 'non_actionable' | 'mistaken' | 'malicious', at?: string) =>
  entry(
    { ...common, type: 'decision', outcome, actions: [], reporter_asked_before_suppression: null, note: '' },
    at,
  );

const summary = (outcome: string, at?: string) =>
  entry({ ...common, type: 'closing_summary', about: 'a', investigators: 'b', findings: 'c', outcome }, at);

function source(overrides: Partial<RetainedSource> = {}): RetainedSource {
  return {
    number: 42,
    status: 'closed',
    finishedAt: '2026-11-24T12:00:00.123Z',
    report: {
      reporterRole: 'target',
      involved: [
        { name: 'Bad_Actor', role: 'alleged_harasser' },
        { name: 'Friend', role: 'witness' },
      ],
    },
    records: [],
    ...overrides,
  };
}

function built(overrides: Partial<RetainedSource> = {}): RetainedFields {
  const fields = retainedRecordFields(source(overrides));
  if (fields === null) throw new Error('expected a record');
  return fields;
}

/** What a reader checks: the sealed body (the keyring adds schema and written_at) against the contract. */
function readable(fields: RetainedFields): boolean {
  return Check(RetainedRecord, { ...fields, schema: RECORD_SCHEMA, written_at: '2026-11-24T12:00:01Z' });
}

describe('the result of a finished case', () => {
  it('is the outcome of the latest decision of a closed case', () => {
    expect(retainedResult('closed', [decision('non_actionable', '2026-11-01T00:00:00Z')])).toBe(
      'non_actionable',
    );
    // Records come oldest first, as caseRecords sorts them.
    expect(
      retainedResult('closed', [
        decision('mistaken', '2026-11-01T00:00:00Z'),
        decision('actionable', '2026-11-02T00:00:00Z'),
      ]),
    ).toBe('actionable');
    expect(built({ records: [decision('malicious')] }).result).toBe('malicious');
  });

  it('is "closed without a decision" for a closed case with none recorded', () => {
    expect(retainedResult('closed', [])).toBe('closed_without_decision');
    expect(retainedResult('closed', [summary('Spoke to them')])).toBe('closed_without_decision');
  });

  it('is "withdrawn" for a withdrawn case, whatever was decided before', () => {
    expect(retainedResult('withdrawn', [])).toBe('withdrawn');
    expect(built({ status: 'withdrawn', records: [decision('actionable')] }).result).toBe('withdrawn');
  });
});

describe('the record built', () => {
  it('keeps the case number, the finishing time, the parties, the reporter’s role and the outcome', () => {
    const fields = built({ records: [decision('actionable'), summary('  Blocked for a month.  ')] });
    expect(fields).toEqual({
      type: 'retained',
      case_number: 42,
      result: 'actionable',
      finished_at: '2026-11-24T12:00:00.123Z',
      parties: [
        { name: 'Bad_Actor', role: 'alleged_harasser' },
        { name: 'Friend', role: 'witness' },
      ],
      reporter_role: 'target',
      outcome: 'Blocked for a month.',
    });
    expect(readable(fields)).toBe(true);
  });

  it('takes the outcome of the latest closing summary (a case closed again after reopening)', () => {
    const fields = built({
      records: [
        summary('First closing', '2026-11-01T00:00:00Z'),
        summary('Second closing', '2026-11-10T00:00:00Z'),
      ],
    });
    expect(fields.outcome).toBe('Second closing');
    expect(built({ status: 'withdrawn' }).outcome).toBe('');
  });

  it('says "unknown" when the reporter did not say whether they were the target', () => {
    expect(built({ report: { reporterRole: null, involved: [] } }).reporter_role).toBe('unknown');
    expect(built({ report: { reporterRole: 'third_party', involved: [] } }).reporter_role).toBe(
      'third_party',
    );
  });

  it('writes the finishing time as the contract’s UTC time, whatever precision the server used', () => {
    expect(built({ finishedAt: '2026-11-24T12:00:00Z' }).finished_at).toBe('2026-11-24T12:00:00.000Z');
    expect(built({ finishedAt: '2026-11-24T13:00:00+01:00' }).finished_at).toBe('2026-11-24T12:00:00.000Z');
  });

  it('is not built for an open case, a case without a finishing time, or a report this browser could not read', () => {
    for (const status of [
      'received',
      'acknowledged',
      'investigating',
      'awaiting_reporter',
      'referred',
    ] as const) {
      expect(retainedRecordFields(source({ status }))).toBeNull();
    }
    expect(retainedRecordFields(source({ finishedAt: null }))).toBeNull();
    expect(retainedRecordFields(source({ finishedAt: 'yesterday' }))).toBeNull();
    expect(retainedRecordFields(source({ report: null }))).toBeNull();
  });
});

describe('the parties', () => {
  it('are the report’s accounts involved, trimmed, each name and role once, in order', () => {
    expect(
      retainedParties([
        { name: ' Bad_Actor ', role: 'alleged_harasser' },
        { name: 'Bad_Actor', role: 'alleged_harasser' },
        { name: 'Bad_Actor', role: 'witness' },
        { name: '   ', role: 'target' },
        { name: 'Ana', role: 'target' },
      ]),
    ).toEqual([
      { name: 'Bad_Actor', role: 'alleged_harasser' },
      { name: 'Bad_Actor', role: 'witness' },
      { name: 'Ana', role: 'target' },
    ]);
  });

  it('stay within the schema: at most 100, names cut to 255 characters', () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ name: `User${i}`, role: 'other' as const }));
    const parties = retainedParties(many);
    expect(parties).toHaveLength(RETAINED_LIMITS.parties);
    expect(parties.at(-1)?.name).toBe('User99');

    const long = 'n'.repeat(1000);
    const [party] = retainedParties([{ name: long, role: 'alleged_harasser' }]);
    expect(party?.name).toHaveLength(RETAINED_LIMITS.partyName);
    expect(party?.name.endsWith('…')).toBe(true);

    const fields = built({
      report: { reporterRole: 'target', involved: [...many, { name: long, role: 'target' }] },
      records: [summary('o'.repeat(4000))],
    });
    expect(fields.outcome).toHaveLength(RETAINED_LIMITS.outcome);
    expect(fields.outcome.endsWith('…')).toBe(true);
    expect(readable(fields)).toBe(true);
  });

  it('read as one line with their roles', () => {
    expect(
      partiesWords([
        { name: 'Bad_Actor', role: 'alleged_harasser' },
        { name: 'Ana', role: 'target' },
      ]),
    ).toBe('Bad_Actor (alleged harasser), Ana (target)');
    expect(partiesWords([])).toBe('');
  });
});

describe('the limits', () => {
  it('are the contract’s own', () => {
    const schema = RetainedRecord as unknown as {
      properties: {
        parties: { maxItems: number; items: { properties: { name: { maxLength: number } } } };
        outcome: { maxLength: number };
      };
    };
    expect(RETAINED_LIMITS.parties).toBe(schema.properties.parties.maxItems);
    expect(RETAINED_LIMITS.partyName).toBe(schema.properties.parties.items.properties.name.maxLength);
    expect(RETAINED_LIMITS.outcome).toBe(schema.properties.outcome.maxLength);
  });

  it('are kept by clip without splitting a character made of two halves', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdefg', 6)).toBe('abcde…');
    // 😀 is two UTF-16 units: cutting after its first half would leave a broken character.
    const cut = clip('abcd😀ef', 6);
    expect(cut).toBe('abcd…');
    expect(cut.length).toBeLessThanOrEqual(6);
    expect(clip('abc😀ef', 6)).toBe('abc😀…');
  });
});

describe('which cases need a record', () => {
  const meta = (status: CaseStatus, over: Partial<Parameters<typeof needsRetainedRecord>[0]> = {}) => ({
    status,
    finishedAt: '2026-11-24T12:00:00Z',
    retained: null,
    purgedAt: null,
    appealOf: null,
    ...over,
  });

  it('a closed or withdrawn case without one, not purged', () => {
    expect(needsRetainedRecord(meta('closed'))).toBe(true);
    expect(needsRetainedRecord(meta('withdrawn'))).toBe(true);
  });

  it('not an open case, one that has a record, a purged one, or one without a finishing time', () => {
    expect(needsRetainedRecord(meta('investigating'))).toBe(false);
    expect(needsRetainedRecord(meta('closed', { retained: 'a-record' }))).toBe(false);
    expect(needsRetainedRecord(meta('closed', { purgedAt: '2026-12-24T12:00:00Z' }))).toBe(false);
    expect(needsRetainedRecord(meta('closed', { finishedAt: null }))).toBe(false);
  });
});

describe('the record shown for a purged case', () => {
  const kept = (number: number, item: string, at: string) =>
    entry(
      {
        ...common,
        type: 'retained',
        case_number: number,
        result: 'actionable',
        finished_at: '2026-11-24T12:00:00Z',
        parties: [],
        reporter_role: 'target',
        outcome: '',
      },
      at,
      item,
    );

  it('is the one the server names as kept, else the latest of this case’s number', () => {
    const older = kept(42, 'older', '2026-11-01T00:00:00Z');
    const newer = kept(42, 'newer', '2026-11-02T00:00:00Z');
    expect(keptRecord([older, newer], 42, 'older')?.item).toBe('older');
    expect(keptRecord([older, newer], 42, null)?.item).toBe('newer');
    expect(keptRecord([older, newer], 42, 'unknown')?.item).toBe('newer');
  });

  it('is never another case’s record, nor another type of record', () => {
    expect(keptRecord([kept(41, 'other', '2026-11-01T00:00:00Z')], 42, 'other')).toBeNull();
    expect(keptRecord([summary('x')], 42, null)).toBeNull();
  });
});
