// The case list's order and flags (client/src/features/team/lib/triage.ts).
import { describe, expect, it } from 'vitest';

import {
  compareForTriage,
  isCheckInOverdue,
  isPastFirstResponse,
  type TriageFacts,
} from '../../../client/src/features/team/lib/triage.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3600_000;

function facts(id: string, overrides: Partial<TriageFacts> = {}): TriageFacts {
  const createdAt = overrides.createdAt ?? new Date(NOW - HOUR).toISOString();
  return {
    id,
    status: 'received',
    urgent: false,
    createdAt,
    createdMs: Date.parse(createdAt),
    checkInBy: null,
    privateInfoExposed: false,
    dangerous: false,
    late: false,
    ...overrides,
  };
}

describe('case triage', () => {
  it('puts urgent, then exposed private information, then late, then other open cases, then closed ones', () => {
    const list = [
      facts('closed', { status: 'closed', urgent: true }),
      facts('plain'),
      facts('late', { late: true }),
      facts('private', { privateInfoExposed: true }),
      facts('danger', { dangerous: true }),
      facts('urgent-flag', { urgent: true, createdAt: new Date(NOW - 5 * HOUR).toISOString() }),
    ];
    expect(list.sort(compareForTriage).map((c) => c.id)).toEqual([
      'danger',
      'urgent-flag',
      'private',
      'late',
      'plain',
      'closed',
    ]);
  });

  it('orders newest first within a group', () => {
    const older = facts('older', { createdAt: '2026-11-20T00:00:00Z' });
    const newer = facts('newer', { createdAt: '2026-11-23T00:00:00Z' });
    expect([older, newer].sort(compareForTriage).map((c) => c.id)).toEqual(['newer', 'older']);
  });

  it('flags a case nobody acknowledged within the team’s first-response target', () => {
    const c = facts('c', { createdAt: new Date(NOW - 73 * HOUR).toISOString() });
    expect(isPastFirstResponse(c, 72, NOW)).toBe(true);
    expect(isPastFirstResponse(c, 96, NOW)).toBe(false);
    expect(isPastFirstResponse({ ...c, status: 'acknowledged' }, 72, NOW)).toBe(false);
  });

  it('flags a passed check-in date only while the case is open', () => {
    const c = facts('c', { status: 'acknowledged', checkInBy: '2026-11-23T12:00:00Z' });
    expect(isCheckInOverdue(c, NOW)).toBe(true);
    expect(isCheckInOverdue({ ...c, status: 'closed' }, NOW)).toBe(false);
    expect(isCheckInOverdue({ ...c, checkInBy: '2026-11-25T12:00:00Z' }, NOW)).toBe(false);
  });
});
