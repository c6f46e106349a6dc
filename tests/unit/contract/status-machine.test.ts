// The case status machine (contract/status-machine.ts, docs/protocol.md 10.5), row by row, and
// every move it has no row for. The server applies it and the console offers its moves, so a
// mistake here is a mistake in both.
import { describe, expect, it } from 'vitest';

import { CASE_STATUSES, OPEN_CASE_STATUSES, type CaseStatus } from '../../../contract/enumerations.js';
import {
  MEMBER_SETTABLE_STATUSES,
  memberEventFor,
  memberMovesFrom,
  nextStatus,
  type StatusEvent,
} from '../../../contract/status-machine.js';

const OPEN: readonly CaseStatus[] = OPEN_CASE_STATUSES;

describe('nextStatus', () => {
  it('acknowledges a received case on the first member message, and leaves other statuses as they are', () => {
    expect(nextStatus('received', { type: 'member_message' })).toBe('acknowledged');
    for (const from of CASE_STATUSES.filter((s) => s !== 'received' && s !== 'withdrawn')) {
      expect(nextStatus(from, { type: 'member_message' }), from).toBe(from);
    }
  });

  it('moves a case awaiting the reporter to investigating on their message, and nothing else', () => {
    expect(nextStatus('awaiting_reporter', { type: 'reporter_message' })).toBe('investigating');
    for (const from of CASE_STATUSES.filter((s) => s !== 'awaiting_reporter' && s !== 'withdrawn')) {
      expect(nextStatus(from, { type: 'reporter_message' }), from).toBe(from);
    }
  });

  it('acknowledges only a received case', () => {
    for (const from of CASE_STATUSES) {
      expect(nextStatus(from, { type: 'acknowledge' }), from).toBe(
        from === 'received' ? 'acknowledged' : null,
      );
    }
  });

  it('sets investigating or awaiting_reporter, closes and refers only an open case', () => {
    for (const from of CASE_STATUSES) {
      const open = OPEN.includes(from);
      expect(nextStatus(from, { type: 'set', to: 'investigating' }), from).toBe(
        open ? 'investigating' : null,
      );
      expect(nextStatus(from, { type: 'set', to: 'awaiting_reporter' }), from).toBe(
        open ? 'awaiting_reporter' : null,
      );
      expect(nextStatus(from, { type: 'close' }), from).toBe(open ? 'closed' : null);
      expect(nextStatus(from, { type: 'refer' }), from).toBe(open ? 'referred' : null);
    }
  });

  it('reopens only a closed case, to investigating', () => {
    for (const from of CASE_STATUSES) {
      expect(nextStatus(from, { type: 'reopen' }), from).toBe(from === 'closed' ? 'investigating' : null);
    }
  });

  it('lets the reporter withdraw anything but a closed or withdrawn case', () => {
    for (const from of CASE_STATUSES) {
      const refused = from === 'closed' || from === 'withdrawn';
      expect(nextStatus(from, { type: 'withdraw' }), from).toBe(refused ? null : 'withdrawn');
    }
  });

  it('refuses every event on a withdrawn case: withdrawal is final', () => {
    const events: StatusEvent[] = [
      { type: 'member_message' },
      { type: 'reporter_message' },
      { type: 'acknowledge' },
      { type: 'set', to: 'investigating' },
      { type: 'close' },
      { type: 'reopen' },
      { type: 'refer' },
      { type: 'withdraw' },
    ];
    for (const event of events) expect(nextStatus('withdrawn', event), event.type).toBeNull();
  });
});

describe('the moves a member is offered', () => {
  it('reads asking for investigating on a closed case as a reopening', () => {
    expect(memberEventFor('closed', 'investigating')).toEqual({ type: 'reopen' });
    expect(memberEventFor('acknowledged', 'investigating')).toEqual({ type: 'set', to: 'investigating' });
  });

  it('offers exactly the moves the machine allows, never the current status', () => {
    expect(memberMovesFrom('received')).toEqual([
      'acknowledged',
      'investigating',
      'awaiting_reporter',
      'closed',
    ]);
    expect(memberMovesFrom('acknowledged')).toEqual(['investigating', 'awaiting_reporter', 'closed']);
    expect(memberMovesFrom('awaiting_reporter')).toEqual(['investigating', 'closed']);
    expect(memberMovesFrom('closed')).toEqual(['investigating']);
    expect(memberMovesFrom('referred')).toEqual([]);
    expect(memberMovesFrom('withdrawn')).toEqual([]);
    for (const from of CASE_STATUSES) {
      for (const to of memberMovesFrom(from)) {
        expect(MEMBER_SETTABLE_STATUSES).toContain(to);
        expect(nextStatus(from, memberEventFor(from, to))).toBe(to);
      }
    }
  });
});
