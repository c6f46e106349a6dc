// What the handling panel makes of a case (client/src/features/team/model/case-state.ts): votes
// read from records the server only counts, majority and tie, quorum, the closing summary, the
// seed's closing order, checklist ticks, and the timeline of items and server events.
import { describe, expect, it } from 'vitest';

import type { CaseEvent, VoteRound } from '../../../contract/cases.js';
import type { VoteChoice } from '../../../contract/enumerations.js';
import type { RecordBody } from '../../../contract/records.js';
import type { OpenedItem } from '../../../client/src/lib/keyring/types.js';
import {
  caseRecords,
  caseState,
  closedCaseProblems,
  closeBlockers,
  closingOrderProblems,
  quorumState,
  roundState,
  summaryComplete,
  tally,
  timeline,
} from '../../../client/src/features/team/model/case-state.js';
import { caseEventWords } from '../../../client/src/features/team/model/words.js';

const ADA = '00000000-0000-4000-8000-00000000000a';
const BO = '00000000-0000-4000-8000-00000000000b';
const CY = '00000000-0000-4000-8000-00000000000c';
const T0 = Date.parse('2026-11-24T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

type Fields = RecordBody extends infer R
  ? R extends RecordBody
    ? Omit<R, 'schema' | 'written_at'>
    : never
  : never;

function recordItem(id: string, author: string, minute: number, fields: Fields): OpenedItem {
  return {
    id,
    verified: true,
    kind: 'record',
    audience: 'team',
    author,
    createdAt: at(minute),
    writtenAt: at(minute),
    text: '',
    record: { schema: 'confide/record/v1', written_at: at(minute), ...fields } as RecordBody,
    attachments: [],
  };
}

function noteItem(id: string, author: string, minute: number, text: string): OpenedItem {
  return {
    id,
    verified: true,
    kind: 'note',
    audience: 'team',
    author,
    createdAt: at(minute),
    writtenAt: at(minute),
    text,
    record: null,
    attachments: [],
  };
}

const vote = (id: string, author: string, minute: number, round: number, choice: VoteChoice) =>
  recordItem(id, author, minute, { type: 'vote', round, choice, note: `${choice} note` });

function round(number: number, votes: [string, string, number][], quorum = 2, current = true): VoteRound {
  return {
    number,
    opened_by: ADA,
    opened_at: at(0),
    votes: votes.map(([member, item, minute]) => ({ member, item, at: at(minute) })),
    quorum,
    reached: votes.length >= quorum,
    current,
  };
}

const decision = (id: string, minute: number, outcome: VoteChoice, actions = 1) =>
  recordItem(id, ADA, minute, {
    type: 'decision',
    outcome,
    actions: Array.from({ length: actions }, () => ({ action: 'block' as const, target: 'Troll', note: '' })),
    reporter_asked_before_suppression: null,
    note: '',
  });

const notice = (id: string, minute: number, to: 'sanctioned_user' | 'target' | 'reported_user') =>
  recordItem(id, ADA, minute, { type: 'notice', to, note: '' });

const summary = (id: string, minute: number, findings = 'Diffs confirmed') =>
  recordItem(id, ADA, minute, {
    type: 'closing_summary',
    about: 'Harassment on a talk page',
    investigators: 'Ada, Bo',
    findings,
    outcome: 'Blocked',
  });

describe('votes', () => {
  it('reads each member’s choice from their vote record and finds the majority', () => {
    const items = [
      vote('v1', ADA, 1, 1, 'actionable'),
      vote('v2', BO, 2, 1, 'actionable'),
      vote('v3', CY, 3, 1, 'mistaken'),
    ];
    const state = roundState(
      round(1, [
        [ADA, 'v1', 1],
        [BO, 'v2', 2],
        [CY, 'v3', 3],
      ]),
      caseRecords(items),
    );
    expect(state.votes.map((v) => [v.member, v.choice])).toEqual([
      [ADA, 'actionable'],
      [BO, 'actionable'],
      [CY, 'mistaken'],
    ]);
    expect(state.counts).toEqual({ actionable: 2, mistaken: 1 });
    expect(state.majority).toBe('actionable');
    expect(state.tie).toBe(false);
  });

  it('calls a shared top count a tie, with no majority', () => {
    expect(tally(['actionable', 'non_actionable'])).toMatchObject({ majority: null, tie: true });
    expect(tally(['actionable', 'non_actionable', 'actionable', 'non_actionable', 'mistaken'])).toMatchObject(
      {
        majority: null,
        tie: true,
      },
    );
    expect(tally([])).toMatchObject({ majority: null, tie: false });
    expect(tally([null, 'malicious'])).toMatchObject({ majority: 'malicious', tie: false });
  });

  it('never counts a vote record signed by someone else, or for another round', () => {
    const items = [vote('v1', BO, 1, 1, 'actionable'), vote('v2', BO, 2, 2, 'malicious')];
    const state = roundState(
      round(1, [
        [ADA, 'v1', 1],
        [BO, 'v2', 2],
      ]),
      caseRecords(items),
    );
    expect(state.votes.map((v) => v.choice)).toEqual([null, null]);
    expect(state.majority).toBeNull();
  });

  it('keeps the latest vote of a member listed twice in a round', () => {
    const items = [vote('v1', ADA, 1, 1, 'actionable'), vote('v2', ADA, 5, 1, 'non_actionable')];
    const state = roundState(
      round(1, [
        [ADA, 'v1', 1],
        [ADA, 'v2', 5],
      ]),
      caseRecords(items),
    );
    expect(state.votes).toHaveLength(1);
    expect(state.votes[0]?.choice).toBe('non_actionable');
  });

  it('reaches the quorum on the latest round only, and needs none when the quorum is 0', () => {
    const records = caseRecords([vote('v1', ADA, 1, 1, 'actionable'), vote('v2', BO, 2, 1, 'actionable')]);
    const done = roundState(
      round(
        1,
        [
          [ADA, 'v1', 1],
          [BO, 'v2', 2],
        ],
        2,
        false,
      ),
      records,
    );
    const next = roundState(round(2, [], 2, true), records);
    expect(quorumState([done], 2).reached).toBe(true);
    expect(quorumState([done, next], 2)).toMatchObject({ reached: false, cast: 0 });
    expect(quorumState([], 2).reached).toBe(false);
    expect(quorumState([], 0).reached).toBe(true);
  });

  it('blocks closing until the quorum is reached, and on a tie', () => {
    const records = caseRecords([vote('v1', ADA, 1, 1, 'actionable'), vote('v2', BO, 2, 1, 'mistaken')]);
    const tied = roundState(
      round(1, [
        [ADA, 'v1', 1],
        [BO, 'v2', 2],
      ]),
      records,
    );
    expect(closeBlockers(quorumState([], 2), [])).toEqual(['quorum_not_reached']);
    expect(closeBlockers(quorumState([tied], 2), [])).toEqual(['tie']);
    expect(closeBlockers(quorumState([], 0), [])).toEqual([]);
    expect(closeBlockers(quorumState([], 0), ['target_before_sanctioned'])).toEqual(['closing_order']);
  });
});

describe('closing order', () => {
  it('accepts the seed’s order: decision with actions, the sanctioned user, then the target', () => {
    const records = caseRecords([
      decision('d', 1, 'actionable'),
      notice('n1', 2, 'sanctioned_user'),
      notice('n2', 3, 'target'),
    ]);
    expect(closingOrderProblems(records)).toEqual([]);
  });

  it('flags a notice recorded before the decision, or before any action was recorded', () => {
    expect(
      closingOrderProblems(caseRecords([notice('n1', 1, 'sanctioned_user'), decision('d', 2, 'actionable')])),
    ).toEqual(['notice_before_decision']);
    expect(
      closingOrderProblems(
        caseRecords([decision('d', 1, 'actionable', 0), notice('n1', 2, 'sanctioned_user')]),
      ),
    ).toEqual(['notice_before_decision']);
  });

  it('flags the target told before the sanctioned user, or without them', () => {
    expect(
      closingOrderProblems(
        caseRecords([
          decision('d', 1, 'actionable'),
          notice('n1', 2, 'target'),
          notice('n2', 3, 'sanctioned_user'),
        ]),
      ),
    ).toEqual(['target_before_sanctioned']);
    expect(
      closingOrderProblems(caseRecords([decision('d', 1, 'actionable'), notice('n1', 2, 'target')])),
    ).toEqual(['target_before_sanctioned']);
  });

  it('asks nothing of a case whose latest decision is not actionable', () => {
    expect(
      closingOrderProblems(caseRecords([decision('d', 1, 'non_actionable', 0), notice('n1', 2, 'target')])),
    ).toEqual([]);
    expect(closingOrderProblems(caseRecords([notice('n1', 1, 'target')]))).toEqual([]);
  });

  it('orders records by the server’s time, then by their place in the case', () => {
    const sameMinute = [
      decision('d', 1, 'actionable'),
      notice('n1', 1, 'sanctioned_user'),
      notice('n2', 1, 'target'),
    ];
    expect(closingOrderProblems(caseRecords(sameMinute))).toEqual([]);
  });
});

describe('closing summary', () => {
  it('is complete only with all four parts', () => {
    expect(summaryComplete({ about: 'a', investigators: 'b', findings: 'c', outcome: 'd' })).toBe(true);
    expect(summaryComplete({ about: 'a', investigators: ' ', findings: 'c', outcome: 'd' })).toBe(false);
  });

  it('warns about a case closed without a summary, with an incomplete one, or out of order', () => {
    const closing = (item: string | null, minute: number): CaseEvent => ({
      id: 1,
      kind: 'status',
      actor: ADA,
      from: 'investigating',
      to: 'closed',
      item,
      at: at(minute),
    });
    expect(closedCaseProblems('closed', [closing(null, 5)], [])).toEqual(['no_summary']);
    expect(closedCaseProblems('closed', [closing('s', 5)], caseRecords([summary('s', 5, '')]))).toEqual([
      'summary_incomplete',
    ]);
    expect(closedCaseProblems('closed', [closing('s', 5)], caseRecords([summary('s', 5)]))).toEqual([]);
    expect(
      closedCaseProblems(
        'closed',
        [closing('s', 5)],
        caseRecords([decision('d', 1, 'actionable'), notice('n', 2, 'target'), summary('s', 5)]),
      ),
    ).toEqual(['target_before_sanctioned']);
    // A summary written after the closing does not excuse a closing without one.
    expect(closedCaseProblems('closed', [closing(null, 5)], caseRecords([summary('s', 9)]))).toEqual([
      'no_summary',
    ]);
    expect(closedCaseProblems('investigating', [], [])).toEqual([]);
  });

  it('says whether the latest summary is present and complete', () => {
    const base = { status: 'investigating' as const, events: [], rounds: [], quorum: 0 };
    expect(caseState({ ...base, items: [] }).summaryPresent).toBe(false);
    expect(caseState({ ...base, items: [summary('s', 1)] }).summaryPresent).toBe(true);
    expect(caseState({ ...base, items: [summary('s', 1), summary('s2', 2, ' ')] }).summaryPresent).toBe(
      false,
    );
  });
});

describe('caseRecords', () => {
  it('ignores items that could not be verified', () => {
    const broken: OpenedItem = {
      id: 'x',
      verified: false,
      createdAt: at(1),
      problem: { code: 'crypto', error: 'SIGNATURE_INVALID' },
    };
    expect(caseRecords([broken])).toEqual([]);
  });
});

describe('timeline', () => {
  it('interleaves items and events by time, showing an event’s item with the event', () => {
    const items = [noteItem('n1', ADA, 1, 'first'), noteItem('handover', ADA, 3, 'over to you')];
    const events: CaseEvent[] = [
      { id: 1, kind: 'status', actor: ADA, from: 'received', to: 'acknowledged', item: null, at: at(2) },
      { id: 2, kind: 'assignee', actor: ADA, from: ADA, to: BO, item: 'handover', at: at(3) },
    ];
    const entries = timeline(items, events);
    expect(entries.map((e) => (e.type === 'item' ? e.item.id : `event ${e.event.id}`))).toEqual([
      'n1',
      'event 1',
      'event 2',
    ]);
    const handOver = entries[2];
    expect(handOver?.type === 'event' && handOver.item?.text).toBe('over to you');
  });

  it('keeps a change in its item’s place among items of the same second', () => {
    // An acknowledgement, then two notes written in the same second: times are to the second.
    const items = [
      noteItem('ack', ADA, 5, 'thank you'),
      noteItem('n1', ADA, 5, 'checked'),
      noteItem('n2', BO, 5, 'checked too'),
    ];
    const events: CaseEvent[] = [
      { id: 1, kind: 'status', actor: ADA, from: 'received', to: 'acknowledged', item: 'ack', at: at(5) },
      { id: 2, kind: 'check_in', actor: ADA, from: null, to: at(60), item: null, at: at(5) },
    ];
    expect(
      timeline(items, events).map((e) => (e.type === 'item' ? e.item.id : `event ${e.event.id}`)),
    ).toEqual(['event 1', 'n1', 'n2', 'event 2']);
  });

  it('words the server’s changes', () => {
    const names = new Map([
      [ADA, 'Ada'],
      [BO, 'Bo'],
    ]);
    const name = (id: string) => names.get(id) ?? 'a former member';
    const words = (e: Partial<CaseEvent>) =>
      caseEventWords({ kind: 'status', actor: ADA, from: null, to: null, ...e }, name);
    expect(words({ from: 'received', to: 'acknowledged' })).toBe(
      'Ada changed the status from New to Acknowledged',
    );
    expect(words({ kind: 'assignee', from: ADA, to: BO })).toBe('Ada handed the case to Bo');
    expect(words({ kind: 'assignee', from: null, to: ADA })).toBe('Ada took the case');
    expect(words({ kind: 'recused', actor: BO })).toBe('Bo recused themselves');
    expect(words({ kind: 'round_opened', to: '1' })).toBe('Round 1 opened by Ada');
    expect(words({ kind: 'vote_cast', to: '1' })).toBe('Ada voted in round 1');
    expect(words({ from: 'closed', to: 'investigating' })).toBe('Ada reopened the case');
    expect(words({ actor: 'reporter', from: 'awaiting_reporter', to: 'investigating' })).toBe(
      'The reporter’s message moved the status from Waiting for the reporter to Investigating',
    );
  });
});
