// The seed's closing order (client/src/features/team/model/notice-order.ts): the sanction first,
// then the sanctioned user, then the target; checked before a notice and on the records written.
import { describe, expect, it } from 'vitest';

import { noticeRefusal } from '../../../client/src/features/team/model/notice-order.js';

const actionable = { outcome: 'actionable' as const, actions: [{ action: 'block' }] };
const nonActionable = { outcome: 'non_actionable' as const, actions: [] };

describe('noticeRefusal', () => {
  it('refuses any notice before the decision', () => {
    for (const to of ['sanctioned_user', 'target', 'reported_user', 'public_venue'] as const) {
      expect(noticeRefusal(to, null, [])).toMatch(/decision/);
    }
  });

  it('refuses a notice on an actionable case before its sanction is recorded', () => {
    expect(noticeRefusal('sanctioned_user', { outcome: 'actionable', actions: [] }, [])).toMatch(/sanction/);
  });

  it('refuses the target (and a public venue) before the sanctioned user on an actionable case', () => {
    expect(noticeRefusal('target', actionable, [])).toMatch(/sanctioned user first/);
    expect(noticeRefusal('public_venue', actionable, [])).toMatch(/sanctioned user first/);
    expect(noticeRefusal('sanctioned_user', actionable, [])).toBeNull();
    expect(noticeRefusal('target', actionable, ['sanctioned_user'])).toBeNull();
  });

  it('lets a non-actionable case tell the target and the reported user, not a "sanctioned user"', () => {
    expect(noticeRefusal('target', nonActionable, [])).toBeNull();
    expect(noticeRefusal('reported_user', nonActionable, [])).toBeNull();
    expect(noticeRefusal('sanctioned_user', nonActionable, [])).toMatch(/not actionable/);
  });
});
