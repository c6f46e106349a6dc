/**
 * The team's workload: open cases per member, and those nobody has taken yet (issue 10: every
 * member sees it, so that hand-overs and new cases go to whoever has room). Counted from the
 * cases the signed-in member can see: a count must not reveal a case they were excluded from.
 */
import { isOpenStatus, type CaseStatus } from '#contract/enumerations';

export interface WorkloadRow {
  readonly memberId: string;
  readonly name: string;
  readonly open: number;
}

export interface Workload {
  /** Every active member, the busiest first (then by name), with zero for those without a case. */
  readonly members: readonly WorkloadRow[];
  readonly unassigned: number;
  /** Open cases still assigned to someone no longer active in the team: they need a new assignee. */
  readonly formerMembers: number;
  /** All open cases counted. */
  readonly total: number;
}

export function workloadOf(
  cases: readonly { readonly status: CaseStatus; readonly assignee: string | null }[],
  members: readonly { readonly id: string; readonly name: string }[],
): Workload {
  const open = new Map<string, number>(members.map((m) => [m.id, 0]));
  let unassigned = 0;
  let formerMembers = 0;
  let total = 0;
  for (const c of cases) {
    if (!isOpenStatus(c.status)) continue;
    total += 1;
    if (c.assignee === null) unassigned += 1;
    else {
      const count = open.get(c.assignee);
      if (count === undefined) formerMembers += 1;
      else open.set(c.assignee, count + 1);
    }
  }
  const rows = members.map((m) => ({ memberId: m.id, name: m.name, open: open.get(m.id) ?? 0 }));
  rows.sort((a, b) => b.open - a.open || a.name.localeCompare(b.name) || (a.memberId < b.memberId ? -1 : 1));
  return { members: rows, unassigned, formerMembers, total };
}
