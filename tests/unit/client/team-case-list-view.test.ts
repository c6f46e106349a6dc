// The case list's markers (reporter answered, unread, follow-up due), its sort orders, and how
// its filters and order are written in the address and read back
// (client/src/features/team/model/case-list.ts, lib/triage.ts).
import { describe, expect, it } from 'vitest';

import {
  caseListHref,
  caseListViewFromParams,
  CASE_SORTS,
  DEFAULT_VIEW,
  filterCases,
  NO_FILTERS,
  paramsFromCaseListView,
  sortCases,
  triageCases,
  type CaseInList,
  type CaseListView,
} from '../../../client/src/features/team/model/case-list.js';
import { isFollowUpDue, isReporterAnswered, isUnread } from '../../../client/src/features/team/lib/triage.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3600_000;
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();
const BEN = '0b6f1c1e-3c1a-4d55-9a51-7a0c2b8f4e10';

function listed(id: string, number: number, row: Partial<CaseInList['row']> = {}): CaseInList {
  return {
    row: {
      id,
      number,
      status: 'investigating',
      urgent: false,
      createdAt: at(10),
      updatedAt: at(10),
      checkInBy: null,
      assignee: null,
      followUpBy: null,
      reporterRepliedAt: null,
      teamRepliedAt: null,
      readAt: at(10),
      excluded: [],
      finishedAt: null,
      retained: null,
      purgeAfter: null,
      purgedAt: null,
      appealOf: null,
      ...row,
    },
    opened: {
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
      },
    },
  };
}

function ids(rows: readonly { listed: CaseInList }[]): string[] {
  return rows.map((r) => r.listed.row.id);
}

describe('the reporter answered', () => {
  it('when the reporter wrote after the team, or the team never wrote', () => {
    expect(isReporterAnswered({ reporterRepliedAt: at(1), teamRepliedAt: at(2) })).toBe(true);
    expect(isReporterAnswered({ reporterRepliedAt: at(1), teamRepliedAt: null })).toBe(true);
  });

  it('not when the team wrote since, or the reporter never wrote', () => {
    expect(isReporterAnswered({ reporterRepliedAt: at(2), teamRepliedAt: at(1) })).toBe(false);
    expect(isReporterAnswered({ reporterRepliedAt: null, teamRepliedAt: at(1) })).toBe(false);
    expect(isReporterAnswered({ reporterRepliedAt: null, teamRepliedAt: null })).toBe(false);
  });

  it('not for a date the browser cannot read', () => {
    expect(isReporterAnswered({ reporterRepliedAt: 'yesterday', teamRepliedAt: null })).toBe(false);
  });
});

describe('unread', () => {
  it('when the case changed after the member last opened it, or they never did', () => {
    expect(isUnread({ updatedAt: at(1), readAt: at(2) })).toBe(true);
    expect(isUnread({ updatedAt: at(1), readAt: null })).toBe(true);
  });

  it('not once opened since its last change', () => {
    expect(isUnread({ updatedAt: at(2), readAt: at(1) })).toBe(false);
    expect(isUnread({ updatedAt: at(2), readAt: at(2) })).toBe(false);
  });
});

describe('follow-up due', () => {
  it('for a closed case whose follow-up date has come', () => {
    expect(isFollowUpDue({ status: 'closed', followUpBy: at(1) }, NOW)).toBe(true);
    expect(isFollowUpDue({ status: 'closed', followUpBy: at(0) }, NOW)).toBe(true);
  });

  it('not before the date, without one, or for a case that is not closed', () => {
    expect(isFollowUpDue({ status: 'closed', followUpBy: at(-1) }, NOW)).toBe(false);
    expect(isFollowUpDue({ status: 'closed', followUpBy: null }, NOW)).toBe(false);
    expect(isFollowUpDue({ status: 'investigating', followUpBy: at(1) }, NOW)).toBe(false);
    expect(isFollowUpDue({ status: 'withdrawn', followUpBy: at(1) }, NOW)).toBe(false);
  });
});

describe('triageCases markers', () => {
  it('marks each row from its metadata', () => {
    const rows = triageCases(
      [
        listed('answered', 1, { reporterRepliedAt: at(1), teamRepliedAt: at(3) }),
        listed('unread', 2, { updatedAt: at(1), readAt: at(5) }),
        listed('follow-up', 3, { status: 'closed', followUpBy: at(1) }),
      ],
      72,
      NOW,
    );
    const byId = new Map(rows.map((r) => [r.listed.row.id, r]));
    expect(byId.get('answered')).toMatchObject({ reporterAnswered: true, unread: false, followUpDue: false });
    expect(byId.get('unread')).toMatchObject({ reporterAnswered: false, unread: true, followUpDue: false });
    expect(byId.get('follow-up')).toMatchObject({
      reporterAnswered: false,
      unread: false,
      followUpDue: true,
    });
  });

  it('flags "no reply yet" only while the server still says received', () => {
    const rows = triageCases(
      [
        listed('received', 1, { status: 'received', createdAt: at(80) }),
        listed('acknowledged', 2, { status: 'acknowledged', createdAt: at(80) }),
      ],
      72,
      NOW,
    );
    const byId = new Map(rows.map((r) => [r.listed.row.id, r]));
    expect(byId.get('received')?.pastTarget).toBe(true);
    expect(byId.get('acknowledged')?.pastTarget).toBe(false);
  });

  it('does not count a referred case as open: not flagged overdue, listed after the open ones', () => {
    const rows = triageCases(
      [
        listed('referred', 1, { status: 'referred', createdAt: at(1), checkInBy: at(1) }),
        listed('open', 2, { createdAt: at(20) }),
      ],
      72,
      NOW,
    );
    expect(ids(rows)).toEqual(['open', 'referred']);
    expect(rows[1]?.overdue).toBe(false);
  });
});

describe('filters and follow-ups', () => {
  const rows = triageCases(
    [
      listed('open', 1),
      listed('closed', 2, { status: 'closed' }),
      listed('follow-up', 3, { status: 'closed', followUpBy: at(1) }),
      listed('referred', 4, { status: 'referred' }),
    ],
    72,
    NOW,
  );

  it('lists closed cases whose follow-up is due among the open ones', () => {
    expect(ids(filterCases(rows, NO_FILTERS, 'me')).sort()).toEqual(['follow-up', 'open']);
  });

  it('counts a due follow-up as late', () => {
    expect(ids(filterCases(rows, { ...NO_FILTERS, lateOnly: true }, 'me'))).toEqual(['follow-up']);
  });

  it('keeps, for an account, only the cases the server found carrying its tag', () => {
    const byAccount = { ...NO_FILTERS, status: 'all' as const, account: 'Example_Troll' };
    // Still asked: no case yet, rather than every case.
    expect(ids(filterCases(rows, byAccount, 'me'))).toEqual([]);
    expect(ids(filterCases(rows, byAccount, 'me', null, new Set(['closed', 'nowhere'])))).toEqual(['closed']);
    // Without an account the found set is not looked at.
    expect(ids(filterCases(rows, NO_FILTERS, 'me', null, new Set()))).toEqual(
      ids(filterCases(rows, NO_FILTERS, 'me')),
    );
  });

  it('finds a case by its number, with or without "#"', () => {
    expect(ids(filterCases(rows, { ...NO_FILTERS, status: 'all', query: '#4' }, 'me'))).toEqual(['referred']);
    expect(ids(filterCases(rows, { ...NO_FILTERS, status: 'all', query: '2' }, 'me'))).toEqual(['closed']);
  });
});

describe('sortCases', () => {
  const rows = triageCases(
    [
      listed('a', 3, { createdAt: at(30), updatedAt: at(1), checkInBy: at(-48) }),
      listed('b', 1, { createdAt: at(10), updatedAt: at(9), checkInBy: null }),
      listed('c', 2, { createdAt: at(20), updatedAt: at(5), checkInBy: at(-2) }),
      listed('urgent', 4, { createdAt: at(40), updatedAt: at(40), urgent: true }),
    ],
    72,
    NOW,
  );

  it('keeps the triage order by default', () => {
    expect(ids(sortCases(rows, 'triage'))).toEqual(['urgent', 'b', 'c', 'a']);
  });

  it('orders by arrival, activity, check-in date (soonest first, none last) and number', () => {
    expect(ids(sortCases(rows, 'newest'))).toEqual(['b', 'c', 'a', 'urgent']);
    expect(ids(sortCases(rows, 'oldest'))).toEqual(['urgent', 'a', 'c', 'b']);
    expect(ids(sortCases(rows, 'activity'))).toEqual(['a', 'c', 'b', 'urgent']);
    expect(ids(sortCases(rows, 'check_in'))).toEqual(['c', 'a', 'b', 'urgent']);
    expect(ids(sortCases(rows, 'number'))).toEqual(['b', 'c', 'a', 'urgent']);
  });

  it('returns a new array and leaves the given one as it was', () => {
    const before = ids(rows);
    const sorted = sortCases(rows, 'number');
    expect(sorted).not.toBe(rows);
    expect(ids(rows)).toEqual(before);
  });
});

describe('the view in the address', () => {
  const params = (query: string) => new URLSearchParams(query);

  it('gives the plain list a plain address, and reads it back as the defaults', () => {
    expect(paramsFromCaseListView(DEFAULT_VIEW).toString()).toBe('');
    expect(caseListViewFromParams(params(''))).toEqual(DEFAULT_VIEW);
    expect(caseListHref(DEFAULT_VIEW)).toBe('/team/cases');
  });

  it('writes every filter but the search and the account, and the order, and reads them back unchanged', () => {
    const views: CaseListView[] = [
      {
        filters: {
          query: '',
          status: 'all',
          assignee: BEN,
          kind: 'doxing',
          lateOnly: true,
          account: '',
        },
        sort: 'check_in',
      },
      { filters: { ...NO_FILTERS, status: 'awaiting_reporter', assignee: 'nobody' }, sort: 'number' },
      { filters: { ...NO_FILTERS, assignee: 'me' }, sort: 'activity' },
      ...CASE_SORTS.map((sort) => ({ filters: NO_FILTERS, sort })),
    ];
    for (const view of views) {
      const written = paramsFromCaseListView(view).toString();
      expect(caseListViewFromParams(params(written))).toEqual(view);
    }
  });

  it('never writes an account name into the address: a reload would send it to the server', () => {
    const view = { filters: { ...NO_FILTERS, account: 'Example_Troll' }, sort: 'triage' as const };
    expect(paramsFromCaseListView(view).toString()).toBe('');
    expect(caseListViewFromParams(params('account=Example_Troll')).filters.account).toBe('');
  });

  it('uses short, readable names', () => {
    const view: CaseListView = {
      filters: { ...NO_FILTERS, status: 'closed', lateOnly: true, query: 'a b' },
      sort: 'oldest',
    };
    expect(paramsFromCaseListView(view).toString()).toBe('status=closed&overdue=1&sort=oldest');
    expect(caseListHref({ ...DEFAULT_VIEW, filters: { ...NO_FILTERS, assignee: 'nobody' } })).toBe(
      '/team/cases?assignee=nobody',
    );
  });

  it('falls back to each default alone for unknown or malformed values', () => {
    const view = caseListViewFromParams(
      params('status=lost&assignee=<script>&kind=Doxing!&overdue=yes&sort=random&q=kept'),
    );
    expect(view).toEqual({ filters: NO_FILTERS, sort: 'triage' });
  });

  it('reads a member id in any case, and "true" for the late-only filter', () => {
    const view = caseListViewFromParams(params(`assignee=${BEN.toUpperCase()}&overdue=true`));
    expect(view.filters).toMatchObject({ assignee: BEN, lateOnly: true });
  });

  it('never writes the search into the address, nor reads it from an old link: its words come from reports', () => {
    const view = { filters: { ...NO_FILTERS, query: 'Example_Troll' }, sort: 'triage' as const };
    expect(paramsFromCaseListView(view).toString()).toBe('');
    expect(caseListHref(view)).toBe('/team/cases');
    expect(caseListViewFromParams(params('q=Example_Troll')).filters.query).toBe('');
  });
});
