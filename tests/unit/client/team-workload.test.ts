// Open cases per member, for every member's workload view (client/src/features/team/model/workload.ts).
import { describe, expect, it } from 'vitest';

import type { CaseStatus } from '../../../contract/enumerations.js';
import { workloadOf } from '../../../client/src/features/team/model/workload.js';

const ANA = { id: 'ana', name: 'Ana' };
const BEN = { id: 'ben', name: 'Ben' };
const CAI = { id: 'cai', name: 'Cai' };

const c = (status: CaseStatus, assignee: string | null) => ({ status, assignee });

describe('workloadOf', () => {
  it('counts open cases per member, and those assigned to nobody', () => {
    const workload = workloadOf(
      [
        c('received', null),
        c('acknowledged', 'ana'),
        c('investigating', 'ana'),
        c('awaiting_reporter', 'ben'),
        c('investigating', null),
      ],
      [ANA, BEN, CAI],
    );
    expect(workload).toEqual({
      members: [
        { memberId: 'ana', name: 'Ana', open: 2 },
        { memberId: 'ben', name: 'Ben', open: 1 },
        { memberId: 'cai', name: 'Cai', open: 0 },
      ],
      unassigned: 2,
      formerMembers: 0,
      total: 5,
    });
  });

  it('leaves out referred, closed and withdrawn cases', () => {
    const workload = workloadOf(
      [c('referred', 'ana'), c('closed', 'ana'), c('withdrawn', null), c('closed', null)],
      [ANA],
    );
    expect(workload).toMatchObject({ unassigned: 0, total: 0, members: [{ memberId: 'ana', open: 0 }] });
  });

  it('counts open cases of members no longer in the team apart, so they can be handed over', () => {
    const workload = workloadOf([c('investigating', 'gone'), c('received', 'ana')], [ANA]);
    expect(workload).toMatchObject({ formerMembers: 1, unassigned: 0, total: 2 });
    expect(workload.members).toEqual([{ memberId: 'ana', name: 'Ana', open: 1 }]);
  });

  it('lists the busiest first, then by name', () => {
    const workload = workloadOf(
      [c('investigating', 'cai'), c('investigating', 'cai'), c('investigating', 'ben')],
      [ANA, CAI, { id: 'ada', name: 'Ada' }, BEN],
    );
    expect(workload.members.map((m) => m.memberId)).toEqual(['cai', 'ben', 'ada', 'ana']);
  });

  it('lists every member with zero when there are no cases', () => {
    expect(workloadOf([], [BEN, ANA])).toEqual({
      members: [
        { memberId: 'ana', name: 'Ana', open: 0 },
        { memberId: 'ben', name: 'Ben', open: 0 },
      ],
      unassigned: 0,
      formerMembers: 0,
      total: 0,
    });
  });
});
