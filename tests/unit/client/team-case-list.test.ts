// The case list's rows and filters (client/src/features/team/model/case-list.ts): flags and
// order from the decrypted summaries, and what each filter lets through.
import { describe, expect, it } from 'vitest';

import {
  filterCases,
  NO_FILTERS,
  triageCases,
  type CaseFilters,
  type CaseInList,
} from '../../../client/src/features/team/model/case-list.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3600_000;

let nextNumber = 1;

function listed(
  id: string,
  row: Partial<CaseInList['row']> = {},
  view: Partial<Extract<CaseInList['opened'], { ok: true }>['view']> | null = {},
): CaseInList {
  return {
    row: {
      id,
      status: 'received',
      urgent: false,
      createdAt: new Date(NOW - HOUR).toISOString(),
      updatedAt: new Date(NOW - HOUR).toISOString(),
      checkInBy: null,
      assignee: null,
      number: nextNumber++,
      followUpBy: null,
      reporterRepliedAt: null,
      teamRepliedAt: null,
      readAt: null,
      excluded: [],
      finishedAt: null,
      retained: null,
      purgeAfter: null,
      purgedAt: null,
      appealOf: null,
      ...row,
    },
    opened:
      view === null
        ? { id, ok: false, code: 'TAMPERED' }
        : {
            id,
            ok: true,
            view: {
              summary: `Case ${id}`,
              kinds: [],
              danger: null,
              privateInfoExposed: false,
              involved: [],
              where: '',
              excluded: null,
              searchText: `case ${id}`,
              retained: null,
              ...view,
            },
          },
  };
}

function ids(rows: readonly { listed: CaseInList }[]): string[] {
  return rows.map((r) => r.listed.row.id);
}

describe('triageCases', () => {
  it('flags danger named in the report as urgent, and puts it first', () => {
    const rows = triageCases([listed('plain'), listed('danger', {}, { danger: 'life' })], 72, NOW);
    expect(ids(rows)).toEqual(['danger', 'plain']);
    expect(rows[0]?.urgent).toBe(true);
    expect(rows[1]?.urgent).toBe(false);
  });

  it('does not count "no immediate danger" as urgent', () => {
    const [row] = triageCases([listed('calm', {}, { danger: 'none' })], 72, NOW);
    expect(row?.urgent).toBe(false);
  });

  it('flags a case unanswered past the first-response target, and a passed check-in date', () => {
    const rows = triageCases(
      [
        listed('late', { createdAt: new Date(NOW - 80 * HOUR).toISOString() }),
        listed('overdue', { status: 'investigating', checkInBy: new Date(NOW - HOUR).toISOString() }),
      ],
      72,
      NOW,
    );
    const byId = new Map(rows.map((r) => [r.listed.row.id, r]));
    expect(byId.get('late')).toMatchObject({ pastTarget: true, overdue: false });
    expect(byId.get('overdue')).toMatchObject({ pastTarget: false, overdue: true });
  });

  it('lists a case that could not be decrypted, unflagged by its (unknown) content', () => {
    const [row] = triageCases([listed('broken', {}, null)], 72, NOW);
    expect(row).toMatchObject({ urgent: false, privateInfo: false });
  });
});

describe('filterCases', () => {
  const rows = triageCases(
    [
      listed('open-mine', { assignee: 'me' }, { kinds: ['threat'], searchText: 'posted my address' }),
      listed('open-ben', { assignee: 'ben' }, { kinds: ['doxing'] }),
      listed('closed', { status: 'closed' }),
      listed('withdrawn', { status: 'withdrawn' }),
      listed('unreadable', {}, null),
    ],
    72,
    NOW,
  );
  const only = (filters: Partial<CaseFilters>) =>
    ids(filterCases(rows, { ...NO_FILTERS, ...filters }, 'me')).sort();

  it('shows open cases by default, all of them on request, or one status', () => {
    expect(only({})).toEqual(['open-ben', 'open-mine', 'unreadable']);
    expect(only({ status: 'all' })).toHaveLength(5);
    expect(only({ status: 'withdrawn' })).toEqual(['withdrawn']);
  });

  it('filters by assignee: me, nobody, or a member', () => {
    expect(only({ assignee: 'me' })).toEqual(['open-mine']);
    expect(only({ assignee: 'nobody' })).toEqual(['unreadable']);
    expect(only({ assignee: 'ben' })).toEqual(['open-ben']);
  });

  it('filters by kind, which a case that could not be decrypted never matches', () => {
    expect(only({ kind: 'doxing' })).toEqual(['open-ben']);
  });

  it('searches the decrypted text and the kinds’ words, in any case', () => {
    expect(only({ query: '  POSTED my ' })).toEqual(['open-mine']);
    expect(only({ query: 'doxing' })).toEqual(['open-ben']);
    expect(only({ query: 'threats' })).toEqual(['open-mine']);
  });

  it('shows only late cases on request', () => {
    expect(only({ lateOnly: true })).toEqual([]);
  });
});
